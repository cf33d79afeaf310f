import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWarehouse, GivenRows, TestWarehouse } from "./helpers/warehouse";

// The handoff path with given rows: each lead below is one scenario, its
// expected step timestamps and seams written out by hand. Owners work in New
// York (Mon-Fri 09:00-17:00 EST = 14:00-22:00 UTC in November), and every step
// of these scenarios falls inside those hours unless said otherwise, so their
// working seconds equal their wall seconds. The clock itself (weekends, DST,
// holidays, zones) is tested in working-hours.test.ts.

// Only the handoff path and what it reads: other models are not under test here.
const actions = ["fct_handoffs", "fct_handoff_steps", "rpt_seam_latency_weekly", "fct_identity_gaps"];

const users = [
  { id: "005NY", name: "Rosa Diaz", time_zone_sid_key: "America/New_York", user_role_id: "00E_smb", is_active: "true" },
  { id: "005ALT", name: "Sam Li", time_zone_sid_key: "America/New_York", user_role_id: "00E_smb", is_active: "true" },
];
const forms = [
  { guid: "f-ebook", name: "Ebook Download", form_type: "HUBSPOT" },
  { guid: "f-demo", name: "Demo Request", form_type: "HUBSPOT" },
  { guid: "f-pricing", name: "Pricing", form_type: "HUBSPOT" },
];

const sfLead = (id: string, createdDate: string, extra: Record<string, unknown> = {}) => ({ id, email: `${id.toLowerCase()}@example.com`, created_date: createdDate, is_deleted: "false", ...extra });
const contact = (id: number, leadId: string, extra: Record<string, unknown> = {}) => ({
  id, property_email: `${leadId.toLowerCase()}@example.com`, property_salesforceleadid: leadId, property_createdate: "2026-10-01 00:00:00", ...extra,
});
const stage = (contactId: number, value: string, timestamp: string) => ({ contact_id: contactId, name: "lifecyclestage", value, timestamp });
const mql = (contactId: number, timestamp: string) => stage(contactId, "marketingqualifiedlead", timestamp);
const submission = (contactId: number, conversionId: string, formId: string, timestamp: string) => ({ contact_id: contactId, conversion_id: conversionId, form_id: formId, timestamp });
const routing = (id: string, leadId: string, event: string, ownerId: string, channel: string, occurredAt: string) => ({ id, lead_id: leadId, event, owner_id: ownerId, channel, occurred_at: occurredAt });
const ownerChange = (id: string, leadId: string, newValue: string, createdDate: string) => ({ id, lead_id: leadId, field: "Owner", old_value: null, new_value: newValue, created_date: createdDate, is_deleted: "false" });
const task = (id: string, leadId: string, type: string, createdDate: string, completedDateTime: string | null = createdDate) => ({
  id, who_id: leadId, owner_id: "005NY", type, status: "Completed", created_date: createdDate, completed_date_time: completedDateTime, is_deleted: "false",
});

/** Every run must pass all of its inline assertions (buildWarehouse throws otherwise); these must have run. */
function assertionsRan(warehouse: TestWarehouse, model: string): string[] {
  return warehouse.outcome.results
    .filter((result) => result.action.kind === "assertion" && result.action.parent?.endsWith(`.${model}`))
    .map((result) => `${result.action.target.name.replace(/^.*_assertions_/, "")}:${result.status}`)
    .sort();
}

describe("the handoff path, step by step", () => {
  let warehouse: TestWarehouse;

  const given: GivenRows = {
    salesforce: {
      user: users,
      lead: [
        sfLead("00QP1", "2026-11-16 15:05:00", { lead_source: "Web" }),
        sfLead("00QP2", "2026-11-10 15:00:00", { lead_source: "Webinar" }),
        sfLead("00QP3", "2026-11-02 14:30:00"),
        sfLead("00QP4", "2026-11-01 12:00:00"),
        sfLead("00QP5", "2026-11-16 16:01:00"),
        sfLead("00QP6", "2026-11-20 15:00:00"),
        sfLead("00QP7", "2026-11-20 15:00:00"),
        // created after the run's as-of time: not in Salesforce yet
        sfLead("00QP8", "2026-11-23 13:00:00"),
        sfLead("00QP9", "2026-10-01 14:00:00"),
        sfLead("00QP10", "2026-11-16 15:00:00"),
        sfLead("00QP11", "2026-11-16 15:00:00"),
      ],
      lead_history: [
        // P1: into a queue first (not a person), then to a user after the routing tool assigned
        ownerChange("017P1a", "00QP1", "00GQ", "2026-11-16 15:06:00"),
        ownerChange("017P1b", "00QP1", "005ALT", "2026-11-16 15:20:00"),
        // P2: an assignment before the lead was synced for this handoff does not count;
        // Salesforce writes an Owner change twice, once with ids and once with names
        ownerChange("017P2a", "00QP2", "005ALT", "2026-11-10 16:00:00"),
        ownerChange("017P2b", "00QP2", "005NY", "2026-11-17 15:20:00"),
        ownerChange("017P2c", "00QP2", "Rosa Diaz", "2026-11-17 15:20:00"),
        // P10: only ever in a queue
        ownerChange("017P10", "00QP10", "00GQ", "2026-11-16 15:05:00"),
      ],
      task: [
        // P1: an email before the sync, an "Other" task and a planned call do not count; the call's completion does
        task("00TP1a", "00QP1", "Email", "2026-11-16 15:04:00"),
        task("00TP1b", "00QP1", "Other", "2026-11-16 15:15:00"),
        task("00TP1c", "00QP1", "Call", "2026-11-16 15:25:00", "2026-11-16 15:30:00"),
        // a call planned (not made) by a cadence tool is not a touch
        { ...task("00TP1d", "00QP1", "Call", "2026-11-16 15:11:00", null), status: "Not Started" },
        // P2: a meeting with no completion time: its creation
        task("00TP2", "00QP2", "Meeting", "2026-11-17 16:00:00", null),
        // P3: a touch for handoff 1, and one for handoff 2
        task("00TP3a", "00QP3", "Call", "2026-11-02 16:00:00"),
        task("00TP3b", "00QP3", "Call", "2026-11-18 15:30:00"),
        // P4: touched only after qualifying again: handoff 2's, not handoff 1's
        task("00TP4", "00QP4", "Email", "2026-11-16 15:20:00"),
        // P5: touched before it was routed
        task("00TP5", "00QP5", "Email", "2026-11-16 16:05:00"),
        // P6: touched after the run's as-of time
        task("00TP6", "00QP6", "Call", "2026-11-23 13:00:00"),
        task("00TP9", "00QP9", "Call", "2026-11-17 15:40:00"),
      ],
    },
    hubspot: {
      contact: [
        contact(301, "00QP1", { property_hs_analytics_source: "ORGANIC_SEARCH" }),
        contact(302, "00QP2"),
        contact(303, "00QP3"),
        contact(304, "00QP4"),
        contact(305, "00QP5"),
        contact(306, "00QP6"),
        contact(307, "00QP7"),
        contact(308, "00QP8"),
        contact(309, "00QP9"),
        contact(310, "00QP10"),
        contact(311, "00QP11"),
      ],
      contact_property_history: [
        stage(301, "lead", "2026-11-16 14:00:00"),
        mql(301, "2026-11-16 15:02:00"),
        stage(302, "lead", "2026-11-10 15:00:00"),
        mql(302, "2026-11-17 15:00:00"),
        // P3: qualified; MQL again while MQL; cleared and set to MQL again (the
        // same handoff); then recycled (cleared, back to lead) and qualified again
        stage(303, "lead", "2026-11-02 14:00:00"),
        mql(303, "2026-11-02 15:00:00"),
        mql(303, "2026-11-03 15:00:00"),
        stage(303, "", "2026-11-04 15:00:00"),
        mql(303, "2026-11-04 15:00:01"),
        stage(303, "", "2026-11-09 15:00:00"),
        stage(303, "lead", "2026-11-09 15:00:01"),
        mql(303, "2026-11-18 15:00:00"),
        mql(304, "2026-11-02 15:00:00"),
        stage(304, "lead", "2026-11-05 15:00:00"),
        mql(304, "2026-11-16 15:00:00"),
        mql(305, "2026-11-16 16:00:00"),
        mql(306, "2026-11-20 15:00:00"),
        // after the run's as-of time (2026-11-23 12:00): no handoff yet
        mql(307, "2026-11-23 12:00:01"),
        mql(308, "2026-11-23 11:00:00"),
        // P9: qualified by score seven weeks after its only form
        mql(309, "2026-11-17 15:00:00"),
        mql(310, "2026-11-16 15:00:00"),
        // P11: a new contact set to subscriber and MQL in the same second (in
        // that order, whatever the alphabet says), then MQL again while MQL
        mql(311, "2026-11-16 15:00:00"),
        stage(311, "subscriber", "2026-11-16 15:00:00"),
        mql(311, "2026-11-18 15:00:00"),
      ],
      contact_form_submission: [
        submission(301, "c1a", "f-ebook", "2026-11-16 14:00:00"),
        submission(301, "c1b", "f-demo", "2026-11-16 15:00:00"),
        // after the MQL: not the trigger
        submission(301, "c1c", "f-pricing", "2026-11-16 15:30:00"),
        // before handoff 1's MQL: handoff 1's trigger, never handoff 2's
        submission(303, "c3", "f-demo", "2026-11-02 14:50:00"),
        submission(304, "c4a", "f-ebook", "2026-11-02 14:00:00"),
        submission(304, "c4b", "f-pricing", "2026-11-16 14:30:00"),
        submission(304, "c4c", "f-demo", "2026-11-16 16:00:00"),
        submission(305, "c5", "f-demo", "2026-11-16 16:00:00"),
        submission(306, "c6", "f-ebook", "2026-11-20 14:59:00"),
        submission(309, "c9", "f-ebook", "2026-10-01 14:00:00"),
      ],
      form: forms,
    },
    routing: {
      routing_log: [
        // P1: a notification before the assignment does not count
        routing("rP1a", "00QP1", "notified", "005NY", "email", "2026-11-16 15:08:00"),
        routing("rP1b", "00QP1", "assigned", "005NY", "round_robin", "2026-11-16 15:10:00"),
        routing("rP1c", "00QP1", "notified", "005NY", "slack", "2026-11-16 15:12:00"),
        routing("rP1d", "00QP1", "notified", "005NY", "email", "2026-11-16 15:13:00"),
        // P2: later than the Salesforce owner change
        routing("rP2", "00QP2", "assigned", "005ALT", "territory", "2026-11-17 15:25:00"),
        // P3: routed only after qualifying again: handoff 2's
        routing("rP3a", "00QP3", "assigned", "005NY", "round_robin", "2026-11-18 15:10:00"),
        routing("rP3b", "00QP3", "notified", "005NY", "slack", "2026-11-18 15:11:00"),
        routing("rP4", "00QP4", "assigned", "005NY", "round_robin", "2026-11-16 15:10:00"),
        routing("rP5a", "00QP5", "assigned", "005NY", "round_robin", "2026-11-16 16:30:00"),
        routing("rP5b", "00QP5", "notified", "005NY", "email", "2026-11-16 16:31:00"),
        routing("rP6a", "00QP6", "assigned", "005NY", "round_robin", "2026-11-20 15:10:00"),
        // after the run's as-of time
        routing("rP6b", "00QP6", "notified", "005NY", "email", "2026-11-23 12:30:00"),
        routing("rP9", "00QP9", "assigned", "005NY", "round_robin", "2026-11-17 15:10:00"),
        // a queue is not a person, whoever records the assignment
        routing("rP10", "00QP10", "assigned", "00GQ", "territory", "2026-11-16 15:06:00"),
      ],
    },
  };

  beforeAll(async () => {
    warehouse = await buildWarehouse(given, { asOf: "2026-11-23T12:00:00Z", actions });
  });
  afterAll(() => warehouse?.close());

  const handoff = async (handoffId: string) => {
    const rows = await warehouse.rows(`select * from handoff.fct_handoffs where handoff_id = '${handoffId}'`);
    expect(rows).toHaveLength(1);
    return rows[0];
  };

  it("the full path: trigger form, MQL, sync, routing, notification, first touch, every seam", async () => {
    expect(await handoff("00QP1-1")).toEqual({
      handoff_id: "00QP1-1", lead_id: "00QP1", contact_id: "301", owner_id: "005NY", team_id: "00E_smb", trigger_form_id: "f-demo",
      owner_name: "Rosa Diaz", trigger_form_name: "Demo Request", lead_tier: "hand_raiser", source_channel: "ORGANIC_SEARCH",
      routed_source_system: "routing_log", notification_channel: "slack", first_touch_type: "Call", missing_steps: null,
      handoff_number: 1,
      has_form_submission: true, is_routed: true, is_notified: true, is_touched: true, is_path_complete: true,
      is_touched_before_routed: false, is_touched_before_notified: false,
      form_submitted_at: "2026-11-16 15:00:00", mql_at: "2026-11-16 15:02:00", synced_at: "2026-11-16 15:05:00",
      routed_at: "2026-11-16 15:10:00", notified_at: "2026-11-16 15:12:00", first_touch_at: "2026-11-16 15:30:00",
      submit_to_mql_seconds: 120, mql_to_sync_seconds: 180, sync_to_route_seconds: 300, route_to_notify_seconds: 120,
      notify_to_first_touch_seconds: 1080, submit_to_first_touch_seconds: 1800,
      submit_to_mql_working_seconds: 120, mql_to_sync_working_seconds: 180, sync_to_route_working_seconds: 300, route_to_notify_working_seconds: 120,
      notify_to_first_touch_working_seconds: 1080, submit_to_first_touch_working_seconds: 1800,
    });
  });

  it("fct_handoff_steps: one row per step that happened, with the time since the previous one", async () => {
    const rows = await warehouse.rows(
      `select step, previous_step, step_order, occurred_at, source_system, owner_id, lead_id, is_out_of_order, seconds_since_previous_step, working_seconds_since_previous_step
       from handoff.fct_handoff_steps where handoff_id = '00QP1-1' order by step_order`,
    );
    const common = { owner_id: "005NY", lead_id: "00QP1", is_out_of_order: false };
    expect(rows).toEqual([
      { step: "form_submitted", previous_step: null, step_order: 1, occurred_at: "2026-11-16 15:00:00", source_system: "hubspot", ...common, seconds_since_previous_step: null, working_seconds_since_previous_step: null },
      { step: "mql", previous_step: "form_submitted", step_order: 2, occurred_at: "2026-11-16 15:02:00", source_system: "hubspot", ...common, seconds_since_previous_step: 120, working_seconds_since_previous_step: 120 },
      { step: "synced", previous_step: "mql", step_order: 3, occurred_at: "2026-11-16 15:05:00", source_system: "salesforce", ...common, seconds_since_previous_step: 180, working_seconds_since_previous_step: 180 },
      { step: "routed", previous_step: "synced", step_order: 4, occurred_at: "2026-11-16 15:10:00", source_system: "routing", ...common, seconds_since_previous_step: 300, working_seconds_since_previous_step: 300 },
      { step: "notified", previous_step: "routed", step_order: 5, occurred_at: "2026-11-16 15:12:00", source_system: "routing", ...common, seconds_since_previous_step: 120, working_seconds_since_previous_step: 120 },
      { step: "first_touch", previous_step: "notified", step_order: 6, occurred_at: "2026-11-16 15:30:00", source_system: "salesforce", ...common, seconds_since_previous_step: 1080, working_seconds_since_previous_step: 1080 },
    ]);
  });

  it("assignments: routing-log events and Owner changes to users; queues and name rows are not assignments", async () => {
    const rows = await warehouse.rows(
      `select lead_id, owner_id, assigned_at, source_system from handoff.int_lead_assignments_unioned
       where lead_id in ('00QP1', '00QP2', '00QP10') order by lead_id, assigned_at, source_system`,
    );
    expect(rows).toEqual([
      { lead_id: "00QP1", owner_id: "005NY", assigned_at: "2026-11-16 15:10:00", source_system: "routing_log" },
      { lead_id: "00QP1", owner_id: "005ALT", assigned_at: "2026-11-16 15:20:00", source_system: "salesforce_lead_history" },
      { lead_id: "00QP2", owner_id: "005ALT", assigned_at: "2026-11-10 16:00:00", source_system: "salesforce_lead_history" },
      { lead_id: "00QP2", owner_id: "005NY", assigned_at: "2026-11-17 15:20:00", source_system: "salesforce_lead_history" },
      { lead_id: "00QP2", owner_id: "005ALT", assigned_at: "2026-11-17 15:25:00", source_system: "routing_log" },
    ]);
  });

  it("a lead created before it qualified syncs at the MQL; routed by a Salesforce owner change; no form, no notification", async () => {
    expect(await handoff("00QP2-1")).toMatchObject({
      owner_id: "005NY", trigger_form_id: null, trigger_form_name: null, lead_tier: "standard", source_channel: "Webinar",
      routed_source_system: "salesforce_lead_history", notification_channel: null, first_touch_type: "Meeting",
      missing_steps: "form_submitted notified",
      has_form_submission: false, is_routed: true, is_notified: false, is_touched: true, is_path_complete: false, is_touched_before_routed: false,
      form_submitted_at: null, mql_at: "2026-11-17 15:00:00", synced_at: "2026-11-17 15:00:00", routed_at: "2026-11-17 15:20:00", notified_at: null, first_touch_at: "2026-11-17 16:00:00",
      submit_to_mql_seconds: null, mql_to_sync_seconds: 0, sync_to_route_seconds: 1200, route_to_notify_seconds: null,
      // no notification: the touch seam runs from routing; the whole path from the MQL
      notify_to_first_touch_seconds: 2400, submit_to_first_touch_seconds: 3600,
      submit_to_mql_working_seconds: null, mql_to_sync_working_seconds: 0, sync_to_route_working_seconds: 1200, route_to_notify_working_seconds: null,
      notify_to_first_touch_working_seconds: 2400, submit_to_first_touch_working_seconds: 3600,
    });
    const steps = await warehouse.rows(`select step, previous_step, source_system, seconds_since_previous_step from handoff.fct_handoff_steps where handoff_id = '00QP2-1' order by step_order`);
    expect(steps).toEqual([
      { step: "mql", previous_step: null, source_system: "hubspot", seconds_since_previous_step: null },
      { step: "synced", previous_step: "mql", source_system: "salesforce", seconds_since_previous_step: 0 },
      { step: "routed", previous_step: "synced", source_system: "salesforce", seconds_since_previous_step: 1200 },
      { step: "first_touch", previous_step: "routed", source_system: "salesforce", seconds_since_previous_step: 2400 },
    ]);
  });

  it("recycled and qualified again: a second handoff; repeated or re-set MQL rows are not; each handoff keeps its own steps", async () => {
    const rows = await warehouse.rows(
      `select handoff_id, handoff_number, trigger_form_id, form_submitted_at, mql_at, synced_at, routed_at, notified_at, first_touch_at, missing_steps, submit_to_first_touch_seconds
       from handoff.fct_handoffs where lead_id = '00QP3' order by handoff_number`,
    );
    expect(rows).toEqual([
      // the routing and the second touch came after handoff 2 began: not handoff 1's
      { handoff_id: "00QP3-1", handoff_number: 1, trigger_form_id: "f-demo", form_submitted_at: "2026-11-02 14:50:00", mql_at: "2026-11-02 15:00:00", synced_at: "2026-11-02 15:00:00", routed_at: null, notified_at: null, first_touch_at: "2026-11-02 16:00:00", missing_steps: "routed notified", submit_to_first_touch_seconds: 4200 },
      // the form before handoff 1's MQL is not handoff 2's trigger
      { handoff_id: "00QP3-2", handoff_number: 2, trigger_form_id: null, form_submitted_at: null, mql_at: "2026-11-18 15:00:00", synced_at: "2026-11-18 15:00:00", routed_at: "2026-11-18 15:10:00", notified_at: "2026-11-18 15:11:00", first_touch_at: "2026-11-18 15:30:00", missing_steps: "form_submitted", submit_to_first_touch_seconds: 1800 },
    ]);
  });

  it("changes stamped at the same moment follow the stages' order: subscriber and MQL at once, then a repeated MQL, is one handoff", async () => {
    expect(await warehouse.rows(`select handoff_id, mql_at from handoff.fct_handoffs where lead_id = '00QP11'`)).toEqual([
      { handoff_id: "00QP11-1", mql_at: "2026-11-16 15:00:00" },
    ]);
  });

  it("the trigger form of a second handoff: the latest submission after the first MQL and at or before the second", async () => {
    const rows = await warehouse.rows(
      `select handoff_id, trigger_form_id, trigger_form_name, lead_tier, form_submitted_at, routed_at, first_touch_at
       from handoff.fct_handoffs where lead_id = '00QP4' order by handoff_number`,
    );
    expect(rows).toEqual([
      { handoff_id: "00QP4-1", trigger_form_id: "f-ebook", trigger_form_name: "Ebook Download", lead_tier: "standard", form_submitted_at: "2026-11-02 14:00:00", routed_at: null, first_touch_at: null },
      { handoff_id: "00QP4-2", trigger_form_id: "f-pricing", trigger_form_name: "Pricing", lead_tier: "hand_raiser", form_submitted_at: "2026-11-16 14:30:00", routed_at: "2026-11-16 15:10:00", first_touch_at: "2026-11-16 15:20:00" },
    ]);
  });

  it("a touch before routing is kept and flagged, never dropped, and the run's row conditions still hold", async () => {
    expect(await handoff("00QP5-1")).toMatchObject({
      missing_steps: null, is_path_complete: true, is_touched: true, is_touched_before_routed: true, is_touched_before_notified: true,
      synced_at: "2026-11-16 16:01:00", routed_at: "2026-11-16 16:30:00", notified_at: "2026-11-16 16:31:00", first_touch_at: "2026-11-16 16:05:00",
      sync_to_route_seconds: 1740, route_to_notify_seconds: 60, notify_to_first_touch_seconds: -1560, submit_to_first_touch_seconds: 300,
      sync_to_route_working_seconds: 1740, route_to_notify_working_seconds: 60, notify_to_first_touch_working_seconds: -1560, submit_to_first_touch_working_seconds: 300,
    });
    const steps = await warehouse.rows(
      `select step, previous_step, is_out_of_order, seconds_since_previous_step, working_seconds_since_previous_step
       from handoff.fct_handoff_steps where handoff_id = '00QP5-1' order by step_order`,
    );
    expect(steps).toEqual([
      { step: "form_submitted", previous_step: null, is_out_of_order: false, seconds_since_previous_step: null, working_seconds_since_previous_step: null },
      { step: "mql", previous_step: "form_submitted", is_out_of_order: false, seconds_since_previous_step: 0, working_seconds_since_previous_step: 0 },
      { step: "synced", previous_step: "mql", is_out_of_order: false, seconds_since_previous_step: 60, working_seconds_since_previous_step: 60 },
      { step: "routed", previous_step: "synced", is_out_of_order: false, seconds_since_previous_step: 1740, working_seconds_since_previous_step: 1740 },
      { step: "notified", previous_step: "routed", is_out_of_order: false, seconds_since_previous_step: 60, working_seconds_since_previous_step: 60 },
      { step: "first_touch", previous_step: "notified", is_out_of_order: true, seconds_since_previous_step: -1560, working_seconds_since_previous_step: -1560 },
    ]);
    expect(assertionsRan(warehouse, "fct_handoff_steps")).toEqual(["rowConditions:done", "uniqueKey_0:done"]);
    expect(assertionsRan(warehouse, "fct_handoffs")).toEqual(["rowConditions:done", "uniqueKey_0:done"]);
  });

  it("steps after the run's as-of time are not counted", async () => {
    expect(await handoff("00QP6-1")).toMatchObject({
      routed_at: "2026-11-20 15:10:00", notified_at: null, first_touch_at: null, is_notified: false, is_touched: false,
      missing_steps: "notified first_touch", notify_to_first_touch_seconds: null, submit_to_first_touch_seconds: null,
    });
    // qualified after as-of, or its lead created after as-of: no handoff yet
    expect(await warehouse.rows(`select handoff_id from handoff.fct_handoffs where lead_id in ('00QP7', '00QP8')`)).toEqual([]);
    expect(await warehouse.rows(`select handoff_id from handoff.fct_handoff_steps where occurred_at > timestamp '2026-11-23 12:00:00'`)).toEqual([]);
    // the person qualified, but as of the run their lead did not exist: a gap, not a silent drop
    expect(await warehouse.rows(`select person_contact_id, identity_gap_reason, qualifications from handoff.fct_identity_gaps`)).toEqual([
      { person_contact_id: "308", identity_gap_reason: "salesforce_lead_id_not_found", qualifications: 1 },
    ]);
  });

  it("a form submitted weeks before qualifying is still on the clock", async () => {
    // Thu 2026-10-01 10:00 EDT -> Tue 2026-11-17 10:00 EST: 33 working days of 8 hours
    expect(await handoff("00QP9-1")).toMatchObject({
      form_submitted_at: "2026-10-01 14:00:00", trigger_form_id: "f-ebook", mql_at: "2026-11-17 15:00:00",
      submit_to_mql_seconds: 4064400, submit_to_mql_working_seconds: 950400,
      submit_to_first_touch_seconds: 4066800, submit_to_first_touch_working_seconds: 952800,
    });
  });

  it("a lead that only ever reached a queue is not routed, and runs on the fallback clock", async () => {
    expect(await handoff("00QP10-1")).toMatchObject({
      owner_id: null, owner_name: null, routed_at: null, is_routed: false, routed_source_system: null, sync_to_route_seconds: null,
      missing_steps: "form_submitted routed notified first_touch",
    });
    const steps = await warehouse.rows(`select step, clock_owner_id from handoff.fct_handoff_steps where handoff_id = '00QP10-1' order by step_order`);
    expect(steps).toEqual([
      { step: "mql", clock_owner_id: "(unassigned)" },
      { step: "synced", clock_owner_id: "(unassigned)" },
    ]);
  });

  it("every qualified, matched lead has its handoffs; nothing else does", async () => {
    const rows = await warehouse.rows(`select handoff_id from handoff.fct_handoffs order by lead_id, handoff_number`);
    expect(rows.map((row) => row.handoff_id)).toEqual(["00QP1-1", "00QP10-1", "00QP11-1", "00QP2-1", "00QP3-1", "00QP3-2", "00QP4-1", "00QP4-2", "00QP5-1", "00QP6-1", "00QP9-1"]);
  });
});

describe("rpt_seam_latency_weekly", () => {
  let warehouse: TestWarehouse;

  // lead, contact, source, form (null: none), then the moments of each step
  interface Path {
    lead: string;
    contact: number;
    source: string;
    form: string | null;
    formAt?: string;
    mqlAt: string;
    createdAt: string;
    routedAt: string;
    notifiedAt?: string;
    touchedAt: string;
  }
  const paths: Path[] = [
    // week of Mon 2026-11-16, hand-raisers from organic search
    { lead: "00QR1", contact: 401, source: "ORGANIC_SEARCH", form: "f-demo", formAt: "2026-11-16 15:00:00", mqlAt: "2026-11-16 15:01:00", createdAt: "2026-11-16 14:00:00", routedAt: "2026-11-16 15:11:00", notifiedAt: "2026-11-16 15:12:00", touchedAt: "2026-11-16 15:32:00" },
    { lead: "00QR2", contact: 402, source: "ORGANIC_SEARCH", form: "f-demo", formAt: "2026-11-16 15:00:00", mqlAt: "2026-11-16 15:02:00", createdAt: "2026-11-16 14:00:00", routedAt: "2026-11-16 15:22:00", notifiedAt: "2026-11-16 15:24:00", touchedAt: "2026-11-16 16:04:00" },
    { lead: "00QR3", contact: 403, source: "ORGANIC_SEARCH", form: "f-demo", formAt: "2026-11-17 15:00:00", mqlAt: "2026-11-17 15:03:00", createdAt: "2026-11-17 15:08:00", routedAt: "2026-11-17 15:38:00", notifiedAt: "2026-11-17 15:41:00", touchedAt: "2026-11-17 16:41:00" },
    // same week, a standard lead from paid search: no form, no notification
    { lead: "00QR4", contact: 404, source: "PAID_SEARCH", form: null, mqlAt: "2026-11-16 16:00:00", createdAt: "2026-11-16 14:00:00", routedAt: "2026-11-16 16:05:00", touchedAt: "2026-11-16 16:15:00" },
    // week of Mon 2026-11-23
    { lead: "00QR5", contact: 405, source: "ORGANIC_SEARCH", form: "f-demo", formAt: "2026-11-23 15:00:00", mqlAt: "2026-11-23 15:00:00", createdAt: "2026-11-23 14:00:00", routedAt: "2026-11-23 15:10:00", notifiedAt: "2026-11-23 15:10:00", touchedAt: "2026-11-23 15:20:00" },
    // touched before routing: its negative touch seam stays out of the percentiles
    { lead: "00QR6", contact: 406, source: "ORGANIC_SEARCH", form: "f-demo", formAt: "2026-11-24 15:00:00", mqlAt: "2026-11-24 15:00:00", createdAt: "2026-11-24 14:00:00", routedAt: "2026-11-24 15:20:00", notifiedAt: "2026-11-24 15:21:00", touchedAt: "2026-11-24 15:05:00" },
  ];

  beforeAll(async () => {
    const given: GivenRows = {
      salesforce: {
        user: users,
        lead: paths.map((path) => sfLead(path.lead, path.createdAt)),
        task: paths.map((path) => task(`00T-${path.lead}`, path.lead, "Call", path.touchedAt)),
      },
      hubspot: {
        contact: paths.map((path) => contact(path.contact, path.lead, { property_hs_analytics_source: path.source })),
        contact_property_history: paths.map((path) => mql(path.contact, path.mqlAt)),
        contact_form_submission: paths.filter((path) => path.form).map((path) => submission(path.contact, `c-${path.lead}`, path.form!, path.formAt!)),
        form: forms,
      },
      routing: {
        routing_log: paths.flatMap((path) => [
          routing(`ra-${path.lead}`, path.lead, "assigned", "005NY", "round_robin", path.routedAt),
          ...(path.notifiedAt ? [routing(`rn-${path.lead}`, path.lead, "notified", "005NY", "slack", path.notifiedAt)] : []),
        ]),
      },
    };
    warehouse = await buildWarehouse(given, { asOf: "2026-12-01T00:00:00Z", actions });
  });
  afterAll(() => warehouse?.close());

  const report = (where: string) =>
    warehouse.rows(
      `select cast(week_start_date as varchar) as week, seam, lead_tier, source_channel, seam_order, handoffs, p50_seconds, p90_seconds, p95_seconds,
              p50_working_seconds, total_working_seconds, share_of_working_delay
       from handoff.rpt_seam_latency_weekly where ${where} order by week, seam_order`,
    );

  it("per week, seam, tier and source: count, percentiles and the share of the delay", async () => {
    const total = 360 + 300 + 3600 + 360 + 7200;
    const row = (seam: string, seamOrder: number, values: number[], p50: number, p90: number, p95: number, share: number | null) => ({
      week: "2026-11-16", seam, lead_tier: "hand_raiser", source_channel: "ORGANIC_SEARCH", seam_order: seamOrder, handoffs: values.length,
      p50_seconds: p50, p90_seconds: expect.closeTo(p90, 6), p95_seconds: expect.closeTo(p95, 6), p50_working_seconds: p50,
      total_working_seconds: values.reduce((sum, value) => sum + value, 0), share_of_working_delay: share,
    });
    const rows = await report(`week_start_date = date '2026-11-16' and lead_tier = 'hand_raiser' and source_channel = 'ORGANIC_SEARCH'`);
    // DuckDB interpolates percentiles (quantile_cont): p90 of 60, 120, 180 is
    // 168; BigQuery's approx_quantiles picks a value (p50s here are exact on both)
    expect(rows).toEqual([
      row("submit_to_mql", 1, [60, 120, 180], 120, 168, 174, 360 / total),
      row("mql_to_sync", 2, [0, 0, 300], 0, 240, 270, 300 / total),
      row("sync_to_route", 3, [600, 1200, 1800], 1200, 1680, 1740, 3600 / total),
      row("route_to_notify", 4, [60, 120, 180], 120, 168, 174, 360 / total),
      row("notify_to_first_touch", 5, [1200, 2400, 3600], 2400, 3360, 3480, 7200 / total),
      row("submit_to_first_touch", 6, [1920, 3840, 6060], 3840, 5616, 5838, null),
    ]);
  });

  it("a tier with fewer seams, and the roll-ups over tier and source", async () => {
    const standard = await report(`week_start_date = date '2026-11-16' and lead_tier = 'standard' and source_channel = 'PAID_SEARCH'`);
    expect(standard.map((row) => [row.seam, row.handoffs, row.p50_seconds, row.share_of_working_delay])).toEqual([
      ["mql_to_sync", 1, 0, 0],
      ["sync_to_route", 1, 300, 300 / 900],
      ["notify_to_first_touch", 1, 600, 600 / 900],
      ["submit_to_first_touch", 1, 900, null],
    ]);
    const everything = await report(`week_start_date = date '2026-11-16' and lead_tier = 'all' and source_channel = 'all'`);
    const total = 360 + 300 + 3900 + 360 + 7800;
    expect(everything.map((row) => [row.seam, row.handoffs, row.p50_seconds, row.total_working_seconds, row.share_of_working_delay])).toEqual([
      ["submit_to_mql", 3, 120, 360, 360 / total],
      ["mql_to_sync", 4, 0, 300, 300 / total],
      ["sync_to_route", 4, 900, 3900, 3900 / total],
      ["route_to_notify", 3, 120, 360, 360 / total],
      ["notify_to_first_touch", 4, 1800, 7800, 7800 / total],
      ["submit_to_first_touch", 4, 2880, 12720, null],
    ]);
    const groups = await warehouse.rows(
      `select distinct lead_tier, source_channel from handoff.rpt_seam_latency_weekly where week_start_date = date '2026-11-16' order by all`,
    );
    expect(groups.map((row) => `${row.lead_tier}/${row.source_channel}`)).toEqual([
      "all/ORGANIC_SEARCH", "all/PAID_SEARCH", "all/all", "hand_raiser/ORGANIC_SEARCH", "hand_raiser/all", "standard/PAID_SEARCH", "standard/all",
    ]);
  });

  it("weeks are separate; a negative (out-of-order) seam is left out of the percentiles", async () => {
    const rows = await report(`week_start_date = date '2026-11-23' and lead_tier = 'hand_raiser' and source_channel = 'ORGANIC_SEARCH'`);
    expect(rows.map((row) => [row.seam, row.handoffs, row.p50_seconds, row.total_working_seconds])).toEqual([
      ["submit_to_mql", 2, 0, 0],
      ["mql_to_sync", 2, 0, 0],
      ["sync_to_route", 2, 900, 1800],
      ["route_to_notify", 2, 30, 60],
      ["notify_to_first_touch", 1, 600, 600],
      ["submit_to_first_touch", 2, 750, 1500],
    ]);
    expect(rows.find((row) => row.seam === "sync_to_route")?.share_of_working_delay).toBeCloseTo(1800 / 2460, 12);
    expect(assertionsRan(warehouse, "rpt_seam_latency_weekly")).toEqual(["rowConditions:done", "uniqueKey_0:done"]);
  });
});
