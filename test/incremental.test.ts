import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeProject } from "../scripts/lib/local-run";
import { cutoffForShare, eventLogs, holdBackEvents, releaseHeldBackEvents } from "../scripts/lib/new-data";
import { insertRawRows, loadRawDirectory, rawTables } from "../scripts/lib/raw-data";
import { generateSample } from "../scripts/lib/sample/generate";
import { closeDuckDb, openDuckDb } from "../scripts/lib/warehouse";
import { queryRows } from "./helpers/warehouse";

// The append-only event logs are staged incrementally (includes/event_logs.js).
// An incremental run after new events arrive must leave every table exactly as
// a full rebuild from all the data would, except for events that arrive later
// than the lookback allows, which a full refresh picks up.

const end = "2026-11-23T12:00:00Z";
const incrementalModels = ["stg_salesforce__lead_history", "stg_hubspot__contact_property_history", "stg_hubspot__form_submissions", "stg_routing__routing_events"];
let workDir: string;
let handle: { connection: DuckDBConnection; instance: unknown } & Awaited<ReturnType<typeof openDuckDb>>;
let cutoff: string;

/** Tables of the schema `handoff` as order-free checksums, table -> "rows:hash". */
async function checksums(connection: DuckDBConnection, schema = "handoff"): Promise<Record<string, string>> {
  const tables = await queryRows(connection, `select table_name from information_schema.tables where table_schema = '${schema}' and table_type = 'BASE TABLE' order by 1`);
  const sums: Record<string, string> = {};
  for (const { table_name: name } of tables) {
    const [row] = await queryRows(connection, `select count(*)::varchar || ':' || coalesce(bit_xor(hash(cast(to_json(t) as varchar)))::varchar, '0') as checksum from ${schema}."${String(name)}" as t`);
    sums[String(name)] = String(row?.checksum);
  }
  return sums;
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), "handoff-incremental-"));
  await generateSample({ seed: 11, leads: 300, end: "2026-11-23", outDir: path.join(workDir, "sample") });
  handle = await openDuckDb(":memory:");
  await loadRawDirectory(handle.connection, path.join(workDir, "sample"), rawTables());
  cutoff = await cutoffForShare(handle.connection, 0.03);
});
afterAll(() => {
  closeDuckDb(handle);
  rmSync(workDir, { recursive: true, force: true });
});

describe("incremental runs of the event logs", () => {
  it("the models that read only new events are the four append-only logs", () => {
    expect(eventLogs().map((spec) => `${spec.system}.${spec.table}`).sort()).toEqual([
      "hubspot.contact_form_submission",
      "hubspot.contact_property_history",
      "routing.routing_log",
      "salesforce.lead_history",
    ]);
  });

  it("an incremental run after new events equals a full rebuild, table by table", async () => {
    const connection = handle.connection;
    const held = await holdBackEvents(connection, cutoff);
    expect(held).toBeGreaterThan(100);
    // a property change with no value, inside the lookback: re-read by the
    // next run, it must merge onto itself (a merge on a null column would not)
    const [contact] = await queryRows(connection, "select id from hubspot.contact order by id limit 1");
    const spec = rawTables().find((candidate) => candidate.table === "contact_property_history")!;
    const justBefore = new Date(new Date(cutoff).getTime() - 3600_000).toISOString();
    await insertRawRows(connection, spec, [{ contact_id: contact?.id, name: "jobtitle", value: null, timestamp: justBefore, source: "CRM_UI", source_id: "u-1" }]);

    const first = await executeProject(connection, { asOf: cutoff });
    expect(first.summary).toMatch(/all passed/);
    const stagedBefore = await queryRows(connection, "select count(*) as n from handoff.stg_routing__routing_events");

    expect(await releaseHeldBackEvents(connection)).toBe(held);
    const incremental = await executeProject(connection, { asOf: end });
    expect(incremental.summary).toMatch(/all passed/);
    for (const name of incrementalModels) {
      expect(incremental.results.find((result) => result.action.target.name === name)?.action.kind, name).toBe("incremental");
    }
    const stagedAfter = await queryRows(connection, "select count(*) as n from handoff.stg_routing__routing_events");
    expect(Number(stagedAfter[0]?.n)).toBeGreaterThan(Number(stagedBefore[0]?.n));
    const afterIncremental = await checksums(connection);

    const rebuilt = await executeProject(connection, { asOf: end, fullRefresh: true });
    expect(rebuilt.summary).toMatch(/all passed/);
    const afterRebuild = await checksums(connection);
    expect(Object.keys(afterIncremental).length).toBeGreaterThan(20);
    expect(afterIncremental).toEqual(afterRebuild);
  });

  it("an event that arrives later than the lookback waits for a full refresh", async () => {
    const connection = handle.connection;
    const spec = rawTables().find((candidate) => candidate.table === "routing_log")!;
    const [lead] = await queryRows(connection, "select lead_id from handoff.stg_routing__routing_events order by occurred_at limit 1");
    // ten days older than the newest staged event, beyond the 3-day lookback
    const [newest] = await queryRows(connection, "select strftime(max(occurred_at) - interval 10 day, '%Y-%m-%dT%H:%M:%SZ') as at from handoff.stg_routing__routing_events");
    await insertRawRows(connection, spec, [{ id: "late-event-1", lead_id: lead?.lead_id, event: "notified", owner_id: null, channel: "email", occurred_at: newest?.at }]);
    const count = async () => Number((await queryRows(connection, "select count(*) as n from handoff.stg_routing__routing_events where routing_event_id = 'late-event-1'"))[0]?.n);

    expect((await executeProject(connection, { asOf: end })).ok).toBe(true);
    expect(await count()).toBe(0);
    expect((await executeProject(connection, { asOf: end, fullRefresh: true })).ok).toBe(true);
    expect(await count()).toBe(1);
  });

  it("a lookback that is not a whole number of days stops the compile, naming the var", async () => {
    await expect(executeProject(handle.connection, { asOf: end, vars: { incremental_lookback_days: "three" } })).rejects.toThrow(
      /vars\.incremental_lookback_days: expected a whole number of days, got "three"/,
    );
  });

  it("a lookback of 30 days picks the late event up without a full refresh", async () => {
    const connection = handle.connection;
    const spec = rawTables().find((candidate) => candidate.table === "routing_log")!;
    const [row] = await queryRows(connection, "select lead_id, strftime(max(occurred_at) over () - interval 10 day, '%Y-%m-%dT%H:%M:%SZ') as at from handoff.stg_routing__routing_events limit 1");
    await insertRawRows(connection, spec, [{ id: "late-event-2", lead_id: row?.lead_id, event: "notified", owner_id: null, channel: "email", occurred_at: row?.at }]);
    const outcome = await executeProject(connection, { asOf: end, vars: { incremental_lookback_days: "30" } });
    expect(outcome.ok).toBe(true);
    const [found] = await queryRows(connection, "select count(*) as n from handoff.stg_routing__routing_events where routing_event_id = 'late-event-2'");
    expect(Number(found?.n)).toBe(1);
  });
});
