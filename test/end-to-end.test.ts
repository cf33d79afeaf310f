import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import docs from "../includes/docs.js";
import { actionsOf, compileProject } from "../scripts/lib/compiled-graph";
import { runLocal } from "../scripts/lib/local-run";
import { generateSample } from "../scripts/lib/sample/generate";
import { closeDuckDb, openDuckDb } from "../scripts/lib/warehouse";

let workDir: string;
let sampleDir: string;

async function tableChecksums(warehouse: string): Promise<Record<string, string>> {
  const handle = await openDuckDb(warehouse);
  try {
    const tables = (await handle.connection.runAndReadAll("select table_name from information_schema.tables where table_schema = 'handoff' and table_type = 'BASE TABLE' order by 1")).getRowObjectsJS();
    const sums: Record<string, string> = {};
    for (const { table_name: name } of tables) {
      // An order-independent checksum of every row's full content.
      const reader = await handle.connection.runAndReadAll(`select count(*)::varchar || ':' || coalesce(bit_xor(hash(cast(to_json(t) as varchar)))::varchar, '0') as checksum from handoff."${String(name)}" as t`);
      sums[String(name)] = String(reader.getRowObjectsJS()[0]?.checksum);
    }
    return sums;
  } finally {
    closeDuckDb(handle);
  }
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), "handoff-e2e-"));
  sampleDir = path.join(workDir, "sample");
  await generateSample({ seed: 7, leads: 400, end: "2026-11-23", outDir: sampleDir });
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("the whole graph on sample data", () => {
  let first: Record<string, string>;

  it("loads, runs every model and passes every assertion", async () => {
    const warehouse = path.join(workDir, "handoff.duckdb");
    const outcome = await runLocal({ warehouse, raw: sampleDir, asOf: "2026-11-23T12:00:00Z" });
    expect(outcome.summary).toMatch(/all passed/);
    expect(outcome.ok).toBe(true);
    first = await tableChecksums(warehouse);
    expect(Number(first.fct_handoffs?.split(":")[0])).toBeGreaterThan(100);
  });

  it("documents exactly the columns every model produces, in order", async () => {
    const warehouse = path.join(workDir, "handoff.duckdb");
    const graph = await compileProject({ vars: { dialect: "duckdb" } });
    const handle = await openDuckDb(warehouse);
    try {
      for (const action of actionsOf(graph).filter((candidate) => ["table", "view", "incremental"].includes(candidate.kind))) {
        const reader = await handle.connection.runAndReadAll(`select * from "${action.target.schema}"."${action.target.name}" limit 0`);
        const documented = (docs as Record<string, unknown>)[action.target.name];
        expect(documented, `includes/docs.js has no entry for ${action.target.name}`).toBeTypeOf("object");
        expect(reader.columnNames(), `${action.fileName}: documented columns differ from the output`).toEqual(Object.keys(documented as object));
      }
    } finally {
      closeDuckDb(handle);
    }
  });

  it("stores whole numbers as 64-bit integers, as BigQuery's INT64 (no 128-bit HUGEINT from DuckDB's sums and counts)", async () => {
    const handle = await openDuckDb(path.join(workDir, "handoff.duckdb"));
    try {
      const reader = await handle.connection.runAndReadAll(
        "select table_schema || '.' || table_name || '.' || column_name as column_path from information_schema.columns where data_type = 'HUGEINT' order by 1",
      );
      expect(reader.getRowObjectsJS().map((row) => row.column_path)).toEqual([]);
      // sums on the working-hours clock and counts are among them
      const types = await handle.connection.runAndReadAll(
        "select table_name || '.' || column_name as column_path, data_type from information_schema.columns where (table_name, column_name) in (('fct_handoff_steps', 'working_position_seconds'), ('rpt_sla_weekly', 'met')) order by 1",
      );
      expect(types.getRowObjectsJS()).toEqual([
        { column_path: "fct_handoff_steps.working_position_seconds", data_type: "BIGINT" },
        { column_path: "rpt_sla_weekly.met", data_type: "BIGINT" },
      ]);
    } finally {
      closeDuckDb(handle);
    }
  });

  it("gives every output a description, column docs and a unique key", async () => {
    const graph = await compileProject({ vars: { dialect: "bigquery" } });
    const outputs = (graph.tables ?? []).filter((table) => table.fileName.startsWith("definitions/outputs/"));
    expect(outputs.length).toBeGreaterThan(10);
    const assertions = (graph.assertions ?? []).map((assertion) => assertion.target.name);
    for (const table of outputs) {
      expect(table.actionDescriptor?.description?.length ?? 0, `${table.fileName} has no description`).toBeGreaterThan(20);
      expect(table.actionDescriptor?.columns?.length ?? 0, `${table.fileName} has no column docs`).toBeGreaterThan(0);
      expect(assertions.some((name) => name === `handoff_${table.target.name}_assertions_uniqueKey_0`), `${table.fileName} has no uniqueKey assertion`).toBe(true);
    }
  });

  it("produces identical outputs from the same input (a checksum per table)", async () => {
    const warehouse = path.join(workDir, "b.duckdb");
    const outcome = await runLocal({ warehouse, raw: sampleDir, asOf: "2026-11-23T12:00:00Z" });
    expect(outcome.ok).toBe(true);
    expect(await tableChecksums(warehouse)).toEqual(first);
  });
});
