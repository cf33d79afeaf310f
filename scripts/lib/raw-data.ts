import type { DuckDBConnection } from "@duckdb/node-api";
import { existsSync } from "node:fs";
import path from "node:path";
import rawContract from "../../includes/raw_contract.js";
import { HandoffError } from "./errors";
import { quoteIdent } from "./sql-identifiers";

export type RawType = "string" | "int64" | "float64" | "bool" | "timestamp" | "date";
export type SystemName = keyof typeof rawContract.systems;

export interface RawTableSpec {
  system: SystemName;
  table: string;
  schema: string;
  columns: { name: string; type: RawType }[];
  /** On append-only event logs: the column that orders the log. */
  eventTime?: string;
}

const duckDbType: Record<RawType, string> = {
  string: "varchar",
  int64: "bigint",
  float64: "double",
  bool: "boolean",
  timestamp: "timestamp",
  date: "date",
};

/** Every raw table of the contract, in the schemas the vars name. */
export function rawTables(schemas: Partial<Record<SystemName, string>> = {}): RawTableSpec[] {
  const specs: RawTableSpec[] = [];
  for (const system of Object.keys(rawContract.tables) as SystemName[]) {
    for (const [table, spec] of Object.entries(rawContract.tables[system])) {
      specs.push({
        system,
        table,
        schema: schemas[system] ?? rawContract.systems[system].defaultSchema,
        columns: Object.entries(spec.columns).map(([name, column]) => ({ name, type: column.type as RawType })),
        ...("eventTime" in spec && spec.eventTime ? { eventTime: String(spec.eventTime) } : {}),
      });
    }
  }
  return specs;
}

const relation = (spec: RawTableSpec): string => `${quoteIdent(spec.schema)}.${quoteIdent(spec.table)}`;

/** Creates every raw table, empty, with the contract's types. */
export async function createRawTables(connection: DuckDBConnection, specs: RawTableSpec[] = rawTables()): Promise<void> {
  for (const spec of specs) {
    await connection.run(`create schema if not exists ${quoteIdent(spec.schema)}`);
    const columns = spec.columns.map((column) => `${quoteIdent(column.name)} ${duckDbType[column.type]}`).join(", ");
    await connection.run(`create or replace table ${relation(spec)} (${columns})`);
  }
}

/** The DuckDB expression that turns text into a contract type, or null when it cannot. */
function parseExpression(expr: string, type: RawType): string {
  switch (type) {
    case "string":
      return expr;
    case "timestamp":
      // Accepts zone-less UTC text and ISO 8601 with an offset; stores UTC.
      return `timezone('UTC', try_cast(${expr} as timestamptz))`;
    default:
      return `try_cast(${expr} as ${duckDbType[type]})`;
  }
}

/**
 * Inserts given rows into a raw table (tests and fixtures). Values are bound as
 * text and parsed exactly as a CSV export would be.
 */
export async function insertRawRows(connection: DuckDBConnection, spec: RawTableSpec, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const known = new Set(spec.columns.map((column) => column.name));
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!known.has(key)) throw new HandoffError(`given rows for ${spec.system}.${spec.table}: no column "${key}" in the raw contract`);
    }
  }
  const placeholders = spec.columns.map((column, index) => `${parseExpression(`$${index + 1}::varchar`, column.type)}`).join(", ");
  const statement = await connection.prepare(`insert into ${relation(spec)} select ${placeholders}`);
  for (const row of rows) {
    const values = spec.columns.map((column) => {
      const value = row[column.name];
      return value === null || value === undefined ? null : String(value);
    });
    statement.bind(values);
    await statement.run();
  }
}

export interface LoadOptions {
  log?: (line: string) => void;
}

/** Where a raw table's export lives: DIR/<system>/<table>.csv or .parquet. */
function findExport(dir: string, spec: RawTableSpec): string | undefined {
  for (const extension of [".csv", ".parquet"]) {
    const file = path.join(dir, spec.system, `${spec.table}${extension}`);
    if (existsSync(file)) return file;
  }
  return undefined;
}

function reader(file: string): string {
  const literal = `'${file.replace(/'/g, "''")}'`;
  return file.endsWith(".parquet")
    ? `read_parquet(${literal})`
    : `read_csv(${literal}, header = true, all_varchar = true, auto_detect = true, strict_mode = false, null_padding = false)`;
}

/**
 * Loads a directory of exports into the raw tables, after checking every file
 * against the contract. Problems are collected and reported together, each
 * naming the file, the column and (for values) the line; nothing is loaded
 * unless every file passes.
 */
export async function loadRawDirectory(connection: DuckDBConnection, dir: string, specs: RawTableSpec[] = rawTables(), options: LoadOptions = {}): Promise<Record<string, number>> {
  if (!existsSync(dir)) throw new HandoffError(`raw data folder ${dir} does not exist`);
  const problems: string[] = [];
  const files = new Map<RawTableSpec, string>();
  for (const spec of specs) {
    const file = findExport(dir, spec);
    if (!file) {
      problems.push(`${path.join(dir, spec.system, spec.table)}.csv (or .parquet): missing; the raw contract needs table ${spec.system}.${spec.table}`);
      continue;
    }
    files.set(spec, file);
    options.log?.(`checking ${path.relative(process.cwd(), file)}`);
    let present: Set<string>;
    try {
      const described = await connection.runAndReadAll(`describe select * from ${reader(file)}`);
      present = new Set(described.getRowObjectsJS().map((row) => String(row.column_name)));
    } catch (error) {
      problems.push(`${file}: cannot be read: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
      continue;
    }
    const missing = spec.columns.filter((column) => !present.has(column.name));
    for (const column of missing) problems.push(`${file}: column ${column.name} is missing (${spec.system}.${spec.table} needs a ${column.type} column "${column.name}")`);
    if (missing.length > 0) continue;
    const typed = spec.columns.filter((column) => column.type !== "string");
    if (typed.length === 0) continue;
    // One scan finds, per column, the first row whose value does not parse.
    const checks = typed
      .map((column) => {
        const text = file.endsWith(".parquet") ? `cast(${quoteIdent(column.name)} as varchar)` : quoteIdent(column.name);
        return `min(case when ${text} is not null and trim(${text}) <> '' and ${parseExpression(text, column.type)} is null then row_number end) as ${quoteIdent(column.name)}`;
      })
      .join(",\n");
    const firstBad = (
      await connection.runAndReadAll(`with numbered as (select *, row_number() over () as row_number from ${reader(file)}) select ${checks} from numbered`)
    ).getRowObjectsJS()[0] ?? {};
    for (const column of typed) {
      const row = firstBad[column.name];
      if (row === null || row === undefined) continue;
      const rowNumber = Number(row);
      const value = (
        await connection.runAndReadAll(
          `with numbered as (select *, row_number() over () as row_number from ${reader(file)}) select cast(${quoteIdent(column.name)} as varchar) as value from numbered where row_number = ${rowNumber}`,
        )
      ).getRowObjectsJS()[0]?.value;
      const where = file.endsWith(".parquet") ? `row ${rowNumber}` : `line ${rowNumber + 1}`;
      const kind = column.type === "timestamp" || column.type === "date" ? `unparsable ${column.type}` : `not ${column.type === "int64" ? "an" : "a"} ${column.type}`;
      problems.push(`${file}, ${where}, column ${column.name}: ${kind}: ${JSON.stringify(value)}`);
    }
  }
  if (problems.length > 0) {
    throw new HandoffError(`the raw data does not match the contract (see README, "Raw contract"):\n  ${problems.join("\n  ")}`);
  }
  const counts: Record<string, number> = {};
  await createRawTables(connection, specs);
  for (const [spec, file] of files) {
    const selects = spec.columns
      .map((column) => {
        const text = file.endsWith(".parquet") && column.type !== "string" ? `cast(${quoteIdent(column.name)} as varchar)` : quoteIdent(column.name);
        const parsed = column.type === "string" ? `cast(${text} as varchar)` : `${parseExpression(`nullif(trim(${text}), '')`, column.type)}`;
        return `${parsed} as ${quoteIdent(column.name)}`;
      })
      .join(", ");
    await connection.run(`insert into ${relation(spec)} select ${selects} from ${reader(file)}`);
    const count = Number((await connection.runAndReadAll(`select count(*) as n from ${relation(spec)}`)).getRowObjectsJS()[0]?.n ?? 0);
    counts[`${spec.system}.${spec.table}`] = count;
    options.log?.(`loaded ${spec.system}.${spec.table}: ${count.toLocaleString("en-US")} rows`);
  }
  return counts;
}
