import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRawDirectory, RawTableSpec, rawTables } from "../scripts/lib/raw-data";
import { closeDuckDb, openDuckDb } from "../scripts/lib/warehouse";

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "handoff-contract-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes a header-only CSV for every contract table, with one data row for some. */
function writeExport(name: string, rows: Record<string, string[][]> = {}, drop: { table?: string; column?: string } = {}): string {
  const dir = path.join(root, name);
  for (const spec of rawTables()) {
    const key = `${spec.system}.${spec.table}`;
    if (drop.table === key && !drop.column) continue;
    const columns = spec.columns.map((column) => column.name).filter((column) => !(drop.table === key && drop.column === column));
    mkdirSync(path.join(dir, spec.system), { recursive: true });
    const lines = [columns.join(","), ...(rows[key] ?? []).map((row) => row.join(","))];
    writeFileSync(path.join(dir, spec.system, `${spec.table}.csv`), `${lines.join("\n")}\n`);
  }
  return dir;
}

/** A lead row in contract column order with some values replaced. */
function leadRow(overrides: Record<string, string>): string[] {
  const spec = rawTables().find((candidate) => candidate.table === "lead") as RawTableSpec;
  const defaults: Record<string, string> = { id: "00Q1", created_date: "2026-01-05 10:00:00", is_deleted: "false", number_of_employees: "250" };
  return spec.columns.map((column) => overrides[column.name] ?? defaults[column.name] ?? "");
}

async function load(dir: string): Promise<Record<string, number>> {
  const handle = await openDuckDb(":memory:");
  try {
    return await loadRawDirectory(handle.connection, dir);
  } finally {
    closeDuckDb(handle);
  }
}

describe("the raw contract check", () => {
  it("loads a conforming export, parsing ISO 8601 offsets to UTC", async () => {
    const dir = writeExport("good", { "salesforce.lead": [leadRow({}), leadRow({ id: "00Q2", created_date: "2026-01-05T12:00:00+02:00" })] });
    const handle = await openDuckDb(":memory:");
    const counts = await loadRawDirectory(handle.connection, dir);
    expect(counts["salesforce.lead"]).toBe(2);
    const rows = (await handle.connection.runAndReadAll("select id, cast(created_date as varchar) as created from salesforce.lead order by id")).getRowObjectsJson();
    expect(rows).toEqual([
      { id: "00Q1", created: "2026-01-05 10:00:00" },
      { id: "00Q2", created: "2026-01-05 10:00:00" },
    ]);
    closeDuckDb(handle);
  });

  it("names a missing table", async () => {
    const dir = writeExport("missing-table", {}, { table: "routing.routing_log" });
    await expect(load(dir)).rejects.toThrow(/routing[/\\]routing_log\.csv \(or \.parquet\): missing; the raw contract needs table routing\.routing_log/);
  });

  it("names a missing column and its file", async () => {
    const dir = writeExport("missing-column", {}, { table: "salesforce.task", column: "who_id" });
    await expect(load(dir)).rejects.toThrow(/task\.csv: column who_id is missing \(salesforce\.task needs a string column "who_id"\)/);
  });

  it("names the file, line and column of a wrong type", async () => {
    const dir = writeExport("wrong-type", { "salesforce.lead": [leadRow({}), leadRow({ id: "00Q2", number_of_employees: "lots" })] });
    await expect(load(dir)).rejects.toThrow(/lead\.csv, line 3, column number_of_employees: not an int64: "lots"/);
  });

  it("names an unparsable timestamp", async () => {
    const dir = writeExport("bad-timestamp", { "salesforce.lead": [leadRow({ created_date: "next tuesday" })] });
    await expect(load(dir)).rejects.toThrow(/lead\.csv, line 2, column created_date: unparsable timestamp: "next tuesday"/);
  });

  it("reports every problem at once and loads nothing", async () => {
    const dir = writeExport("many", { "salesforce.lead": [leadRow({ is_deleted: "maybe" })] }, { table: "hubspot.form" });
    const handle = await openDuckDb(":memory:");
    const error = await loadRawDirectory(handle.connection, dir).catch((caught: Error) => caught);
    expect(String(error)).toMatch(/is_deleted: not a bool: "maybe"/);
    expect(String(error)).toMatch(/hubspot\.form/);
    const tables = (await handle.connection.runAndReadAll("select count(*)::integer as n from information_schema.tables where table_schema = 'salesforce'")).getRowObjectsJson();
    expect(tables).toEqual([{ n: 0 }]);
    closeDuckDb(handle);
  });

  it("reads Parquet exports too", async () => {
    const dir = writeExport("parquet", { "salesforce.lead": [leadRow({})] });
    const handle = await openDuckDb(":memory:");
    const csv = path.join(dir, "salesforce", "lead.csv");
    await handle.connection.run(
      `copy (select * replace (cast(number_of_employees as bigint) as number_of_employees) from read_csv('${csv}', all_varchar = true)) to '${path.join(dir, "salesforce", "lead.parquet")}' (format parquet)`,
    );
    rmSync(csv);
    const counts = await loadRawDirectory(handle.connection, dir);
    expect(counts["salesforce.lead"]).toBe(1);
    closeDuckDb(handle);
  });
});
