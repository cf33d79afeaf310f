// Proves, without BigQuery, that every statement Dataform would run on BigQuery
// for this project is valid GoogleSQL: compiles with the official CLI
// (dialect=bigquery), builds the statements Dataform's BigQuery adapter runs and
// analyzes each with ZetaSQL's analyzer against the raw contract plus every
// upstream model's output columns. Exits 1 if any statement fails.

import * as path from "node:path";

import {
  DataformCompileError,
  REPO_ROOT,
  compileDataformProject,
  isCompilableInPlace,
  stageProject,
  type Engine,
} from "./lib/bigquery-statements";
import {
  ZetaSqlAnalyzer,
  actionLabel,
  analyzeCompiledGraph,
  formatActionError,
  type ActionResult,
} from "./lib/zetasql-analyzer";

const HELP = `Usage: tsx scripts/check-bigquery-sql.ts [options]

Compiles the Dataform project for BigQuery with the official CLI
(node_modules/.bin/dataform compile --json --vars=dialect=bigquery), turns the
compiled graph into the statements Dataform's BigQuery adapter runs
(create or replace table/view, the incremental merge/insert, assertion views,
operations, unit-test queries) and analyzes each one, in dependency order, with
the GoogleSQL analyzer from @fivetrandevelopers/zetasql. Raw tables come from
includes/raw_contract.js; each model's output columns feed the models after it.

Prints one line per action (OK / ERROR / BLOCKED) and exits 1 on any error,
2 if the project does not compile.

Options:
  --project-dir <dir>   Dataform project to check (default: the repo root). A
                        directory without package.json/node_modules (such as
                        test/fixtures/bigquery-project) is staged in a temp dir
                        with the repo's node_modules, dataform.json and
                        includes/raw_contract.js.
  --vars k=v[,k=v]      Extra Dataform vars (dialect is always bigquery).
  --engine <e>          Statement builder: auto (default; the CLI's own builder,
                        falling back to the mirror), cli, or mirror.
  --no-incremental      Skip the incremental run (MERGE / INSERT statements).
  --show-sql            Print every analyzed statement.
  --json                Print the report as JSON instead of text.
  -h, --help            Show this help.
`;

interface Args {
  projectDir: string;
  vars: Record<string, string>;
  engine: Engine | "auto";
  incremental: boolean;
  showSql: boolean;
  json: boolean;
}

function parseArgs(argv: string[]): Args | "help" {
  const args: Args = { projectDir: REPO_ROOT, vars: {}, engine: "auto", incremental: true, showSql: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const eq = a.indexOf("=");
      if (a.startsWith("--") && eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const name = a.startsWith("--") && a.includes("=") ? a.slice(0, a.indexOf("=")) : a;
    switch (name) {
      case "-h":
      case "--help":
        return "help";
      case "--project-dir":
        args.projectDir = path.resolve(value());
        break;
      case "--vars":
        for (const kv of value().split(",")) {
          const [k, ...v] = kv.split("=");
          if (k) args.vars[k] = v.join("=");
        }
        break;
      case "--engine": {
        const e = value();
        if (e !== "auto" && e !== "cli" && e !== "mirror") throw new Error(`--engine must be auto, cli or mirror`);
        args.engine = e;
        break;
      }
      case "--no-incremental":
        args.incremental = false;
        break;
      case "--show-sql":
        args.showSql = true;
        break;
      case "--json":
        args.json = true;
        break;
      default:
        throw new Error(`unknown argument: ${a} (see --help)`);
    }
  }
  return args;
}

function printResult(r: ActionResult, showSql: boolean): void {
  const n = r.statements.length;
  switch (r.status) {
    case "ok":
      console.log(`OK      ${actionLabel(r.action)} - ${n} statement${n === 1 ? "" : "s"}`);
      break;
    case "disabled":
      console.log(`OFF     ${actionLabel(r.action)} - disabled`);
      break;
    case "blocked":
      console.log(`BLOCKED ${formatActionError(r)}`);
      break;
    default:
      console.log(`ERROR   ${formatActionError(r)}`);
  }
  if (showSql) {
    for (const s of r.statements) {
      console.log(`  -- statement ${s.statementIndex + 1} [${s.status}${s.kind ? `: ${s.kind}` : ""}]`);
      console.log(s.sql.replace(/^/gm, "  "));
    }
  }
}

async function main(): Promise<number> {
  let args: Args | "help";
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (args === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  const { projectDir } = args;
  const staged = isCompilableInPlace(projectDir) ? undefined : stageProject(projectDir);
  let analyzer: ZetaSqlAnalyzer | undefined;
  const stopAll = async () => {
    await analyzer?.stop();
    staged?.cleanup();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void stopAll().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const t0 = Date.now();
    const graph = await compileDataformProject(staged?.dir ?? projectDir, { vars: args.vars });
    const compileMs = Date.now() - t0;
    const t1 = Date.now();
    analyzer = await ZetaSqlAnalyzer.start();
    const startMs = Date.now() - t1;
    const showSql = args.showSql;
    const report = await analyzeCompiledGraph(analyzer, graph, {
      engine: args.engine,
      incremental: args.incremental,
      projectDir: staged?.dir ?? projectDir,
      onResult: args.json ? undefined : (r) => printResult(r, showSql),
    });
    if (args.json) {
      console.log(
        JSON.stringify(
          {
            projectDir,
            engine: report.engine,
            warnings: report.warnings,
            timings: { compileMs, analyzerStartMs: startMs, analyzeMs: report.millis },
            actions: report.results.map((r) => ({
              key: r.action.key,
              kind: r.action.kind,
              phase: r.action.phase,
              fileName: r.action.fileName,
              status: r.status,
              blockedBy: r.blockedBy,
              statements: r.statements.map((s) => ({ status: s.status, kind: s.kind, sql: s.sql, error: s.error, sourceLine: s.sourceLine })),
            })),
          },
          null,
          2,
        ),
      );
    } else {
      for (const w of report.warnings) console.log(`WARN    ${w}`);
      const counts = report.results.length;
      console.log(
        `\n${counts} action(s), ${report.statementCount} statement(s); compile ${compileMs} ms, analyzer start ${startMs} ms, ` +
          `analysis ${report.millis} ms (statements built by: ${report.engine}).`,
      );
      if (counts === 0) console.log("Nothing to analyze: the compiled graph has no tables, views, assertions, operations or tests yet.");
      console.log(
        report.errors.length === 0
          ? "All statements are valid GoogleSQL for BigQuery."
          : `${report.errors.length} action(s) failed${report.blocked.length ? `, ${report.blocked.length} blocked by them` : ""}.`,
      );
    }
    return report.errors.length > 0 || report.blocked.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof DataformCompileError) {
      console.error(error.message);
      return 2;
    }
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    return 2;
  } finally {
    await stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
