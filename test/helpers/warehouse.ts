import type { DuckDBConnection } from "@duckdb/node-api";
import { executeProject, RunOutcome } from "../../scripts/lib/local-run";
import { createRawTables, insertRawRows, rawTables, SystemName } from "../../scripts/lib/raw-data";
import { closeDuckDb, openDuckDb } from "../../scripts/lib/warehouse";

export type GivenRows = Partial<Record<SystemName, Record<string, Record<string, unknown>[]>>>;

export interface TestWarehouse {
  connection: DuckDBConnection;
  outcome: RunOutcome;
  /** Rows of a query as plain JSON values (timestamps as text, big integers as numbers). */
  rows: (sql: string) => Promise<Record<string, unknown>[]>;
  close: () => void;
}

/** Plain values: bigints become numbers, timestamps stay ISO-like text. */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  return value;
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
    rows: async (sql) => {
      const reader = await handle.connection.runAndReadAll(sql);
      return reader.getRowObjectsJson().map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, plain(value)])));
    },
    close: () => closeDuckDb(handle),
  };
}
