// Dry-runs every statement `dataform run` would execute on BigQuery (tables,
// views, incremental merges, assertions, operations) and reports the bytes each
// would process, the total and the on-demand cost. Nothing is written.
//
// The statements come from scripts/lib/bigquery-statements.ts, which builds
// them with the official CLI's own execution builder, from a graph the
// official CLI compiled (`dataform compile --json`) for your project.

import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import {
  planBigQueryRun,
  splitSqlStatements,
  targetKey,
  type CompiledGraph,
  type PlannedAction,
  type WarehouseTable,
} from "./lib/bigquery-statements";
import {
  bytesProcessed,
  compileForBigQuery,
  createBigQueryApi,
  explainBigQueryError,
  formatBytes,
  formatDollars,
  locationSchema,
  mapLimit,
  normalizeBigQueryError,
  parseCliOptions,
  parseVars,
  projectIdSchema,
  rawDatasets,
  readDataformConfig,
  readDfCredentials,
  repoRoot,
  requireCredentials,
  resolveLocation,
  resolveProject,
  sameLocation,
  toHandoffError,
  DF_CREDENTIALS_FILE,
  TIB,
  type BigQueryApi,
  type DatasetLocations,
  type ErrorContext,
  type JobResource,
} from "./lib/bigquery";
import { exitWithError, HandoffError } from "./lib/errors";

export const DEFAULT_PRICE_PER_TIB = 6.25;
const MIB = 1024 * 1024;

/** One statement to dry-run. */
export interface DryRunStatement {
  /** dataset.name of the action. */
  action: string;
  kind: PlannedAction["kind"];
  /** create table, create view, merge, insert, assertion check, operation, ... */
  statement: string;
  sql: string;
  /** The SELECT to check instead when the action's own dataset does not exist yet. */
  fallbackSql?: string;
}

export type DryRunStatus = "ok" | "upstream-not-built" | "raw-missing" | "error";

export interface DryRunRow {
  action: string;
  kind: string;
  statement: string;
  status: DryRunStatus;
  /** totalBytesProcessed, when the dry run succeeded. */
  bytes?: number;
  /** Bytes an on-demand run would bill: rounded up to MiB, at least 10 MiB per table referenced. */
  billedBytes?: number;
  /** statistics.query.statementType from BigQuery. */
  statementType?: string;
  /** statistics.query.totalBytesProcessedAccuracy (PRECISE, LOWER_BOUND, UPPER_BOUND, UNKNOWN). */
  accuracy?: string;
  note?: string;
}

/** Statements whose effect later statements of the same script depend on. */
const procedural = /^\s*(declare|set|begin|if|loop|while|for|create\s+(or\s+replace\s+)?temp(orary)?\s+(function|table))\b/i;

function statementLabel(sql: string, kind: PlannedAction["kind"]): string {
  const text = sql.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*/, "").toLowerCase();
  if (/^create\s+or\s+replace\s+materialized\s+view/.test(text)) return "create materialized view";
  if (/^create\s+(or\s+replace\s+)?view/.test(text)) return kind === "assertion" ? "create assertion view" : "create view";
  if (/^create\s+(or\s+replace\s+)?table/.test(text)) return "create table";
  if (/^merge\b/.test(text)) return "merge";
  if (/^insert\b/.test(text)) return "insert";
  if (/^drop\b/.test(text)) return "drop";
  if (/^(select|with)\b/.test(text)) return kind === "operation" ? "operation (select)" : "select";
  return kind === "operation" ? "operation" : "statement";
}

/**
 * The statements `dataform run` would execute, in dependency order: a first
 * build for everything, except incremental tables that already exist (listed
 * in `existing`), which get the MERGE / INSERT of a scheduled run.
 * Assertions are checked as the row-count query Dataform runs over them.
 */
export function statementsToDryRun(graph: CompiledGraph, options: { existing?: WarehouseTable[]; fullRefresh?: boolean } = {}): DryRunStatement[] {
  const pc = graph.projectConfig;
  let actions = planBigQueryRun(graph, { phase: "full-refresh" }).actions;
  if (!options.fullRefresh && (options.existing ?? []).length > 0) {
    const incremental = new Map(planBigQueryRun(graph, { phase: "incremental", warehouse: options.existing }).actions.map((action) => [action.key, action]));
    actions = actions.map((action) => incremental.get(action.key) ?? action);
  }
  const tables = new Map((graph.tables ?? []).map((table) => [targetKey(table.target, pc), table]));
  const assertions = new Map((graph.assertions ?? []).map((assertion) => [targetKey(assertion.target, pc), assertion]));
  const statements: DryRunStatement[] = [];
  for (const action of actions) {
    if (action.disabled) continue;
    const name = `${action.target.schema ?? pc.defaultSchema}.${action.target.name}`;
    const table = tables.get(action.key);
    const assertion = assertions.get(action.key);
    for (const task of action.tasks) {
      if (task.type === "assertion") {
        // Dataform counts the rows of the assertion view it just created; a dry
        // run cannot read a view that does not exist yet, so count its query.
        statements.push({ action: name, kind: action.kind, statement: "assertion check", sql: `select sum(1) as row_count from (\n${assertion?.query ?? task.sql}\n)` });
        continue;
      }
      const pieces = splitSqlStatements(task.sql);
      const fallbackFor = (statement: string): string | undefined => {
        const query = statement.startsWith("merge") || statement.startsWith("insert") ? table?.incrementalQuery || table?.query : (table?.query ?? assertion?.query);
        return /^(create|merge|insert)/.test(statement) && query ? query : undefined;
      };
      // Pre-operations that declare variables or temp functions belong with the
      // statements that use them: such a task is dry-run as one script.
      if (pieces.length > 1 && pieces.some((piece) => procedural.test(piece.sql))) {
        const labels = pieces.map((piece) => statementLabel(piece.sql, action.kind));
        const mainIndex = labels.findIndex((label) => /^(create|merge|insert)/.test(label));
        const main = labels[mainIndex] ?? "statement";
        const query = fallbackFor(main);
        // The fallback keeps the declarations and swaps the main statement for its SELECT.
        const fallbackSql = query && mainIndex >= 0 ? pieces.map((piece, index) => (index === mainIndex ? query : piece.sql)).join(";\n") : undefined;
        statements.push({ action: name, kind: action.kind, statement: `${main} (script of ${pieces.length})`, sql: task.sql, fallbackSql });
        continue;
      }
      for (const piece of pieces) {
        const statement = statementLabel(piece.sql, action.kind);
        statements.push({ action: name, kind: action.kind, statement, sql: piece.sql, fallbackSql: fallbackFor(statement) });
      }
    }
  }
  return statements;
}

/** What the statements can reference, to tell "not built yet" from "missing" and "wrong". */
export interface GraphNames {
  /** project.dataset.table of everything the run creates. */
  built: Set<string>;
  /** project.dataset.table of the raw tables (declarations). */
  declared: Set<string>;
  /** project.dataset the run writes to. */
  outputDatasets: Set<string>;
  /** project.dataset of the raw tables. */
  rawDatasets: Set<string>;
}

export function graphNames(graph: CompiledGraph): GraphNames {
  const pc = graph.projectConfig;
  const datasetOf = (key: string): string => key.slice(0, key.lastIndexOf("."));
  const built = new Set([...(graph.tables ?? []), ...(graph.assertions ?? []), ...(graph.operations ?? [])].map((item) => targetKey(item.target, pc)));
  const declared = new Set((graph.declarations ?? []).map((item) => targetKey(item.target, pc)));
  return { built, declared, outputDatasets: new Set([...built].map(datasetOf)), rawDatasets: new Set([...declared].map(datasetOf)) };
}

/** "p:d.t" (as BigQuery writes it) -> "p.d.t" (as targetKey does). */
const dotted = (resource: string): string => resource.replace(":", ".");

/** Bytes an on-demand run would bill for a statement, from its dry run. */
export function billedEstimate(job: JobResource, bytes: number): number {
  if (bytes <= 0) return 0;
  const tables = Math.max(1, job.statistics?.query?.referencedTables?.length ?? 1);
  return Math.max(Math.ceil(bytes / MIB) * MIB, tables * 10 * MIB);
}

function okRow(statement: DryRunStatement, job: JobResource, note?: string): DryRunRow {
  const bytes = bytesProcessed(job);
  const free = /^create (assertion )?view/.test(statement.statement);
  return {
    action: statement.action,
    kind: statement.kind,
    statement: statement.statement,
    status: "ok",
    bytes: free ? 0 : bytes,
    billedBytes: free ? 0 : billedEstimate(job, bytes),
    statementType: job.statistics?.query?.statementType,
    accuracy: job.statistics?.query?.totalBytesProcessedAccuracy,
    note,
  };
}

/** Classifies a failed dry run; `undefined` means "retry with the SELECT". */
function failedRow(statement: DryRunStatement, error: unknown, names: GraphNames, context: ErrorContext, canFallBack: boolean): DryRunRow | undefined {
  const normalized = normalizeBigQueryError(error);
  const text = [normalized?.message ?? String(error), ...(normalized?.errors ?? []).map((item) => item.message ?? "")].join("\n");
  const base = { action: statement.action, kind: statement.kind, statement: statement.statement };
  const table = text.match(/Not found: Table ([\w.:$-]+?)(?: was not found|\s|$)/)?.[1];
  const dataset = text.match(/Not found: Dataset ([\w.:-]+?)(?: was not found|\s|$)/)?.[1];
  const explained = explainBigQueryError(error, context);
  if (table) {
    const key = dotted(table);
    if (names.built.has(key)) return { ...base, status: "upstream-not-built", note: `upstream not built yet: ${key}` };
    if (names.declared.has(key)) return { ...base, status: "raw-missing", note: `raw table ${key} does not exist: ${explained ?? "load it or set the var that names its dataset"}` };
  }
  if (dataset) {
    const key = dotted(dataset);
    if (names.outputDatasets.has(key)) {
      if (canFallBack && statement.fallbackSql) return undefined;
      return { ...base, status: "upstream-not-built", note: `upstream not built yet: dataset ${key} does not exist` };
    }
    if (names.rawDatasets.has(key)) return { ...base, status: "raw-missing", note: explained ?? `raw dataset ${key} does not exist` };
  }
  const firstLine = (normalized?.message ?? String(error)).split("\n")[0]!.trim();
  return { ...base, status: "error", note: explained ?? firstLine };
}

export async function dryRunStatements(
  api: BigQueryApi,
  statements: readonly DryRunStatement[],
  names: GraphNames,
  options: { concurrency?: number; context?: ErrorContext; onRow?: (row: DryRunRow, index: number) => void } = {},
): Promise<DryRunRow[]> {
  const context = options.context ?? { projectId: api.projectId, location: api.location };
  return mapLimit(statements, options.concurrency ?? 8, async (statement, index) => {
    let row: DryRunRow;
    try {
      row = okRow(statement, await api.dryRun(statement.sql));
    } catch (error) {
      const failed = failedRow(statement, error, names, context, true);
      if (failed) {
        row = failed;
      } else {
        const dataset = statement.action.slice(0, statement.action.lastIndexOf("."));
        try {
          row = okRow(statement, await api.dryRun(statement.fallbackSql!), `dataset ${dataset} not created yet: estimated from the statement's SELECT`);
        } catch (fallbackError) {
          row = failedRow(statement, fallbackError, names, context, false)!;
        }
      }
    }
    options.onRow?.(row, index);
    return row;
  });
}

export interface DryRunTotals {
  statements: number;
  estimated: number;
  bytes: number;
  billedBytes: number;
  cost: number;
  upstreamNotBuilt: number;
  rawMissing: number;
  errors: number;
}

export function dryRunTotals(rows: readonly DryRunRow[], pricePerTiB: number): DryRunTotals {
  const ok = rows.filter((row) => row.status === "ok");
  const billedBytes = ok.reduce((sum, row) => sum + (row.billedBytes ?? 0), 0);
  return {
    statements: rows.length,
    estimated: ok.length,
    bytes: ok.reduce((sum, row) => sum + (row.bytes ?? 0), 0),
    billedBytes,
    cost: (billedBytes / TIB) * pricePerTiB,
    upstreamNotBuilt: rows.filter((row) => row.status === "upstream-not-built").length,
    rawMissing: rows.filter((row) => row.status === "raw-missing").length,
    errors: rows.filter((row) => row.status === "error").length,
  };
}

const statusText: Record<DryRunStatus, string> = { ok: "", "upstream-not-built": "not estimated", "raw-missing": "RAW MISSING", error: "ERROR" };

/** The report: one line per statement, then totals and cost. */
export function formatDryRunReport(rows: readonly DryRunRow[], options: { pricePerTiB: number; projectId?: string; location?: string }): string {
  const totals = dryRunTotals(rows, options.pricePerTiB);
  const header = ["action", "type", "statement", "bytes processed", "note"];
  const body = rows.map((row) => [
    row.action,
    row.kind,
    row.statement,
    row.status === "ok" ? formatBytes(row.bytes ?? 0) : "-",
    [statusText[row.status], row.note, row.accuracy && row.accuracy !== "PRECISE" && row.status === "ok" ? `estimate is ${row.accuracy.toLowerCase().replace("_", " ")}` : ""].filter(Boolean).join(": "),
  ]);
  const widths = header.slice(0, 4).map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (column === 3 ? cell.padStart(widths[3]!) : column < 4 ? cell.padEnd(widths[column]!) : cell))
      .join("  ")
      .trimEnd();
  const out: string[] = [];
  if (options.projectId) out.push(`Dry run in project ${options.projectId}${options.location ? ` (${options.location})` : ""}: ${totals.statements} statements, nothing written.`, "");
  out.push(line(header), line(widths.map((width, column) => "-".repeat(column === 4 ? 4 : width)).concat("----")).replace(/-+$/, "----"));
  for (const cells of body) out.push(line(cells));
  out.push("");
  out.push(`total bytes processed: ${formatBytes(totals.bytes)} (${totals.bytes.toLocaleString("en-US")} bytes) in ${totals.estimated} of ${totals.statements} statements`);
  out.push(`billed (on-demand, estimated: each statement rounded up to 1 MiB, at least 10 MiB per table read): ${formatBytes(totals.billedBytes)}`);
  out.push(`cost at ${formatDollars(options.pricePerTiB)}/TiB: ${formatDollars(totals.cost)} per run (the first 1 TiB a month is free per billing account; capacity/Editions pricing bills slots instead)`);
  if (totals.upstreamNotBuilt > 0) {
    out.push(
      "",
      `${totals.upstreamNotBuilt} statement(s) not estimated: upstream not built yet. A dry run cannot read tables and views that the run itself creates.`,
      "Run `npx tsx scripts/bigquery-run.ts` (dataform run) once, then dry-run again for the full numbers; or pass --default-schema",
      "with a dataset where the models are already built (e.g. production) to estimate against it.",
    );
  }
  if (totals.rawMissing > 0) out.push("", `${totals.rawMissing} statement(s) read raw tables that do not exist: load them (scripts/bigquery-load.ts) or set the --var that names their dataset.`);
  if (totals.errors > 0) out.push("", `${totals.errors} statement(s) failed: see ERROR above.`);
  return out.join("\n");
}

/**
 * The whole dry run for a compiled graph: checks where the datasets are (a
 * dataset in another location stops here; a missing raw dataset is a
 * warning), looks up which incremental tables exist (their MERGE is what a
 * scheduled run executes), then dry-runs every statement.
 */
export async function dryRunProject(
  api: BigQueryApi,
  graph: CompiledGraph,
  options: { fullRefresh?: boolean; concurrency?: number; context: ErrorContext; log?: (line: string) => void },
): Promise<DryRunRow[]> {
  const log = options.log ?? ((): void => {});
  const context = options.context;
  const names = graphNames(graph);
  const locations: DatasetLocations = new Map();
  for (const key of [...names.rawDatasets, ...names.outputDatasets]) {
    const [datasetProject = api.projectId, dataset = ""] = key.split(/\.(?=[^.]+$)/);
    const metadata = await api.getDataset(dataset, datasetProject).catch((error: unknown) => {
      throw toHandoffError(error, context, `dataset ${datasetProject}:${dataset}: `);
    });
    locations.set(`${datasetProject}:${dataset}`, metadata?.location ?? null);
    if (metadata && !sameLocation(metadata.location, api.location)) {
      throw new HandoffError(
        `wrong location: dataset ${datasetProject}:${dataset} is in ${metadata.location}, but the dry run uses ${api.location}; pass --location ${metadata.location} (or set defaultLocation in dataform.json)`,
      );
    }
    if (!metadata && names.rawDatasets.has(key)) {
      const system = context.rawDatasets?.find((candidate) => candidate.dataset === dataset);
      log(`warning: raw dataset ${datasetProject}:${dataset} does not exist${system ? ` (set --var ${system.schemaVar}=<your ${system.system} dataset>, or load it with scripts/bigquery-load.ts)` : ""}`);
    } else if (!metadata) {
      log(`note: dataset ${datasetProject}:${dataset} does not exist yet; dataform run creates it`);
    }
  }
  const withLocations: ErrorContext = { ...context, datasets: locations };

  const existing: WarehouseTable[] = [];
  if (!options.fullRefresh) {
    const incremental = (graph.tables ?? []).filter((table) => (table.type ?? table.enumType)?.toLowerCase() === "incremental" && !table.disabled);
    for (const table of incremental) {
      const { database = api.projectId, schema = graph.projectConfig.defaultSchema ?? "", name } = table.target;
      const metadata = await api.getTable(schema, name, database).catch((error: unknown) => {
        throw toHandoffError(error, withLocations);
      });
      if (metadata) existing.push({ target: table.target, type: metadata.type === "VIEW" ? "view" : "table", columns: (metadata.schema?.fields ?? []).map((field) => field.name) });
    }
  }
  const statements = statementsToDryRun(graph, { existing, fullRefresh: options.fullRefresh });
  log(`dry-running ${statements.length} statements${existing.length > 0 ? ` (${existing.length} incremental table(s) exist: their MERGE/INSERT is estimated)` : ""}...`);
  return dryRunStatements(api, statements, names, { concurrency: options.concurrency, context: withLocations });
}

// ---------------------------------------------------------------------------

const usage = `Usage: npx tsx scripts/bigquery-dry-run.ts [options]

Compiles the project with the official Dataform CLI for your project and
dry-runs, on BigQuery, every statement \`dataform run\` would execute: CREATE OR
REPLACE TABLE / VIEW, the MERGE / INSERT of incremental tables that already
exist, assertions, operations. Prints the bytes each would process, the total
and the on-demand cost. A dry run is free and writes nothing.

Statements that read models not built yet are reported as "upstream not
built yet": the numbers are complete after a first run (or with
--default-schema pointing at a dataset where the models are built).

Options:
  --project ID            Google Cloud project (default: GOOGLE_CLOUD_PROJECT, then
                          dataform.json defaultDatabase)
  --location LOC          BigQuery location (default: dataform.json defaultLocation)
  --var KEY=VALUE         a Dataform var (repeatable), e.g. salesforce_schema=handoff_sandbox_salesforce
  --vars K=V,K2=V2        the same, comma-separated (as the Dataform CLI takes them)
  --default-schema S      the dataset the models are built in (default: dataform.json)
  --assertion-schema S    the dataset of assertion views (default: dataform.json)
  --schema-suffix S       appended to output datasets, as in dataform run
  --full-refresh          estimate incremental tables as full rebuilds
  --price-per-tib USD     on-demand price per TiB (default ${DEFAULT_PRICE_PER_TIB}, US multi-region)
  --concurrency N         dry runs at once (default 8)
  --json                  print the rows and totals as JSON
  --project-dir DIR       the Dataform project (default: this repository)
  -h, --help              show this help
`;

const optionsSchema = z.object({
  project: projectIdSchema.optional(),
  location: locationSchema.optional(),
  var: z.array(z.string()).default([]),
  vars: z.string().optional(),
  "default-schema": z.string().regex(/^[A-Za-z0-9_]+$/, "a dataset name").optional(),
  "assertion-schema": z.string().regex(/^[A-Za-z0-9_]+$/, "a dataset name").optional(),
  "schema-suffix": z.string().regex(/^[A-Za-z0-9_]+$/, "letters, digits and underscores").optional(),
  "full-refresh": z.boolean().default(false),
  "price-per-tib": z.coerce.number().positive("a price in dollars per TiB").default(DEFAULT_PRICE_PER_TIB),
  concurrency: z.coerce.number().int().min(1).max(50).default(8),
  json: z.boolean().default(false),
  "project-dir": z.string().optional(),
});

async function main(): Promise<void> {
  const options = parseCliOptions(
    process.argv.slice(2),
    {
      project: { type: "string" },
      location: { type: "string" },
      var: { type: "string", multiple: true },
      vars: { type: "string" },
      "default-schema": { type: "string" },
      "assertion-schema": { type: "string" },
      "schema-suffix": { type: "string" },
      "full-refresh": { type: "boolean" },
      "price-per-tib": { type: "string" },
      concurrency: { type: "string" },
      json: { type: "boolean" },
      "project-dir": { type: "string" },
    },
    optionsSchema,
    usage,
  );
  if (!options) return;
  const log = options.json ? (): void => {} : (line: string): void => void process.stderr.write(`${line}\n`);
  const projectDir = path.resolve(options["project-dir"] ?? repoRoot);
  const config = readDataformConfig(projectDir);
  const dfFile = path.join(projectDir, DF_CREDENTIALS_FILE);
  const dfCredentials = existsSync(dfFile) ? { file: dfFile, value: readDfCredentials(dfFile) } : undefined;
  const { projectId, source } = resolveProject({ option: options.project, env: process.env, config, dfCredentials: dfCredentials?.value });
  const { location } = resolveLocation({ option: options.location, config, dfCredentials: dfCredentials?.value });
  const vars = parseVars([...options.var, ...(options.vars ? [options.vars] : [])]);
  const credentials = requireCredentials({ env: process.env, dfCredentials });
  log(`project ${projectId} (from ${source}), location ${location}, credentials: ${credentials.description}`);

  const effectiveVars = { ...(config.vars ?? {}), ...vars };
  const raw = rawDatasets(effectiveVars);
  const api = createBigQueryApi({ projectId, location, credentials });
  const context: ErrorContext = { projectId, location, account: credentials.account, rawDatasets: raw };
  // Can we run jobs at all? One cheap check instead of one error per statement.
  try {
    await api.dryRun("select 1");
  } catch (error) {
    throw toHandoffError(error, context);
  }

  log("compiling with the Dataform CLI...");
  const graph = await compileForBigQuery({
    projectDir,
    defaultDatabase: projectId,
    defaultLocation: location,
    defaultSchema: options["default-schema"],
    assertionSchema: options["assertion-schema"],
    schemaSuffix: options["schema-suffix"],
    vars,
  });
  const rows = await dryRunProject(api, graph, { fullRefresh: options["full-refresh"], concurrency: options.concurrency, context, log });
  const totals = dryRunTotals(rows, options["price-per-tib"]);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ projectId, location, pricePerTiB: options["price-per-tib"], rows, totals }, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatDryRunReport(rows, { pricePerTiB: options["price-per-tib"], projectId, location })}\n`);
  }
  if (totals.errors > 0 || totals.rawMissing > 0) process.exitCode = 1;
}

if (require.main === module) main().catch(exitWithError);
