import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { repoRoot } from "./lib/compiled-graph";
import { exitWithError, HandoffError } from "./lib/errors";
import { executeProject } from "./lib/local-run";
import { cutoffForShare, holdBackEvents, releaseHeldBackEvents } from "./lib/new-data";
import { loadRawDirectory, rawTables } from "./lib/raw-data";
import { buildReports } from "./lib/reports";
import { generateSample } from "./lib/sample/generate";
import { closeDuckDb, openDuckDb } from "./lib/warehouse";
import { quoteIdent } from "./lib/sql-identifiers";

const usage = `Usage: npm run bench -- [options]

Measures each stage of the pipeline on the embedded DuckDB default, per size:
generate, load, compile, a plain scan of all raw tables (the floor any pipeline
pays), the full build (models, then assertions) with the newest 1% of the raw
rows held back, the incremental run after that 1% arrives, and the report
build. Prints rows per second, seconds and peak memory, the build-to-scan
ratio, the incremental-to-full ratio and how time grows with size, and writes
JSON (with every action's seconds in both runs, to compare model by model)
and a markdown table.

Options:
  --sizes N,N,...   lead counts (default 10000,100000)
  --new-share F     share of the raw rows that arrive as new data (default 0.01)
  --no-reports      skip the report build stage
  --out DIR         where to write results (default bench-results)
  --work DIR        scratch folder for data and warehouses (default: a temp dir)
  --as-of TS        as-of time of the incremental run (default 2026-11-23T12:00:00Z)
  -h, --help        show this help

Peak memory is this process's (DuckDB runs in it); the report build's own
processes (Evidence) are not counted. The report stage builds reports/build
from the benchmark's warehouse: run \`npm run reports:build\` afterwards to
build it from yours again.
`;

interface StageFigure {
  stage: string;
  seconds: number;
  rows?: number;
  rowsPerSecond?: number;
  peakRssMb: number;
}

/** One action's time in a run, for comparing runs model by model. */
interface ActionFigure {
  name: string;
  kind: string;
  seconds: number;
}

const actionFigures = (results: { action: { kind: string; target: { name: string } }; seconds: number }[]): ActionFigure[] =>
  results.map((result) => ({ name: result.action.target.name, kind: result.action.kind, seconds: Math.round(result.seconds * 1000) / 1000 }));

/** Seconds spent on the actions that `include` picks. */
const secondsOf = (actions: ActionFigure[], include: (action: ActionFigure) => boolean): number =>
  actions.filter(include).reduce((sum, action) => sum + action.seconds, 0);

/** Seconds per kind of action: where a run's time goes. */
const secondsByKind = (actions: ActionFigure[]): string =>
  ["incremental", "table", "view", "assertion"].map((kind) => `${kind} ${secondsOf(actions, (action) => action.kind === kind).toFixed(1)}s`).join(", ");

/** Runs `work` while sampling this process's resident memory (DuckDB runs in-process). */
async function measure<T>(stage: string, work: () => Promise<T>, rows?: (value: T) => number): Promise<{ value: T; figure: StageFigure }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  const started = process.hrtime.bigint();
  try {
    const value = await work();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    peak = Math.max(peak, process.memoryUsage.rss());
    const count = rows ? rows(value) : undefined;
    const figure: StageFigure = { stage, seconds, peakRssMb: Math.round(peak / 1024 / 1024), ...(count !== undefined ? { rows: count, rowsPerSecond: Math.round(count / seconds) } : {}) };
    process.stdout.write(`  ${stage.padEnd(22)} ${seconds.toFixed(2).padStart(8)}s${count !== undefined ? `  ${count.toLocaleString("en-US").padStart(12)} rows  ${figure.rowsPerSecond!.toLocaleString("en-US").padStart(10)} rows/s` : ""}  peak ${figure.peakRssMb} MB\n`);
    return { value, figure };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "10000,100000" },
      "new-share": { type: "string", default: "0.01" },
      "no-reports": { type: "boolean", default: false },
      out: { type: "string", default: "bench-results" },
      work: { type: "string" },
      "as-of": { type: "string", default: "2026-11-23T12:00:00Z" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const sizes = z
    .array(z.coerce.number().int().positive())
    .min(1)
    .safeParse((values.sizes ?? "").split(",").filter(Boolean));
  if (!sizes.success) throw new HandoffError(`--sizes expects positive whole numbers separated by commas, got ${JSON.stringify(values.sizes)}`);
  const newShare = Number(values["new-share"]);
  if (!(newShare > 0 && newShare < 1)) throw new HandoffError(`--new-share expects a fraction between 0 and 1, got ${JSON.stringify(values["new-share"])}`);
  const workDir = values.work ?? path.join(os.tmpdir(), `handoff-bench-${process.pid}`);
  mkdirSync(workDir, { recursive: true });
  const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown"}), ${Math.round(os.totalmem() / 1024 ** 3)} GB, Node ${process.version}, ${os.platform()} ${os.arch()}`;
  process.stdout.write(`machine: ${machine}\n`);

  const results: { leads: number; rawRows: number; stages: StageFigure[]; buildOverScan: number; incrementalOverFull: number; actions: { fullBuild: ActionFigure[]; incremental: ActionFigure[] } }[] = [];
  for (const leads of sizes.data) {
    process.stdout.write(`\n${leads.toLocaleString("en-US")} leads\n`);
    const sampleDir = path.join(workDir, `sample-${leads}`);
    const warehouse = path.join(workDir, `bench-${leads}.duckdb`);
    rmSync(sampleDir, { recursive: true, force: true });
    rmSync(warehouse, { force: true });
    const stages: StageFigure[] = [];

    const generated = await measure("generate", () => generateSample({ seed: 42, leads, end: "2026-11-23", outDir: sampleDir }), (result) => result.rows);
    stages.push(generated.figure);

    const handle = await openDuckDb(warehouse);
    try {
      const loaded = await measure("load", () => loadRawDirectory(handle.connection, sampleDir, rawTables()), (counts) => Object.values(counts).reduce((a, b) => a + b, 0));
      stages.push(loaded.figure);
      const rawRows = loaded.figure.rows ?? 0;

      const compiled = await measure("compile (CLI, uncached)", async () => {
        const result = spawnSync(path.join(repoRoot, "node_modules", ".bin", "dataform"), ["compile", ".", "--json", "--timeout=5m", "--vars=dialect=duckdb"], { cwd: repoRoot, maxBuffer: 256 * 1024 * 1024 });
        if (result.status !== 0) throw new HandoffError(`dataform compile failed: ${result.stderr.toString()}`);
        return result.stdout.length;
      });
      stages.push(compiled.figure);

      const scan = await measure(
        "scan raw (floor)",
        async () => {
          for (const spec of rawTables()) await handle.connection.run(`select max(columns(*)) from ${quoteIdent(spec.schema)}.${quoteIdent(spec.table)}`);
          return rawRows;
        },
        (rows) => rows,
      );
      stages.push(scan.figure);

      // The newest events wait outside the raw tables until the incremental run.
      const cutoff = await cutoffForShare(handle.connection, newShare);
      const heldBack = await holdBackEvents(handle.connection, cutoff);
      process.stdout.write(`  holding back ${heldBack.toLocaleString("en-US")} raw rows (events at or after ${cutoff}) as new data\n`);

      const build = await measure(
        "full build",
        async () => {
          const outcome = await executeProject(handle.connection, { asOf: cutoff });
          if (!outcome.ok) throw new HandoffError(`the build failed:\n${outcome.summary}`);
          return outcome;
        },
        () => rawRows - heldBack,
      );
      stages.push(build.figure);
      const buildActions = actionFigures(build.value.results);
      const modelSeconds = secondsOf(buildActions, (action) => action.kind !== "assertion");
      const assertionSeconds = secondsOf(buildActions, (action) => action.kind === "assertion");
      stages.push({ stage: "  of which models", seconds: modelSeconds, peakRssMb: build.figure.peakRssMb });
      stages.push({ stage: "  of which assertions", seconds: assertionSeconds, peakRssMb: build.figure.peakRssMb });
      process.stdout.write(`    models ${modelSeconds.toFixed(1)}s, assertions ${assertionSeconds.toFixed(1)}s\n`);
      const slowest = [...build.value.results].sort((a, b) => b.seconds - a.seconds).slice(0, 5);
      process.stdout.write(`    slowest: ${slowest.map((result) => `${result.action.target.name} ${result.seconds.toFixed(1)}s`).join(", ")}\n`);

      await releaseHeldBackEvents(handle.connection);
      const incremental = await measure(
        `incremental (+${(newShare * 100).toFixed(0)}% data)`,
        async () => {
          const outcome = await executeProject(handle.connection, { asOf: values["as-of"] });
          if (!outcome.ok) throw new HandoffError(`the incremental run failed:\n${outcome.summary}`);
          return outcome;
        },
        () => heldBack,
      );
      stages.push(incremental.figure);
      const incrementalActions = actionFigures(incremental.value.results);
      process.stdout.write(`    by kind: ${secondsByKind(incrementalActions)} (only the event logs are incremental; the rest is rebuilt)\n`);

      const buildOverScan = build.figure.seconds / scan.figure.seconds;
      const incrementalOverFull = incremental.figure.seconds / build.figure.seconds;
      process.stdout.write(`  full build / raw scan = ${buildOverScan.toFixed(1)}x; incremental / full build = ${incrementalOverFull.toFixed(2)}\n`);
      results.push({ leads, rawRows, stages, buildOverScan, incrementalOverFull, actions: { fullBuild: buildActions, incremental: incrementalActions } });
    } finally {
      closeDuckDb(handle);
    }
    if (!values["no-reports"]) {
      const reports = await measure("report build", () => buildReports({ warehouse, log: () => {} }));
      results[results.length - 1]?.stages.push(reports.figure);
    }
  }

  // Ten times the data should take at most ten times as long.
  const growth: { from: number; to: number; dataRatio: number; buildRatio: number }[] = [];
  for (let index = 1; index < results.length; index += 1) {
    const [smaller, larger] = [results[index - 1]!, results[index]!];
    const seconds = (result: typeof smaller) => result.stages.find((stage) => stage.stage === "full build")?.seconds ?? Number.NaN;
    growth.push({ from: smaller.leads, to: larger.leads, dataRatio: larger.rawRows / smaller.rawRows, buildRatio: seconds(larger) / seconds(smaller) });
  }
  for (const step of growth) {
    process.stdout.write(`\n${step.from.toLocaleString("en-US")} -> ${step.to.toLocaleString("en-US")} leads: ${step.dataRatio.toFixed(1)}x the raw rows took ${step.buildRatio.toFixed(1)}x as long to build\n`);
  }

  const outDir = path.resolve(values.out ?? "bench-results");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, "bench.json"), JSON.stringify({ machine, date: new Date().toISOString(), newShare, results, growth }, null, 2));
  const lines = [`Machine: ${machine}`, "", "| leads | stage | seconds | rows | rows/s | peak MB |", "| ---: | --- | ---: | ---: | ---: | ---: |"];
  for (const result of results) {
    for (const stage of result.stages) {
      lines.push(`| ${result.leads.toLocaleString("en-US")} | ${stage.stage.trim()} | ${stage.seconds.toFixed(1)} | ${stage.rows?.toLocaleString("en-US") ?? ""} | ${stage.rowsPerSecond?.toLocaleString("en-US") ?? ""} | ${stage.peakRssMb} |`);
    }
    lines.push(`| ${result.leads.toLocaleString("en-US")} | full build / raw scan | ${result.buildOverScan.toFixed(1)}x | | | |`);
    lines.push(`| ${result.leads.toLocaleString("en-US")} | incremental / full build | ${result.incrementalOverFull.toFixed(2)} | | | |`);
  }
  for (const step of growth) {
    lines.push("", `${step.from.toLocaleString("en-US")} -> ${step.to.toLocaleString("en-US")} leads: ${step.dataRatio.toFixed(1)}x the raw rows, ${step.buildRatio.toFixed(1)}x the full-build time.`);
  }
  writeFileSync(path.join(outDir, "bench.md"), `${lines.join("\n")}\n`);
  process.stdout.write(`\nwrote ${path.join(outDir, "bench.json")} and bench.md\n`);
  if (!values["no-reports"]) process.stdout.write("reports/build now shows the benchmark's data: `npm run reports:build` builds it from your warehouse again\n");
  if (!values.work) rmSync(workDir, { recursive: true, force: true });
}

main().catch((error: unknown) => exitWithError(error));
