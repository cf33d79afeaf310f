// Against real BigQuery: loads a tiny export into fresh datasets with
// scripts/bigquery-load.ts's code, then dry-runs every statement of the
// project against them with scripts/bigquery-dry-run.ts's code. Runs only when
// a project and credentials are in the environment; the datasets it creates
// (handoff_live_<id>_*) are deleted afterwards.
//
//   HANDOFF_BIGQUERY_PROJECT=my-project \
//   GOOGLE_APPLICATION_CREDENTIALS=/path/to/key.json \   (or: gcloud auth application-default login)
//   [HANDOFF_BIGQUERY_LOCATION=EU] \
//   npx vitest run test/bigquery-live.test.ts

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BigQuery } from "@google-cloud/bigquery";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractTables, executeLoad, planLoad, type LoadEntry } from "../scripts/bigquery-load";
import { dryRunStatements, dryRunTotals, formatDryRunReport, graphNames, statementsToDryRun } from "../scripts/bigquery-dry-run";
import {
  compileForBigQuery,
  createBigQueryApi,
  detectCredentials,
  rawDatasets,
  type BigQueryApi,
  type CredentialSource,
  type ErrorContext,
} from "../scripts/lib/bigquery";

const project = process.env.HANDOFF_BIGQUERY_PROJECT;
const location = process.env.HANDOFF_BIGQUERY_LOCATION || "US";

function findCredentials(): { credentials?: CredentialSource; problem?: string } {
  try {
    const credentials = detectCredentials({ env: process.env });
    return credentials ? { credentials } : { problem: "no credentials found" };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}
const { credentials, problem } = findCredentials();
const skipReason = !project
  ? "HANDOFF_BIGQUERY_PROJECT is not set"
  : !credentials
    ? `HANDOFF_BIGQUERY_PROJECT is set but there are no usable credentials (${problem})`
    : undefined;

if (skipReason) {
  console.log(
    `[bigquery-live] skipped: ${skipReason}. To run it against BigQuery, set HANDOFF_BIGQUERY_PROJECT=<project id> and credentials: ` +
      "GOOGLE_APPLICATION_CREDENTIALS=<service-account key file> or `gcloud auth application-default login` " +
      "(optional: HANDOFF_BIGQUERY_LOCATION, default US). The account needs roles/bigquery.jobUser and roles/bigquery.dataEditor; " +
      "the test creates datasets handoff_live_<id>_* and deletes them afterwards.",
  );
}

/** One plausible row per raw table, so every column has a value of its type. */
const sampleValue: Record<string, string> = {
  string: "x",
  int64: "42",
  float64: "1.5",
  bool: "true",
  timestamp: "2026-01-05 10:00:00",
  date: "2026-01-05",
};

describe.skipIf(!!skipReason)("BigQuery, live: load the raw contract, dry-run the project", () => {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  const prefix = `handoff_live_${id}_`;
  const context: ErrorContext = { projectId: project, location, account: credentials?.account };
  let dir = "";
  let api: BigQueryApi;
  let entries: LoadEntry[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "handoff-bq-live-"));
    api = createBigQueryApi({ projectId: project ?? "", location, credentials });
    for (const table of contractTables()) {
      mkdirSync(path.join(dir, table.system), { recursive: true });
      const header = table.columns.map((column) => column.name).join(",");
      const row = table.columns.map((column) => sampleValue[column.type]).join(",");
      writeFileSync(path.join(dir, table.system, `${table.table}.csv`), `${header}\n${row}\n`);
    }
  });

  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    const client = new BigQuery({ projectId: project, location, ...(credentials?.inlineKey ? { credentials: credentials.inlineKey } : {}) });
    const ours = new Set([...entries.map((entry) => entry.dataset), `${prefix}models`, `${prefix}assertions`]);
    for (const name of ours) await client.dataset(name).delete({ force: true }).catch(() => {});
  }, 300_000);

  it("loads every contract table with its schema", async () => {
    entries = await planLoad({ dir, datasetPrefix: prefix });
    const lines: string[] = [];
    const results = await executeLoad(api, entries, { location, overwriteExisting: false, log: (line) => lines.push(line), context });
    console.log(lines.join("\n"));
    expect(results).toHaveLength(entries.length);
    for (const result of results) expect(result.rows, `${result.entry.system}.${result.entry.table}`).toBe(1);
    const lead = await api.getTable(`${prefix}salesforce`, "lead");
    expect(lead?.schema?.fields?.find((field) => field.name === "created_date")?.type).toBe("TIMESTAMP");
    expect(lead?.schema?.fields?.find((field) => field.name === "number_of_employees")?.type).toMatch(/^INT(EGER|64)$/);
  }, 600_000);

  it("dry-runs every statement against the loaded data: no errors, staging views estimated", async () => {
    const vars = Object.fromEntries(rawDatasets({}).map((raw) => [raw.schemaVar, `${prefix}${raw.system}`]));
    const graph = await compileForBigQuery({
      defaultDatabase: project,
      defaultLocation: location,
      defaultSchema: `${prefix}models`,
      assertionSchema: `${prefix}assertions`,
      vars,
    });
    const statements = statementsToDryRun(graph);
    const rows = await dryRunStatements(api, statements, graphNames(graph), { concurrency: 8, context: { ...context, rawDatasets: rawDatasets(vars) } });
    console.log(formatDryRunReport(rows, { pricePerTiB: 6.25, projectId: project, location }));
    const totals = dryRunTotals(rows, 6.25);
    expect(rows.filter((row) => row.status === "error" || row.status === "raw-missing")).toEqual([]);
    expect(totals.errors + totals.rawMissing).toBe(0);
    const staging = rows.filter((row) => /\.stg_/.test(row.action));
    expect(staging.length).toBeGreaterThan(0);
    for (const row of staging) expect(row.status, row.action).toBe("ok");
  }, 600_000);
});
