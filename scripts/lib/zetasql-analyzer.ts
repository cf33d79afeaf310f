// The GoogleSQL (ZetaSQL) analyzer from @fivetrandevelopers/zetasql, used to
// prove statements valid for BigQuery without a BigQuery connection.
//
//  - ZetaSqlAnalyzer: starts the package's Linux x86-64 `remote_server.so` on a
//    free localhost port, talks gRPC to it (ZetaSqlLocalService), stops it. The
//    server runs under a small `sh` watchdog that kills it if this Node process
//    disappears without cleaning up (e.g. a SIGKILLed test worker), so no orphan
//    server outlives us.
//  - BigQueryCatalog: tables by their BigQuery paths, registered with the server
//    (re-registered lazily when tables are added).
//  - analyzeCompiledGraph: the raw tables from includes/raw_contract.js, then
//    every statement of the compiled graph in dependency order; each CREATE TABLE
//    AS SELECT / CREATE VIEW adds its output columns to the catalog for the
//    statements downstream, and the incremental MERGE / INSERT statements are
//    built from the columns the first build produced.
//
// Language options: every feature the server reports for "maximum features",
// plus a few BigQuery has that the maximum set leaves out (INTERVAL arithmetic,
// GROUPING SETS / GROUPING()); product mode EXTERNAL; all statement kinds; UTC.

import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as net from "node:net";
import * as path from "node:path";

import {
  REPO_ROOT,
  lineAndColumn,
  planBigQueryRun,
  planUnitTests,
  repoRequire,
  splitSqlStatements,
  targetKey,
  type CompiledGraph,
  type Engine,
  type PlannedAction,
  type Target,
  type WarehouseTable,
} from "./bigquery-statements";

// ---------------------------------------------------------------------------
// Minimal shapes of the protos we use (the gRPC client is untyped).

/** zetasql.TypeProto, as the server returns it (we pass it back unchanged). */
export interface TypeProto {
  typeKind?: number | string;
  arrayType?: { elementType?: TypeProto } | null;
  structType?: { field?: { fieldName?: string; fieldType?: TypeProto }[] } | null;
  [key: string]: unknown;
}

export interface Column {
  name: string;
  type: TypeProto;
}

/** zetasql.TypeKind values for the types the raw contract uses (and a few more). */
export const TYPE_KIND = {
  int64: 2,
  bool: 5,
  float64: 7,
  string: 8,
  bytes: 9,
  date: 10,
  timestamp: 19,
  time: 20,
  datetime: 21,
  geography: 22,
  numeric: 23,
  bignumeric: 24,
  json: 26,
  interval: 27,
} as const;

const TYPE_KIND_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(TYPE_KIND).map(([name, kind]) => [kind, name.toUpperCase()]),
);

/** BigQuery spelling of a TypeProto, e.g. ARRAY<STRUCT<a INT64>>. */
export function typeToString(type: TypeProto | undefined): string {
  if (!type) return "?";
  const kind = Number(type.typeKind);
  if (kind === 16) return `ARRAY<${typeToString(type.arrayType?.elementType)}>`;
  if (kind === 17) {
    const fields = type.structType?.field ?? [];
    return `STRUCT<${fields.map((f) => `${f.fieldName ? `${f.fieldName} ` : ""}${typeToString(f.fieldType)}`).join(", ")}>`;
  }
  if (kind === 29) return "RANGE";
  return TYPE_KIND_NAMES[kind] ?? `TYPE_${String(type.typeKind)}`;
}

/** LanguageFeature ids BigQuery supports that this build's "maximum features" leaves out. */
export const BIGQUERY_EXTRA_FEATURES = {
  FEATURE_INTERVAL_TYPE: 49, // ts + INTERVAL 1 HOUR, INTERVAL values
  FEATURE_V_1_4_GROUPING_BUILTIN: 14020, // GROUPING(col)
  FEATURE_V_1_4_GROUPING_SETS: 14021, // GROUP BY GROUPING SETS / CUBE
} as const;

const PRODUCT_EXTERNAL = 1;
const ERROR_MESSAGE_ONE_LINE = 1;
const GRPC_INVALID_ARGUMENT = 3;

// ---------------------------------------------------------------------------
// Server + client.

export interface AnalyzerStartOptions {
  /** Path of the server binary (default: the package's linux x86-64 remote_server.so). */
  binary?: string;
  /** Extra LanguageFeature ids on top of the maximum set (default: BIGQUERY_EXTRA_FEATURES). */
  extraFeatures?: number[];
  /** Time zone for the analyzer's default (BigQuery's is UTC). */
  defaultTimezone?: string;
  startupTimeoutMs?: number;
  /** Where the server's own output goes (default: discarded). */
  serverLog?: (line: string) => void;
}

interface GrpcClient {
  close(): void;
  [method: string]: unknown;
}

interface GrpcError extends Error {
  code?: number;
  details?: string;
}

type LanguageOptionsProto = {
  enabledLanguageFeatures?: (number | string)[];
  productMode?: number;
  supportedStatementKinds?: number[];
  [key: string]: unknown;
};

function zetasqlPackageDir(): string {
  return path.dirname(repoRequire.resolve("@fivetrandevelopers/zetasql/package.json"));
}

function defaultServerBinary(): string {
  const lib = path.join(zetasqlPackageDir(), "lib", "zetasql");
  if (process.platform === "linux") return path.join(lib, process.arch === "arm64" ? "remote_server_arm.so" : "remote_server.so");
  if (process.platform === "darwin") return path.join(lib, process.arch === "arm64" ? "remote_server_arm" : "remote_server");
  throw new Error(`no ZetaSQL server binary for ${process.platform}/${process.arch}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

// Runs the server ($0 = binary, $1 = port) as a child of this shell and kills
// (and reaps) it as soon as our stdin closes: when stop() closes it, or when the
// Node process dies for any reason and the kernel closes the pipe. Prints the
// server pid first.
const WATCHDOG = `
"$0" localhost "$1" </dev/null &
srv=$!
echo "server-pid $srv"
cat >/dev/null
kill -9 $srv 2>/dev/null
wait $srv 2>/dev/null
exit 0
`;

export class ZetaSqlAnalyzer {
  private closed = false;
  private readonly onExit = () => this.killNow();
  private maxFeatures: LanguageOptionsProto | undefined;

  private constructor(
    private readonly watchdog: ChildProcess,
    readonly serverPid: number,
    readonly port: number,
    private readonly client: GrpcClient,
    readonly languageOptions: LanguageOptionsProto,
    readonly defaultTimezone: string,
  ) {
    process.once("exit", this.onExit);
  }

  /** Starts the server and returns a connected analyzer; retries on another port if the first is taken. */
  static async start(options: AnalyzerStartOptions = {}): Promise<ZetaSqlAnalyzer> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        return await ZetaSqlAnalyzer.startOnce(options);
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  private static async startOnce(options: AnalyzerStartOptions): Promise<ZetaSqlAnalyzer> {
    const binary = options.binary ?? defaultServerBinary();
    if (!fs.existsSync(binary)) throw new Error(`ZetaSQL server binary not found: ${binary}`);
    const port = await freePort();
    const watchdog = spawn("sh", ["-c", WATCHDOG, binary, String(port)], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    const log = options.serverLog;
    let exited = false;
    watchdog.once("exit", () => (exited = true));
    const serverPid = await new Promise<number>((resolve, reject) => {
      let buffer = "";
      const timer = setTimeout(() => reject(new Error("ZetaSQL server did not start")), 10_000);
      watchdog.stdout!.on("data", (chunk: Buffer) => {
        const text = chunk.toString();
        buffer += text;
        const m = /server-pid (\d+)/.exec(buffer);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
        if (log) text.split("\n").filter(Boolean).forEach((l) => log(l));
      });
      watchdog.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`ZetaSQL server watchdog exited (${code})`));
      });
    });
    watchdog.stderr!.on("data", (chunk: Buffer) => log && chunk.toString().split("\n").filter(Boolean).forEach((l) => log(l)));

    const pkgRequire = createRequire(path.join(zetasqlPackageDir(), "package.json"));
    const grpc = pkgRequire("@grpc/grpc-js") as {
      loadPackageDefinition(def: unknown): Record<string, any>;
      credentials: { createInsecure(): unknown };
    };
    const protoLoader = pkgRequire("@grpc/proto-loader") as { loadSync(file: string, opts: unknown): unknown };
    const definition = protoLoader.loadSync("local_service.proto", {
      defaults: true,
      oneofs: true,
      includeDirs: [path.join(zetasqlPackageDir(), "lib", "zetasql", "protos")],
    });
    const proto = grpc.loadPackageDefinition(definition);
    const Service = proto["zetasql"]["local_service"]["ZetaSqlLocalService"] as new (
      address: string,
      credentials: unknown,
      options: Record<string, number>,
    ) => GrpcClient;
    const client = new Service(`localhost:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_send_message_length": 512 * 1024 * 1024,
      "grpc.max_receive_message_length": 512 * 1024 * 1024,
    });

    const killBoth = () => {
      try {
        process.kill(serverPid, "SIGKILL");
      } catch {}
      watchdog.stdin!.end();
      client.close();
    };
    // Wait until the server answers.
    const deadline = Date.now() + (options.startupTimeoutMs ?? 20_000);
    let maximum: LanguageOptionsProto | undefined;
    for (;;) {
      try {
        maximum = await call<LanguageOptionsProto>(client, "getLanguageOptions", { maximumFeatures: true });
        break;
      } catch (error) {
        const code = (error as GrpcError).code;
        if (exited || serverDead(serverPid) || Date.now() > deadline || (code !== 14 && code !== 4)) {
          killBoth();
          throw new Error(`ZetaSQL server on port ${port} not reachable: ${(error as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const extra = options.extraFeatures ?? Object.values(BIGQUERY_EXTRA_FEATURES);
    const features = new Set<number | string>([...(maximum.enabledLanguageFeatures ?? []), ...extra]);
    const languageOptions: LanguageOptionsProto = {
      ...maximum,
      enabledLanguageFeatures: [...features],
      productMode: PRODUCT_EXTERNAL,
      supportedStatementKinds: [], // empty = every statement kind (CREATE, MERGE, INSERT, ...)
    };
    const analyzer = new ZetaSqlAnalyzer(watchdog, serverPid, port, client, languageOptions, options.defaultTimezone ?? "UTC");
    analyzer.maxFeatures = maximum;
    return analyzer;
  }

  /** The feature list the server reports as "maximum" (before our extras). */
  get maximumFeatures(): (number | string)[] {
    return this.maxFeatures?.enabledLanguageFeatures ?? [];
  }

  get running(): boolean {
    return !this.closed;
  }

  private killNow(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      process.kill(this.serverPid, "SIGKILL");
    } catch {}
    try {
      this.watchdog.stdin?.end(); // the watchdog reaps the server and exits
    } catch {}
    try {
      this.client.close();
    } catch {}
  }

  /** Stops the server (and its watchdog) and waits for the watchdog to exit. */
  async stop(): Promise<void> {
    if (this.closed) return;
    const exited =
      this.watchdog.exitCode !== null || this.watchdog.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>((resolve) => this.watchdog.once("exit", () => resolve()));
    this.killNow();
    process.removeListener("exit", this.onExit);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
  }

  /** Raw gRPC call on the ZetaSqlLocalService (method names in lowerCamelCase). */
  rpc<T>(method: string, request: unknown): Promise<T> {
    if (this.closed) return Promise.reject(new Error("analyzer stopped"));
    return call<T>(this.client, method, request);
  }

  /** Builtin function options matching our language options (needed in every catalog). */
  builtinFunctionOptions(): unknown {
    return { languageOptions: this.languageOptions };
  }

  analyzerOptions(): unknown {
    return {
      languageOptions: this.languageOptions,
      errorMessageMode: ERROR_MESSAGE_ONE_LINE,
      defaultTimezone: this.defaultTimezone,
      preserveColumnAliases: true,
      // BigQuery's ingestion-time partitioning: PARTITION BY _PARTITIONDATE / DATE(_PARTITIONTIME).
      ddlPseudoColumns: [
        { name: "_PARTITIONTIME", type: { typeKind: TYPE_KIND.timestamp } },
        { name: "_PARTITIONDATE", type: { typeKind: TYPE_KIND.date } },
      ],
    };
  }

  /**
   * Analyzes one statement against `catalog` (registering it with the server
   * first if it changed). Never throws for SQL errors: returns { ok: false }.
   */
  async analyze(sql: string, catalog: BigQueryCatalog): Promise<AnalyzeOutcome> {
    const catalogId = await catalog.registration(this);
    try {
      const response = await this.rpc<Record<string, unknown>>("analyze", {
        registeredCatalogId: catalogId,
        options: this.analyzerOptions(),
        sqlStatement: sql,
      });
      return describeResolvedStatement(response);
    } catch (error) {
      const e = error as GrpcError;
      if (e.code !== GRPC_INVALID_ARGUMENT) throw error;
      return { ok: false, ...parseAnalyzerError(e.details ?? e.message, sql) };
    }
  }

  /** Analyzes a query and returns its output columns (used for DECLARE types). */
  async outputColumns(sql: string, catalog: BigQueryCatalog): Promise<Column[]> {
    const outcome = await this.analyze(sql, catalog);
    if (!outcome.ok) throw new Error(outcome.message);
    return outcome.outputColumns ?? [];
  }
}

/** True when the server process is gone or a zombie (it exited, e.g. the port was taken). */
function serverDead(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return /^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    if (process.platform !== "linux") return false;
    return true;
  }
}

function call<T>(client: GrpcClient, method: string, request: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const fn = client[method] as ((req: unknown, cb: (err: GrpcError | null, res: T) => void) => void) | undefined;
    if (typeof fn !== "function") {
      reject(new Error(`no gRPC method ${method}`));
      return;
    }
    fn.call(client, request, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

// ---------------------------------------------------------------------------
// Analysis results.

export type AnalyzeOutcome =
  | {
      ok: true;
      /** Resolved node kind, e.g. "resolvedQueryStmtNode", "resolvedCreateTableAsSelectStmtNode". */
      kind: string;
      /** For CREATE TABLE/VIEW: the created name path. */
      createdPath?: string[];
      createdKind?: "table" | "view";
      /** Output columns of queries and CREATE ... AS SELECT / CREATE VIEW. */
      outputColumns?: Column[];
    }
  | ({ ok: false } & AnalyzerErrorInfo);

export interface AnalyzerErrorInfo {
  message: string;
  /** 1-based, within the statement analyzed. */
  line?: number;
  column?: number;
  lineText?: string;
}

export function parseAnalyzerError(details: string, sql: string): AnalyzerErrorInfo {
  const m = /\[at (\d+):(\d+)\]/.exec(details);
  const message = details.replace(/\s*\[at \d+:\d+\]/g, "").trim();
  if (!m) return { message };
  const line = Number(m[1]);
  const column = Number(m[2]);
  return { message, line, column, lineText: sql.split("\n")[line - 1] };
}

function describeResolvedStatement(response: Record<string, unknown>): AnalyzeOutcome {
  const statement = (response["resolvedStatement"] ?? {}) as Record<string, unknown>;
  // Walk the oneof wrappers down to the concrete node, e.g.
  // resolvedCreateStatementNode.resolvedCreateTableStmtBaseNode.resolvedCreateTableAsSelectStmtNode.
  let node: Record<string, unknown> = statement;
  let kind = "";
  for (let depth = 0; depth < 6; depth++) {
    const key = Object.keys(node).find((k) => /^resolved\w+Node$/.test(k) && node[k] && typeof node[k] === "object");
    if (!key) break;
    kind = key;
    node = node[key] as Record<string, unknown>;
  }
  const outcome: AnalyzeOutcome = { ok: true, kind };
  // output_column_list sits on the node (queries, CTAS) or on a base class
  // (views: ResolvedCreateViewBase); name_path on ResolvedCreateStatement. The
  // base classes are nested as `parent`.
  let parent: Record<string, unknown> | null = node;
  for (let depth = 0; parent && depth < 8; depth++) {
    const outputColumnList = parent["outputColumnList"] as { name?: string; column?: { type?: TypeProto } }[] | undefined;
    if (!outcome.outputColumns && Array.isArray(outputColumnList)) {
      outcome.outputColumns = outputColumnList.map((c) => ({ name: c.name ?? "", type: cleanProto(c.column?.type ?? {}) }));
    }
    // CREATE TABLE t (col type, ...) without AS SELECT: the column definitions.
    const columnDefinitionList = parent["columnDefinitionList"] as { name?: string; type?: TypeProto }[] | undefined;
    if (!outcome.outputColumns && /CreateTableStmtNode$/.test(kind) && Array.isArray(columnDefinitionList)) {
      outcome.outputColumns = columnDefinitionList.map((c) => ({ name: c.name ?? "", type: cleanProto(c.type ?? {}) }));
    }
    const namePath = parent["namePath"];
    if (!outcome.createdPath && Array.isArray(namePath) && namePath.length > 0) {
      outcome.createdPath = namePath.map(String);
    }
    parent = (parent["parent"] as Record<string, unknown> | null) ?? null;
  }
  if (outcome.createdPath) {
    if (/CreateTableAsSelect|CreateTableStmt/.test(kind)) outcome.createdKind = "table";
    else if (/CreateViewStmt|CreateMaterializedView/.test(kind)) outcome.createdKind = "view";
    else delete outcome.createdPath;
  }
  return outcome;
}

/** Drops nulls, empty strings and empty arrays (proto-loader defaults) so the type can be sent back. */
function cleanProto<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cleanProto(v)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) continue;
      out[k] = cleanProto(v);
    }
    return out as T;
  }
  return value;
}

// ---------------------------------------------------------------------------
// Catalog.

interface CatalogTable {
  path: string[];
  columns: Column[];
}

interface CatalogConstant {
  name: string;
  type: TypeProto;
}

interface CatalogProto {
  name: string;
  table: { name: string; column: { name: string; type: TypeProto }[] }[];
  catalog: CatalogProto[];
  constant?: { namePath: string[]; type: TypeProto; value: Record<string, never> }[];
  builtinFunctionOptions?: unknown;
}

/**
 * Tables by BigQuery path. A table `db.schema.name` is findable as
 * `db.schema.name` (one backticked identifier, how Dataform writes refs), as
 * db.schema.name / `db`.`schema`.`name` (a three-part path), and, when db is the
 * default project, as `schema.name` and schema.name.
 */
export class BigQueryCatalog {
  private readonly tables = new Map<string, CatalogTable>();
  private constants = new Map<string, CatalogConstant>();
  private registeredId: unknown = undefined;
  private registeredWith: ZetaSqlAnalyzer | undefined;
  private dirty = true;

  constructor(readonly defaultDatabase?: string) {}

  /** Adds (or replaces) a table; `a.b.c` parts are split, as BigQuery reads `a.b.c` as a.b.c. */
  addTable(pathParts: string[], columns: Column[]): void {
    const parts = pathParts.flatMap((p) => p.split("."));
    const key = parts.join(".").toLowerCase();
    this.tables.set(key, { path: parts, columns });
    this.dirty = true;
  }

  hasTable(pathParts: string[]): boolean {
    return this.tables.has(pathParts.join(".").toLowerCase());
  }

  /** Columns of a table by any dotted path ("db.schema.name" or its parts). */
  getTable(pathParts: string[]): Column[] | undefined {
    return this.tables.get(pathParts.join(".").toLowerCase())?.columns;
  }

  tableNames(): string[] {
    return [...this.tables.values()].map((t) => t.path.join("."));
  }

  /** Script variables (DECLARE) visible to the statements that follow, as named constants. */
  setVariables(variables: CatalogConstant[]): void {
    const next = new Map(variables.map((v) => [v.name.toLowerCase(), v]));
    const same =
      next.size === this.constants.size && [...next.keys()].every((k) => this.constants.has(k) && this.constants.get(k) === next.get(k));
    if (same) return;
    this.constants = next;
    this.dirty = true;
  }

  toProto(builtinFunctionOptions: unknown): CatalogProto {
    const root: CatalogProto = { name: "bigquery", table: [], catalog: [], builtinFunctionOptions };
    const addTo = (catalog: CatalogProto, parts: string[], columns: Column[]) => {
      if (parts.length === 1) {
        if (!catalog.table.some((t) => t.name.toLowerCase() === parts[0]!.toLowerCase())) {
          catalog.table.push({ name: parts[0]!, column: columns.map((c) => ({ name: c.name, type: c.type })) });
        }
        return;
      }
      let sub = catalog.catalog.find((c) => c.name.toLowerCase() === parts[0]!.toLowerCase());
      if (!sub) {
        sub = { name: parts[0]!, table: [], catalog: [] };
        catalog.catalog.push(sub);
      }
      addTo(sub, parts.slice(1), columns);
    };
    for (const { path: p, columns } of this.tables.values()) {
      addTo(root, [p.join(".")], columns);
      if (p.length > 1) addTo(root, p, columns);
      if (p.length === 3 && this.defaultDatabase && p[0]!.toLowerCase() === this.defaultDatabase.toLowerCase()) {
        addTo(root, [p.slice(1).join(".")], columns);
        addTo(root, p.slice(1), columns);
      }
    }
    if (this.constants.size > 0) {
      root.constant = [...this.constants.values()].map((c) => ({ namePath: [c.name], type: c.type, value: {} }));
    }
    return root;
  }

  /** Registers (or re-registers, if changed) this catalog with the analyzer's server; returns its id. */
  async registration(analyzer: ZetaSqlAnalyzer): Promise<unknown> {
    if (!this.dirty && this.registeredWith === analyzer && this.registeredId !== undefined) return this.registeredId;
    await this.unregister();
    const response = await analyzer.rpc<{ registeredId: unknown }>("registerCatalog", {
      simpleCatalog: this.toProto(analyzer.builtinFunctionOptions()),
    });
    this.registeredId = response.registeredId;
    this.registeredWith = analyzer;
    this.dirty = false;
    return this.registeredId;
  }

  async unregister(): Promise<void> {
    const analyzer = this.registeredWith;
    const id = this.registeredId;
    this.registeredId = undefined;
    this.registeredWith = undefined;
    if (analyzer && analyzer.running && id !== undefined) {
      await analyzer.rpc("unregisterCatalog", { registeredId: id }).catch(() => undefined);
    }
  }
}

// ---------------------------------------------------------------------------
// Raw contract -> catalog.

export type RawType = keyof typeof TYPE_KIND;
export interface RawContract {
  systems: Record<string, { schemaVar?: string; defaultSchema: string }>;
  tables: Record<string, Record<string, { columns: Record<string, { type: string }> }>>;
}

export function loadRawContract(repoRoot: string = REPO_ROOT): RawContract {
  const file = path.join(repoRoot, "includes", "raw_contract.js");
  const req = createRequire(file);
  delete req.cache[req.resolve(file)];
  return req(file) as RawContract;
}

function rawColumns(columns: Record<string, { type: string }>): Column[] {
  return Object.entries(columns).map(([name, { type }]) => {
    const kind = TYPE_KIND[type.toLowerCase() as RawType];
    if (kind === undefined) throw new Error(`raw contract: unsupported column type "${type}" for ${name}`);
    return { name, type: { typeKind: kind } };
  });
}

export interface RawRegistration {
  /** Declaration key -> the contract table it was matched to ("system.table"). */
  declared: Map<string, string>;
  /** Declarations that match no contract table (statements reading them will not resolve). */
  unmatchedDeclarations: string[];
}

/**
 * Registers the raw contract's tables under the paths the compiled declarations
 * give them (matched by schema and name, else by name alone when unique), and
 * every contract table under `defaultDatabase.<schema var or default schema>.<table>`.
 */
export function registerRawContract(catalog: BigQueryCatalog, contract: RawContract, graph: CompiledGraph): RawRegistration {
  const pc = graph.projectConfig;
  const vars = pc.vars ?? {};
  const entries: { system: string; table: string; schemas: string[]; columns: Column[] }[] = [];
  for (const [system, tables] of Object.entries(contract.tables)) {
    const sys = contract.systems[system];
    const schemaFromVar = sys?.schemaVar ? vars[sys.schemaVar] : undefined;
    const schemas = [...new Set([schemaFromVar, sys?.defaultSchema, system].filter((s): s is string => !!s))];
    for (const [table, def] of Object.entries(tables)) {
      const columns = rawColumns(def.columns);
      entries.push({ system, table, schemas, columns });
      if (pc.defaultDatabase) catalog.addTable([pc.defaultDatabase, schemas[0]!, table], columns);
    }
  }
  const declared = new Map<string, string>();
  const unmatchedDeclarations: string[] = [];
  for (const d of graph.declarations ?? []) {
    const key = targetKey(d.target, pc);
    const schema = (d.target.schema || pc.defaultSchema || "").toLowerCase();
    const name = d.target.name.toLowerCase();
    let match = entries.find((e) => e.table.toLowerCase() === name && e.schemas.some((s) => s.toLowerCase() === schema));
    if (!match) {
      const byName = entries.filter((e) => e.table.toLowerCase() === name);
      if (byName.length === 1) match = byName[0];
    }
    if (!match) {
      unmatchedDeclarations.push(key);
      continue;
    }
    declared.set(key, `${match.system}.${match.table}`);
    catalog.addTable(key.split("."), match.columns);
  }
  return { declared, unmatchedDeclarations };
}

// ---------------------------------------------------------------------------
// Analyzing a compiled graph.

export type StatementStatus = "ok" | "error" | "skipped";

export interface StatementResult {
  taskIndex: number;
  statementIndex: number;
  /** The statement as analyzed. */
  sql: string;
  /** Offset of the statement in its task's script. */
  offset: number;
  status: StatementStatus;
  kind?: string;
  note?: string;
  error?: AnalyzerErrorInfo;
  /** Best-effort position of the offending line in the action's source file. */
  sourceLine?: number;
}

export type ActionStatus = "ok" | "error" | "blocked" | "disabled" | "skipped";

export interface ActionResult {
  action: PlannedAction;
  status: ActionStatus;
  statements: StatementResult[];
  /** For blocked actions: the failed upstream keys. */
  blockedBy?: string[];
  /** Output columns of the created table/view (full-refresh phase). */
  columns?: Column[];
  millis: number;
}

export interface GraphAnalysisReport {
  engine: Engine;
  engineFallbackReason?: string;
  results: ActionResult[];
  warnings: string[];
  /** Actions with status "error" (the ones to fix). */
  errors: ActionResult[];
  blocked: ActionResult[];
  statementCount: number;
  millis: number;
}

export interface AnalyzeGraphOptions {
  /** Repository root (for includes/raw_contract.js and the CLI bundle). */
  repoRoot?: string;
  contract?: RawContract;
  engine?: Engine | "auto";
  /** Include the incremental MERGE/INSERT run (default true). */
  incremental?: boolean;
  /** Include unit tests' queries (default true). */
  unitTests?: boolean;
  /** Project directory the graph was compiled from, to locate source lines (default repoRoot). */
  projectDir?: string;
  /** Called after each action (for streaming output). */
  onResult?: (result: ActionResult) => void;
}

const SCRIPT_ONLY = /^(begin|end|if|elseif|else|loop|while|repeat|for|break|leave|continue|iterate|return|raise|call|case)\b/i;

/**
 * Analyzes every statement Dataform would run on BigQuery for `graph`: the
 * full-refresh run (all actions, dependency order), then the incremental run
 * of incremental tables (MERGE on uniqueKey / INSERT INTO), then unit tests.
 */
export async function analyzeCompiledGraph(
  analyzer: ZetaSqlAnalyzer,
  graph: CompiledGraph,
  options: AnalyzeGraphOptions = {},
): Promise<GraphAnalysisReport> {
  const started = Date.now();
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const pc = graph.projectConfig;
  const catalog = new BigQueryCatalog(pc.defaultDatabase);
  const warnings: string[] = [];
  const contract = options.contract ?? loadRawContract(repoRoot);
  const raw = registerRawContract(catalog, contract, graph);
  for (const key of raw.unmatchedDeclarations) {
    warnings.push(`declaration ${key} matches no table in includes/raw_contract.js; statements reading it cannot be analyzed`);
  }
  const results: ActionResult[] = [];
  const failed = new Set<string>();
  const sourceCache = new Map<string, string[] | null>();
  const projectDir = options.projectDir ?? repoRoot;

  const runAction = async (action: PlannedAction): Promise<ActionResult> => {
    const t0 = Date.now();
    const result: ActionResult = { action, status: "ok", statements: [], millis: 0 };
    if (action.disabled) {
      result.status = "disabled";
      return result;
    }
    const blockedBy = action.dependencies.filter((d) => failed.has(d));
    if (blockedBy.length > 0) {
      result.status = "blocked";
      result.blockedBy = blockedBy;
      failed.add(action.key);
      return result;
    }
    let statementIndex = 0;
    outer: for (const [taskIndex, task] of action.tasks.entries()) {
      // Each task is its own BigQuery job: script variables do not carry over.
      const variables: CatalogConstant[] = [];
      catalog.setVariables([]);
      for (const piece of splitSqlStatements(task.sql)) {
        const sr: StatementResult = {
          taskIndex,
          statementIndex: statementIndex++,
          sql: piece.sql,
          offset: piece.offset,
          status: "ok",
        };
        result.statements.push(sr);
        const scripted = await analyzeScriptStatement(analyzer, catalog, piece.sql, variables);
        let outcome: AnalyzeOutcome;
        if (scripted === "not-script") {
          catalog.setVariables(variables);
          outcome = await analyzer.analyze(piece.sql, catalog);
        } else if (scripted === "skipped") {
          sr.status = "skipped";
          sr.note = "BigQuery scripting statement: not analyzable offline";
          warnings.push(`${action.fileName || action.key}: skipped scripting statement: ${piece.sql.split("\n")[0]}`);
          continue;
        } else {
          outcome = scripted;
        }
        if (!outcome.ok) {
          sr.status = "error";
          sr.error = { message: outcome.message, line: outcome.line, column: outcome.column, lineText: outcome.lineText };
          sr.sourceLine = locateInSource(sourceCache, projectDir, action.fileName, outcome.lineText);
          result.status = "error";
          break outer; // BigQuery stops the script at the first failing statement.
        }
        sr.kind = outcome.kind;
        if (outcome.createdPath && outcome.outputColumns) {
          catalog.addTable(outcome.createdPath, outcome.outputColumns);
          if (outcome.createdPath.join(".").toLowerCase() === action.key.toLowerCase()) result.columns = outcome.outputColumns;
        }
      }
    }
    catalog.setVariables([]);
    if (result.status === "error") failed.add(action.key);
    result.millis = Date.now() - t0;
    return result;
  };

  const record = (r: ActionResult) => {
    results.push(r);
    options.onResult?.(r);
  };

  // 1. First run: empty warehouse.
  const full = planBigQueryRun(graph, { phase: "full-refresh", engine: options.engine, repoRoot });
  if (full.fallbackReason) warnings.push(full.fallbackReason);
  const columnsByKey = new Map<string, Column[]>();
  for (const action of full.actions) {
    const r = await runAction(action);
    if (r.columns) columnsByKey.set(action.key, r.columns);
    record(r);
  }

  // 2. Later runs: incremental tables exist with the columns the first run produced.
  if (options.incremental !== false) {
    const warehouse: WarehouseTable[] = [];
    const incrementalFull = full.actions.filter((a) => a.kind === "incremental" && !a.disabled);
    for (const a of incrementalFull) {
      const cols = columnsByKey.get(a.key);
      if (cols) warehouse.push({ target: a.target, type: "table", columns: cols.map((c) => c.name) });
    }
    if (warehouse.length > 0) {
      const inc = planBigQueryRun(graph, { phase: "incremental", warehouse, engine: full.engine, repoRoot });
      for (const action of inc.actions) record(await runAction(action));
    }
    for (const a of incrementalFull) {
      if (!columnsByKey.has(a.key)) {
        record({ action: { ...a, phase: "incremental", tasks: [] }, status: "blocked", blockedBy: [a.key], statements: [], millis: 0 });
      }
    }
  }

  // 3. Unit tests (`dataform test` runs each test query and expected-output query).
  if (options.unitTests !== false) {
    for (const action of planUnitTests(graph)) record(await runAction(action));
  }

  await catalog.unregister();
  return {
    engine: full.engine,
    engineFallbackReason: full.fallbackReason,
    results,
    warnings,
    errors: results.filter((r) => r.status === "error"),
    blocked: results.filter((r) => r.status === "blocked"),
    statementCount: results.reduce((n, r) => n + r.statements.length, 0),
    millis: Date.now() - started,
  };
}

/**
 * DECLARE and SET are BigQuery scripting statements the analyzer does not take
 * as statements. We check them ourselves: DECLARE's type and DEFAULT expression
 * are analyzed as a query and the variable becomes a catalog constant for the
 * statements after it; SET's expression is analyzed as a query. Other scripting
 * statements (IF, BEGIN, LOOP, CALL, ...) are reported as skipped.
 */
async function analyzeScriptStatement(
  analyzer: ZetaSqlAnalyzer,
  catalog: BigQueryCatalog,
  sql: string,
  variables: CatalogConstant[],
): Promise<AnalyzeOutcome | "not-script" | "skipped"> {
  const body = stripLeadingComments(sql);
  const lead = sql.length - body.length;
  const shift = (o: AnalyzeOutcome, prefixLength: number, exprStart: number): AnalyzeOutcome => {
    if (o.ok || o.line === undefined || o.column === undefined) return o;
    // Map a position in our generated query back to the statement.
    if (o.line === 1 && o.column > prefixLength) {
      const pos = lineAndColumn(sql, exprStart + (o.column - 1 - prefixLength));
      return { ...o, line: pos.line, column: pos.column, lineText: sql.split("\n")[pos.line - 1] };
    }
    if (o.line > 1) {
      const exprPos = lineAndColumn(sql, exprStart);
      const line = exprPos.line + o.line - 1;
      return { ...o, line, lineText: sql.split("\n")[line - 1] };
    }
    return { ...o, line: lineAndColumn(sql, exprStart).line, column: lineAndColumn(sql, exprStart).column, lineText: undefined };
  };
  const declare = /^declare\s+/i.exec(body);
  if (declare) {
    const rest = body.slice(declare[0].length);
    const names: string[] = [];
    const nameRe = /^\s*(`[^`]+`|[A-Za-z_][A-Za-z_0-9]*)\s*(,)?/;
    let cursor = 0;
    for (;;) {
      const m = nameRe.exec(rest.slice(cursor));
      if (!m) break;
      names.push(m[1]!.replace(/`/g, ""));
      cursor += m[0].length;
      if (!m[2]) break;
    }
    const afterNames = rest.slice(cursor);
    const defaultAt = topLevelKeyword(afterNames, "default");
    const typeText = (defaultAt < 0 ? afterNames : afterNames.slice(0, defaultAt)).trim();
    const exprText = defaultAt < 0 ? "" : afterNames.slice(defaultAt + "default".length).trim();
    if (names.length === 0 || (!typeText && !exprText)) {
      return { ok: false, message: "Syntax error: DECLARE needs a variable name and a type or DEFAULT", line: 1, column: 1, lineText: sql.split("\n")[0] };
    }
    catalog.setVariables(variables);
    let type: TypeProto | undefined;
    if (typeText) {
      const prefix = "select cast(null as ";
      const o = await analyzer.analyze(`${prefix}${typeText}) as v`, catalog);
      const exprStart = lead + declare[0].length + cursor + afterNames.indexOf(typeText);
      if (!o.ok) return shift(o, prefix.length, exprStart);
      type = o.outputColumns?.[0]?.type;
    }
    if (exprText) {
      const prefix = "select (";
      const o = await analyzer.analyze(`${prefix}${exprText}) as v`, catalog);
      const exprStart = lead + declare[0].length + cursor + defaultAt + afterNames.slice(defaultAt).indexOf(exprText);
      if (!o.ok) return shift(o, prefix.length, exprStart);
      type = type ?? o.outputColumns?.[0]?.type;
    }
    for (const name of names) {
      const i = variables.findIndex((v) => v.name.toLowerCase() === name.toLowerCase());
      if (i >= 0) variables.splice(i, 1);
      variables.push({ name, type: type ?? { typeKind: TYPE_KIND.string } });
    }
    return { ok: true, kind: "declare" };
  }
  const set = /^set\s+/i.exec(body);
  if (set && !/^set\s+@@/i.test(body)) {
    const rest = body.slice(set[0].length);
    const eq = topLevelChar(rest, "=");
    if (eq < 0) return { ok: false, message: "Syntax error: SET needs `= expression`", line: 1, column: 1, lineText: sql.split("\n")[0] };
    const lhs = rest.slice(0, eq).trim().replace(/^\(|\)$/g, "");
    for (const name of lhs.split(",").map((s) => s.trim().replace(/`/g, ""))) {
      if (!variables.some((v) => v.name.toLowerCase() === name.toLowerCase())) {
        return { ok: false, message: `Undeclared variable: ${name}`, line: 1, column: 1, lineText: sql.split("\n")[0] };
      }
    }
    const exprText = rest.slice(eq + 1).trim();
    catalog.setVariables(variables);
    const prefix = "select (";
    const o = await analyzer.analyze(`${prefix}${exprText}) as v`, catalog);
    const exprStart = lead + set[0].length + eq + 1 + rest.slice(eq + 1).indexOf(exprText);
    return o.ok ? { ok: true, kind: "set" } : shift(o, prefix.length, exprStart);
  }
  if (SCRIPT_ONLY.test(body)) return "skipped";
  return "not-script";
}

function stripLeadingComments(sql: string): string {
  let s = sql;
  for (;;) {
    const t = s.trimStart();
    if (t.startsWith("--") || t.startsWith("#")) {
      const eol = t.indexOf("\n");
      s = eol < 0 ? "" : t.slice(eol + 1);
    } else if (t.startsWith("/*")) {
      const close = t.indexOf("*/");
      s = close < 0 ? "" : t.slice(close + 2);
    } else {
      return sql.slice(sql.length - t.length);
    }
  }
}

/** Index of `keyword` as a word outside parentheses, strings and backticks; -1 if absent. */
function topLevelKeyword(text: string, keyword: string): number {
  const re = new RegExp(`\\b${keyword}\\b`, "ig");
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (isTopLevel(text, m.index)) return m.index;
  }
  return -1;
}

function topLevelChar(text: string, ch: string): number {
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) {
    if (isTopLevel(text, i)) return i;
  }
  return -1;
}

function isTopLevel(text: string, index: number): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < index; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") quote = c;
    else if (c === "(" || c === "[" || c === "<") depth++;
    else if (c === ")" || c === "]" || c === ">") depth--;
  }
  return depth === 0 && quote === null;
}

function locateInSource(cache: Map<string, string[] | null>, projectDir: string, fileName: string, lineText?: string): number | undefined {
  if (!fileName || !lineText || lineText.trim().length < 4) return undefined;
  let lines = cache.get(fileName);
  if (lines === undefined) {
    try {
      lines = fs.readFileSync(path.resolve(projectDir, fileName), "utf8").split("\n");
    } catch {
      lines = null;
    }
    cache.set(fileName, lines);
  }
  if (!lines) return undefined;
  const norm = (l: string) => l.trim().replace(/;$/, "").trimEnd();
  const needle = norm(lineText);
  const hits = lines.map((l, i) => (norm(l) === needle ? i + 1 : 0)).filter((i) => i > 0);
  return hits.length === 1 ? hits[0] : undefined;
}

// ---------------------------------------------------------------------------
// Formatting.

export function actionLabel(action: PlannedAction): string {
  const where = action.fileName ? `${action.fileName} ` : "";
  return `${where}(${action.kind} ${action.key}, ${action.phase})`;
}

/** A multi-line description of a failed action: file, target, statement, line:column, the SQL line and a caret. */
export function formatActionError(result: ActionResult): string {
  const { action } = result;
  if (result.status === "blocked") {
    const blockedBy = result.blockedBy ?? [];
    if (blockedBy.length === 1 && blockedBy[0] === action.key) {
      return `${actionLabel(action)}: not analyzed, its full-refresh build failed (no columns to merge or insert)`;
    }
    return `${actionLabel(action)}: not analyzed, upstream failed: ${blockedBy.join(", ")}`;
  }
  const failedStatement = result.statements.find((s) => s.status === "error");
  if (!failedStatement || !failedStatement.error) return `${actionLabel(action)}: ${result.status}`;
  const e = failedStatement.error;
  const total = result.statements.length;
  const where =
    e.line !== undefined ? `line ${e.line}, column ${e.column} of statement ${failedStatement.statementIndex + 1}` : `statement ${failedStatement.statementIndex + 1}`;
  const lines = [`${actionLabel(action)}: ${where}${total > 1 ? ` (of ${total})` : ""}: ${e.message}`];
  if (failedStatement.sourceLine) lines.push(`  at ${action.fileName}:${failedStatement.sourceLine}`);
  if (e.line !== undefined && e.lineText !== undefined) {
    const gutter = `${e.line} | `;
    lines.push(`  ${gutter}${e.lineText}`);
    lines.push(`  ${" ".repeat(gutter.length - 2)}| ${" ".repeat(Math.max(0, (e.column ?? 1) - 1))}^`);
  }
  return lines.join("\n");
}

export function formatReport(report: GraphAnalysisReport): string {
  const out: string[] = [];
  for (const r of report.results) {
    const tag = r.status === "ok" ? "OK     " : r.status === "error" ? "ERROR  " : r.status === "blocked" ? "BLOCKED" : r.status === "disabled" ? "OFF    " : "SKIP   ";
    if (r.status === "ok") {
      const n = r.statements.length;
      out.push(`${tag} ${actionLabel(r.action)} - ${n} statement${n === 1 ? "" : "s"}`);
    } else if (r.status === "disabled") {
      out.push(`${tag} ${actionLabel(r.action)} - disabled`);
    } else {
      out.push(`${tag} ${formatActionError(r)}`);
    }
  }
  for (const w of report.warnings) out.push(`WARN    ${w}`);
  out.push(
    `${report.results.length} action(s), ${report.statementCount} statement(s) analyzed in ${report.millis} ms (engine: ${report.engine}); ` +
      `${report.errors.length} error(s), ${report.blocked.length} blocked`,
  );
  return out.join("\n");
}

/** Convenience: the created target path of an action as catalog parts. */
export function targetPath(target: Target, graph: CompiledGraph): string[] {
  return targetKey(target, graph.projectConfig).split(".");
}
