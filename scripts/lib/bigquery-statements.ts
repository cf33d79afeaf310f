// Turns a compiled Dataform graph into the statements Dataform's BigQuery
// adapter executes, in dependency order.
//
// Two engines produce the statements:
//  - "cli": the official @dataform/cli's own `Builder` / `ExecutionSql` (the code
//    `dataform run` uses), loaded from node_modules/@dataform/cli/bundle.js with
//    its trailing `runCli()` call removed. It runs offline: we hand it a warehouse
//    state (empty for the first full build, or the incremental tables with the
//    columns the analyzer inferred for the incremental run) instead of querying
//    BigQuery.
//  - "mirror": a line-by-line TypeScript copy of the same ExecutionSql logic, used
//    if the bundle ever stops loading (a test keeps both engines in agreement).
//
// Nothing here talks to BigQuery or to the analyzer; see zetasql-analyzer.ts.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import Module, { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";

// ---------------------------------------------------------------------------
// Compiled graph (the JSON `dataform compile --json` prints), loosely typed.

export interface Target {
  database?: string;
  schema?: string;
  name: string;
}

export interface CompiledTable {
  type?: string; // "table" | "view" | "incremental"
  enumType?: string;
  target: Target;
  query?: string;
  incrementalQuery?: string;
  preOps?: string[];
  postOps?: string[];
  incrementalPreOps?: string[];
  incrementalPostOps?: string[];
  uniqueKey?: string[];
  where?: string;
  protected?: boolean;
  disabled?: boolean;
  materialized?: boolean;
  fileName?: string;
  dependencyTargets?: Target[];
  bigquery?: {
    partitionBy?: string;
    clusterBy?: string[];
    partitionExpirationDays?: number;
    requirePartitionFilter?: boolean;
    updatePartitionFilter?: string;
    additionalOptions?: Record<string, string>;
  };
}

export interface CompiledAssertion {
  target: Target;
  query?: string;
  fileName?: string;
  disabled?: boolean;
  dependencyTargets?: Target[];
}

export interface CompiledOperation {
  target: Target;
  queries?: string[];
  hasOutput?: boolean;
  fileName?: string;
  disabled?: boolean;
  dependencyTargets?: Target[];
}

export interface CompiledDeclaration {
  target: Target;
  fileName?: string;
}

export interface CompiledTest {
  name: string;
  testQuery?: string;
  expectedOutputQuery?: string;
  fileName?: string;
}

export interface CompilationError {
  fileName?: string;
  message?: string;
  stack?: string;
}

export interface CompiledGraph {
  projectConfig: {
    warehouse?: string;
    defaultDatabase?: string;
    defaultSchema?: string;
    assertionSchema?: string;
    defaultLocation?: string;
    vars?: Record<string, string>;
    [key: string]: unknown;
  };
  tables?: CompiledTable[];
  assertions?: CompiledAssertion[];
  operations?: CompiledOperation[];
  declarations?: CompiledDeclaration[];
  tests?: CompiledTest[];
  graphErrors?: { compilationErrors?: CompilationError[] };
  dataformCoreVersion?: string;
}

// ---------------------------------------------------------------------------
// Paths.

/** The repository root (scripts/lib/ -> ../..). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The official CLI entry point (node_modules/.bin/dataform -> @dataform/cli/bundle.js). */
export function dataformCliPath(repoRoot: string = REPO_ROOT): string {
  return path.join(repoRoot, "node_modules", ".bin", "dataform");
}

// ---------------------------------------------------------------------------
// Compiling.

export interface CompileOptions {
  /** Extra `--vars`; `dialect` defaults to "bigquery" (merged with dataform.json's vars by the CLI). */
  vars?: Record<string, string>;
  /** Repository whose node_modules holds the CLI (default: this repo). */
  repoRoot?: string;
  timeoutMs?: number;
}

export class DataformCompileError extends Error {
  constructor(
    message: string,
    readonly errors: CompilationError[],
    readonly stderr: string,
  ) {
    super(message);
    this.name = "DataformCompileError";
  }
}

/**
 * Runs `dataform compile <projectDir> --json --vars=dialect=bigquery` with the
 * official CLI and returns the compiled graph. Throws DataformCompileError when
 * the CLI fails or the graph has compilation errors.
 */
export async function compileDataformProject(projectDir: string, options: CompileOptions = {}): Promise<CompiledGraph> {
  const vars = { dialect: "bigquery", ...(options.vars ?? {}) };
  const varsArg = Object.entries(vars)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  const cli = dataformCliPath(options.repoRoot);
  const args = ["compile", path.resolve(projectDir), "--json", "--timeout=10m", `--vars=${varsArg}`];
  const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
    execFile(
      cli,
      args,
      { maxBuffer: 256 * 1024 * 1024, timeout: options.timeoutMs ?? 120_000, env: { ...process.env, NO_COLOR: "1" } },
      (error, out, err) => {
        const exitCode = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ stdout: String(out), stderr: String(err), code: exitCode });
      },
    );
  });
  let graph: CompiledGraph | undefined;
  try {
    graph = JSON.parse(stdout) as CompiledGraph;
  } catch {
    graph = undefined;
  }
  const compilationErrors = graph?.graphErrors?.compilationErrors ?? [];
  if (!graph || code !== 0 || compilationErrors.length > 0) {
    const detail =
      compilationErrors.length > 0
        ? compilationErrors.map((e) => `  ${e.fileName ?? "?"}: ${e.message ?? e.stack ?? "unknown error"}`).join("\n")
        : (stderr || stdout).trim().slice(0, 4000);
    throw new DataformCompileError(
      `dataform compile ${projectDir} failed (exit ${code}, ${compilationErrors.length} compilation error(s)):\n${detail}`,
      compilationErrors,
      stderr,
    );
  }
  return graph;
}

/**
 * Makes a directory the CLI can compile: a temp copy of `projectDir` with
 * node_modules symlinked to the repo's, a package.json, and (when missing) the
 * repo's dataform.json and shared includes (default: includes/raw_contract.js, so
 * fixtures always use the real raw contract). Returns the staged directory and a
 * cleanup function.
 */
export function stageProject(
  projectDir: string,
  options: { repoRoot?: string; sharedIncludes?: string[] | "all" } = {},
): { dir: string; cleanup: () => void } {
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const shared = options.sharedIncludes ?? ["raw_contract.js"];
  const src = path.resolve(projectDir);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "handoff-bq-project-"));
  fs.cpSync(src, dir, {
    recursive: true,
    filter: (p) => !p.split(path.sep).includes("node_modules"),
  });
  const nodeModules = path.join(dir, "node_modules");
  if (!fs.existsSync(nodeModules)) fs.symlinkSync(path.join(repoRoot, "node_modules"), nodeModules, "dir");
  if (!fs.existsSync(path.join(dir, "package.json")) && !fs.existsSync(path.join(dir, "workflow_settings.yaml"))) {
    const corePkg = JSON.parse(
      fs.readFileSync(path.join(repoRoot, "node_modules", "@dataform", "core", "package.json"), "utf8"),
    ) as { version: string };
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "staged-dataform-project", private: true, dependencies: { "@dataform/core": corePkg.version } }, null, 2),
    );
  }
  if (!fs.existsSync(path.join(dir, "dataform.json")) && !fs.existsSync(path.join(dir, "workflow_settings.yaml"))) {
    fs.copyFileSync(path.join(repoRoot, "dataform.json"), path.join(dir, "dataform.json"));
  }
  const repoIncludes = path.join(repoRoot, "includes");
  if (fs.existsSync(repoIncludes)) {
    fs.mkdirSync(path.join(dir, "includes"), { recursive: true });
    for (const f of fs.readdirSync(repoIncludes)) {
      if (shared !== "all" && !shared.includes(f)) continue;
      const dest = path.join(dir, "includes", f);
      if (!fs.existsSync(dest)) fs.cpSync(path.join(repoIncludes, f), dest, { recursive: true });
    }
  }
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** True when `projectDir` can be compiled as is (has node_modules with @dataform/core and a package.json). */
export function isCompilableInPlace(projectDir: string): boolean {
  return (
    fs.existsSync(path.join(projectDir, "node_modules", "@dataform", "core")) &&
    (fs.existsSync(path.join(projectDir, "package.json")) || fs.existsSync(path.join(projectDir, "workflow_settings.yaml")))
  );
}

// ---------------------------------------------------------------------------
// Targets.

/** "database.schema.name", the way Dataform prints targets (and the catalog key we use). */
export function targetKey(target: Target, projectConfig?: CompiledGraph["projectConfig"]): string {
  const database = target.database || projectConfig?.defaultDatabase;
  const schema = target.schema || projectConfig?.defaultSchema;
  return [database, schema, target.name].filter((p): p is string => !!p).join(".");
}

/** The backticked name Dataform's BigQuery adapter writes (CompilationSql.resolveTarget). */
export function resolveTarget(target: Target, projectConfig: CompiledGraph["projectConfig"]): string {
  const database = target.database || projectConfig.defaultDatabase;
  const schema = target.schema || projectConfig.defaultSchema;
  return database ? `\`${database}.${schema}.${target.name}\`` : `\`${schema}.${target.name}\``;
}

// ---------------------------------------------------------------------------
// Execution plan.

export type ActionKind = "table" | "view" | "incremental" | "assertion" | "operation" | "test";
export type Phase = "full-refresh" | "incremental" | "unit-test";
export type Engine = "cli" | "mirror";

export interface PlannedTask {
  /** "statement" tasks change the warehouse; "assertion" tasks are the row-count queries run after assertion views. */
  type: "statement" | "assertion";
  sql: string;
}

export interface PlannedAction {
  key: string;
  target: Target;
  kind: ActionKind;
  phase: Phase;
  fileName: string;
  /** Keys of the actions/declarations this action depends on. */
  dependencies: string[];
  disabled: boolean;
  tasks: PlannedTask[];
}

/** A table or view as the warehouse state Dataform reads before building statements. */
export interface WarehouseTable {
  target: Target;
  type: "table" | "view";
  columns: string[];
}

export interface PlanOptions {
  /**
   * "full-refresh": every action as on a first run against an empty warehouse
   * (create or replace for tables, views and incremental tables).
   * "incremental": only incremental tables, as on a later run, given
   * `warehouse` (their current columns): merge on uniqueKey, or insert into.
   */
  phase: "full-refresh" | "incremental";
  warehouse?: WarehouseTable[];
  /** "auto" (default): the CLI's own builder, or the mirror if the bundle cannot be loaded. */
  engine?: Engine | "auto";
  repoRoot?: string;
}

export interface Plan {
  engine: Engine;
  /** Why the CLI engine was not used, when engine "auto" fell back to the mirror. */
  fallbackReason?: string;
  actions: PlannedAction[];
}

/** Builds the statements Dataform would execute on BigQuery, ordered so every action follows its dependencies. */
export function planBigQueryRun(graph: CompiledGraph, options: PlanOptions): Plan {
  const requested = options.engine ?? "auto";
  let engine: Engine = requested === "mirror" ? "mirror" : "cli";
  let fallbackReason: string | undefined;
  let actions: PlannedAction[];
  if (engine === "cli") {
    try {
      actions = planWithCli(graph, options);
    } catch (error) {
      if (requested === "cli") throw error;
      fallbackReason = `could not use @dataform/cli's builder: ${(error as Error).message}`;
      engine = "mirror";
      actions = planWithMirror(graph, options);
    }
  } else {
    actions = planWithMirror(graph, options);
  }
  if (options.phase === "incremental") {
    const incrementalKeys = new Set(
      (options.warehouse ?? []).map((t) => targetKey(t.target, graph.projectConfig)),
    );
    actions = actions.filter((a) => a.kind === "incremental" && incrementalKeys.has(a.key));
  }
  return { engine, fallbackReason, actions: orderByDependencies(actions) };
}

/** The queries `dataform test` runs for unit tests: each test's query and its expected output. */
export function planUnitTests(graph: CompiledGraph): PlannedAction[] {
  return (graph.tests ?? []).map((t) => ({
    key: `test:${t.name}`,
    target: { name: t.name },
    kind: "test" as const,
    phase: "unit-test" as const,
    fileName: t.fileName ?? "",
    dependencies: [],
    disabled: false,
    tasks: [t.testQuery, t.expectedOutputQuery]
      .filter((q): q is string => !!q && q.trim().length > 0)
      .map((sql) => ({ type: "statement" as const, sql })),
  }));
}

/** Stable topological order (Kahn) over `dependencies`; unknown dependencies (declarations) are ignored. */
export function orderByDependencies(actions: PlannedAction[]): PlannedAction[] {
  const byKey = new Map<string, number>();
  actions.forEach((a, i) => byKey.set(a.key, i));
  const indegree = actions.map(() => 0);
  const dependents: number[][] = actions.map(() => []);
  actions.forEach((a, i) => {
    for (const dep of new Set(a.dependencies)) {
      const j = byKey.get(dep);
      if (j === undefined || j === i) continue;
      indegree[i]!++;
      dependents[j]!.push(i);
    }
  });
  const ready: number[] = [];
  indegree.forEach((d, i) => d === 0 && ready.push(i));
  const out: PlannedAction[] = [];
  const done = new Set<number>();
  while (ready.length > 0) {
    ready.sort((x, y) => x - y);
    const i = ready.shift()!;
    done.add(i);
    out.push(actions[i]!);
    for (const j of dependents[i]!) {
      if (--indegree[j]! === 0) ready.push(j);
    }
  }
  // Cycles cannot come out of a successful compile; keep any leftovers in input order.
  actions.forEach((a, i) => !done.has(i) && out.push(a));
  return out;
}

// --- engine "cli" ----------------------------------------------------------

interface CliProtoType {
  fromObject(o: unknown): unknown;
  create(o?: unknown): unknown;
  toObject(m: unknown, opts?: unknown): unknown;
}
interface CliExecution {
  Builder: new (prunedGraph: unknown, runConfig: unknown, warehouseState: unknown) => { build(): unknown };
  prune: (graph: unknown, runConfig: unknown) => unknown;
  dataform: {
    CompiledGraph: CliProtoType;
    ExecutionGraph: CliProtoType;
    TableMetadata: CliProtoType & { Type: { TABLE: number; VIEW: number } };
  };
}

const cliCache = new Map<string, CliExecution>();

/**
 * Loads the official CLI's execution-graph builder. The CLI ships as one bundle
 * whose last statement is `runCli();`; we evaluate the same source with that call
 * replaced by an export of the builder, in a module rooted at the bundle's path
 * (so its requires resolve as usual). The "unhandledRejection" handler the bundle
 * installs is removed again.
 */
export function loadDataformCliExecution(repoRoot: string = REPO_ROOT): CliExecution {
  const bundle = fs.realpathSync(path.join(repoRoot, "node_modules", "@dataform", "cli", "bundle.js"));
  const cached = cliCache.get(bundle);
  if (cached) return cached;
  let source = fs.readFileSync(bundle, "utf8").replace(/^#!.*\n/, "\n");
  const tail = /\nrunCli\(\);\s*$/;
  if (!tail.test(source)) throw new Error(`${bundle} does not end with runCli(); (unexpected CLI layout)`);
  for (const name of ["class Builder", "function prune(", "class ExecutionSql"]) {
    if (!source.includes(name)) throw new Error(`${bundle} has no \`${name}\``);
  }
  source = source.replace(tail, "\nmodule.exports = { Builder, prune, dataform };\n");
  const before = new Set(process.listeners("unhandledRejection"));
  const ModuleCtor = Module as unknown as {
    new (id: string, parent?: unknown): { filename: string; paths: string[]; exports: unknown; _compile(src: string, file: string): void };
    _nodeModulePaths(dir: string): string[];
  };
  const mod = new ModuleCtor(bundle);
  mod.filename = bundle;
  mod.paths = ModuleCtor._nodeModulePaths(path.dirname(bundle));
  try {
    mod._compile(source, bundle);
  } finally {
    for (const l of process.listeners("unhandledRejection")) {
      if (!before.has(l)) process.removeListener("unhandledRejection", l as (...args: unknown[]) => void);
    }
  }
  const loaded = mod.exports as CliExecution;
  if (typeof loaded.Builder !== "function" || typeof loaded.prune !== "function" || !loaded.dataform?.CompiledGraph) {
    throw new Error(`${bundle} did not expose Builder/prune/dataform`);
  }
  cliCache.set(bundle, loaded);
  return loaded;
}

interface CliExecutionAction {
  type?: string;
  tableType?: string;
  target?: Target;
  fileName?: string;
  dependencyTargets?: Target[];
  tasks?: { type?: string; statement?: string }[];
}

function planWithCli(graph: CompiledGraph, options: PlanOptions): PlannedAction[] {
  const cli = loadDataformCliExecution(options.repoRoot);
  const { dataform } = cli;
  const compiled = dataform.CompiledGraph.fromObject(JSON.parse(JSON.stringify(graph)));
  const runConfig = { fullRefresh: false };
  const tables =
    options.phase === "incremental"
      ? (options.warehouse ?? []).map((t) =>
          dataform.TableMetadata.create({
            target: t.target,
            type: t.type === "view" ? dataform.TableMetadata.Type.VIEW : dataform.TableMetadata.Type.TABLE,
            fields: t.columns.map((name) => ({ name })),
          }),
        )
      : [];
  const pruned = cli.prune(compiled, runConfig);
  const executionGraph = new cli.Builder(pruned, runConfig, { tables }).build();
  const plain = dataform.ExecutionGraph.toObject(executionGraph, { enums: String, defaults: false }) as {
    actions?: CliExecutionAction[];
  };
  const disabled = disabledKeys(graph);
  return (plain.actions ?? []).map((a) => {
    const target = a.target ?? { name: "?" };
    const key = targetKey(target, graph.projectConfig);
    const kind: ActionKind =
      a.type === "table" ? ((a.tableType as ActionKind | undefined) ?? "table") : a.type === "assertion" ? "assertion" : "operation";
    return {
      key,
      target,
      kind,
      phase: options.phase,
      fileName: a.fileName ?? "",
      dependencies: (a.dependencyTargets ?? []).map((t) => targetKey(t, graph.projectConfig)),
      disabled: disabled.has(key),
      tasks: (a.tasks ?? []).map((t) => ({
        type: t.type === "assertion" ? ("assertion" as const) : ("statement" as const),
        sql: t.statement ?? "",
      })),
    };
  });
}

function disabledKeys(graph: CompiledGraph): Set<string> {
  const keys = new Set<string>();
  for (const a of [...(graph.tables ?? []), ...(graph.assertions ?? []), ...(graph.operations ?? [])]) {
    if (a.disabled) keys.add(targetKey(a.target, graph.projectConfig));
  }
  return keys;
}

// --- engine "mirror" -------------------------------------------------------
// A copy of @dataform/cli 3.0.x ExecutionSql (BigQuery): publishTasks,
// assertTasks, createOrReplace, mergeInto, insertInto, where, concatenateQueries.

function concatenateQueries(statements: (string | undefined)[]): string {
  return statements
    .filter((s): s is string => !!s)
    .map((s) => s.trim())
    .map((s) => (s.length > 0 && s.charAt(s.length - 1) === ";" ? s.substring(0, s.length - 1) : s))
    .join("\n;\n");
}

function whereClause(query: string, where?: string): string {
  return where
    ? `
  select * from (${query}) as subquery
    where ${where}`
    : query;
}

function createOrReplace(table: CompiledTable, kind: "table" | "view" | "incremental", pc: CompiledGraph["projectConfig"]): string {
  const options: string[] = [];
  const bq = table.bigquery;
  if (bq && bq.partitionBy && bq.partitionExpirationDays) options.push(`partition_expiration_days=${bq.partitionExpirationDays}`);
  if (bq && bq.partitionBy && bq.requirePartitionFilter) options.push(`require_partition_filter=${bq.requirePartitionFilter}`);
  if (bq && bq.additionalOptions) {
    for (const [name, value] of Object.entries(bq.additionalOptions)) options.push(`${name}=${value}`);
  }
  const baseType = kind === "view" ? "view" : "table";
  return `create or replace ${table.materialized ? "materialized " : ""}${baseType} ${resolveTarget(table.target, pc)} ${
    bq && bq.partitionBy ? `partition by ${bq.partitionBy} ` : ""
  }${bq && bq.clusterBy && bq.clusterBy.length > 0 ? `cluster by ${bq.clusterBy.join(", ")} ` : ""}${
    options.length > 0 ? `OPTIONS(${options.join(",")})` : ""
  }as ${table.query ?? ""}`;
}

function mergeInto(
  target: Target,
  columns: string[],
  query: string,
  uniqueKey: string[],
  updatePartitionFilter: string | undefined,
  pc: CompiledGraph["projectConfig"],
): string {
  const backticked = columns.map((c) => `\`${c}\``);
  return `
merge ${resolveTarget(target, pc)} T
using (${query}
) S
on ${uniqueKey.map((k) => `T.${k} = S.${k}`).join(` and `)}
  ${updatePartitionFilter ? `and T.${updatePartitionFilter}` : ""}
when matched then
  update set ${columns.map((c) => `\`${c}\` = S.${c}`).join(",")}
when not matched then
  insert (${backticked.join(",")}) values (${backticked.join(",")})`;
}

function insertInto(target: Target, columns: string[], query: string, pc: CompiledGraph["projectConfig"]): string {
  return `\t
insert into ${resolveTarget(target, pc)}\t
(${columns.join(",")})\t
select ${columns.join(",")}\t
from (${query}) as insertions`;
}

function tableKind(table: CompiledTable): "table" | "view" | "incremental" {
  const t = (table.type || table.enumType || "table").toLowerCase();
  if (t === "view" || t === "incremental" || t === "table") return t;
  throw new Error(`Unexpected table type: ${t}`);
}

function planWithMirror(graph: CompiledGraph, options: PlanOptions): PlannedAction[] {
  const pc = graph.projectConfig;
  const state = new Map((options.warehouse ?? []).map((t) => [targetKey(t.target, pc), t]));
  const deps = (ts?: Target[]) => (ts ?? []).map((t) => targetKey(t, pc));
  const out: PlannedAction[] = [];
  for (const table of graph.tables ?? []) {
    const kind = tableKind(table);
    const key = targetKey(table.target, pc);
    const meta = options.phase === "incremental" ? state.get(key) : undefined;
    const incrementally = kind === "incremental" && !!meta && meta.type !== "view";
    const statements: string[] = [];
    statements.push(...((incrementally ? table.incrementalPreOps : table.preOps) ?? []));
    const baseType = kind === "view" ? "view" : "table";
    if (meta && meta.type !== baseType) {
      statements.push(`drop ${baseType === "table" ? "view" : "table"} if exists ${resolveTarget(table.target, pc)}`);
    }
    if (!incrementally) {
      statements.push(createOrReplace(table, kind, pc));
    } else {
      const query = whereClause(table.incrementalQuery || table.query || "", table.where);
      statements.push(
        table.uniqueKey && table.uniqueKey.length > 0
          ? mergeInto(table.target, meta.columns, query, table.uniqueKey, table.bigquery?.updatePartitionFilter, pc)
          : insertInto(table.target, meta.columns.map((c) => `\`${c}\``), query, pc),
      );
    }
    statements.push(...((incrementally ? table.incrementalPostOps : table.postOps) ?? []));
    out.push({
      key,
      target: table.target,
      kind,
      phase: options.phase,
      fileName: table.fileName ?? "",
      dependencies: deps(table.dependencyTargets),
      disabled: !!table.disabled,
      tasks: table.disabled ? [] : [{ type: "statement", sql: concatenateQueries(statements) }],
    });
  }
  for (const op of graph.operations ?? []) {
    out.push({
      key: targetKey(op.target, pc),
      target: op.target,
      kind: "operation",
      phase: options.phase,
      fileName: op.fileName ?? "",
      dependencies: deps(op.dependencyTargets),
      disabled: !!op.disabled,
      tasks: op.disabled ? [] : (op.queries ?? []).map((sql) => ({ type: "statement" as const, sql })),
    });
  }
  for (const a of graph.assertions ?? []) {
    const view = resolveTarget(a.target, pc);
    out.push({
      key: targetKey(a.target, pc),
      target: a.target,
      kind: "assertion",
      phase: options.phase,
      fileName: a.fileName ?? "",
      dependencies: deps(a.dependencyTargets),
      disabled: !!a.disabled,
      tasks: a.disabled
        ? []
        : [
            { type: "statement", sql: `\n      create or replace view ${view} as ${a.query ?? ""}` },
            { type: "assertion", sql: `select sum(1) as row_count from ${view}` },
          ],
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Splitting a script into statements.

export interface SqlPiece {
  sql: string;
  /** Offset of `sql` in the script it came from. */
  offset: number;
}

/**
 * Splits a BigQuery script (Dataform joins pre-operations, the main statement
 * and post-operations with "\n;\n") into statements at top-level semicolons,
 * skipping semicolons inside '…', "…", '''…''', """…""", `…`, -- and #
 * comments and /* … *\/ comments. Pieces that are only whitespace or comments are
 * dropped. BEGIN … END blocks are not treated as one statement.
 */
export function splitSqlStatements(script: string): SqlPiece[] {
  const pieces: SqlPiece[] = [];
  let start = 0;
  let substantive = false;
  let i = 0;
  const n = script.length;
  const push = (end: number) => {
    if (substantive) {
      const raw = script.slice(start, end);
      const lead = raw.length - raw.trimStart().length;
      pieces.push({ sql: raw.trim(), offset: start + lead });
    }
    start = end + 1;
    substantive = false;
  };
  while (i < n) {
    const c = script[i]!;
    const next = script[i + 1];
    if (c === "-" && next === "-") {
      const eol = script.indexOf("\n", i);
      i = eol < 0 ? n : eol + 1;
      continue;
    }
    if (c === "#") {
      const eol = script.indexOf("\n", i);
      i = eol < 0 ? n : eol + 1;
      continue;
    }
    if (c === "/" && next === "*") {
      const close = script.indexOf("*/", i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") {
      substantive = true;
      const triple = c !== "`" && script.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      i += quote.length;
      while (i < n) {
        if (script[i] === "\\") {
          i += 2;
          continue;
        }
        if (script.startsWith(quote, i)) {
          i += quote.length;
          break;
        }
        i++;
      }
      continue;
    }
    if (c === ";") {
      push(i);
      i++;
      continue;
    }
    if (!/\s/.test(c)) substantive = true;
    i++;
  }
  push(n);
  return pieces;
}

/** 1-based line and column of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - (before.lastIndexOf("\n") + 1) + 1;
  return { line, column };
}

/** For code that needs a CommonJS require relative to the repo (e.g. includes/raw_contract.js). */
export const repoRequire = createRequire(path.join(REPO_ROOT, "package.json"));
