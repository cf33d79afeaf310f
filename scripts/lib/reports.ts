/**
 * The Evidence reports (reports/, its own npm project): install, snapshot the
 * warehouse, `evidence sources`, `evidence build`, and a small static server.
 * Everything works offline; reports/README.md explains why each step is there.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { spawn } from "node:child_process";
import { copyFileSync, cpSync, createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { HandoffError } from "./errors";
import { acquireLock } from "./warehouse";

export const repoRoot = path.resolve(__dirname, "..", "..");
export const reportsDir = path.join(repoRoot, "reports");
export const reportsBuildDir = path.join(reportsDir, "build");
export const defaultReportsWarehouse = "warehouse/handoff.duckdb";

/** The one Evidence source; its queries live in reports/sources/handoff/*.sql. */
export const sourceName = "handoff";
export const sourceDir = path.join(reportsDir, "sources", sourceName);
/** Where the models live in the warehouse (and what source queries read). */
export const modelSchema = "handoff";

/**
 * The copy of the warehouse that Evidence reads. A file named handoff.duckdb
 * is attached as catalog "handoff", which makes `handoff.<table>` ambiguous
 * with the schema "handoff" (DuckDB: "Ambiguous reference to catalog or
 * schema"); the copy has another name, is a consistent snapshot while a run
 * writes the warehouse, and takes the placeholder tables.
 */
export const snapshotFile = path.join(reportsDir, ".evidence", "warehouse", "handoff_snapshot.duckdb");
export const placeholdersFile = path.join(reportsDir, "warehouse-placeholders.sql");
/** A line in the patched Evidence client: proof that the offline patch is applied. */
const patchMarker = "[handoff offline patch]";
const patchedFile = path.join(reportsDir, "node_modules", "@evidence-dev", "universal-sql", "src", "client-duckdb", "browser.js");

export type Log = (line: string) => void;

export interface BuildReportsOptions {
  /** DuckDB warehouse file (default warehouse/handoff.duckdb, relative to the current directory). */
  warehouse?: string;
  /** Also copy the built site to this directory (replacing it). */
  out?: string;
  /** Add the demo table handoff.rpt_demo to the snapshot; a missing warehouse is then allowed. */
  demo?: boolean;
  /** Run `npm ci` in reports/ even if its node_modules look current. */
  forceInstall?: boolean;
  log?: Log;
  /** Milliseconds; defaults suit two cores (a build takes about two minutes there). */
  timeouts?: { install?: number; sources?: number; build?: number };
}

export interface BuildReportsResult {
  buildDir: string;
  outDir?: string;
  seconds: number;
  tables: TableStatus[];
}

export interface TableStatus {
  query: string;
  table: string;
  status: "present" | "placeholder" | "demo" | "missing";
}

const minutes = (n: number): number => n * 60_000;

/**
 * Builds the reports site into reports/build (and `out`, if given): the whole
 * chain, offline. Throws HandoffError with a readable message on failure.
 */
export async function buildReports(options: BuildReportsOptions = {}): Promise<BuildReportsResult> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const started = Date.now();
  const warehouse = path.resolve(options.warehouse ?? defaultReportsWarehouse);
  if (!options.demo && !existsSync(warehouse)) {
    throw new HandoffError(
      `no warehouse at ${warehouse}: run \`npm start\` or \`npm run run:local\` first, pass --warehouse FILE, or build the demo with --demo`,
    );
  }

  // One build at a time: two in the same reports/ overwrite each other's .evidence/template.
  const release = acquireLock(path.join(reportsDir, ".evidence", "build"));
  try {
    return await buildLocked(options, warehouse, log, started);
  } finally {
    release();
  }
}

async function buildLocked(options: BuildReportsOptions, warehouse: string, log: Log, started: number): Promise<BuildReportsResult> {
  await ensureReportsDependencies({ log, force: options.forceInstall, timeout: options.timeouts?.install });

  log(`[reports] snapshot of ${existsSync(warehouse) ? warehouse : "an empty warehouse"} -> ${path.relative(repoRoot, snapshotFile)}`);
  const tables = await prepareSnapshot(warehouse, { demo: options.demo ?? false });
  for (const table of tables) {
    const note = {
      present: "",
      demo: " (demo rows)",
      placeholder: " (not in the warehouse: empty placeholder, its pages say 'No data yet')",
      missing: ` (NOT in the warehouse and not in ${path.relative(repoRoot, placeholdersFile)}: pages reading it will show a query error)`,
    }[table.status];
    log(`[reports]   ${modelSchema}.${table.table}${note}`);
  }

  const env = evidenceEnv();
  const dataDir = path.join(reportsDir, ".evidence", "template", "static", "data");
  // A failed sources run leaves old data behind, and filtered runs then crash.
  rmSync(dataDir, { recursive: true, force: true });

  log("[reports] evidence sources (source queries -> parquet)");
  await runLogged(process.execPath, [evidenceCli(), "sources"], {
    cwd: reportsDir,
    env,
    log,
    timeout: options.timeouts?.sources ?? minutes(10),
    what: "evidence sources",
    hint: "it should take seconds; a hang usually means the offline patch is missing (DuckDB-WASM then waits for extensions.duckdb.org): run `npm ci` in reports/",
  });
  if (!existsSync(path.join(dataDir, "manifest.json"))) {
    throw new HandoffError(`evidence sources wrote no ${path.relative(repoRoot, path.join(dataDir, "manifest.json"))}; see its output above`);
  }

  log("[reports] evidence build (about two minutes and 3-4 GB of memory on two cores)");
  rmSync(reportsBuildDir, { recursive: true, force: true });
  await runLogged(process.execPath, [evidenceCli(), "build"], {
    cwd: reportsDir,
    env,
    log,
    timeout: options.timeouts?.build ?? minutes(30),
    what: "evidence build",
    hint: "see the output above",
  });
  if (!existsSync(path.join(reportsBuildDir, "index.html"))) {
    throw new HandoffError(`evidence build finished but ${path.relative(repoRoot, reportsBuildDir)}/index.html is missing`);
  }
  removeSeedPages(reportsBuildDir);

  let outDir: string | undefined;
  if (options.out) {
    outDir = path.resolve(options.out);
    const forbidden = [repoRoot, reportsDir, path.parse(outDir).root, reportsBuildDir];
    if (forbidden.includes(outDir)) throw new HandoffError(`--out ${outDir} would replace a directory it must not; pick a dedicated one`);
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(path.dirname(outDir), { recursive: true });
    cpSync(reportsBuildDir, outDir, { recursive: true });
  }
  const seconds = (Date.now() - started) / 1000;
  return { buildDir: reportsBuildDir, outDir, seconds, tables };
}

/**
 * The parameter value reports/svelte.config.js gives templated routes so that
 * SvelteKit prerenders them even when no page links to them (empty warehouse).
 */
export const seedParam = "__handoff_seed__";

/** Deletes the seed pages (see seedParam) from a built site. */
export function removeSeedPages(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const full = path.join(dir, entry.name);
    if (entry.name === seedParam) rmSync(full, { recursive: true, force: true });
    else removeSeedPages(full);
  }
}

/** How to look at the built site, for the end of a build's output. */
export function howToOpen(dir: string = reportsBuildDir): string {
  const relative = path.relative(process.cwd(), dir);
  const rel = !relative ? "." : relative.startsWith("..") || path.isAbsolute(relative) ? dir : relative;
  return [
    `The site is in ${dir}`,
    "Open it with a static server (pages use absolute paths, so file:// does not work):",
    `  npx tsx scripts/build-reports.ts --serve-only${dir === reportsBuildDir ? "" : ` --dir ${rel}`}    (then open the printed http://127.0.0.1 address)`,
    `  or: python3 -m http.server 3000 --bind 127.0.0.1 --directory ${rel}`,
  ].join("\n");
}

/** The evidence CLI of reports/node_modules, run with this Node. */
function evidenceCli(): string {
  return path.join(reportsDir, "node_modules", "@evidence-dev", "evidence", "cli.js");
}

function evidenceEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Relative to the source folder: Evidence joins the filename onto it, so an absolute path would break.
  env[`EVIDENCE_SOURCE__${sourceName}__filename`] = path.relative(sourceDir, snapshotFile).split(path.sep).join("/");
  // evidence.settings.json is what actually turns telemetry off; this is belt and braces.
  env.SEND_ANONYMOUS_USAGE_STATS = "no";
  return env;
}

/**
 * Whether reports/node_modules matches reports/package-lock.json: every
 * package npm recorded as installed has the locked version, and every
 * non-optional locked package is installed.
 */
export function reportsDependenciesCurrent(): boolean {
  const hidden = path.join(reportsDir, "node_modules", ".package-lock.json");
  if (!existsSync(hidden)) return false;
  try {
    type Lock = { packages?: Record<string, { version?: string; optional?: boolean; link?: boolean; extraneous?: boolean }> };
    const locked = (JSON.parse(readFileSync(path.join(reportsDir, "package-lock.json"), "utf8")) as Lock).packages ?? {};
    const installed = (JSON.parse(readFileSync(hidden, "utf8")) as Lock).packages ?? {};
    for (const [key, entry] of Object.entries(installed)) {
      if (locked[key]?.version !== entry.version) return false;
    }
    for (const [key, entry] of Object.entries(locked)) {
      if (key === "" || entry.optional || entry.link || entry.extraneous) continue;
      if (!installed[key]) return false;
    }
    return true;
  } catch {
    return false;
  }
}

export function offlinePatchApplied(): boolean {
  return existsSync(patchedFile) && readFileSync(patchedFile, "utf8").includes(patchMarker);
}

/**
 * Installs reports/ dependencies from its lockfile when they are missing or
 * stale (`npm ci`, which also applies patches/ through the postinstall
 * script), and checks that the offline patch is in place.
 */
export async function ensureReportsDependencies(options: { log?: Log; force?: boolean; timeout?: number } = {}): Promise<void> {
  const log = options.log ?? (() => {});
  if (options.force || !reportsDependenciesCurrent()) {
    log("[reports] installing the reports' dependencies: npm ci in reports/ (the first time takes a few minutes)");
    await runLogged(npmCommand(), ["ci", "--include=dev", "--no-audit", "--no-fund"], {
      cwd: reportsDir,
      env: { ...process.env, npm_config_update_notifier: "false" },
      log,
      timeout: options.timeout ?? minutes(20),
      what: "npm ci (reports/)",
      hint: "it needs the npm registry; check the output above",
    });
  }
  if (!offlinePatchApplied()) {
    log("[reports] applying reports/patches (patch-package)");
    await runLogged(process.execPath, [path.join(reportsDir, "node_modules", "patch-package", "index.js"), "--error-on-fail"], {
      cwd: reportsDir,
      env: process.env,
      log,
      timeout: minutes(2),
      what: "patch-package",
      hint: "the patch in reports/patches no longer applies: was an Evidence package upgraded?",
    });
    if (!offlinePatchApplied()) {
      throw new HandoffError(`the offline patch is not applied to ${path.relative(repoRoot, patchedFile)}; run \`npm ci\` in reports/ and read reports/README.md`);
    }
  }
}

function npmCommand(): string {
  return process.platform === "win32" ? "npm.cmd" : "npm";
}

/** The tables the source queries read: `from handoff.<table>` in reports/sources/handoff/*.sql. */
export function sourceTables(dir: string = sourceDir): { query: string; table: string }[] {
  const out: { query: string; table: string }[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".sql") || file === "initialize.sql") continue;
    const sql = stripSqlComments(readFileSync(path.join(dir, file), "utf8"));
    const pattern = new RegExp(`\\b(?:from|join)\\s+"?${modelSchema}"?\\s*\\.\\s*"?([A-Za-z_][A-Za-z0-9_]*)"?`, "gi");
    for (const match of sql.matchAll(pattern)) {
      const table = match[1];
      if (table && !out.some((entry) => entry.table === table)) out.push({ query: file.replace(/\.sql$/, ""), table });
    }
  }
  return out;
}

function stripSqlComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, " ").replace(/\/\*[\s\S]*?\*\//g, " ");
}

/** `create table handoff.<name> (...)` statements of reports/warehouse-placeholders.sql, by table. */
export function placeholderStatements(file: string = placeholdersFile): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(file)) return out;
  const pattern = new RegExp(`^create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?"?${modelSchema}"?\\s*\\.\\s*"?([A-Za-z_][A-Za-z0-9_]*)"?`, "i");
  for (const statement of stripSqlComments(readFileSync(file, "utf8")).split(";")) {
    const sql = statement.trim();
    if (!sql) continue;
    const match = pattern.exec(sql);
    if (!match?.[1]) throw new HandoffError(`${path.relative(repoRoot, file)}: expected only \`create table ${modelSchema}.<name> (...)\` statements, got: ${sql.slice(0, 80)}`);
    out.set(match[1], sql);
  }
  return out;
}

const placeholdersHeader = `-- Empty, typed stand-ins for report tables the warehouse does not have yet.
--
-- scripts/build-reports.ts copies the warehouse to a snapshot for Evidence and,
-- for every table a source query (sources/handoff/*.sql) reads that the
-- warehouse lacks, runs that table's statement below on the SNAPSHOT (never on
-- the warehouse). Evidence then writes a zero-row parquet file with these
-- columns, page queries still bind, and pages show <NoData> ("No data yet")
-- instead of a query error. A missing table with no statement here is
-- reported by the build and its pages show a query error.
--
-- Regenerate after adding or changing a report table, from a warehouse where
-- every model has run (statements for tables it lacks are kept):
--   npm run reports:build -- --update-placeholders [--warehouse FILE]
`;

/**
 * Rewrites reports/warehouse-placeholders.sql with the columns each source
 * table has in \`warehouse\`; tables the warehouse lacks keep their statement.
 */
export async function updatePlaceholders(warehouse: string, file: string = placeholdersFile): Promise<{ written: string[]; kept: string[]; missing: string[] }> {
  if (!existsSync(warehouse)) throw new HandoffError(`no warehouse at ${warehouse}`);
  const previous = placeholderStatements(file);
  // A copy under another name: handoff.duckdb itself makes `handoff.` ambiguous.
  const copy = path.join(path.dirname(snapshotFile), "placeholders_source.duckdb");
  mkdirSync(path.dirname(copy), { recursive: true });
  copyFileSync(warehouse, copy);
  if (existsSync(`${warehouse}.wal`)) copyFileSync(`${warehouse}.wal`, `${copy}.wal`);
  const instance = await DuckDBInstance.create(copy, { access_mode: "READ_ONLY" });
  const connection = await instance.connect();
  const statements: string[] = [];
  const result = { written: [] as string[], kept: [] as string[], missing: [] as string[] };
  try {
    for (const { table } of sourceTables()) {
      const reader = await connection.runAndReadAll(
        `select column_name, data_type from information_schema.columns where table_schema = '${modelSchema}' and table_name = '${table}' and table_catalog = current_database() order by ordinal_position`,
      );
      const columns = reader.getRowObjectsJS().map((row) => `  "${String(row.column_name)}" ${String(row.data_type)}`);
      if (columns.length) {
        statements.push(`create table ${modelSchema}.${table} (\n${columns.join(",\n")}\n);`);
        result.written.push(table);
      } else if (previous.has(table)) {
        statements.push(`${previous.get(table)};`);
        result.kept.push(table);
      } else {
        result.missing.push(table);
      }
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(copy, { force: true });
    rmSync(`${copy}.wal`, { force: true });
  }
  writeFileSync(file, `${placeholdersHeader}\n${statements.join("\n\n")}\n`);
  return result;
}

/**
 * Copies the warehouse (or starts an empty one) to the snapshot Evidence reads,
 * then adds an empty placeholder for every table a source query reads that the
 * warehouse does not have, and with `demo` the demo table.
 */
export async function prepareSnapshot(warehouse: string, options: { demo: boolean }): Promise<TableStatus[]> {
  mkdirSync(path.dirname(snapshotFile), { recursive: true });
  for (const suffix of ["", ".wal"]) rmSync(`${snapshotFile}${suffix}`, { force: true });
  if (existsSync(warehouse)) {
    copyFileSync(warehouse, snapshotFile);
    // A WAL beside the warehouse holds changes not yet checkpointed into it.
    if (existsSync(`${warehouse}.wal`)) copyFileSync(`${warehouse}.wal`, `${snapshotFile}.wal`);
  }
  const instance = await DuckDBInstance.create(snapshotFile);
  const connection = await instance.connect();
  try {
    await connection.run(`create schema if not exists ${modelSchema}`);
    if (options.demo) await createDemoTable(connection);
    const reader = await connection.runAndReadAll(
      `select table_name from information_schema.tables where table_schema = '${modelSchema}' and table_catalog = current_database()`,
    );
    const existing = new Set(reader.getRowObjectsJS().map((row) => String(row.table_name)));
    const placeholders = placeholderStatements();
    const statuses: TableStatus[] = [];
    for (const { query, table } of sourceTables()) {
      if (existing.has(table)) {
        statuses.push({ query, table, status: options.demo && table === "rpt_demo" ? "demo" : "present" });
        continue;
      }
      const statement = placeholders.get(table);
      if (statement) {
        await connection.run(statement);
        statuses.push({ query, table, status: "placeholder" });
      } else {
        statuses.push({ query, table, status: "missing" });
      }
    }
    await connection.run("checkpoint");
    return statuses;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Twelve weeks of made-up seam latencies: what the placeholder page shows with --demo. */
async function createDemoTable(connection: { run: (sql: string) => Promise<unknown> }): Promise<void> {
  await connection.run(`
    create or replace table ${modelSchema}.rpt_demo as
    select
      (date '2024-01-01' + (w * 7)::integer) as week,
      s.seam,
      round(600 + 400 * sin(w / 2.0 + s.k) + 90 * s.k, 1)::double as p50_seconds
    from range(0, 12) as t(w),
      (values ('mql_to_sql', 1), ('sql_to_accepted', 2), ('accepted_to_first_touch', 3)) as s(seam, k)
    order by week, seam`);
}

/** Writes a standalone demo warehouse file (schema handoff, table rpt_demo). */
export async function createDemoWarehouse(file: string): Promise<void> {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    await connection.run(`create schema if not exists ${modelSchema}`);
    await createDemoTable(connection);
    await connection.run("checkpoint");
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: Log;
  timeout: number;
  what: string;
  hint: string;
}

/**
 * Runs a command in its own process group, forwards its output line by line,
 * and kills the whole group on timeout or when this process is interrupted.
 */
export function runLogged(command: string, args: string[], options: RunOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: process.platform !== "win32",
      shell: process.platform === "win32",
    });
    const killGroup = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined || child.exitCode !== null) return;
      try {
        if (process.platform === "win32") child.kill(signal);
        else process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const forward = (stream: NodeJS.ReadableStream): void => {
      let rest = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        const lines = (rest + chunk).split(/\r?\n|\r/);
        rest = lines.pop() ?? "";
        for (const line of lines) emit(line);
      });
      stream.on("end", () => {
        if (rest) emit(rest);
      });
    };
    const emit = (line: string): void => {
      // eslint-disable-next-line no-control-regex
      const clean = line.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").trimEnd();
      if (!clean.trim() || /^npm warn Unknown (user|env|project) config/.test(clean)) return;
      options.log(`  | ${clean}`);
    };
    forward(child.stdout!);
    forward(child.stderr!);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup("SIGTERM");
      setTimeout(() => killGroup("SIGKILL"), 5_000).unref();
    }, options.timeout);
    const onSignal = (signal: NodeJS.Signals): void => {
      killGroup("SIGTERM");
      process.stderr.write(`\ninterrupted (${signal}): stopped ${options.what}\n`);
      process.exit(130);
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    const done = (): void => {
      clearTimeout(timer);
      process.removeListener("SIGINT", onSignal);
      process.removeListener("SIGTERM", onSignal);
    };
    child.on("error", (error) => {
      done();
      reject(new HandoffError(`${options.what} could not start: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      done();
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      if (timedOut) {
        reject(new HandoffError(`${options.what} did not finish within ${Math.round(options.timeout / 1000)}s and was stopped; ${options.hint}`));
      } else if (code !== 0) {
        reject(new HandoffError(`${options.what} failed (${signal ? `signal ${signal}` : `exit code ${code}`}) after ${seconds}s; ${options.hint}`));
      } else {
        options.log(`[reports]   ${options.what}: done in ${seconds}s`);
        resolve();
      }
    });
  });
}

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".arrow": "application/vnd.apache.arrow.stream",
  ".parquet": "application/vnd.apache.parquet",
};

export interface StaticServer {
  url: string;
  close: () => Promise<void>;
}

/**
 * Serves a built site from `root` on 127.0.0.1 (port 0: a free one). Folders
 * answer with their index.html, like any static host; nothing outside `root`.
 */
export function serveDirectory(root: string, port = 0): Promise<StaticServer> {
  const base = path.resolve(root);
  const server = http.createServer((request, response) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    } catch {
      response.writeHead(400).end("bad request");
      return;
    }
    let file = path.join(base, pathname);
    if (file !== base && !file.startsWith(base + path.sep)) {
      response.writeHead(403).end("forbidden");
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!existsSync(file) && existsSync(`${file}.html`)) file = `${file}.html`;
    if (!existsSync(file) || !statSync(file).isFile()) {
      const notFound = path.join(base, "404.html");
      response.writeHead(404, { "content-type": "text/html; charset=utf-8" });
      if (existsSync(notFound)) createReadStream(notFound).pipe(response);
      else response.end("not found");
      return;
    }
    response.writeHead(200, {
      "content-type": contentTypes[path.extname(file).toLowerCase()] ?? "application/octet-stream",
      "content-length": statSync(file).size,
      "cache-control": "no-cache",
    });
    if (request.method === "HEAD") response.end();
    else createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${address.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
