// Loads raw exports (the sample data `npm run sample` writes, or your own CSV /
// Parquet exports) into BigQuery sandbox datasets, one per system, with the
// column types of the raw contract. Every file is checked before anything is
// loaded.

import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import rawContract from "../includes/raw_contract.js";
import {
  createBigQueryApi,
  type BigQueryApi,
  type DatasetLocations,
  type ErrorContext,
  type FieldSchema,
  type JobResource,
  type LoadConfiguration,
  type SystemName,
  locationSchema,
  normalizeBigQueryError,
  projectIdSchema,
  rawDatasets,
  readDataformConfig,
  readDfCredentials,
  repoRoot,
  requireCredentials,
  resolveLocation,
  resolveProject,
  sameLocation,
  systemNames,
  toHandoffError,
  formatBytes,
  parseCliOptions,
  DF_CREDENTIALS_FILE,
} from "./lib/bigquery";
import { exitWithError, HandoffError } from "./lib/errors";
import { closeDuckDb, openDuckDb } from "./lib/warehouse";

type RawType = "string" | "int64" | "float64" | "bool" | "timestamp" | "date";

/** Contract types as BigQuery table-schema types (TableFieldSchema.type). */
export const bigQueryType: Record<RawType, string> = {
  string: "STRING",
  int64: "INTEGER",
  float64: "FLOAT",
  bool: "BOOLEAN",
  timestamp: "TIMESTAMP",
  date: "DATE",
};

/** Label on the datasets this script creates; a dataset without it is not replaced unless asked. */
export const SANDBOX_LABEL = { key: "handoff", value: "sandbox" } as const;

export const DEFAULT_PREFIX = "handoff_sandbox_";

export interface ContractTable {
  system: SystemName;
  table: string;
  description: string;
  columns: { name: string; type: RawType; description: string }[];
}

export function contractTables(systems: readonly SystemName[] = systemNames): ContractTable[] {
  const out: ContractTable[] = [];
  for (const system of systems) {
    for (const [table, spec] of Object.entries(rawContract.tables[system])) {
      out.push({
        system,
        table,
        description: spec.description,
        columns: Object.entries(spec.columns).map(([name, column]) => ({ name, type: column.type as RawType, description: column.description })),
      });
    }
  }
  return out;
}

/** The contract's columns as a BigQuery schema, in contract order. */
export function contractFields(table: ContractTable): FieldSchema[] {
  return table.columns.map((column) => ({ name: column.name, type: bigQueryType[column.type], mode: "NULLABLE", description: column.description }));
}

// ---------------------------------------------------------------------------
// Reading what a file holds without reading the file.

/** Splits one CSV record (RFC 4180 quoting). */
export function splitCsvRecord(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      fields.push(field);
      field = "";
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}

/** The header row of a CSV file: reads only up to the first line break outside quotes. */
export function readCsvHeader(file: string): string[] {
  const fd = openSync(file, "r");
  try {
    const chunk = Buffer.alloc(64 * 1024);
    let text = "";
    let quoted = false;
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      const piece = chunk.subarray(0, read).toString("utf8");
      for (let i = 0; i < piece.length; i += 1) {
        const c = piece[i];
        if (c === '"') quoted = !quoted;
        if (!quoted && (c === "\n" || c === "\r")) {
          text += piece.slice(0, i);
          return text === "" ? [] : splitCsvRecord(text.replace(/^\uFEFF/, ""));
        }
      }
      text += piece;
      if (text.length > 1024 * 1024) throw new HandoffError(`${file}: no line break in the first MiB; is this a CSV file?`);
    }
    return text === "" ? [] : splitCsvRecord(text.replace(/^\uFEFF/, ""));
  } finally {
    closeSync(fd);
  }
}

export type ParquetColumnReader = (file: string) => Promise<{ name: string; type: string }[]>;

/** Column names and types of a Parquet file, from its footer (DuckDB reads only the metadata). */
export const readParquetColumns: ParquetColumnReader = async (file) => {
  const handle = await openDuckDb(":memory:");
  try {
    const described = await handle.connection.runAndReadAll(`describe select * from read_parquet('${file.replace(/'/g, "''")}')`);
    return described.getRowObjectsJS().map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
  } finally {
    closeDuckDb(handle);
  }
};

/** Parquet column types (as DuckDB names them) each contract type accepts. */
const parquetAccepts: Record<RawType, RegExp> = {
  string: /^(VARCHAR|BLOB)$/,
  int64: /^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER)$/,
  float64: /^(FLOAT|DOUBLE|DECIMAL\(\d+,\d+\))$/,
  bool: /^BOOLEAN$/,
  timestamp: /^TIMESTAMP(_S|_MS|_NS)?( WITH TIME ZONE)?$/,
  date: /^DATE$/,
};

/** BigQuery types for Parquet columns outside the contract (loaded as they are). */
function parquetExtraType(duckType: string): string | undefined {
  if (/^(VARCHAR)$/.test(duckType)) return "STRING";
  if (/^BLOB$/.test(duckType)) return "BYTES";
  if (parquetAccepts.int64.test(duckType)) return "INTEGER";
  if (/^(FLOAT|DOUBLE)$/.test(duckType)) return "FLOAT";
  if (/^DECIMAL/.test(duckType)) return "NUMERIC";
  if (parquetAccepts.bool.test(duckType)) return "BOOLEAN";
  if (parquetAccepts.timestamp.test(duckType)) return "TIMESTAMP";
  if (/^DATE$/.test(duckType)) return "DATE";
  return undefined;
}

const validColumnName = /^[A-Za-z_][A-Za-z0-9_]{0,299}$/;

// ---------------------------------------------------------------------------
// Planning: which file goes where, with which schema.

export interface LoadEntry {
  system: SystemName;
  table: string;
  dataset: string;
  file: string;
  format: "CSV" | "PARQUET";
  /** The load schema: for CSV in the file's column order (CSV columns load by position). */
  fields: FieldSchema[];
  /** Columns in the file that the contract does not have; loaded too, unused by the models. */
  extraColumns: string[];
  description: string;
  bytes: number;
}

export interface PlanOptions {
  dir: string;
  datasetPrefix: string;
  systems?: readonly SystemName[];
  parquetColumns?: ParquetColumnReader;
}

/**
 * Finds every contract file in DIR/<system>/<table>.csv|.parquet, checks its
 * header (CSV) or schema (Parquet) against the contract and builds the load
 * schema. All problems are reported together, each naming the file and the
 * column; nothing is loaded unless every file passes.
 */
export async function planLoad(options: PlanOptions): Promise<LoadEntry[]> {
  const { dir } = options;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new HandoffError(`${dir} does not exist: run \`npm run sample\` to write the sample data there, or pass --dir with your export (DIR/<system>/<table>.csv or .parquet)`);
  }
  const problems: string[] = [];
  const entries: LoadEntry[] = [];
  for (const table of contractTables(options.systems)) {
    const base = path.join(dir, table.system, table.table);
    const candidates = [`${base}.csv`, `${base}.parquet`].filter((file) => existsSync(file));
    const needs = `the raw contract needs table ${table.system}.${table.table}`;
    if (candidates.length === 0) {
      problems.push(`${base}.csv (or .parquet): missing; ${needs}`);
      continue;
    }
    if (candidates.length > 1) {
      problems.push(`${base}.csv and ${base}.parquet both exist; keep one`);
      continue;
    }
    const file = candidates[0]!;
    const format = file.endsWith(".parquet") ? "PARQUET" : "CSV";
    const contractByName = new Map(table.columns.map((column) => [column.name.toLowerCase(), column]));
    const fields: FieldSchema[] = [];
    const extraColumns: string[] = [];
    const seen = new Set<string>();
    const problemCount = problems.length;
    let present: { name: string; type?: string }[];
    try {
      present = format === "CSV" ? readCsvHeader(file).map((name) => ({ name: name.trim() })) : await (options.parquetColumns ?? readParquetColumns)(file);
    } catch (error) {
      problems.push(`${file}: cannot be read: ${(error as Error).message.split("\n")[0]}`);
      continue;
    }
    if (present.length === 0 || (present.length === 1 && present[0]!.name === "")) {
      problems.push(`${file}: empty; the first line must be the header row (${table.columns.map((column) => column.name).join(",")})`);
      continue;
    }
    for (const column of present) {
      const key = column.name.toLowerCase();
      if (seen.has(key)) {
        problems.push(`${file}: column "${column.name}" appears twice in the ${format === "CSV" ? "header" : "schema"}`);
        continue;
      }
      seen.add(key);
      const contract = contractByName.get(key);
      if (contract) {
        if (format === "PARQUET" && column.type && !parquetAccepts[contract.type].test(column.type)) {
          problems.push(`${file}: column ${contract.name} is ${column.type} in the file; ${table.system}.${table.table} needs ${contract.type === "int64" ? "an" : "a"} ${contract.type} column "${contract.name}"`);
        }
        fields.push({ name: contract.name, type: bigQueryType[contract.type], mode: "NULLABLE", description: contract.description });
        continue;
      }
      if (!validColumnName.test(column.name)) {
        problems.push(`${file}: column "${column.name}" is not in the raw contract and is not a valid BigQuery column name; remove it from the export`);
        continue;
      }
      const type = format === "CSV" ? "STRING" : column.type ? parquetExtraType(column.type) : "STRING";
      if (!type) {
        problems.push(`${file}: column ${column.name} (${column.type}) is not in the raw contract and has a type this loader does not map; remove it from the export`);
        continue;
      }
      extraColumns.push(column.name);
      fields.push({ name: column.name, type, mode: "NULLABLE", description: "Not in Handoff's raw contract; loaded as exported." });
    }
    for (const column of table.columns) {
      if (!seen.has(column.name.toLowerCase())) {
        problems.push(`${file}: column ${column.name} is missing from the ${format === "CSV" ? "header" : "schema"} (${table.system}.${table.table} needs ${column.type === "int64" ? "an" : "a"} ${column.type} column "${column.name}")`);
      }
    }
    if (problems.length > problemCount) continue;
    entries.push({
      system: table.system,
      table: table.table,
      dataset: `${options.datasetPrefix}${table.system}`,
      file,
      format,
      fields,
      extraColumns,
      description: `${rawContract.systems[table.system].description} ${table.description}`,
      bytes: statSync(file).size,
    });
  }
  if (problems.length > 0) {
    throw new HandoffError(`the files in ${dir} do not match the raw contract (includes/raw_contract.js); nothing was loaded:\n  ${problems.join("\n  ")}`);
  }
  return entries;
}

export function loadConfiguration(entry: LoadEntry): LoadConfiguration {
  const common = {
    schema: { fields: entry.fields },
    writeDisposition: "WRITE_TRUNCATE" as const,
    createDisposition: "CREATE_IF_NEEDED" as const,
    destinationTableProperties: { description: entry.description },
  };
  if (entry.format === "PARQUET") return { sourceFormat: "PARQUET", ...common };
  // Timestamps "YYYY-MM-DD HH:MM:SS" load as UTC; true/false as BOOL; an empty field is NULL.
  return { sourceFormat: "CSV", ...common, skipLeadingRows: 1, allowQuotedNewlines: true, encoding: "UTF-8", maxBadRecords: 0 };
}

// ---------------------------------------------------------------------------
// Running the plan.

/** 1-based line of a byte offset in a file (BigQuery reports CSV errors by byte position). */
export function lineOfByteOffset(file: string, offset: number): number | undefined {
  if (!existsSync(file) || offset < 0) return undefined;
  const fd = openSync(file, "r");
  try {
    const chunk = Buffer.alloc(1024 * 1024);
    let position = 0;
    let line = 1;
    while (position < offset) {
      const read = readSync(fd, chunk, 0, Math.min(chunk.length, offset - position), position);
      if (read === 0) return undefined;
      for (let i = 0; i < read; i += 1) if (chunk[i] === 10) line += 1;
      position += read;
    }
    return line;
  } finally {
    closeSync(fd);
  }
}

/**
 * One message for a failed load job: the file, the line (from BigQuery's byte
 * position) and the column when BigQuery names them, else the job's errors.
 */
export function describeLoadFailure(error: unknown, entry: LoadEntry, context: ErrorContext): string {
  const normalized = normalizeBigQueryError(error);
  const target = `${entry.dataset}.${entry.table}`;
  if (normalized) {
    // The individual errors first: the error's own message joins them all.
    const messages = [...normalized.errors.map((item) => item.message ?? ""), normalized.message].filter(Boolean);
    const specific = messages.find((message) => /Could not parse|starting at (location|position)|Too many values|Data between close double quote/.test(message));
    if (specific) {
      const offset = Number(specific.match(/starting at (?:location|position):? ?(\d+)/)?.[1] ?? NaN);
      const line = Number.isFinite(offset) ? lineOfByteOffset(entry.file, offset) : undefined;
      const field = specific.match(/for field (\w+)/)?.[1];
      const what = specific.replace(/^Error while reading data, error message: /, "").replace(/\s+/g, " ").trim();
      return `${entry.file}${line ? `, line ${line}` : ""}${field ? `, column ${field}` : ""}: BigQuery could not load it into ${target}: ${what}`;
    }
  }
  const translated = toHandoffError(error, context);
  const text = translated instanceof Error ? translated.message : String(translated);
  return `${entry.file} -> ${target}: ${text}`;
}

export interface LoadOptions {
  location: string;
  overwriteExisting: boolean;
  log: (line: string) => void;
  context: ErrorContext;
}

export interface LoadResult {
  entry: LoadEntry;
  rows: number;
  seconds: number;
}

/** Creates the datasets that are missing and checks the ones that exist (location, label). */
export async function prepareDatasets(api: BigQueryApi, datasets: readonly string[], options: LoadOptions): Promise<DatasetLocations> {
  const locations: DatasetLocations = new Map();
  for (const dataset of datasets) {
    const key = `${api.projectId}:${dataset}`;
    let existing;
    try {
      existing = await api.getDataset(dataset);
    } catch (error) {
      throw toHandoffError(error, options.context, `dataset ${key}: `);
    }
    if (existing) {
      if (!sameLocation(existing.location, options.location)) {
        throw new HandoffError(
          `wrong location: dataset ${key} exists in ${existing.location ?? "an unknown location"}, but --location is ${options.location}; pass --location ${existing.location ?? "<its location>"} or choose another --dataset-prefix`,
        );
      }
      if (existing.labels?.[SANDBOX_LABEL.key] !== SANDBOX_LABEL.value && !options.overwriteExisting) {
        throw new HandoffError(
          `dataset ${key} already exists and was not created by this script (no label ${SANDBOX_LABEL.key}=${SANDBOX_LABEL.value}); loading would replace its tables of the same names. Choose another --dataset-prefix, or pass --overwrite-existing if that is what you want`,
        );
      }
      options.log(`dataset ${key} (${existing.location}) exists`);
    } else {
      try {
        await api.createDataset(dataset, {
          location: options.location,
          labels: { [SANDBOX_LABEL.key]: SANDBOX_LABEL.value },
          description: "Raw data loaded by Handoff's scripts/bigquery-load.ts (a sandbox; safe to delete).",
        });
      } catch (error) {
        if (normalizeBigQueryError(error)?.code !== 409) throw toHandoffError(error, options.context, `creating dataset ${key}: `);
      }
      options.log(`dataset ${key} (${options.location}) created`);
    }
    locations.set(key, options.location);
  }
  return locations;
}

export async function executeLoad(api: BigQueryApi, entries: readonly LoadEntry[], options: LoadOptions): Promise<LoadResult[]> {
  const datasets = [...new Set(entries.map((entry) => entry.dataset))];
  const locations = await prepareDatasets(api, datasets, options);
  const context = { ...options.context, datasets: locations };
  const results: LoadResult[] = [];
  const width = Math.max(...entries.map((entry) => `${entry.system}/${entry.table}`.length));
  for (const [index, entry] of entries.entries()) {
    const started = Date.now();
    let job: JobResource;
    try {
      job = await api.loadFile(entry.dataset, entry.table, entry.file, loadConfiguration(entry));
    } catch (error) {
      throw new HandoffError(describeLoadFailure(error, entry, context));
    }
    if (job.status?.errorResult) throw new HandoffError(describeLoadFailure(job, entry, context));
    const rows = Number(job.statistics?.load?.outputRows ?? 0);
    const seconds = (Date.now() - started) / 1000;
    results.push({ entry, rows, seconds });
    const extra = entry.extraColumns.length > 0 ? `  (+${entry.extraColumns.length} column(s) not in the contract: ${entry.extraColumns.join(", ")})` : "";
    options.log(
      `[${String(index + 1).padStart(String(entries.length).length)}/${entries.length}] ${`${entry.system}/${entry.table}`.padEnd(width)}  -> ${api.projectId}:${entry.dataset}.${entry.table}  ${rows.toLocaleString("en-US")} rows, ${formatBytes(entry.bytes)} ${entry.format}, ${seconds.toFixed(1)}s${extra}`,
    );
  }
  return results;
}

/** What to pass to the models afterwards, three ways. */
export function varsAdvice(projectId: string, location: string, datasets: readonly { system: SystemName; dataset: string }[], dataformVars: Record<string, string> = {}): string {
  const pairs = datasets.map(({ system, dataset }) => [rawContract.systems[system].schemaVar, dataset] as const);
  const varFlags = pairs.map(([key, value]) => `--var ${key}=${value}`).join(" ");
  const varsFlag = `--vars=${pairs.map(([key, value]) => `${key}=${value}`).join(",")}`;
  const json = JSON.stringify({ ...dataformVars, dialect: "bigquery", ...Object.fromEntries(pairs) }, null, 2).replace(/\n/g, "\n    ");
  return [
    `Point Handoff at these datasets with the vars below (project ${projectId}, location ${location}):`,
    ``,
    `  scripts here:   npx tsx scripts/bigquery-dry-run.ts --project ${projectId} ${varFlags}`,
    `                  npx tsx scripts/bigquery-run.ts --project ${projectId} ${varFlags}`,
    `  Dataform CLI:   npx dataform run --default-database=${projectId} ${varsFlag}`,
    `  dataform.json:  "defaultDatabase": "${projectId}", "defaultLocation": "${location}",`,
    `                  "vars": ${json}`,
    `  Google Cloud Dataform: add the same vars to the release configuration's compilation overrides.`,
  ].join("\n");
}

// ---------------------------------------------------------------------------

const usage = `Usage: npx tsx scripts/bigquery-load.ts [options]

Loads raw exports into BigQuery, one dataset per system (<prefix><system>:
handoff_sandbox_salesforce, handoff_sandbox_hubspot, handoff_sandbox_routing),
each table with the column types of the raw contract (includes/raw_contract.js),
replacing what the tables held (WRITE_TRUNCATE). Every file is checked first:
nothing is loaded unless all contract files exist and have the contract's
columns. Datasets are created when missing (labelled handoff=sandbox).

Options:
  --dir DIR               exports as DIR/<system>/<table>.csv or .parquet
                          (default warehouse/sample, which \`npm run sample\` writes);
                          CSV: header row, timestamps "YYYY-MM-DD HH:MM:SS" (UTC),
                          booleans true/false, empty field = null
  --project ID            Google Cloud project (default: GOOGLE_CLOUD_PROJECT, then
                          dataform.json defaultDatabase)
  --location LOC          dataset location (default: dataform.json defaultLocation)
  --dataset-prefix P      dataset name prefix (default ${DEFAULT_PREFIX})
  --systems A,B           only these systems (${systemNames.join(", ")})
  --overwrite-existing    load into datasets this script did not create
  --check-only            check the files and print the plan; no BigQuery calls
  -h, --help              show this help

Credentials: GOOGLE_APPLICATION_CREDENTIALS (a service-account key file), or
\`gcloud auth application-default login\`. The account needs roles/bigquery.jobUser
on the project and roles/bigquery.dataEditor (to create the datasets).
`;

const optionsSchema = z.object({
  dir: z.string().min(1).default(path.join(repoRoot, "warehouse", "sample")),
  project: projectIdSchema.optional(),
  location: locationSchema.optional(),
  "dataset-prefix": z.string().regex(/^[A-Za-z0-9_]*$/, "letters, digits and underscores only (a dataset name prefix)").default(DEFAULT_PREFIX),
  systems: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const list = (value ?? "").split(",").map((item) => item.trim()).filter(Boolean);
      for (const item of list) {
        if (!(systemNames as string[]).includes(item)) ctx.addIssue({ code: "custom", message: `unknown system "${item}" (known: ${systemNames.join(", ")})` });
      }
      return (list.length > 0 ? list : systemNames) as SystemName[];
    }),
  "overwrite-existing": z.boolean().default(false),
  "check-only": z.boolean().default(false),
});

async function main(): Promise<void> {
  const options = parseCliOptions(
    process.argv.slice(2),
    {
      dir: { type: "string" },
      project: { type: "string" },
      location: { type: "string" },
      "dataset-prefix": { type: "string" },
      systems: { type: "string" },
      "overwrite-existing": { type: "boolean" },
      "check-only": { type: "boolean" },
    },
    optionsSchema,
    usage,
  );
  if (!options) return;
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  const dir = path.resolve(options.dir);
  const entries = await planLoad({ dir, datasetPrefix: options["dataset-prefix"], systems: options.systems });
  log(`checked ${entries.length} files in ${path.relative(process.cwd(), dir) || "."}: every contract table and column is there`);

  const config = readDataformConfig();
  const dfFile = path.join(repoRoot, DF_CREDENTIALS_FILE);
  const dfCredentials = existsSync(dfFile) ? { file: dfFile, value: readDfCredentials(dfFile) } : undefined;
  const { location } = resolveLocation({ option: options.location, config, dfCredentials: dfCredentials?.value });
  const datasets = [...new Set(entries.map((entry) => entry.dataset))];
  if (options["check-only"]) {
    let projectId = "<project>";
    try {
      projectId = resolveProject({ option: options.project, env: process.env, config, dfCredentials: dfCredentials?.value }).projectId;
    } catch {
      // --check-only needs no project.
    }
    for (const entry of entries) log(`  ${entry.file} -> ${projectId}:${entry.dataset}.${entry.table} (${entry.format}, ${entry.fields.length} columns)`);
    log(`\n--check-only: nothing loaded. Without it, ${entries.length} tables would load into ${datasets.join(", ")} in ${projectId} (${location}).`);
    return;
  }
  const { projectId, source } = resolveProject({ option: options.project, env: process.env, config, dfCredentials: dfCredentials?.value });
  const credentials = requireCredentials({ env: process.env, dfCredentials });
  log(`project ${projectId} (from ${source}), location ${location}, credentials: ${credentials.description}`);
  const api = createBigQueryApi({ projectId, location, credentials });
  const context: ErrorContext = { projectId, location, account: credentials.account, rawDatasets: rawDatasets(config.vars ?? {}) };
  const started = Date.now();
  const results = await executeLoad(api, entries, { location, overwriteExisting: options["overwrite-existing"], log, context });
  const rows = results.reduce((sum, result) => sum + result.rows, 0);
  log(`\nloaded ${results.length} tables, ${rows.toLocaleString("en-US")} rows, in ${((Date.now() - started) / 1000).toFixed(0)}s\n`);
  const systemsLoaded = [...new Map(entries.map((entry) => [entry.system, { system: entry.system, dataset: entry.dataset }])).values()];
  log(varsAdvice(projectId, location, systemsLoaded, config.vars ?? {}));
}

if (require.main === module) main().catch(exitWithError);
