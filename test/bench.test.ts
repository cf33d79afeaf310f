import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// The benchmark is a script (figures are printed, never asserted as timings);
// this checks that it runs from the README's command and reports every stage.

const root = path.resolve(__dirname, "..");
const workDir = mkdtempSync(path.join(os.tmpdir(), "handoff-bench-test-"));
const bench = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "scripts/bench.ts", ...args], { cwd: root, encoding: "utf8", timeout: 240_000 });

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("npm run bench", () => {
  it("measures every stage at two sizes and writes JSON and markdown", () => {
    const out = path.join(workDir, "results");
    const result = bench("--sizes", "150,300", "--no-reports", "--out", out, "--work", path.join(workDir, "scratch"));
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/full build \/ raw scan = [\d.]+x; incremental \/ full build = [\d.]+/);
    expect(result.stdout).toMatch(/150 -> 300 leads: [\d.]+x the raw rows took [\d.]+x as long to build/);
    const figures = JSON.parse(readFileSync(path.join(out, "bench.json"), "utf8")) as {
      machine: string;
      results: {
        leads: number;
        rawRows: number;
        stages: { stage: string; seconds: number; peakRssMb: number }[];
        incrementalOverFull: number;
        actions: { fullBuild: { name: string; kind: string; seconds: number }[]; incremental: { name: string; kind: string; seconds: number }[] };
      }[];
      growth: { dataRatio: number; buildRatio: number }[];
    };
    expect(figures.machine).toMatch(/cores/);
    expect(figures.results.map((result) => result.leads)).toEqual([150, 300]);
    for (const result of figures.results) {
      expect(result.stages.map((stage) => stage.stage.trim())).toEqual([
        "generate",
        "load",
        "compile (CLI, uncached)",
        "scan raw (floor)",
        "full build",
        "of which models",
        "of which assertions",
        "incremental (+1% data)",
      ]);
      expect(result.rawRows).toBeGreaterThan(1000);
      expect(result.stages.every((stage) => stage.seconds > 0 && stage.peakRssMb > 0)).toBe(true);
      expect(result.incrementalOverFull).toBeGreaterThan(0);
      // every model and assertion of both runs, with its kind
      for (const run of [result.actions.fullBuild, result.actions.incremental]) {
        expect(run.map((action) => action.name)).toEqual(expect.arrayContaining(["fct_handoffs", "stg_hubspot__contact_property_history"]));
        expect(run.find((action) => action.name === "stg_hubspot__contact_property_history")?.kind).toBe("incremental");
        expect(run.filter((action) => action.kind === "assertion").length).toBeGreaterThan(10);
      }
    }
    expect(result.stdout).toMatch(/by kind: incremental [\d.]+s, table [\d.]+s, view [\d.]+s, assertion [\d.]+s/);
    expect(figures.growth).toHaveLength(1);
    expect(figures.growth[0]?.dataRatio).toBeGreaterThan(1.5);
    expect(existsSync(path.join(out, "bench.md"))).toBe(true);
  }, 300_000);

  it("rejects a bad --sizes with one line", () => {
    const result = bench("--sizes", "ten");
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/--sizes expects positive whole numbers/);
  });
});
