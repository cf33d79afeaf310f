import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLocal } from "../scripts/lib/local-run";
import { generateSample } from "../scripts/lib/sample/generate";
import { blockAllocatorMegabytes, closeDuckDb, openDuckDb } from "../scripts/lib/warehouse";
import { buildWarehouse } from "./helpers/warehouse";

const repo = path.join(__dirname, "..");
const tsx = path.join(repo, "node_modules", ".bin", "tsx");
let workDir: string;
let sampleDir: string;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), "handoff-reliability-"));
  sampleDir = path.join(workDir, "sample");
  await generateSample({ seed: 11, leads: 600, end: "2026-11-23", outDir: sampleDir });
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Starts the runner as a separate process and resolves when its output matches `pattern`. */
function startRun(warehouse: string, args: string[] = []) {
  // Its own process group: tsx runs the program in a child process, and a
  // kill must reach both, as a kill -9 of the whole job would.
  const child = spawn(tsx, ["scripts/run-local.ts", "--warehouse", warehouse, "--as-of", "2026-11-23T12:00:00Z", ...args], { cwd: repo, detached: true });
  let output = "";
  const listeners: (() => void)[] = [];
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    listeners.forEach((listener) => listener());
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const waitFor = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (pattern.test(output) ? resolve() : undefined);
      listeners.push(check);
      check();
      exited.then(() => (pattern.test(output) ? resolve() : reject(new Error(`run ended before ${pattern}:\n${output}`))));
    });
  return { child, exited, waitFor, output: () => output };
}

describe("warehouse session", () => {
  it("runs on UTC, keeps freed blocks for reuse (a quarter of RAM, at most 4 GB) and stores strings without FSST", async () => {
    expect(blockAllocatorMegabytes(8 * 1024 ** 3)).toBe(2048);
    expect(blockAllocatorMegabytes(64 * 1024 ** 3)).toBe(4096);
    const handle = await openDuckDb(":memory:");
    try {
      const reader = await handle.connection.runAndReadAll(
        "select current_setting('TimeZone') as zone, current_setting('block_allocator_memory') as kept, current_setting('disabled_compression_methods') as disabled",
      );
      const [row] = reader.getRowObjectsJS();
      expect(row?.zone).toBe("UTC");
      expect(String(row?.kept)).not.toBe("0 bytes");
      expect(String(row?.disabled).toLowerCase()).toContain("fsst");
    } finally {
      closeDuckDb(handle);
    }
  });
});

describe("empty and hostile inputs", () => {
  it("runs on empty raw tables (zero leads) and leaves empty outputs, not errors", async () => {
    const warehouse = await buildWarehouse({});
    expect(warehouse.outcome.ok).toBe(true);
    expect(await warehouse.rows("select count(*) as n from handoff.fct_handoffs")).toEqual([{ n: 0 }]);
    expect(await warehouse.rows("select count(*) as n from handoff.rpt_biweekly_review")).toEqual([{ n: 0 }]);
    // the definition examples still run: they come from the policy, not the data
    expect((await warehouse.rows("select count(*) as n from handoff.dim_lead_definition_examples"))[0]!.n).toBeGreaterThan(3);
    warehouse.close();
  });

  it("keeps quotes, semicolons, SQL, non-ASCII and very long strings verbatim, and an owner missing from the user table on the fallback clock", async () => {
    const hostileCompany = "O'Brien & Sons\"; drop table handoff.fct_handoffs; --";
    const hostileCampaign = "Q4 'Launch'); delete from salesforce.lead where ('1'='1";
    const longTitle = "Director ".repeat(20_000).trim();
    const warehouse = await buildWarehouse(
      {
        salesforce: {
          lead: [{ id: "00QH", owner_id: "005GHOST", email: "zoë.łukasz@münchen-gmbh.de", company: hostileCompany, title: longTitle, first_name: "Zoë", last_name: "Łukasz 李", created_date: "2026-10-05 14:00:00" }],
          campaign: [{ id: "701H", name: hostileCampaign, type: "Webinar" }],
          campaign_member: [{ id: "00vH", campaign_id: "701H", lead_id: "00QH", created_date: "2026-10-01 10:00:00" }],
          task: [{ id: "00TH", who_id: "00QH", owner_id: "005GHOST", type: "Call", created_date: "2026-10-05 15:00:00" }],
        },
        hubspot: {
          contact: [{ id: 9, property_email: "Zoë.Łukasz@München-GmbH.de", property_salesforceleadid: "00QH", property_createdate: "2026-10-01 10:00:00" }],
          contact_property_history: [{ contact_id: 9, name: "lifecyclestage", value: "marketingqualifiedlead", timestamp: "2026-10-05 13:59:00" }],
        },
        routing: { routing_log: [{ id: "rH", lead_id: "00QH", event: "assigned", owner_id: "005GHOST", channel: "round_robin", occurred_at: "2026-10-05 14:01:00" }] },
      },
      { asOf: "2026-11-23T12:00:00Z" },
    );
    expect(warehouse.outcome.ok).toBe(true);
    const [features] = await warehouse.rows("select company, title, email_domain from handoff.int_handoff_features");
    expect(features).toEqual({ company: hostileCompany, title: longTitle, email_domain: "münchen-gmbh.de" });
    expect(await warehouse.rows("select source_campaign_name, owner_id, sla_status from handoff.fct_handoff_sla")).toEqual([
      { source_campaign_name: hostileCampaign, owner_id: "005GHOST", sla_status: "met" },
    ]);
    expect(await warehouse.rows("select distinct clock_owner_id from handoff.fct_handoff_steps")).toEqual([{ clock_owner_id: "(unassigned)" }]);
    expect(await warehouse.rows("select count(*) as n from salesforce.lead")).toEqual([{ n: 1 }]);
    warehouse.close();
  });
});

describe("null keys", () => {
  it("stops the run on a lead with no id, naming the table, the column and the row (the swap then keeps the previous warehouse, see runner tests)", async () => {
    const warehouse = await buildWarehouse(
      { salesforce: { lead: [{ id: null, email: "nobody@example.com", company: "No Id Inc", created_date: "2026-10-05 14:00:00" }] } },
      { allowFailure: true },
    );
    expect(warehouse.outcome.ok).toBe(false);
    const failure = warehouse.outcome.results.find((result) => result.status === "failed")!;
    expect(failure.action.id).toBe("handoff_assertions.handoff_stg_salesforce__leads_assertions_rowConditions");
    expect(failure.message).toMatch(/failing_row_condition="lead_id IS NOT NULL"/);
    expect(failure.message).toMatch(/company="No Id Inc"/);
    warehouse.close();
  });
});

describe("faults", () => {
  it("a run killed with -9 mid-build leaves the previous outputs readable and unchanged, and the next run completes", async () => {
    const warehouse = path.join(workDir, "killed.duckdb");
    const first = await runLocal({ warehouse, raw: sampleDir, asOf: "2026-11-23T12:00:00Z" });
    expect(first.ok).toBe(true);
    const before = readFileSync(warehouse);
    const run = startRun(warehouse);
    await run.waitFor(/\[\s*40\/\d+\]/);
    process.kill(-run.child.pid!, "SIGKILL");
    await run.exited;
    expect(readFileSync(warehouse).equals(before)).toBe(true);
    const next = await runLocal({ warehouse, asOf: "2026-11-23T12:00:00Z" });
    expect(next.ok).toBe(true);
    expect(existsSync(`${warehouse}.next`)).toBe(false);
  });

  it("a second run on the same warehouse stops at once while the first holds it", async () => {
    const warehouse = path.join(workDir, "busy.duckdb");
    expect((await runLocal({ warehouse, raw: sampleDir, asOf: "2026-11-23T12:00:00Z" })).ok).toBe(true);
    const first = startRun(warehouse);
    await first.waitFor(/\[\s*5\/\d+\]/);
    const started = Date.now();
    const second = startRun(warehouse);
    const code = await second.exited;
    expect(code).toBe(1);
    expect(second.output()).toMatch(/another run \(pid \d+, started .*\) holds/);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await first.exited).toBe(0);
  });
});
