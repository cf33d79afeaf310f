import type { DuckDBConnection } from "@duckdb/node-api";
import { executeProject, RunOutcome } from "../../scripts/lib/local-run";
import { createRawTables, insertRawRows, rawTables, SystemName } from "../../scripts/lib/raw-data";
import { closeDuckDb, openDuckDb } from "../../scripts/lib/warehouse";

export type GivenRows = Partial<Record<SystemName, Record<string, Record<string, unknown>[]>>>;

/** Given rows of several independent cases, table by table, for one warehouse. */
export function mergeGivenRows(parts: GivenRows[]): GivenRows {
  const merged: GivenRows = {};
  for (const part of parts) {
    for (const [system, tables] of Object.entries(part)) {
      const target = ((merged as Record<string, Record<string, unknown[]>>)[system] ??= {});
      for (const [table, rows] of Object.entries(tables ?? {})) (target[table] ??= []).push(...rows);
    }
  }
  return merged;
}

export interface TestWarehouse {
  connection: DuckDBConnection;
  outcome: RunOutcome;
  /** Rows of a query as plain JSON values (timestamps as text, big integers as numbers). */
  rows: (sql: string) => Promise<Record<string, unknown>[]>;
  close: () => void;
}

/** Integer and decimal columns come out of DuckDB's JSON form as text; tests compare numbers. */
const numericType = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|DECIMAL)/;

export async function queryRows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  const names = reader.columnNames();
  const numeric = new Set(reader.columnTypes().map((type, index) => (numericType.test(type.toString()) ? names[index] : undefined)).filter(Boolean));
  return reader.getRowObjectsJson().map((row) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, numeric.has(key) && value !== null ? Number(value) : value])),
  );
}

/**
 * An in-memory warehouse with the given raw rows (every other raw table empty),
 * after running the selected models on it. The run must succeed unless
 * `allowFailure` is set.
 */
export async function buildWarehouse(
  given: GivenRows,
  options: { actions?: string[]; asOf?: string; allowFailure?: boolean; vars?: Record<string, string> } = {},
): Promise<TestWarehouse> {
  const handle = await openDuckDb(":memory:");
  const specs = rawTables();
  await createRawTables(handle.connection, specs);
  for (const [system, tables] of Object.entries(given)) {
    for (const [table, rows] of Object.entries(tables ?? {})) {
      const spec = specs.find((candidate) => candidate.system === system && candidate.table === table);
      if (!spec) throw new Error(`no raw table ${system}.${table} in the contract`);
      await insertRawRows(handle.connection, spec, rows);
    }
  }
  const outcome = await executeProject(handle.connection, {
    asOf: options.asOf ?? "2026-11-23T12:00:00Z",
    actions: options.actions,
    includeDependencies: options.actions !== undefined,
    vars: options.vars,
  });
  if (!outcome.ok && !options.allowFailure) {
    closeDuckDb(handle);
    throw new Error(`the run failed:\n${outcome.summary}`);
  }
  return {
    connection: handle.connection,
    outcome,
    rows: (sql) => queryRows(handle.connection, sql),
    close: () => closeDuckDb(handle),
  };
}
