// The BigQuery programs without BigQuery: load planning (schemas from the raw
// contract, file checks), the dry-run statements, report and totals, the
// credentials / project / run plumbing, and the translation of BigQuery errors,
// all against recorded API shapes (test/fixtures/bigquery-api) through a fake
// client injected where the real one would be.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { util as commonUtil } from "@google-cloud/common";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import rawContract from "../includes/raw_contract.js";
import {
  bigQueryType,
  contractFields,
  contractTables,
  describeLoadFailure,
  executeLoad,
  loadConfiguration,
  planLoad,
  readCsvHeader,
  varsAdvice,
  type LoadEntry,
} from "../scripts/bigquery-load";
import {
  billedEstimate,
  dryRunProject,
  dryRunStatements,
  dryRunTotals,
  formatDryRunReport,
  graphNames,
  statementsToDryRun,
  type DryRunRow,
  type DryRunStatement,
} from "../scripts/bigquery-dry-run";
import { adcCredentials, checkCredentialsLocation, chooseCredentials, dataformRunArgs, preflight, type RunSelection } from "../scripts/bigquery-run";
import {
  MISSING_CREDENTIALS,
  TIB,
  compileForBigQuery,
  detectCredentials,
  explainBigQueryError,
  gitIgnoreStatus,
  hintsForCliOutput,
  parseCliOptions,
  parseVars,
  rawDatasets,
  repoRoot,
  requireCredentials,
  resolveLocation,
  resolveProject,
  toHandoffError,
  type BigQueryApi,
  type DatasetResource,
  type ErrorContext,
  type JobResource,
  type LoadConfiguration,
  type TableResource,
} from "../scripts/lib/bigquery";
import { loadDataformCliExecution, stageProject, type CompiledGraph } from "../scripts/lib/bigquery-statements";
import { HandoffError } from "../scripts/lib/errors";
import { closeDuckDb, openDuckDb } from "../scripts/lib/warehouse";

const PROJECT = "handoff-test-123";
const FIXTURES = path.join(repoRoot, "test", "fixtures", "bigquery-api");
const fixtureText = (name: string): string => readFileSync(path.join(FIXTURES, name), "utf8");
const fixture = <T = unknown>(name: string): T => JSON.parse(fixtureText(name)) as T;

/** The error @google-cloud/bigquery throws for an HTTP error response with this body (same code path). */
function apiError(name: string): Error {
  const body = fixture<{ error: { code: number } }>(name);
  const parsed = commonUtil.parseHttpRespBody(JSON.stringify(body)) as { err?: Error & { response?: unknown } };
  const error = parsed.err!;
  error.response = { statusCode: body.error.code, body: JSON.stringify(body) };
  return error;
}

/** The error a load job's 'error' event carries when the job finished with errors (Job#poll_ in @google-cloud/bigquery). */
function jobError(name: string): Error {
  const job = fixture<JobResource>(name);
  return new commonUtil.ApiError({ errors: job.status?.errors, response: job } as never);
}

/** A fake BigQuery: datasets and tables in memory, dry runs answered by a function. */
class FakeBigQuery implements BigQueryApi {
  readonly projectId: string;
  readonly location: string;
  datasets = new Map<string, DatasetResource>();
  tables = new Map<string, TableResource>();
  created: { datasetId: string; location: string; labels?: Record<string, string> }[] = [];
  loads: { datasetId: string; tableId: string; file: string; configuration: LoadConfiguration }[] = [];
  dryRuns: string[] = [];
  constructor(
    private readonly answer: (sql: string) => JobResource | Error = () => fixture("dry-run-select.json"),
    private readonly load: (file: string) => JobResource | Error = () => fixture("load-job-done.json"),
    options: { projectId?: string; location?: string } = {},
  ) {
    this.projectId = options.projectId ?? PROJECT;
    this.location = options.location ?? "US";
  }
  async getDataset(datasetId: string, projectId?: string): Promise<DatasetResource | null> {
    return this.datasets.get(`${projectId ?? this.projectId}:${datasetId}`) ?? null;
  }
  async createDataset(datasetId: string, options: { location: string; labels?: Record<string, string> }): Promise<DatasetResource> {
    this.created.push({ datasetId, ...options });
    const resource = { datasetReference: { projectId: this.projectId, datasetId }, location: options.location, labels: options.labels };
    this.datasets.set(`${this.projectId}:${datasetId}`, resource);
    return resource;
  }
  async getTable(datasetId: string, tableId: string, projectId?: string): Promise<TableResource | null> {
    return this.tables.get(`${projectId ?? this.projectId}:${datasetId}.${tableId}`) ?? null;
  }
  async loadFile(datasetId: string, tableId: string, file: string, configuration: LoadConfiguration): Promise<JobResource> {
    this.loads.push({ datasetId, tableId, file, configuration });
    const result = this.load(file);
    if (result instanceof Error) throw result;
    return result;
  }
  async dryRun(query: string): Promise<JobResource> {
    this.dryRuns.push(query);
    const result = this.answer(query);
    if (result instanceof Error) throw result;
    return result;
  }
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "handoff-bq-tasks-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes DIR/<system>/<table>.csv for every contract table: the contract header (or `headers[key]`), plus `rows[key]`. */
function writeExport(name: string, options: { headers?: Record<string, string>; rows?: Record<string, string[]>; skip?: string[] } = {}): string {
  const dir = path.join(root, name);
  for (const table of contractTables()) {
    const key = `${table.system}.${table.table}`;
    mkdirSync(path.join(dir, table.system), { recursive: true });
    if (options.skip?.includes(key)) continue;
    const header = options.headers?.[key] ?? table.columns.map((column) => column.name).join(",");
    writeFileSync(path.join(dir, table.system, `${table.table}.csv`), [header, ...(options.rows?.[key] ?? [])].join("\n") + "\n");
  }
  return dir;
}

async function planError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HandoffError);
  return (error as HandoffError).message;
}

// ---------------------------------------------------------------------------

describe("load planning: schemas from the raw contract", () => {
  it("maps every contract type to a BigQuery column type, NULLABLE, with the contract's description", () => {
    const lead = contractTables(["salesforce"]).find((table) => table.table === "lead")!;
    const fields = contractFields(lead);
    expect(fields.map((field) => field.name)).toEqual(Object.keys(rawContract.tables.salesforce.lead!.columns));
    const byName = Object.fromEntries(fields.map((field) => [field.name, field]));
    expect(byName.id).toMatchObject({ type: "STRING", mode: "NULLABLE", description: "Salesforce lead id." });
    expect(byName.number_of_employees?.type).toBe("INTEGER");
    expect(byName.annual_revenue?.type).toBe("FLOAT");
    expect(byName.created_date?.type).toBe("TIMESTAMP");
    expect(byName.is_converted?.type).toBe("BOOLEAN");
    expect(byName.converted_date?.type).toBe("DATE");
    const contact = contractTables(["hubspot"]).find((table) => table.table === "contact")!;
    expect(contractFields(contact).find((field) => field.name === "id")?.type).toBe("INTEGER");
    expect(Object.keys(bigQueryType).sort()).toEqual(["bool", "date", "float64", "int64", "string", "timestamp"]);
  });

  it("plans one load per contract table into <prefix><system>, WRITE_TRUNCATE with the contract schema", async () => {
    const dir = writeExport("complete");
    const entries = await planLoad({ dir, datasetPrefix: "handoff_sandbox_" });
    const tableCount = Object.values(rawContract.tables).reduce((sum, tables) => sum + Object.keys(tables).length, 0);
    expect(entries).toHaveLength(tableCount);
    expect(new Set(entries.map((entry) => entry.dataset))).toEqual(new Set(["handoff_sandbox_salesforce", "handoff_sandbox_hubspot", "handoff_sandbox_routing"]));
    for (const entry of entries) {
      const table = contractTables([entry.system]).find((candidate) => candidate.table === entry.table)!;
      expect(entry.fields).toEqual(contractFields(table));
      expect(entry.extraColumns).toEqual([]);
      const configuration = loadConfiguration(entry);
      expect(configuration).toMatchObject({
        sourceFormat: "CSV",
        skipLeadingRows: 1,
        writeDisposition: "WRITE_TRUNCATE",
        createDisposition: "CREATE_IF_NEEDED",
        allowQuotedNewlines: true,
        maxBadRecords: 0,
        schema: { fields: contractFields(table) },
      });
    }
  });

  it("builds CSV schemas in the file's column order (CSV loads by position) and keeps extra columns as STRING", async () => {
    const lead = Object.keys(rawContract.tables.salesforce.lead!.columns);
    const reordered = ["_fivetran_synced", ...[...lead].reverse()];
    const dir = writeExport("reordered", { headers: { "salesforce.lead": reordered.map((name) => (name === "email" ? '"email"' : name)).join(",") } });
    const entry = (await planLoad({ dir, datasetPrefix: "x_", systems: ["salesforce"] })).find((candidate) => candidate.table === "lead")!;
    expect(entry.fields.map((field) => field.name)).toEqual(reordered);
    expect(entry.fields[0]).toMatchObject({ name: "_fivetran_synced", type: "STRING" });
    expect(entry.fields.find((field) => field.name === "created_date")?.type).toBe("TIMESTAMP");
    expect(entry.extraColumns).toEqual(["_fivetran_synced"]);
  });

  it("reads only the header: BOM, quoted names, CRLF", () => {
    const file = path.join(root, "header.csv");
    writeFileSync(file, '\uFEFFid,"name, full","say ""hi"""\r\n1,"a\nb",c\r\n');
    expect(readCsvHeader(file)).toEqual(["id", "name, full", 'say "hi"']);
  });

  it("reports every problem at once, each naming the file and the column, before anything loads", async () => {
    const dir = writeExport("broken", {
      skip: ["hubspot.form"],
      headers: {
        "salesforce.lead": Object.keys(rawContract.tables.salesforce.lead!.columns).filter((name) => name !== "owner_id").join(","),
        "salesforce.user": "id,name,email,email,time_zone_sid_key,user_role_id,is_active",
        "routing.routing_log": "id,lead_id,event,owner_id,channel,occurred_at,Owner Name",
      },
    });
    writeFileSync(path.join(dir, "salesforce", "task.csv"), "");
    writeFileSync(path.join(dir, "hubspot", "contact.parquet"), "not parquet");
    const message = await planError(planLoad({ dir, datasetPrefix: "x_" }));
    expect(message).toContain("nothing was loaded");
    expect(message).toContain(`${path.join(dir, "hubspot", "form")}.csv (or .parquet): missing; the raw contract needs table hubspot.form`);
    expect(message).toContain(`${path.join(dir, "salesforce", "lead.csv")}: column owner_id is missing from the header (salesforce.lead needs a string column "owner_id")`);
    expect(message).toContain(`${path.join(dir, "salesforce", "user.csv")}: column "email" appears twice in the header`);
    expect(message).toContain(`${path.join(dir, "salesforce", "task.csv")}: empty; the first line must be the header row`);
    expect(message).toContain(`${path.join(dir, "routing", "routing_log.csv")}: column "Owner Name" is not in the raw contract and is not a valid BigQuery column name`);
    expect(message).toContain(`${path.join(dir, "hubspot", "contact")}.csv and ${path.join(dir, "hubspot", "contact")}.parquet both exist; keep one`);
  });

  it("says how to get data when --dir does not exist", async () => {
    const message = await planError(planLoad({ dir: path.join(root, "nowhere"), datasetPrefix: "x_" }));
    expect(message).toContain("npm run sample");
  });

  it("checks Parquet files' column types against the contract", async () => {
    const dir = path.join(root, "parquet");
    mkdirSync(path.join(dir, "routing"), { recursive: true });
    const good = path.join(dir, "routing", "routing_log.parquet");
    const handle = await openDuckDb(":memory:");
    try {
      await handle.connection.run(
        `copy (select 'e1' as id, '00Q1' as lead_id, 'assigned' as event, '005A' as owner_id, 'round_robin' as channel, timestamp '2026-01-05 10:00:00' as occurred_at, 42::bigint as _fivetran_index) to '${good}' (format parquet)`,
      );
    } finally {
      closeDuckDb(handle);
    }
    const [entry] = await planLoad({ dir, datasetPrefix: "x_", systems: ["routing"] });
    expect(entry?.format).toBe("PARQUET");
    expect(entry?.fields.find((field) => field.name === "occurred_at")?.type).toBe("TIMESTAMP");
    expect(entry?.fields.find((field) => field.name === "_fivetran_index")?.type).toBe("INTEGER");
    expect(loadConfiguration(entry!)).toMatchObject({ sourceFormat: "PARQUET", writeDisposition: "WRITE_TRUNCATE" });
    expect(loadConfiguration(entry!)).not.toHaveProperty("skipLeadingRows");

    const handle2 = await openDuckDb(":memory:");
    try {
      await handle2.connection.run(
        `copy (select 'e1' as id, '00Q1' as lead_id, 'assigned' as event, '005A' as owner_id, 'round_robin' as channel, '2026-01-05 10:00:00' as occurred_at) to '${good}' (format parquet)`,
      );
    } finally {
      closeDuckDb(handle2);
    }
    const message = await planError(planLoad({ dir, datasetPrefix: "x_", systems: ["routing"] }));
    expect(message).toContain(`${good}: column occurred_at is VARCHAR in the file; routing.routing_log needs a timestamp column "occurred_at"`);
  });
});

describe("load execution against a fake BigQuery", () => {
  const quiet = { log: () => {}, context: { projectId: PROJECT, location: "US" } };

  it("creates missing datasets (labelled), loads each file, and logs progress per table", async () => {
    const dir = writeExport("run", { rows: { "routing.routing_log": ["e1,00Q1,assigned,005A,round_robin,2026-01-05 10:00:00"] } });
    const entries = await planLoad({ dir, datasetPrefix: "handoff_sandbox_", systems: ["routing", "hubspot"] });
    const api = new FakeBigQuery();
    const lines: string[] = [];
    const results = await executeLoad(api, entries, { location: "US", overwriteExisting: false, log: (line) => lines.push(line), context: quiet.context });
    expect(api.created.map((created) => created.datasetId).sort()).toEqual(["handoff_sandbox_hubspot", "handoff_sandbox_routing"]);
    expect(api.created.every((created) => created.location === "US" && created.labels?.handoff === "sandbox")).toBe(true);
    expect(api.loads).toHaveLength(entries.length);
    expect(api.loads[0]?.configuration.schema.fields).toEqual(entries[0]?.fields);
    expect(results.every((result) => result.rows === 2)).toBe(true); // load-job-done.json: outputRows "2"
    const progress = lines.filter((line) => line.startsWith("["));
    expect(progress).toHaveLength(entries.length);
    expect(progress.find((line) => line.includes("routing/routing_log"))).toMatch(/-> handoff-test-123:handoff_sandbox_routing\.routing_log {2}2 rows, \d+ B CSV/);
  });

  it("refuses a dataset it did not create, and one in another location", async () => {
    const entries = await planLoad({ dir: writeExport("guard"), datasetPrefix: "", systems: ["salesforce"] });
    const fivetran = new FakeBigQuery();
    fivetran.datasets.set(`${PROJECT}:salesforce`, { ...fixture<DatasetResource>("dataset-fivetran-eu.json"), location: "US" });
    const notOurs = await planError(executeLoad(fivetran, entries, { ...quiet, location: "US", overwriteExisting: false }));
    expect(notOurs).toContain(`dataset ${PROJECT}:salesforce already exists and was not created by this script`);
    expect(notOurs).toContain("--overwrite-existing");
    expect(fivetran.loads).toHaveLength(0);

    const eu = new FakeBigQuery();
    eu.datasets.set(`${PROJECT}:salesforce`, fixture<DatasetResource>("dataset-fivetran-eu.json"));
    const where = await planError(executeLoad(eu, entries, { ...quiet, location: "US", overwriteExisting: true }));
    expect(where).toBe(`wrong location: dataset ${PROJECT}:salesforce exists in EU, but --location is US; pass --location EU or choose another --dataset-prefix`);
  });

  it("names the file, line and column of a value BigQuery could not parse (byte position -> line)", async () => {
    const header = Object.keys(rawContract.tables.salesforce.lead!.columns).join(",");
    const good = "00Q5e00000AbCdE1,005A0000001,Open - Not Contacted,Web,ada@example.com,Ada,Lovelace,CTO,Acme,Software,250,1000000,US,2026-01-05 10:00:00,false,,,,,false";
    const bad = good.replace("00Q5e00000AbCdE1", "00Q5e00000AbCdE2").replace(",250,", ",many,");
    const dir = writeExport("badvalue", { rows: { "salesforce.lead": [good, bad] } });
    expect(Buffer.byteLength(`${header}\n${good}\n`)).toBe(395); // the offset recorded in load-job-failed.json
    const entries = await planLoad({ dir, datasetPrefix: "handoff_sandbox_", systems: ["salesforce"] });
    const api = new FakeBigQuery(undefined, (file) => (file.endsWith("lead.csv") ? jobError("load-job-failed.json") : fixture("load-job-done.json")));
    const message = await planError(executeLoad(api, entries, { ...quiet, location: "US", overwriteExisting: false }));
    expect(message).toBe(
      `${path.join(dir, "salesforce", "lead.csv")}, line 3, column number_of_employees: BigQuery could not load it into handoff_sandbox_salesforce.lead: Could not parse 'many' as INT64 for field number_of_employees (position 10) starting at location 395 with message 'Unable to parse'`,
    );
  });

  it("explains a permission error on load with the role to grant", () => {
    const entry = { file: "/x/salesforce/lead.csv", dataset: "handoff_sandbox_salesforce", table: "lead" } as LoadEntry;
    const message = describeLoadFailure(apiError("error-access-denied-tables-create.json"), entry, { projectId: PROJECT, account: "handoff-runner@handoff-test-123.iam.gserviceaccount.com" });
    expect(message).toBe(
      "/x/salesforce/lead.csv -> handoff_sandbox_salesforce.lead: permission denied: bigquery.tables.create is missing; grant roles/bigquery.dataEditor on dataset handoff-test-123:handoff_sandbox_salesforce (or project handoff-test-123) to serviceAccount:handoff-runner@handoff-test-123.iam.gserviceaccount.com",
    );
  });

  it("prints the vars to use afterwards: --var flags, the CLI's --vars, dataform.json", () => {
    const advice = varsAdvice(PROJECT, "US", [
      { system: "salesforce", dataset: "handoff_sandbox_salesforce" },
      { system: "hubspot", dataset: "handoff_sandbox_hubspot" },
      { system: "routing", dataset: "handoff_sandbox_routing" },
    ]);
    expect(advice).toContain("--var salesforce_schema=handoff_sandbox_salesforce --var hubspot_schema=handoff_sandbox_hubspot --var routing_schema=handoff_sandbox_routing");
    expect(advice).toContain("--vars=salesforce_schema=handoff_sandbox_salesforce,hubspot_schema=handoff_sandbox_hubspot,routing_schema=handoff_sandbox_routing");
    expect(advice).toContain('"routing_schema": "handoff_sandbox_routing"');
    expect(advice).toContain(`"defaultDatabase": "${PROJECT}"`);
  });
});

// ---------------------------------------------------------------------------

describe("dry run: statements, classification, report and totals", () => {
  let graph: CompiledGraph;
  let fixtureGraph: CompiledGraph;
  let cleanup = (): void => {};
  beforeAll(async () => {
    graph = await compileForBigQuery({ defaultDatabase: PROJECT, defaultLocation: "US", vars: { salesforce_schema: "handoff_sandbox_salesforce" } });
    const staged = stageProject(path.join(repoRoot, "test", "fixtures", "bigquery-project"));
    cleanup = staged.cleanup;
    fixtureGraph = await compileForBigQuery({ projectDir: staged.dir, defaultDatabase: PROJECT });
  });
  afterAll(() => cleanup());

  it("covers every action of the project with the statement dataform run executes", () => {
    const statements = statementsToDryRun(graph);
    const names = graphNames(graph);
    expect(graph.projectConfig.defaultDatabase).toBe(PROJECT);
    for (const table of graph.tables ?? []) {
      if (table.disabled) continue;
      const rows = statements.filter((statement) => statement.action === `${table.target.schema}.${table.target.name}`);
      expect(rows.length, `${table.target.name}`).toBeGreaterThan(0);
      const expected = table.type === "view" ? "create view" : "create table";
      expect(rows.map((row) => row.statement)).toContain(expected);
      expect(rows.find((row) => row.statement === expected)?.fallbackSql).toBe(table.query);
    }
    for (const assertion of graph.assertions ?? []) {
      const rows = statements.filter((statement) => statement.action === `${assertion.target.schema}.${assertion.target.name}`);
      expect(rows.map((row) => row.statement)).toEqual(["create assertion view", "assertion check"]);
      expect(rows[1]?.sql).toContain(assertion.query!.trim().slice(0, 40));
    }
    expect(statements.some((statement) => statement.sql.includes("`handoff-test-123.handoff_sandbox_salesforce.lead`"))).toBe(true);
    expect(names.declared.has(`${PROJECT}.handoff_sandbox_salesforce.lead`)).toBe(true);
    expect(names.outputDatasets.has(`${PROJECT}.handoff`)).toBe(true);
  });

  it("dry-runs an incremental table's MERGE once it exists, its first build otherwise; scripts with DECLARE stay whole", () => {
    const first = statementsToDryRun(fixtureGraph).filter((statement) => statement.action.endsWith(".routing_events"));
    expect(first).toHaveLength(1);
    expect(first[0]?.statement).toBe("create table (script of 2)");
    expect(first[0]?.sql).toMatch(/declare since/i);
    expect(first[0]?.fallbackSql).toMatch(/^\s*declare since[\s\S]*;\n[\s\S]*where occurred_at > since/i);
    const routingEvents = (fixtureGraph.tables ?? []).find((table) => table.target.name === "routing_events")!;
    const later = statementsToDryRun(fixtureGraph, {
      existing: [{ target: routingEvents.target, type: "table", columns: ["event_id", "lead_id", "event", "owner_id", "channel", "occurred_at"] }],
    }).filter((statement) => statement.action.endsWith(".routing_events"));
    expect(later[0]?.statement).toBe("merge (script of 2)");
    expect(later[0]?.sql).toMatch(/merge `handoff-test-123\.[a-z_]+\.routing_events` T/);
    const refreshed = statementsToDryRun(fixtureGraph, { existing: [{ target: routingEvents.target, type: "table", columns: ["event_id"] }], fullRefresh: true });
    expect(refreshed.find((statement) => statement.action.endsWith(".routing_events"))?.statement).toBe("create table (script of 2)");
    const operation = statementsToDryRun(fixtureGraph).filter((statement) => statement.kind === "operation");
    expect(operation.map((statement) => statement.statement)).toContain("create table");
  });

  it("dry-runs a project as dataform run would: an existing incremental table gets its MERGE; datasets in another location stop it", async () => {
    const names = graphNames(fixtureGraph);
    const rawKeys = [...names.rawDatasets];
    const api = new FakeBigQuery((sql) => {
      if (/^\s*create or replace view/i.test(sql)) return fixture("dry-run-create-view.json");
      if (/\bmerge\b/i.test(sql)) return fixture("dry-run-merge.json");
      if (/^\s*create or replace table/i.test(sql) || /^\s*declare/i.test(sql)) return fixture("dry-run-create-table.json");
      return fixture("dry-run-select.json");
    });
    for (const key of rawKeys) api.datasets.set(key.replace(/\.(?=[^.]+$)/, ":"), { location: "US" });
    const routingEvents = (fixtureGraph.tables ?? []).find((table) => table.target.name === "routing_events")!;
    api.tables.set(`${PROJECT}:${routingEvents.target.schema}.routing_events`, {
      type: "TABLE",
      schema: { fields: ["event_id", "lead_id", "event", "owner_id", "channel", "occurred_at"].map((name) => ({ name, type: "STRING" })) },
    });
    const log: string[] = [];
    const rows = await dryRunProject(api, fixtureGraph, { context: { projectId: PROJECT, location: "US" }, log: (line) => log.push(line) });
    expect(log).toContain(`note: dataset ${PROJECT}:${routingEvents.target.schema} does not exist yet; dataform run creates it`);
    expect(log.some((line) => /incremental table\(s\) exist: their MERGE\/INSERT is estimated/.test(line))).toBe(true);
    const merge = rows.find((row) => row.action.endsWith(".routing_events"));
    expect(merge).toMatchObject({ statement: "merge (script of 2)", status: "ok", bytes: 2_516_582_400 });
    expect(api.dryRuns.find((sql) => /merge `handoff-test-123\.\w+\.routing_events` T/.test(sql))).toMatch(/declare since/i);
    expect(rows.every((row) => row.status === "ok")).toBe(true);
    expect(rows.length).toBe(statementsToDryRun(fixtureGraph, { existing: [{ target: routingEvents.target, type: "table", columns: ["event_id"] }] }).length);

    const eu = new FakeBigQuery();
    for (const key of rawKeys) eu.datasets.set(key.replace(/\.(?=[^.]+$)/, ":"), { location: "EU" });
    expect(await planError(dryRunProject(eu, fixtureGraph, { context: { projectId: PROJECT, location: "US" } }))).toMatch(
      /^wrong location: dataset handoff-test-123:\w+ is in EU, but the dry run uses US; pass --location EU/,
    );
    expect(eu.dryRuns).toEqual([]);
  });

  it("reports bytes from statistics, 'upstream not built yet', a missing raw table, and falls back to the SELECT for a dataset not created yet", async () => {
    const names = {
      built: new Set([`${PROJECT}.handoff.stg_salesforce__leads`, `${PROJECT}.handoff.int_contact_identities`]),
      declared: new Set([`${PROJECT}.salesforce.lead`]),
      outputDatasets: new Set([`${PROJECT}.handoff`]),
      rawDatasets: new Set([`${PROJECT}.salesforce`]),
    };
    const statements: DryRunStatement[] = [
      { action: "handoff.stg_salesforce__leads", kind: "view", statement: "create view", sql: "create or replace view v as select 1", fallbackSql: "select 1" },
      { action: "handoff.int_contact_identities", kind: "table", statement: "create table", sql: "CTAS needs upstream", fallbackSql: "select needs upstream" },
      { action: "handoff.int_new", kind: "table", statement: "create table", sql: "CTAS in missing dataset", fallbackSql: "select from raw" },
      { action: "handoff.fct", kind: "incremental", statement: "merge", sql: "merge ..." },
      { action: "handoff_assertions.check", kind: "assertion", statement: "assertion check", sql: "select sum(1) as row_count from (raw missing)" },
      { action: "handoff.bad", kind: "table", statement: "create table", sql: "bad sql" },
    ];
    const api = new FakeBigQuery((sql) => {
      if (sql.startsWith("create or replace view")) return fixture("dry-run-create-view.json");
      if (sql.includes("needs upstream")) return apiError("error-not-found-table.json");
      if (sql === "CTAS in missing dataset") return apiError("error-not-found-dataset.json");
      if (sql === "select from raw") return fixture("dry-run-create-table.json");
      if (sql.startsWith("merge")) return fixture("dry-run-merge.json");
      if (sql.includes("raw missing")) {
        const error = apiError("error-not-found-table.json") as Error & { errors?: { message: string }[] };
        error.message = `Not found: Table ${PROJECT}:salesforce.lead was not found in location US`;
        return error;
      }
      return apiError("error-invalid-query.json");
    });
    const context: ErrorContext = { projectId: PROJECT, location: "US", rawDatasets: rawDatasets({}) };
    const rows = await dryRunStatements(api, statements, names, { concurrency: 3, context });
    expect(rows.map((row) => row.status)).toEqual(["ok", "upstream-not-built", "ok", "ok", "raw-missing", "error"]);
    expect(rows[0]).toMatchObject({ bytes: 0, billedBytes: 0, statementType: "CREATE_VIEW" });
    expect(rows[1]?.note).toBe(`upstream not built yet: ${PROJECT}.handoff.stg_salesforce__leads`);
    expect(rows[2]).toMatchObject({ bytes: 48_812_032, note: "dataset handoff not created yet: estimated from the statement's SELECT" });
    expect(api.dryRuns).toContain("select from raw");
    expect(rows[3]).toMatchObject({ bytes: 2_516_582_400, statementType: "MERGE", accuracy: "UPPER_BOUND" });
    expect(rows[4]?.note).toContain(`raw table ${PROJECT}.salesforce.lead does not exist`);
    expect(rows[4]?.note).toContain("--var salesforce_schema=");
    expect(rows[5]?.note).toBe("Unrecognized name: lead_sourc at [12:5]");
  });

  it("estimates billed bytes as on-demand bills them: rounded up to MiB, at least 10 MiB per table read", () => {
    const MiB = 1024 * 1024;
    const table = fixture<JobResource>("dry-run-create-table.json");
    expect(billedEstimate(table, 48_812_032)).toBe(47 * MiB);
    const select = fixture<JobResource>("dry-run-select.json");
    expect(billedEstimate(select, 3 * MiB)).toBe(10 * MiB);
    expect(billedEstimate(fixture<JobResource>("dry-run-merge.json"), 2_516_582_400)).toBe(2400 * MiB);
    expect(billedEstimate(fixture<JobResource>("dry-run-create-view.json"), 0)).toBe(0);
  });

  it("formats the report: a row per statement, totals, cost at the price given", () => {
    const MiB = 1024 * 1024;
    const rows: DryRunRow[] = [
      { action: "handoff.stg_salesforce__leads", kind: "view", statement: "create view", status: "ok", bytes: 0, billedBytes: 0, statementType: "CREATE_VIEW", accuracy: "PRECISE" },
      { action: "handoff.int_contact_identities", kind: "table", statement: "create table", status: "ok", bytes: 48_812_032, billedBytes: 47 * MiB, accuracy: "PRECISE" },
      { action: "handoff.fct_lead_handoffs", kind: "incremental", statement: "merge", status: "ok", bytes: 2_516_582_400, billedBytes: 2400 * MiB, accuracy: "UPPER_BOUND" },
      { action: "handoff.rpt_seam_latency_weekly", kind: "table", statement: "create table", status: "upstream-not-built", note: "upstream not built yet: p.handoff.fct_lead_handoffs" },
    ];
    const totals = dryRunTotals(rows, 6.25);
    expect(totals).toMatchObject({ statements: 4, estimated: 3, bytes: 48_812_032 + 2_516_582_400, billedBytes: 2447 * MiB, upstreamNotBuilt: 1, errors: 0, rawMissing: 0 });
    expect(totals.cost).toBeCloseTo(((2447 * MiB) / TIB) * 6.25, 12);
    expect(dryRunTotals(rows, 5).cost).toBeCloseTo(((2447 * MiB) / TIB) * 5, 12);

    const report = formatDryRunReport(rows, { pricePerTiB: 6.25, projectId: PROJECT, location: "US" });
    const lines = report.split("\n");
    expect(lines[0]).toBe(`Dry run in project ${PROJECT} (US): 4 statements, nothing written.`);
    const headerLine = lines.find((line) => line.startsWith("action"))!;
    expect(headerLine).toMatch(/^action\s+type\s+statement\s+bytes processed {2}note$/);
    const bytesEnd = headerLine.indexOf("bytes processed") + "bytes processed".length;
    const merge = lines.find((line) => line.startsWith("handoff.fct_lead_handoffs"))!;
    expect(merge.slice(0, bytesEnd)).toMatch(/ 2\.34 GiB$/);
    expect(merge).toContain("estimate is upper bound");
    expect(lines.find((line) => line.startsWith("handoff.int_contact_identities"))!.slice(0, bytesEnd)).toMatch(/ 46\.6 MiB$/);
    expect(lines.find((line) => line.startsWith("handoff.rpt_seam_latency_weekly"))).toMatch(/ - {2}not estimated: upstream not built yet: p\.handoff\.fct_lead_handoffs$/);
    expect(report).toContain("total bytes processed: 2.39 GiB (2,565,394,432 bytes) in 3 of 4 statements");
    expect(report).toContain("billed (on-demand, estimated: each statement rounded up to 1 MiB, at least 10 MiB per table read): 2.39 GiB");
    expect(report).toContain("cost at $6.25/TiB: $0.015 per run");
    expect(report).toContain("1 statement(s) not estimated: upstream not built yet.");
    expect(formatDryRunReport(rows, { pricePerTiB: 100 })).toContain("cost at $100.00/TiB: $0.23 per run");
  });
});

// ---------------------------------------------------------------------------

describe("error translation: one line that says what to set", () => {
  const context: ErrorContext = { projectId: PROJECT, location: "US", account: "handoff-runner@handoff-test-123.iam.gserviceaccount.com", rawDatasets: rawDatasets({}) };
  const explain = (error: unknown, extra: Partial<ErrorContext> = {}): string | undefined => explainBigQueryError(error, { ...context, ...extra });

  it("missing credentials (google-auth-library's message)", () => {
    const error = new Error("Could not load the default credentials. Browse to https://cloud.google.com/docs/authentication/getting-started for more information.");
    expect(explain(error)).toBe(MISSING_CREDENTIALS);
    expect(MISSING_CREDENTIALS).toBe(
      "no Google Cloud credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, or run `gcloud auth application-default login`",
    );
  });

  it("expired or rejected credentials", () => {
    const oauth = { message: "invalid_grant", response: { status: 400, data: fixture("oauth-invalid-grant.json") } };
    expect(explain(oauth)).toMatch(/^Google rejected the credentials \(expired or revoked\): run `gcloud auth application-default login` again/);
    expect(explain(apiError("error-unauthenticated.json"))).toMatch(/^BigQuery did not accept the credentials \(401\)/);
  });

  it("a missing dataset, naming the var when it is a raw dataset", () => {
    expect(explain(apiError("error-not-found-raw-dataset.json"))).toBe(
      `dataset ${PROJECT}:salesforce does not exist (the salesforce raw dataset: set --var salesforce_schema=<the dataset your connector writes>, or create it with scripts/bigquery-load.ts); if it exists in another location, pass --location with that location`,
    );
    expect(explain(apiError("error-not-found-table.json"))).toBe(`table ${PROJECT}:handoff.stg_salesforce__leads does not exist in location US`);
  });

  it("the wrong location, when the dataset is known to be elsewhere", () => {
    const datasets = new Map([[`${PROJECT}:handoff`, "EU"]]);
    expect(explain(apiError("error-not-found-dataset.json"), { datasets })).toBe(
      `wrong location: dataset ${PROJECT}:handoff is in EU, but the jobs run in US; pass --location EU (or set defaultLocation in dataform.json); all of Handoff's raw and output datasets must be in one location`,
    );
    expect(explain(apiError("error-cross-location.json"))).toMatch(/^wrong location: the query reads data in EU and writes to US; .*pass --location EU/);
  });

  it("permission denied, naming the role to grant and to whom", () => {
    expect(explain(apiError("error-access-denied-jobs-create.json"))).toBe(
      `permission denied: bigquery.jobs.create is missing; grant roles/bigquery.jobUser on project ${PROJECT} to serviceAccount:handoff-runner@handoff-test-123.iam.gserviceaccount.com (or check that --project is your project)`,
    );
    expect(explain(apiError("error-access-denied-get-data.json"), { account: "ada@example.com" })).toBe(
      `permission denied reading ${PROJECT}:salesforce.lead: grant roles/bigquery.dataViewer on dataset ${PROJECT}:salesforce to user:ada@example.com, or check that the table exists`,
    );
    expect(explain(apiError("error-access-denied-tables-create.json"), { account: undefined })).toBe(
      `permission denied: bigquery.tables.create is missing; grant roles/bigquery.dataEditor on dataset ${PROJECT}:handoff_sandbox_salesforce (or project ${PROJECT}) to the account you run as`,
    );
  });

  it("wrong project, API not enabled, no billing", () => {
    expect(explain(apiError("error-invalid-project.json"))).toBe(
      "wrong project: Handoff Test does not exist or your credentials cannot see it; pass --project with the project id (not its name or number), or set GOOGLE_CLOUD_PROJECT",
    );
    expect(explain(apiError("error-project-not-found.json"))).toMatch(/^wrong project: handoff-tset-123 does not exist/);
    expect(explain(apiError("error-api-disabled.json"))).toBe(
      `the BigQuery API is not enabled in project ${PROJECT}: run \`gcloud services enable bigquery.googleapis.com --project ${PROJECT}\` (or check that --project is the right project)`,
    );
    expect(explain(apiError("error-billing-not-enabled.json"))).toMatch(/^project handoff-test-123 has no billing account \(BigQuery sandbox\)/);
  });

  it("no network (the shape the client throws on this machine)", () => {
    const error = Object.assign(new Error("request to https://oauth2.googleapis.com/token failed, reason: getaddrinfo ENOTFOUND oauth2.googleapis.com"), { code: "ENOTFOUND" });
    expect(explain(error)).toBe("cannot reach oauth2.googleapis.com: this machine has no route to Google Cloud (check the network, or HTTPS_PROXY if you need a proxy)");
  });

  it("leaves SQL errors to the caller, and turns API errors into HandoffErrors without stacks; bugs stay bugs", () => {
    expect(explain(apiError("error-invalid-query.json"))).toBeUndefined();
    const sql = toHandoffError(apiError("error-invalid-query.json"), context);
    expect(sql).toBeInstanceOf(HandoffError);
    expect((sql as Error).message).toBe("BigQuery 400 invalidQuery: Unrecognized name: lead_sourc at [12:5]");
    const explained = toHandoffError(apiError("error-access-denied-jobs-create.json"), context, "preflight: ");
    expect(explained).toBeInstanceOf(HandoffError);
    expect((explained as Error).message).toMatch(/^preflight: permission denied/);
    const bug = new TypeError("x is undefined");
    expect(toHandoffError(bug, context)).toBe(bug);
    for (const name of ["error-not-found-table.json", "error-access-denied-get-data.json", "error-api-disabled.json", "error-cross-location.json"]) {
      expect(explain(apiError(name))).not.toContain("\n");
    }
  });

  it("finds the problems in the Dataform CLI's output (recorded)", () => {
    expect(hintsForCliOutput(fixtureText("cli-run-no-network.txt"), context)).toEqual([
      "cannot reach www.googleapis.com: this machine has no route to Google Cloud (check the network, or HTTPS_PROXY if you need a proxy)",
    ]);
    const hints = hintsForCliOutput(fixtureText("cli-run-action-failures.txt"), context);
    expect(hints).toHaveLength(2);
    expect(hints[0]).toContain("permission denied reading handoff-test-123:hubspot.contact: grant roles/bigquery.dataViewer");
    expect(hints[1]).toContain(`dataset ${PROJECT}:salesforce does not exist in location US (the salesforce raw dataset: set --var salesforce_schema=`);
  });
});

// ---------------------------------------------------------------------------

describe("credentials, project and location", () => {
  const keyFile = (name: string, content: object): string => {
    const file = path.join(root, name);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };
  const serviceAccount = { type: "service_account", project_id: PROJECT, client_email: "handoff-runner@handoff-test-123.iam.gserviceaccount.com", private_key: "-----BEGIN PRIVATE KEY-----\n...\n" };

  it("detects GOOGLE_APPLICATION_CREDENTIALS, the gcloud ADC file, a key in .df-credentials.json, the metadata server", () => {
    const home = path.join(root, "home");
    const empty = path.join(root, "empty-home");
    mkdirSync(path.join(home, ".config", "gcloud"), { recursive: true });
    mkdirSync(empty, { recursive: true });
    writeFileSync(path.join(home, ".config", "gcloud", "application_default_credentials.json"), JSON.stringify({ type: "authorized_user", client_id: "x", client_secret: "y", refresh_token: "z" }));
    const sa = keyFile("sa.json", serviceAccount);

    expect(detectCredentials({ env: { GOOGLE_APPLICATION_CREDENTIALS: sa }, homeDir: home })).toMatchObject({ kind: "key-file", type: "service_account", account: serviceAccount.client_email });
    expect(detectCredentials({ env: {}, homeDir: home })).toMatchObject({ kind: "gcloud-adc", type: "authorized_user" });
    expect(detectCredentials({ env: { CLOUDSDK_CONFIG: path.join(home, ".config", "gcloud") }, homeDir: empty })).toMatchObject({ kind: "gcloud-adc" });
    const df = { file: "/repo/.df-credentials.json", value: { projectId: PROJECT, location: "US", credentials: JSON.stringify(serviceAccount) } };
    expect(detectCredentials({ env: { GOOGLE_APPLICATION_CREDENTIALS: sa }, homeDir: home, dfCredentials: df })).toMatchObject({ kind: "df-credentials", account: serviceAccount.client_email });
    expect(detectCredentials({ env: { CLOUD_RUN_JOB: "handoff-nightly" }, homeDir: empty })).toMatchObject({ kind: "metadata-server" });
    expect(detectCredentials({ env: {}, homeDir: empty })).toBeUndefined();
    expect(() => requireCredentials({ env: {}, homeDir: empty })).toThrow(MISSING_CREDENTIALS);
    expect(() => detectCredentials({ env: { GOOGLE_APPLICATION_CREDENTIALS: path.join(root, "gone.json") }, homeDir: empty })).toThrow(
      `GOOGLE_APPLICATION_CREDENTIALS points to ${path.join(root, "gone.json")}, which does not exist`,
    );
    const descriptions = [detectCredentials({ env: { GOOGLE_APPLICATION_CREDENTIALS: sa }, homeDir: home })!.description, detectCredentials({ env: {}, homeDir: home, dfCredentials: df })!.description];
    for (const description of descriptions) expect(description).not.toContain("PRIVATE KEY");
  });

  it("takes the project from --project, GOOGLE_CLOUD_PROJECT, dataform.json (not the placeholder), .df-credentials.json", () => {
    const config = { defaultDatabase: "your-gcp-project", defaultLocation: "US" };
    expect(resolveProject({ option: "opt-project", env: { GOOGLE_CLOUD_PROJECT: "env-project" }, config })).toEqual({ projectId: "opt-project", source: "--project" });
    expect(resolveProject({ env: { GOOGLE_CLOUD_PROJECT: "env-project" }, config }).projectId).toBe("env-project");
    expect(resolveProject({ env: {}, config: { defaultDatabase: "real-project" } }).source).toBe("dataform.json defaultDatabase");
    expect(resolveProject({ env: {}, config, dfCredentials: { projectId: "creds-project" } }).projectId).toBe("creds-project");
    expect(() => resolveProject({ env: {}, config })).toThrow(/pass --project PROJECT_ID, set GOOGLE_CLOUD_PROJECT.*placeholder "your-gcp-project"/);
    expect(() => resolveProject({ env: { GOOGLE_CLOUD_PROJECT: "My Project" }, config })).toThrow(/GOOGLE_CLOUD_PROJECT is "My Project", which is not a Google Cloud project id/);
    expect(resolveLocation({ config })).toEqual({ location: "US", source: "dataform.json defaultLocation" });
    expect(resolveLocation({ option: "EU", config }).location).toBe("EU");
  });

  it("git ignores .df-credentials.json in this repository", () => {
    expect(gitIgnoreStatus(repoRoot, ".df-credentials.json")).toBe("ignored");
  });
});

describe("bigquery-run: the dataform run command and its credentials file", () => {
  const config = { defaultDatabase: "your-gcp-project", defaultSchema: "handoff", vars: { dialect: "bigquery", salesforce_schema: "salesforce" } };
  const selection: RunSelection = {
    projectDir: "/repo",
    credentialsFile: "/tmp/x/.df-credentials.json",
    projectId: PROJECT,
    location: "EU",
    actions: ["stg_salesforce__leads", "int_contact_identities"],
    tags: ["daily"],
    includeDeps: true,
    includeDependents: false,
    fullRefresh: true,
    dryRun: true,
    vars: { salesforce_schema: "fivetran_salesforce" },
  };

  it("passes the selection through to the official CLI, vars merged over dataform.json's", () => {
    expect(dataformRunArgs(selection, config)).toEqual([
      "run",
      "/repo",
      "--credentials=/tmp/x/.df-credentials.json",
      "--timeout=10m",
      `--default-database=${PROJECT}`,
      "--default-location=EU",
      "--vars=dialect=bigquery,salesforce_schema=fivetran_salesforce",
      "--actions=stg_salesforce__leads,int_contact_identities",
      "--tags=daily",
      "--include-deps",
      "--full-refresh",
      "--dry-run",
    ]);
    const minimal = dataformRunArgs({ ...selection, actions: [], tags: [], includeDeps: false, fullRefresh: false, dryRun: false, vars: {}, schemaSuffix: "dev" }, config);
    expect(minimal).toContain("--schema-suffix=dev");
    expect(minimal.filter((arg) => /^--(actions|tags|include-deps|full-refresh|dry-run)/.test(arg))).toEqual([]);
    expect(() => dataformRunArgs({ ...selection, vars: { dialect: "duckdb" } }, config)).toThrow("BigQuery needs dialect=bigquery");
    expect(() => dataformRunArgs({ ...selection, vars: { salesforce_schema: "a,b" } }, config)).toThrow('cannot contain "," or "="');
  });

  it("generates an ADC credentials file outside the repo with no secret, in the format the CLI's own proto accepts", () => {
    const project = path.join(root, "project-no-git");
    mkdirSync(project, { recursive: true });
    const temp = path.join(root, "df-temp");
    mkdirSync(temp, { recursive: true });
    const choice = chooseCredentials({ projectDir: project, write: false, projectId: () => PROJECT, location: () => "US", tempDir: () => temp });
    expect(choice.temporary).toBe(true);
    expect(path.dirname(choice.file)).toBe(temp);
    const written = JSON.parse(readFileSync(choice.file, "utf8")) as Record<string, unknown>;
    expect(written).toEqual({ projectId: PROJECT, location: "US" });
    expect(statSync(choice.file).mode & 0o777).toBe(0o600);
    // The CLI reads it with verifyObjectMatchesProto(dataform.BigQuery, json): same check here.
    const { dataform } = loadDataformCliExecution() as unknown as { dataform: { BigQuery: { verify(o: unknown): string | null; create(o: unknown): unknown; toObject(m: unknown): unknown } } };
    expect(dataform.BigQuery.verify(written)).toBeNull();
    expect(dataform.BigQuery.toObject(dataform.BigQuery.create(written))).toEqual(adcCredentials(PROJECT, "US"));
  });

  it("uses the project's .df-credentials.json only when git ignores it; --write-credentials likewise", () => {
    const project = path.join(root, "project-git");
    mkdirSync(project, { recursive: true });
    execFileSync("git", ["init", "-q"], { cwd: project });
    writeFileSync(path.join(project, ".df-credentials.json"), JSON.stringify({ projectId: PROJECT, location: "US" }));
    const input = { projectDir: project, write: false, projectId: () => PROJECT, location: () => "US" };
    expect(() => chooseCredentials(input)).toThrow('is not ignored by git and may hold a key: add ".df-credentials.json" to .gitignore');
    rmSync(path.join(project, ".df-credentials.json"));
    expect(() => chooseCredentials({ ...input, write: true })).toThrow("--write-credentials: git does not ignore .df-credentials.json");
    writeFileSync(path.join(project, ".gitignore"), ".df-credentials.json\n");
    const written = chooseCredentials({ ...input, write: true });
    expect(written).toMatchObject({ temporary: false, file: path.join(project, ".df-credentials.json"), value: { projectId: PROJECT, location: "US" } });
    expect(chooseCredentials(input)).toMatchObject({ temporary: false, file: path.join(project, ".df-credentials.json") });
    writeFileSync(path.join(project, ".df-credentials.json"), JSON.stringify({ project: PROJECT }));
    expect(() => chooseCredentials(input)).toThrow(/not a Dataform credentials file/);
  });

  it("refuses a credentials file whose location differs from the run's (the CLI creates datasets there)", () => {
    const choice = (location?: string) => ({ file: "/repo/.df-credentials.json", value: { projectId: PROJECT, ...(location ? { location } : {}) }, temporary: false, description: "" });
    expect(() => checkCredentialsLocation(choice("US"), "US")).not.toThrow();
    expect(() => checkCredentialsLocation(choice("eu"), "EU")).not.toThrow();
    expect(() => checkCredentialsLocation(choice(), "US")).not.toThrow();
    expect(() => checkCredentialsLocation(choice("US"), "EU")).toThrow(
      'wrong location: /repo/.df-credentials.json says location US, but this run uses EU; the Dataform CLI creates datasets and runs jobs in the credentials file\'s location, so set "location": "EU" there, or pass --location US',
    );
    expect(() => checkCredentialsLocation(choice(), "europe-west2")).toThrow("says location (none: the CLI uses US)");
  });

  it("preflight: says what to set before the CLI starts", async () => {
    const context: ErrorContext = { projectId: PROJECT, location: "US", account: "ada@example.com", rawDatasets: rawDatasets({}) };
    const denied = new FakeBigQuery(() => apiError("error-access-denied-jobs-create.json"));
    expect(await planError(preflight(denied, { vars: {}, outputDatasets: ["handoff"], context }))).toMatch(/grant roles\/bigquery\.jobUser on project handoff-test-123 to user:ada@example\.com/);

    const empty = new FakeBigQuery();
    const missing = await planError(preflight(empty, { vars: { salesforce_schema: "fivetran_salesforce" }, outputDatasets: ["handoff"], context }));
    expect(missing).toContain(`raw datasets not found: ${PROJECT}:fivetran_salesforce (salesforce; set --var salesforce_schema=<dataset>), ${PROJECT}:hubspot (hubspot; set --var hubspot_schema=<dataset>)`);

    const eu = new FakeBigQuery();
    for (const dataset of ["salesforce", "hubspot", "routing"]) eu.datasets.set(`${PROJECT}:${dataset}`, { location: "EU" });
    expect(await planError(preflight(eu, { vars: {}, outputDatasets: [], context }))).toMatch(/^wrong location: raw dataset handoff-test-123:\w+ is in EU, but the run uses US; pass --location EU/);

    const ready = new FakeBigQuery();
    for (const dataset of ["salesforce", "hubspot", "routing"]) ready.datasets.set(`${PROJECT}:${dataset}`, { location: "US" });
    expect(await preflight(ready, { vars: {}, outputDatasets: ["handoff", "handoff_assertions"], context })).toEqual([
      `dataset ${PROJECT}:handoff does not exist yet; dataform run creates it in US`,
      `dataset ${PROJECT}:handoff_assertions does not exist yet; dataform run creates it in US`,
    ]);
    expect(ready.dryRuns).toEqual(["select 1"]);
  });
});

describe("command-line options", () => {
  const schema = z.object({ project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "a project id").optional(), "price-per-tib": z.coerce.number().positive().default(6.25) });
  const spec = { project: { type: "string" as const }, "price-per-tib": { type: "string" as const } };

  it("validates with zod and names the option; unknown options point at --help", () => {
    expect(parseCliOptions(["--project", "handoff-test-123"], spec, schema, "usage")).toEqual({ project: "handoff-test-123", "price-per-tib": 6.25 });
    expect(() => parseCliOptions(["--project", "X"], spec, schema, "usage")).toThrow("--project: a project id (see --help)");
    expect(() => parseCliOptions(["--price-per-tib=-1"], spec, schema, "usage")).toThrow(/^--price-per-tib: .* \(see --help\)$/);
    expect(() => parseCliOptions(["--nope"], spec, schema, "usage")).toThrow(/Unknown option '--nope' \(see --help\)/);
  });

  it("--help prints the usage and returns nothing", () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(parseCliOptions(["--help"], spec, schema, "Usage: test\n")).toBeUndefined();
      expect(write).toHaveBeenCalledWith("Usage: test\n");
    } finally {
      write.mockRestore();
    }
  });

  it("parses --var and --vars", () => {
    expect(parseVars(["salesforce_schema=sf", "hubspot_schema=hs,routing_schema=rt"])).toEqual({ salesforce_schema: "sf", hubspot_schema: "hs", routing_schema: "rt" });
    expect(() => parseVars(["nope"])).toThrow("--var/--vars expects KEY=VALUE");
  });

  it("every BigQuery CLI answers --help", () => {
    for (const script of ["bigquery-load.ts", "bigquery-dry-run.ts", "bigquery-run.ts"]) {
      const out = execFileSync(path.join(repoRoot, "node_modules", ".bin", "tsx"), [path.join(repoRoot, "scripts", script), "--help"], { encoding: "utf8" });
      expect(out).toMatch(new RegExp(`^Usage: npx tsx scripts/${script.replace(".", "\\.")}`));
      expect(out).toContain("-h, --help");
    }
  });
});
