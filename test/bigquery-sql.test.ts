// "Proven without BigQuery": every statement Dataform would run on BigQuery is
// analyzed by the real GoogleSQL analyzer (ZetaSQL, @fivetrandevelopers/zetasql).
//
//  1. The project compiles with the official CLI for BigQuery.
//  2. Every compiled statement (first build, incremental run, assertions,
//     operations, unit tests) passes the analyzer; a failure names the action's
//     file and target, the line and column in the statement and the SQL line.
//  3. Fixtures: test/fixtures/bigquery-project exercises every statement shape
//     end to end; test/fixtures/bigquery-leaks holds DuckDB-isms that must be
//     caught. Plus single statements and a probe of BigQuery features.
//
// One analyzer server for the whole file (started in beforeAll, stopped and
// checked gone in afterAll; a watchdog also kills it if this process dies).

import * as fs from "node:fs";
import * as path from "node:path";
import { compileProject } from "../scripts/lib/compiled-graph";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  REPO_ROOT,
  compileDataformProject,
  planBigQueryRun,
  splitSqlStatements,
  stageProject,
  type CompiledGraph,
  type WarehouseTable,
} from "../scripts/lib/bigquery-statements";
import {
  BigQueryCatalog,
  ZetaSqlAnalyzer,
  analyzeCompiledGraph,
  formatActionError,
  loadRawContract,
  registerRawContract,
  typeToString,
  type ActionResult,
  type GraphAnalysisReport,
} from "../scripts/lib/zetasql-analyzer";

const FIXTURES = path.join(REPO_ROOT, "test", "fixtures");
const rootConfig = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "dataform.json"), "utf8")) as {
  defaultDatabase: string;
  defaultSchema: string;
  assertionSchema: string;
};
const DB = rootConfig.defaultDatabase;
const SCHEMA = rootConfig.defaultSchema;

let analyzer: ZetaSqlAnalyzer;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  analyzer = await ZetaSqlAnalyzer.start();
});

afterAll(async () => {
  for (const cleanup of cleanups) cleanup();
  if (!analyzer) return;
  const pid = analyzer.serverPid;
  await analyzer.stop();
  // Clean shutdown: the server process is gone (not left running, not a zombie).
  expect(analyzer.running).toBe(false);
  expect(fs.existsSync(`/proc/${pid}`)).toBe(false);
});

/** Throws one error listing every failed or blocked action, formatted for humans. */
function expectNoFailures(report: GraphAnalysisReport): void {
  const failures = [...report.errors, ...report.blocked];
  if (failures.length > 0) {
    throw new Error(
      `${report.errors.length} action(s) have statements BigQuery would reject` +
        (report.blocked.length ? ` (${report.blocked.length} more not analyzed because they depend on them)` : "") +
        `:\n\n${failures.map(formatActionError).join("\n\n")}\n`,
    );
  }
}

async function compileFixture(name: string): Promise<{ graph: CompiledGraph; dir: string }> {
  const staged = stageProject(path.join(FIXTURES, name));
  cleanups.push(staged.cleanup);
  return { graph: await compileDataformProject(staged.dir), dir: staged.dir };
}

function resultFor(report: GraphAnalysisReport, predicate: (r: ActionResult) => boolean): ActionResult {
  const found = report.results.find(predicate);
  if (!found) throw new Error(`no such action in ${report.results.map((r) => `${r.action.key} (${r.action.phase})`).join(", ")}`);
  return found;
}

// ---------------------------------------------------------------------------

describe("the Handoff project, compiled for BigQuery", () => {
  let compiling: Promise<CompiledGraph> | undefined;
  const compiled = () => (compiling ??= compileDataformProject(REPO_ROOT));

  it("compiles with the official Dataform CLI (dialect = bigquery)", async () => {
    const graph = await compiled();
    expect(graph.projectConfig.warehouse).toBe("bigquery");
    expect(graph.projectConfig.vars?.["dialect"]).toBe("bigquery");
    expect(graph.graphErrors?.compilationErrors ?? []).toEqual([]);
  });

  it("has every statement Dataform would run on BigQuery accepted by the GoogleSQL analyzer", async () => {
    const graph = await compiled();
    const report = await analyzeCompiledGraph(analyzer, graph);
    expect(report.engine).toBe("cli");
    expectNoFailures(report);
    // Every raw table the models read is declared from the contract.
    expect(report.warnings.filter((w) => w.startsWith("declaration"))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------

describe("pipeline end to end on the fixture project (test/fixtures/bigquery-project)", () => {
  let graph: CompiledGraph;
  let report: GraphAnalysisReport;

  beforeAll(async () => {
    const compiled = await compileFixture("bigquery-project");
    graph = compiled.graph;
    report = await analyzeCompiledGraph(analyzer, graph, { projectDir: compiled.dir });
  });

  it("analyzes every statement without errors, with the CLI's own statement builder", () => {
    expectNoFailures(report);
    expect(report.engine).toBe("cli");
    expect(report.warnings).toEqual([]);
  });

  it("builds the statements Dataform's BigQuery adapter runs", () => {
    const sqlOf = (name: string, phase: string) =>
      resultFor(report, (r) => r.action.target.name === name && r.action.phase === phase)
        .statements.map((s) => s.sql)
        .join("\n;\n");
    expect(sqlOf("stg_leads", "full-refresh")).toMatch(new RegExp(`^create or replace view \`${DB}\\.${SCHEMA}\\.stg_leads\` as`));
    expect(sqlOf("lead_first_touch", "full-refresh")).toMatch(
      new RegExp(`^create or replace table \`${DB}\\.${SCHEMA}\\.lead_first_touch\` partition by date\\(created_at\\) cluster by lead_id as`),
    );
    // Incremental with uniqueKey: first a full build, then MERGE on the key with the columns the build produced.
    expect(sqlOf("routing_events", "full-refresh")).toMatch(/^declare since timestamp[\s\S]*\n;\ncreate or replace table /);
    const merge = sqlOf("routing_events", "incremental");
    expect(merge).toContain(`merge \`${DB}.${SCHEMA}.routing_events\` T`);
    expect(merge).toContain("on T.event_id = S.event_id");
    expect(merge).toContain("and T.occurred_at > timestamp_sub(current_timestamp(), interval 7 day)");
    expect(merge).toContain("insert (`event_id`,`lead_id`,`event`,`owner_id`,`channel`,`occurred_at`)");
    expect(merge).toContain(`select max(occurred_at) from \`${DB}.${SCHEMA}.routing_events\``);
    // Incremental without uniqueKey: INSERT INTO.
    expect(sqlOf("routing_notifications", "incremental")).toMatch(
      new RegExp(`^insert into \`${DB}\\.${SCHEMA}\\.routing_notifications\`\\s*\\(\`lead_id\`,\`owner_id\`,\`channel\`,\`notified_at\`\\)`),
    );
    // Assertions: a view in the assertion schema, then the row count.
    const assertion = resultFor(report, (r) => r.action.target.name === "assert_first_touch");
    expect(assertion.statements.map((s) => s.sql)).toEqual([
      expect.stringMatching(new RegExp(`^create or replace view \`${DB}\\.${rootConfig.assertionSchema}\\.assert_first_touch\` as`)),
      `select sum(1) as row_count from \`${DB}.${rootConfig.assertionSchema}.assert_first_touch\``,
    ]);
    expect(report.results.filter((r) => r.action.kind === "assertion").length).toBe(3); // + built-in uniqueKey, nonNull
  });

  it("analyzes each statement kind and feeds each model's output columns downstream", () => {
    const kinds = (name: string, phase: string) =>
      resultFor(report, (r) => r.action.target.name === name && r.action.phase === phase).statements.map((s) => s.kind);
    expect(kinds("stg_leads", "full-refresh")).toEqual(["resolvedCreateViewStmtNode"]);
    expect(kinds("routing_events", "full-refresh")).toEqual(["declare", "resolvedCreateTableAsSelectStmtNode"]);
    expect(kinds("routing_events", "incremental")).toEqual(["declare", "resolvedMergeStmtNode"]);
    expect(kinds("routing_notifications", "incremental")).toEqual(["resolvedInsertStmtNode"]);
    expect(kinds("owner_names", "full-refresh")).toEqual(["resolvedCreateTableAsSelectStmtNode"]);
    expect(kinds("test_stg_leads", "unit-test")).toEqual(["resolvedQueryStmtNode", "resolvedQueryStmtNode"]);

    const columns = resultFor(report, (r) => r.action.target.name === "lead_first_touch").columns ?? [];
    expect(columns.map((c) => `${c.name} ${typeToString(c.type)}`)).toEqual([
      "lead_id STRING",
      "created_at TIMESTAMP",
      "first_owner_change_at TIMESTAMP",
      "seconds_to_first_change INT64",
      "created_dow_ny INT64",
      "first_owner_id STRING",
    ]);
    // The operation's table (hasOutput) was registered, so the view reading it resolved.
    expect(resultFor(report, (r) => r.action.target.name === "owner_activity").status).toBe("ok");
  });

  it("orders actions so each follows what it depends on", () => {
    const order = report.results.filter((r) => r.action.phase === "full-refresh").map((r) => r.action.target.name);
    expect(order.indexOf("stg_leads")).toBeLessThan(order.indexOf("lead_first_touch"));
    expect(order.indexOf("lead_first_touch")).toBeLessThan(order.indexOf("assert_first_touch"));
    expect(order.indexOf("owner_names")).toBeLessThan(order.indexOf("owner_activity"));
  });

  it("the mirror of the CLI's ExecutionSql builds exactly the CLI's statements", () => {
    const warehouse: WarehouseTable[] = report.results
      .filter((r) => r.action.kind === "incremental" && r.action.phase === "full-refresh" && r.columns)
      .map((r) => ({ target: r.action.target, type: "table", columns: r.columns!.map((c) => c.name) }));
    for (const phase of ["full-refresh", "incremental"] as const) {
      const cli = planBigQueryRun(graph, { phase, warehouse, engine: "cli" });
      const mirror = planBigQueryRun(graph, { phase, warehouse, engine: "mirror" });
      expect(cli.engine).toBe("cli");
      expect(mirror.actions).toEqual(cli.actions);
    }
  });

  it("takes seconds, not minutes", () => {
    expect(report.statementCount).toBeGreaterThanOrEqual(18);
    expect(report.millis).toBeLessThan(15_000);
  });
});

// ---------------------------------------------------------------------------

describe("DuckDB-isms are caught (test/fixtures/bigquery-leaks)", () => {
  let report: GraphAnalysisReport;
  const leakDir = path.join(FIXTURES, "bigquery-leaks", "definitions", "leaks");
  const leaks = fs
    .readdirSync(leakDir)
    .filter((f) => f.startsWith("leak_"))
    .map((f) => {
      const text = fs.readFileSync(path.join(leakDir, f), "utf8");
      const expectError = /-- expect-error: (.+)/.exec(text)?.[1]?.trim() ?? "";
      const expectToken = /-- expect-token: (.+)/.exec(text)?.[1]?.trim() ?? "";
      const sourceLine = text.split("\n").findIndex((l) => !l.startsWith("--") && l.includes(expectToken)) + 1;
      return { file: `definitions/leaks/${f}`, name: f.replace(/\.sqlx$/, ""), expectError, expectToken, sourceLine };
    });

  beforeAll(async () => {
    const { graph, dir } = await compileFixture("bigquery-leaks");
    report = await analyzeCompiledGraph(analyzer, graph, { projectDir: dir });
  });

  it("has the seeded leaks", () => {
    expect(leaks.map((l) => l.name).sort()).toEqual([
      "leak_date_diff",
      "leak_double_colon_cast",
      "leak_double_quoted_table",
      "leak_epoch",
      "leak_in_pre_operation",
      "leak_list_value",
    ]);
  });

  it.each(leaks)("$name fails, naming the action, line, column and SQL line", (leak) => {
    const result = resultFor(report, (r) => r.action.fileName === leak.file);
    expect(result.status).toBe("error");
    const failed = result.statements.find((s) => s.status === "error")!;
    expect(failed.error!.message).toContain(leak.expectError);
    expect(failed.error!.lineText).toContain(leak.expectToken);
    expect(failed.error!.line).toBeGreaterThan(0);
    expect(failed.error!.column).toBeGreaterThan(0);
    expect(failed.sourceLine).toBe(leak.sourceLine);
    const message = formatActionError(result);
    expect(message).toContain(leak.file);
    expect(message).toContain(`${DB}.${SCHEMA}.${leak.name}`);
    expect(message).toContain(`line ${failed.error!.line}, column ${failed.error!.column}`);
    expect(message).toContain(failed.error!.lineText!);
    expect(message).toContain(`${leak.file}:${leak.sourceLine}`);
  });

  it("reports models downstream of a failure as blocked, not as noise", () => {
    const downstream = resultFor(report, (r) => r.action.target.name === "downstream_of_leak");
    expect(downstream.status).toBe("blocked");
    expect(downstream.blockedBy).toEqual([`${DB}.${SCHEMA}.leak_epoch`]);
  });

  it("passes the BigQuery-valid model next to them", () => {
    expect(resultFor(report, (r) => r.action.target.name === "valid_model").status).toBe("ok");
    expect(report.errors.map((r) => r.action.target.name).sort()).toEqual(leaks.map((l) => l.name).sort());
  });
});

// ---------------------------------------------------------------------------

describe("single statements against the raw contract", () => {
  let catalog: BigQueryCatalog;
  const lead = `\`${DB}.salesforce.lead\``;

  beforeAll(() => {
    catalog = new BigQueryCatalog(DB);
    registerRawContract(catalog, loadRawContract(), { projectConfig: { defaultDatabase: DB, vars: {} }, declarations: [] });
  });
  afterAll(async () => {
    await catalog.unregister();
  });

  it.each([
    ["date_diff with a string part", `select date_diff('second', created_date, created_date) from ${lead}`, "A valid date part name is required"],
    ["::timestamp cast", `select created_date::timestamp from ${lead}`, "Syntax error"],
    ["double-quoted table names", `select * from "handoff"."fct"`, 'Unexpected string literal "handoff"'],
    ["double-quoted table name", `select * from "handoff"`, 'Unexpected string literal "handoff"'],
    ["epoch()", `select epoch(created_date) from ${lead}`, "Function not found: epoch"],
    ["list_value()", `select list_value(id, email) from ${lead}`, "Function not found: list_value"],
    ["date_trunc with a string part", `select date_trunc('day', created_date) from ${lead}`, "A valid date part name is required"],
    ["interval string literal", `select created_date + interval '1 hour' from ${lead}`, "Syntax error"],
    ["ilike", `select email ilike '%a%' from ${lead}`, "Syntax error"],
    ["count(*) filter (where)", `select count(*) filter (where is_converted) from ${lead}`, "Syntax error"],
    ["DuckDB type names", `select cast(id as varchar) from ${lead}`, "Type not found: varchar"],
    ["unknown column", `select no_such_column from ${lead}`, "Unrecognized name: no_such_column"],
  ])("rejects %s", async (_name, sql, expected) => {
    const outcome = await analyzer.analyze(sql, catalog);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.message).toContain(expected);
      expect(outcome.line).toBe(1);
      expect(outcome.column).toBeGreaterThan(0);
    }
  });

  it("accepts a BigQuery-valid statement and reports its output columns", async () => {
    const outcome = await analyzer.analyze(
      `create or replace table \`${DB}.${SCHEMA}.x\` partition by date(created_at) cluster by owner_id as
       select id, owner_id, created_date as created_at,
         timestamp_diff(current_timestamp(), created_date, second) as age_seconds,
         countif(is_converted) over (partition by owner_id) as owner_conversions,
         safe_cast(number_of_employees as float64) as employees
       from ${lead}
       where regexp_contains(email, r'@') qualify row_number() over (partition by email order by created_date) = 1`,
      catalog,
    );
    expect(outcome).toMatchObject({ ok: true, kind: "resolvedCreateTableAsSelectStmtNode", createdPath: [`${DB}.${SCHEMA}.x`] });
    if (outcome.ok) {
      expect(outcome.outputColumns!.map((c) => `${c.name} ${typeToString(c.type)}`)).toEqual([
        "id STRING",
        "owner_id STRING",
        "created_at TIMESTAMP",
        "age_seconds INT64",
        "owner_conversions INT64",
        "employees FLOAT64",
      ]);
    }
  });

  it("finds tables by every spelling BigQuery accepts", async () => {
    for (const name of [lead, `${DB}.salesforce.lead`, `\`${DB}\`.salesforce.lead`, "salesforce.lead", "`salesforce.lead`"]) {
      expect(await analyzer.analyze(`select id from ${name}`, catalog), name).toMatchObject({ ok: true });
    }
  });
});

// ---------------------------------------------------------------------------
// What this analyzer build accepts. BigQuery accepts all of these except the
// DuckDB-only ones at the end; `false` marks a false alarm to avoid in models
// (use the alternative in the comment).

const T = "`p.s.t`";
const FEATURE_PROBES: [string, string, boolean][] = [
  ["TIMESTAMP_DIFF", `select timestamp_diff(ts, ts, second) from ${T}`, true],
  ["DATETIME(ts, tz)", `select datetime(ts, 'America/New_York') from ${T}`, true],
  ["TIMESTAMP(datetime, tz)", `select timestamp(datetime(ts), 'America/New_York') from ${T}`, true],
  ["DATETIME_DIFF", `select datetime_diff(datetime(ts), datetime(ts), minute) from ${T}`, true],
  ["APPROX_QUANTILES", `select approx_quantiles(n, 100)[offset(50)] from ${T}`, true],
  ["PERCENTILE_CONT window", `select percentile_cont(x, 0.5) over (partition by s) from ${T}`, true],
  ["QUALIFY", `select s from ${T} qualify row_number() over (partition by s order by ts) = 1`, true],
  ["GENERATE_DATE_ARRAY + UNNEST", `select d from unnest(generate_date_array('2024-01-01', '2024-02-01', interval 1 day)) d`, true],
  ["UNNEST with offset", `select v, o from ${T}, unnest(a) v with offset o`, true],
  ["SAFE_CAST", `select safe_cast(s as int64) from ${T}`, true],
  ["SAFE. prefix", `select safe.parse_date('%Y-%m-%d', s) from ${T}`, true],
  ["REGEXP_CONTAINS", `select regexp_contains(s, r'^a') from ${T}`, true],
  ["COUNTIF", `select countif(b) from ${T}`, true],
  ["LOGICAL_OR / LOGICAL_AND", `select logical_or(b), logical_and(b) from ${T}`, true],
  ["FORMAT_TIMESTAMP with tz", `select format_timestamp('%F %H:%M', ts, 'America/New_York') from ${T}`, true],
  ["EXTRACT(DAYOFWEEK FROM ...)", `select extract(dayofweek from ts at time zone 'America/New_York') from ${T}`, true],
  ["ANY_VALUE", `select s, any_value(n) from ${T} group by s`, true],
  ["STRUCT", `select struct(s as a, n as b).a from ${T}`, true],
  ["ARRAY_AGG(IGNORE NULLS ORDER BY LIMIT)", `select array_agg(s ignore nulls order by ts desc limit 1)[safe_offset(0)] from ${T}`, true],
  ["TIMESTAMP_TRUNC with tz", `select timestamp_trunc(ts, day, 'America/New_York') from ${T}`, true],
  ["DATE_TRUNC(WEEK(MONDAY))", `select date_trunc(date(ts), week(monday)) from ${T}`, true],
  ["TIMESTAMP_ADD", `select timestamp_add(ts, interval 15 minute) from ${T}`, true],
  ["timestamp + INTERVAL (feature added)", `select ts + interval 1 hour from ${T}`, true],
  ["GROUPING SETS (feature added)", `select s, count(*) from ${T} group by grouping sets ((s), ())`, true],
  ["PIVOT", `select * from (select s, b from ${T}) pivot (count(*) for b in (true, false))`, true],
  ["WITH RECURSIVE", `with recursive r as (select 1 n union all select n + 1 from r where n < 3) select n from r`, true],
  ["SELECT * EXCEPT / REPLACE", `select * except (n) replace (lower(s) as s) from ${T}`, true],
  ["FIRST_VALUE IGNORE NULLS", `select first_value(s ignore nulls) over (order by ts) from ${T}`, true],
  ["ANY_VALUE(x HAVING MAX y)", `select any_value(s having max ts) from ${T}`, true],
  ["MERGE", `merge ${T} tgt using ${T} src on tgt.s = src.s when matched then update set n = src.n when not matched then insert (s) values (s)`, true],
  // A column named like a range variable resolves to the whole row (here `s` -> the row of S), as in
  // Dataform's own MERGE (aliases T and S): incremental models must not have columns named s or t.
  ["column shadowed by a range variable", `merge ${T} T using ${T} S on T.n = S.n when not matched then insert (s) values (s)`, false],
  // BigQuery has these; this analyzer build does not (false alarms):
  ["DATE_BUCKET  -> date_trunc / div arithmetic", `select date_bucket(date(ts), interval 7 day) from ${T}`, false],
  ["TIMESTAMP_BUCKET -> timestamp_trunc", `select timestamp_bucket(ts, interval 1 hour) from ${T}`, false],
  ["pipe syntax |> -> plain SQL", `from ${T} |> where b |> select s`, false],
  ["GROUP BY ALL -> list the columns", `select s, count(*) from ${T} group by all`, false],
  ["UNION ALL BY NAME -> same column order", `select 1 a union all by name select 2 a`, false],
  ["MAX_BY / MIN_BY -> any_value(x having max y)", `select max_by(s, ts) from ${T}`, false],
  ["CONTAINS_SUBSTR -> strpos / regexp_contains", `select contains_substr(s, 'x') from ${T}`, false],
  ["EDIT_DISTANCE", `select edit_distance(s, 'x') from ${T}`, false],
  ["COLLATE()", `select collate(s, 'und:ci') from ${T}`, false],
  ["INT / INTEGER / BIGINT / SMALLINT aliases -> INT64", `select cast(n as integer), cast(n as bigint) from ${T}`, false],
  ["scripting DECLARE as a statement (checked by our own DECLARE handling)", `declare x int64 default 1`, false],
  // DuckDB-only, rejected by BigQuery too:
  ["date_diff('second', a, b)", `select date_diff('second', ts, ts) from ${T}`, false],
  ["x::timestamp", `select s::timestamp from ${T}`, false],
  ["epoch(ts)", `select epoch(ts) from ${T}`, false],
  ["list_value(...)", `select list_value(1, 2)`, false],
  ["median(x)", `select median(x) from ${T}`, false],
  ["arg_max(a, b)", `select arg_max(s, ts) from ${T}`, false],
  ["bool_or(b)", `select bool_or(b) from ${T}`, false],
  ["strftime", `select strftime(ts, '%Y') from ${T}`, false],
  ["now()", `select now()`, false],
];

describe("feature probe: what this GoogleSQL analyzer build accepts", () => {
  let catalog: BigQueryCatalog;
  beforeAll(() => {
    catalog = new BigQueryCatalog("p");
    const t = (typeKind: number) => ({ typeKind });
    catalog.addTable(["p", "s", "t"], [
      { name: "s", type: t(8) },
      { name: "n", type: t(2) },
      { name: "x", type: t(7) },
      { name: "b", type: t(5) },
      { name: "ts", type: t(19) },
      { name: "a", type: { typeKind: 16, arrayType: { elementType: t(8) } } },
    ]);
  });
  afterAll(async () => {
    await catalog.unregister();
  });

  it.each(FEATURE_PROBES)("%s: accepted = %s", async (_name, sql, accepted) => {
    const outcome = await analyzer.analyze(sql, catalog);
    expect(outcome.ok, outcome.ok ? "accepted" : outcome.message).toBe(accepted);
  });
});

// ---------------------------------------------------------------------------

describe("plumbing", () => {
  it("splits scripts at top-level semicolons only", () => {
    const script = "declare x int64 default 1\n;\n-- a; comment\nselect ';' as a, \"\"\"x;\"\"\", `b;c` # ;\n;\n/* ; */ ;\nselect 2;";
    expect(splitSqlStatements(script)).toEqual([
      { sql: "declare x int64 default 1", offset: 0 },
      { sql: "-- a; comment\nselect ';' as a, \"\"\"x;\"\"\", `b;c` # ;", offset: 28 },
      { sql: "select 2", offset: script.lastIndexOf("select 2") },
    ]);
  });
});

describe("BigQuery labels (includes/labels.js)", () => {
  it("every table and view carries app and layer labels, plus the ones var bigquery_labels adds", async () => {
    const graph = await compileProject({ vars: { dialect: "bigquery", bigquery_labels: "team:revops;cost_center:cc-42" } });
    const tables = graph.tables ?? [];
    expect(tables.length).toBeGreaterThan(40);
    for (const table of tables) {
      const layer = table.fileName?.includes("/sources/") ? "staging" : table.fileName?.includes("/intermediate/") ? "intermediate" : "outputs";
      expect((table as { bigquery?: { labels?: Record<string, string> } }).bigquery?.labels, table.fileName).toEqual({ team: "revops", cost_center: "cc-42", app: "handoff", layer });
    }
  });

  it("a malformed var bigquery_labels stops the compile with a message naming it", async () => {
    await expect(compileProject({ vars: { dialect: "bigquery", bigquery_labels: "Team:RevOps" } })).rejects.toThrow(/vars\.bigquery_labels: "Team:RevOps" is not key:value/);
  });
});
