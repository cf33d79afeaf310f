import type { DuckDBConnection } from "@duckdb/node-api";
import { Action } from "./compiled-graph";
import { bigQueryIdentifiersToDuckDb, dataformConditionLabelsToDuckDb, inlineImportCtes, quoteIdent } from "./sql-identifiers";

export type ActionStatus = "done" | "failed" | "skipped";

export interface ActionResult {
  action: Action;
  status: ActionStatus;
  seconds: number;
  rows?: number;
  message?: string;
}

export interface ExecuteOptions {
  /** Rebuild incremental tables from scratch. */
  fullRefresh?: boolean;
  /** Progress lines (action i of n, elapsed); silent when absent. */
  log?: (line: string) => void;
}

const relation = (action: Action): string => `${quoteIdent(action.target.schema)}.${quoteIdent(action.target.name)}`;
const toDuckDb = (sql: string): string => inlineImportCtes(bigQueryIdentifiersToDuckDb(dataformConditionLabelsToDuckDb(sql)));

async function run(connection: DuckDBConnection, sql: string): Promise<void> {
  await connection.run(toDuckDb(sql));
}

async function tableExists(connection: DuckDBConnection, schema: string, name: string): Promise<boolean> {
  const reader = await connection.runAndReadAll(
    "select count(*)::integer as n from information_schema.tables where table_schema = $1 and table_name = $2",
    [schema, name],
  );
  return Number(reader.getRowObjectsJS()[0]?.n ?? 0) > 0;
}

async function countRows(connection: DuckDBConnection, action: Action): Promise<number> {
  const reader = await connection.runAndReadAll(`select count(*)::bigint as n from ${relation(action)}`);
  return Number(reader.getRowObjectsJS()[0]?.n ?? 0);
}

/** Renders up to five rows of a failing assertion, one line each. */
function formatRows(rows: Record<string, unknown>[]): string {
  return rows
    .slice(0, 5)
    .map((row) => "    " + Object.entries(row).map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(", "))
    .join("\n");
}

async function executeAction(connection: DuckDBConnection, action: Action, options: ExecuteOptions): Promise<Omit<ActionResult, "action" | "seconds">> {
  const schemaSql = `create schema if not exists ${quoteIdent(action.target.schema)}`;
  switch (action.kind) {
    case "declaration": {
      if (!(await tableExists(connection, action.target.schema, action.target.name))) {
        return { status: "failed", message: `raw table ${action.id} is missing: load it with --raw DIR (DIR/<system>/<table>.csv) or run with --sample` };
      }
      return { status: "done" };
    }
    case "view": {
      await run(connection, schemaSql);
      for (const sql of action.preOps) await run(connection, sql);
      await run(connection, `create or replace view ${relation(action)} as\n${action.query}`);
      for (const sql of action.postOps) await run(connection, sql);
      return { status: "done" };
    }
    case "table": {
      await run(connection, schemaSql);
      for (const sql of action.preOps) await run(connection, sql);
      await run(connection, `create or replace table ${relation(action)} as\n${action.query}`);
      for (const sql of action.postOps) await run(connection, sql);
      return { status: "done", rows: await countRows(connection, action) };
    }
    case "incremental": {
      await run(connection, schemaSql);
      const exists = await tableExists(connection, action.target.schema, action.target.name);
      if (!exists || options.fullRefresh) {
        for (const sql of action.preOps) await run(connection, sql);
        await run(connection, `create or replace table ${relation(action)} as\n${action.query}`);
        for (const sql of action.postOps) await run(connection, sql);
        return { status: "done", rows: await countRows(connection, action) };
      }
      for (const sql of action.incrementalPreOps) await run(connection, sql);
      const incoming = quoteIdent(`__incoming_${action.target.name}`);
      await run(connection, `create or replace temp table ${incoming} as\n${action.incrementalQuery ?? action.query}`);
      if (action.uniqueKey && action.uniqueKey.length > 0) {
        // A merge on the unique key: new versions of existing rows replace them.
        const matches = action.uniqueKey.map((key) => `${incoming}.${quoteIdent(key)} = ${relation(action)}.${quoteIdent(key)}`).join(" and ");
        await connection.run(`delete from ${relation(action)} where exists (select 1 from ${incoming} where ${matches})`);
      }
      await connection.run(`insert into ${relation(action)} by name select * from ${incoming}`);
      await connection.run(`drop table ${incoming}`);
      for (const sql of action.incrementalPostOps) await run(connection, sql);
      return { status: "done", rows: await countRows(connection, action) };
    }
    case "operation": {
      for (const sql of action.queries ?? []) await run(connection, sql);
      return { status: "done" };
    }
    case "assertion": {
      await run(connection, schemaSql);
      // Kept as a view, as Dataform does, so a person can query the failing rows.
      await run(connection, `create or replace view ${relation(action)} as\n${action.query}`);
      // Probe first: with no columns asked for, DuckDB reads only the columns
      // the conditions need (Dataform's rowConditions repeat `*` per condition).
      const probe = await connection.runAndReadAll(`select 1 from ${relation(action)} limit 1`);
      if (probe.currentRowCount === 0) return { status: "done", rows: 0 };
      const reader = await connection.runAndReadAll(`select * from ${relation(action)} limit 6`);
      const rows = reader.getRowObjectsJson() as Record<string, unknown>[];
      if (rows.length === 0) return { status: "done", rows: 0 };
      const more = rows.length > 5 ? " (showing the first 5)" : "";
      return {
        status: "failed",
        rows: rows.length,
        message: `assertion ${action.id} (${action.fileName}) returned rows${more}:\n${formatRows(rows)}\n  query them: select * from ${relation(action)}`,
      };
    }
    case "test": {
      const actual = (await connection.runAndReadAll(toDuckDb(action.query ?? ""))).getRowObjectsJson() as Record<string, unknown>[];
      const expected = (await connection.runAndReadAll(toDuckDb(action.expectedOutputQuery ?? ""))).getRowObjectsJson() as Record<string, unknown>[];
      // Compared as text: an integer literal and a count are the same number.
      const canonical = (rows: Record<string, unknown>[]): string[] =>
        rows.map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value === null ? null : String(value)])))).sort();
      const actualRows = canonical(actual);
      const expectedRows = canonical(expected);
      if (JSON.stringify(actualRows) === JSON.stringify(expectedRows)) return { status: "done", rows: actual.length };
      const missing = expectedRows.filter((row) => !actualRows.includes(row)).slice(0, 5);
      const unexpected = actualRows.filter((row) => !expectedRows.includes(row)).slice(0, 5);
      return {
        status: "failed",
        message: `test ${action.target.name} (${action.fileName}): output differs from the expected rows\n  expected but missing:\n${missing.map((row) => `    ${row}`).join("\n") || "    (none)"}\n  produced but not expected:\n${unexpected.map((row) => `    ${row}`).join("\n") || "    (none)"}`,
      };
    }
  }
}

/**
 * Executes actions in the given (dependency) order on one DuckDB connection.
 * A failed action skips everything downstream of it; the rest still runs, so a
 * run reports every problem at once.
 */
export async function executeActions(connection: DuckDBConnection, actions: Action[], options: ExecuteOptions = {}): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  const broken = new Set<string>();
  const started = Date.now();
  const width = String(actions.length).length;
  for (const [index, action] of actions.entries()) {
    const prefix = `[${String(index + 1).padStart(width)}/${actions.length}] ${action.kind.padEnd(11)} ${action.id}`;
    const blockedBy = action.dependencies.find((dependency) => broken.has(dependency));
    if (blockedBy) {
      broken.add(action.id);
      results.push({ action, status: "skipped", seconds: 0, message: `skipped: ${blockedBy} failed` });
      options.log?.(`${prefix} skipped (${blockedBy} failed)`);
      continue;
    }
    const actionStarted = Date.now();
    let outcome: Omit<ActionResult, "action" | "seconds">;
    try {
      outcome = await executeAction(connection, action, options);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      outcome = { status: "failed", message: `${action.kind} ${action.id} (${action.fileName}) failed: ${detail}` };
    }
    const seconds = (Date.now() - actionStarted) / 1000;
    if (outcome.status === "failed") broken.add(action.id);
    results.push({ action, seconds, ...outcome });
    const rows = outcome.rows !== undefined && action.kind !== "assertion" ? `, ${outcome.rows.toLocaleString("en-US")} rows` : "";
    options.log?.(`${prefix} ${outcome.status === "done" ? "ok" : "FAILED"} ${seconds.toFixed(2)}s${rows} (elapsed ${((Date.now() - started) / 1000).toFixed(1)}s)`);
  }
  return results;
}

/** A short summary table of a run. */
export function summarize(results: ActionResult[], seconds: number): string {
  const kinds = [...new Set(results.map((result) => result.action.kind))];
  const lines = ["", "kind         done  failed  skipped", "-----------  ----  ------  -------"];
  for (const kind of kinds) {
    const of = results.filter((result) => result.action.kind === kind);
    const count = (status: ActionStatus): string => String(of.filter((result) => result.status === status).length);
    lines.push(`${kind.padEnd(11)}  ${count("done").padStart(4)}  ${count("failed").padStart(6)}  ${count("skipped").padStart(7)}`);
  }
  const failures = results.filter((result) => result.status === "failed");
  lines.push("", `${results.length} actions in ${seconds.toFixed(1)}s: ${failures.length === 0 ? "all passed" : `${failures.length} failed`}`);
  for (const failure of failures) lines.push("", failure.message ?? `${failure.action.id} failed`);
  return lines.join("\n");
}
