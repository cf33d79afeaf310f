import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionsOf, compileProject, selectActions } from "../scripts/lib/compiled-graph";
import { executeProject, runLocal } from "../scripts/lib/local-run";
import { acquireLock, checkpointDuckDb, closeDuckDb, openDuckDb } from "../scripts/lib/warehouse";

const projectDir = path.join(__dirname, "fixtures", "runner-project");
let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(path.join(os.tmpdir(), "handoff-runner-"));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** A raw folder for the fixture project's one raw table. */
async function seedEvents(warehouse: string, rows: [string, string, number, string][]): Promise<void> {
  const handle = await openDuckDb(warehouse);
  await handle.connection.run("create schema if not exists raw");
  await handle.connection.run("create or replace table raw.events (event_id varchar, kind varchar, amount double, occurred_at timestamp)");
  for (const row of rows) await handle.connection.run("insert into raw.events values ($1, $2, $3, cast($4 as timestamp))", row);
  await checkpointDuckDb(handle.connection);
  closeDuckDb(handle);
}

async function query(warehouse: string, sql: string): Promise<Record<string, unknown>[]> {
  const handle = await openDuckDb(warehouse);
  try {
    return (await handle.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    closeDuckDb(handle);
  }
}

describe("dependency order and selection", () => {
  it("orders every action after its dependencies", async () => {
    const graph = await compileProject({ projectDir, vars: { dialect: "duckdb" } });
    const ordered = selectActions(actionsOf(graph), {});
    const position = new Map(ordered.map((action, index) => [action.id, index]));
    for (const action of ordered) {
      for (const dependency of action.dependencies) expect(position.get(dependency)!).toBeLessThan(position.get(action.id)!);
    }
    expect(ordered.map((action) => action.id)).toContain("out.totals_by_kind");
  });

  it("compiles with dataform.json's vars, and the run's vars over them", async () => {
    const graph = await compileProject({ projectDir, vars: { dialect: "duckdb", break_test: "yes" } });
    expect(graph.projectConfig.vars).toMatchObject({ dialect: "duckdb", break_assertion: "no", break_test: "yes" });
  });

  it("selects by name and tag, with dependencies on request, and brings inline assertions along", async () => {
    const all = actionsOf(await compileProject({ projectDir, vars: { dialect: "duckdb" } }));
    const justTotals = selectActions(all, { actions: ["totals_by_kind"] }).map((action) => action.id);
    expect(justTotals).toEqual(["out.totals_by_kind", "out_assertions.out_totals_by_kind_assertions_rowConditions"]);
    const withDeps = selectActions(all, { tags: ["totals"], includeDependencies: true }).map((action) => action.id);
    expect(withDeps).toEqual(expect.arrayContaining(["raw.events", "out.events_clean", "out.events_latest", "out.totals_by_kind"]));
    expect(withDeps).not.toContain("out.unrelated");
    const dependents = selectActions(all, { tags: ["clean"], includeDependents: true }).map((action) => action.id);
    expect(dependents).toEqual(expect.arrayContaining(["out.events_clean", "out.events_latest", "out.totals_by_kind"]));
    expect(() => selectActions(all, { actions: ["no_such_model"] })).toThrow(/no action named "no_such_model"/);
  });
});

describe("incremental tables", () => {
  it("builds in full first, then merges new rows on the unique key", async () => {
    const warehouse = path.join(workDir, "incremental.duckdb");
    await seedEvents(warehouse, [
      ["e1", "Call", 1, "2026-01-01 10:00:00"],
      ["e2", "Email", 2, "2026-01-02 10:00:00"],
    ]);
    const first = await runLocal({ projectDir, warehouse });
    expect(first.ok).toBe(true);
    expect(await query(warehouse, "select event_id, amount from out.events_latest order by event_id")).toEqual([
      { event_id: "e1", amount: 1 },
      { event_id: "e2", amount: 2 },
    ]);
    // e2 is re-sent with a new amount at the same time; e3 is new.
    const handle = await openDuckDb(warehouse);
    await handle.connection.run("delete from raw.events where event_id = 'e2'");
    await handle.connection.run("insert into raw.events values ('e2', 'Email', 5, timestamp '2026-01-02 10:00:00'), ('e3', 'Call', 3, timestamp '2026-01-03 10:00:00')");
    // A row older than the newest loaded one is outside the incremental window.
    await handle.connection.run("insert into raw.events values ('e0', 'Call', 100, timestamp '2025-12-01 10:00:00')");
    await checkpointDuckDb(handle.connection);
    closeDuckDb(handle);
    const second = await runLocal({ projectDir, warehouse });
    expect(second.ok).toBe(true);
    expect(await query(warehouse, "select event_id, amount from out.events_latest order by event_id")).toEqual([
      { event_id: "e1", amount: 1 },
      { event_id: "e2", amount: 5 },
      { event_id: "e3", amount: 3 },
    ]);
    const refreshed = await runLocal({ projectDir, warehouse, fullRefresh: true });
    expect(refreshed.ok).toBe(true);
    expect(await query(warehouse, "select count(*)::integer as n from out.events_latest")).toEqual([{ n: 4 }]);
  });
});

describe("failures", () => {
  it("fails on an assertion that returns rows, names it with the offending rows, and keeps the previous outputs", async () => {
    const warehouse = path.join(workDir, "assertion.duckdb");
    await seedEvents(warehouse, [["e1", "Call", 1, "2026-01-01 10:00:00"]]);
    expect((await runLocal({ projectDir, warehouse })).ok).toBe(true);
    const before = readFileSync(warehouse);
    const handle = await openDuckDb(warehouse);
    await handle.connection.run("insert into raw.events values ('e9', 'Meeting', 7, timestamp '2026-02-01 10:00:00')");
    await checkpointDuckDb(handle.connection);
    closeDuckDb(handle);
    const seeded = readFileSync(warehouse);
    const failed = await runLocal({ projectDir, warehouse, vars: { break_assertion: "yes" } });
    expect(failed.ok).toBe(false);
    const failure = failed.results.find((result) => result.status === "failed")!;
    expect(failure.action.id).toBe("out_assertions.out_totals_by_kind_assertions_rowConditions");
    expect(failure.message).toMatch(/returned rows/);
    expect(failure.message).toMatch(/kind="call"/);
    // The warehouse file is byte-for-byte the one before the failed run.
    expect(readFileSync(warehouse).equals(seeded)).toBe(true);
    expect(before.length).toBeGreaterThan(0);
    expect(await query(warehouse, "select count(*)::integer as n from out.events_latest")).toEqual([{ n: 1 }]);
    expect(existsSync(`${warehouse}.next`)).toBe(false);
    expect(existsSync(`${warehouse}.lock`)).toBe(false);
  });

  it("exits non-zero from the command line when an assertion fails", async () => {
    const warehouse = path.join(workDir, "cli.duckdb");
    await seedEvents(warehouse, [["e1", "Call", 1, "2026-01-01 10:00:00"]]);
    const tsx = path.join(__dirname, "..", "node_modules", ".bin", "tsx");
    const cli = (...args: string[]) =>
      spawnSync(tsx, ["scripts/run-local.ts", "--project-dir", projectDir, "--warehouse", warehouse, ...args], { cwd: path.join(__dirname, ".."), encoding: "utf8" });
    const passing = cli();
    expect(passing.status).toBe(0);
    expect(passing.stdout).toMatch(/\[\s*\d+\/\d+\] table\s+out.totals_by_kind ok/);
    const failing = cli("--var", "break_assertion=yes");
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(/assertion out_assertions.out_totals_by_kind_assertions_rowConditions .* returned rows/);
    expect(failing.stdout).toMatch(/left as it was before this run/);
  });

  it("skips what depends on a failed action and still runs the rest", async () => {
    const warehouse = path.join(workDir, "missing-raw.duckdb");
    const outcome = await runLocal({ projectDir, warehouse });
    expect(outcome.ok).toBe(false);
    const status = Object.fromEntries(outcome.results.map((result) => [result.action.id, result.status]));
    expect(status["raw.events"]).toBe("failed");
    expect(status["out.events_clean"]).toBe("skipped");
    expect(status["out.totals_by_kind"]).toBe("skipped");
    expect(status["out.unrelated"]).toBe("done");
    expect(outcome.summary).toMatch(/raw table raw.events is missing/);
    expect(existsSync(warehouse)).toBe(false);
  });

  it("refuses a second run while another holds the warehouse, and takes over a dead run's lock", async () => {
    const warehouse = path.join(workDir, "locked.duckdb");
    const release = acquireLock(warehouse);
    try {
      await expect(runLocal({ projectDir, warehouse })).rejects.toThrow(/another run \(pid \d+, started .*\) holds/);
    } finally {
      release();
    }
    // A lock whose process is gone (pid far above any live one) is stale.
    writeFileSync(`${warehouse}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, startedAt: "2026-01-01T00:00:00Z" }));
    await seedEvents(warehouse, [["e1", "Call", 1, "2026-01-01 10:00:00"]]);
    expect((await runLocal({ projectDir, warehouse })).ok).toBe(true);
  });
});

describe("Dataform unit tests", () => {
  it("runs type: test actions, passing on the expected rows and failing with the difference", async () => {
    const warehouse = path.join(workDir, "unit.duckdb");
    await seedEvents(warehouse, [["e1", "Call", 1, "2026-01-01 10:00:00"]]);
    const passing = await runLocal({ projectDir, warehouse });
    const unit = passing.results.find((result) => result.action.kind === "test")!;
    expect(unit.action.target.name).toBe("totals_by_kind_test");
    expect(unit.status).toBe("done");
    const failing = await runLocal({ projectDir, warehouse, vars: { break_test: "yes" } });
    const broken = failing.results.find((result) => result.action.kind === "test")!;
    expect(failing.ok).toBe(false);
    expect(broken.status).toBe("failed");
    expect(broken.message).toMatch(/expected but missing:\n.*"total":"6\.0"/);
    expect(broken.message).toMatch(/produced but not expected:\n.*"total":"5\.0"/);
  });
});

describe("as-of", () => {
  it("sets now() for the run", async () => {
    const handle = await openDuckDb(":memory:");
    await handle.connection.run("create schema raw; create table raw.events (event_id varchar, kind varchar, amount double, occurred_at timestamp)");
    const outcome = await executeProject(handle.connection, { projectDir, asOf: "2026-03-08T07:30:00Z" });
    expect(outcome.ok).toBe(true);
    const reader = await handle.connection.runAndReadAll("select cast(getvariable('handoff_as_of') as varchar) as as_of");
    expect(reader.getRowObjectsJson()).toEqual([{ as_of: "2026-03-08 07:30:00" }]);
    closeDuckDb(handle);
  });
});
