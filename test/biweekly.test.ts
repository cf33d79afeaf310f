import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWarehouse, TestWarehouse } from "./helpers/warehouse";

// Periods run two weeks from the policy's anchor Monday (2026-01-05), by the
// UTC day a lead qualified: ... 2026-10-12..10-25, 2026-10-26..11-08, ...
let warehouse: TestWarehouse;

function lead(id: string, contactId: number, mqlAt: string, routedAt: string, touchedAt: string) {
  return {
    lead: { id, owner_id: "005NY", email: `${id.toLowerCase()}@acme.com`, company: "Acme", title: "VP Sales", industry: "Software", country: "US", number_of_employees: 300, created_date: mqlAt, status: "Open - Not Contacted" },
    contact: { id: contactId, property_email: `${id.toLowerCase()}@acme.com`, property_salesforceleadid: id, property_createdate: "2026-10-01 00:00:00" },
    history: { contact_id: contactId, name: "lifecyclestage", value: "marketingqualifiedlead", timestamp: mqlAt },
    form: { contact_id: contactId, conversion_id: `c-${id}`, form_id: "f-demo", timestamp: mqlAt },
    routing: { id: `r-${id}`, lead_id: id, event: "assigned", owner_id: "005NY", channel: "round_robin", occurred_at: routedAt },
    task: { id: `t-${id}`, who_id: id, owner_id: "005NY", type: "Call", status: "Completed", created_date: touchedAt, completed_date_time: touchedAt },
  };
}

const leads = [
  lead("00QA1", 1, "2026-10-20 14:00:00", "2026-10-20 14:01:00", "2026-10-20 14:05:00"), // period A, met
  lead("00QA2", 2, "2026-10-25 23:59:00", "2026-10-25 23:59:30", "2026-10-26 18:00:00"), // last minute of period A, breached
  lead("00QB1", 3, "2026-10-26 00:00:00", "2026-10-26 00:01:00", "2026-10-26 13:10:00"), // first minute of period B, met
];

beforeAll(async () => {
  warehouse = await buildWarehouse(
    {
      salesforce: {
        user: [{ id: "005NY", name: "Nia York", time_zone_sid_key: "America/New_York", user_role_id: "00E_smb", is_active: "true" }],
        lead: leads.map((row) => row.lead),
        task: leads.map((row) => row.task),
        lead_history: [{ id: "h1", lead_id: "00QA2", field: "Status", old_value: "Open - Not Contacted", new_value: "Unqualified - Bad Fit", created_date: "2026-10-27 15:00:00" }],
      },
      hubspot: {
        contact: leads.map((row) => row.contact),
        contact_property_history: leads.map((row) => row.history),
        contact_form_submission: leads.map((row) => row.form),
        form: [{ guid: "f-demo", name: "Demo Request", form_type: "HUBSPOT" }],
      },
      routing: { routing_log: leads.map((row) => row.routing) },
    },
    { asOf: "2026-11-23T12:00:00Z" },
  );
});
afterAll(() => warehouse?.close());

describe("the biweekly review", () => {
  it("puts handoffs in two-week periods from the anchor, by the minute", async () => {
    expect(await warehouse.rows("select handoff_id, period_start_date, period_end_date from handoff.int_handoff_review_facts order by handoff_id")).toEqual([
      { handoff_id: "00QA1-1", period_start_date: "2026-10-12", period_end_date: "2026-10-25" },
      { handoff_id: "00QA2-1", period_start_date: "2026-10-12", period_end_date: "2026-10-25" },
      { handoff_id: "00QB1-1", period_start_date: "2026-10-26", period_end_date: "2026-11-08" },
    ]);
  });

  it("compares SLA performance with the previous period", async () => {
    expect(
      await warehouse.rows("select period_start_date, handoffs, met, breached, sales_attainment, previous_sales_attainment from handoff.rpt_biweekly_sla where sla_tier = 'all' order by period_start_date"),
    ).toEqual([
      { period_start_date: "2026-10-12", handoffs: 2, met: 1, breached: 1, sales_attainment: 0.5, previous_sales_attainment: null },
      { period_start_date: "2026-10-26", handoffs: 1, met: 1, breached: 0, sales_attainment: 1, previous_sales_attainment: 0.5 },
    ]);
  });

  it("shows disposition trends against the previous period", async () => {
    expect(
      await warehouse.rows("select period_start_date, handoffs, bad_fit, undispositioned, bad_fit_rate, previous_bad_fit_rate from handoff.rpt_biweekly_dispositions where breakdown = 'all' order by period_start_date"),
    ).toEqual([
      { period_start_date: "2026-10-12", handoffs: 2, bad_fit: 1, undispositioned: 1, bad_fit_rate: 1, previous_bad_fit_rate: null },
      { period_start_date: "2026-10-26", handoffs: 1, bad_fit: 0, undispositioned: 1, bad_fit_rate: null, previous_bad_fit_rate: 1 },
    ]);
  });

  it("has exactly three agenda items per period, with this and the previous period", async () => {
    const items = await warehouse.rows("select period_start_date, agenda_item_order, agenda_item, count(*) as metrics from handoff.rpt_biweekly_review group by all order by all");
    expect(items.map((row) => [row.period_start_date, row.agenda_item_order, row.agenda_item])).toEqual([
      ["2026-10-12", 1, "SLA performance"],
      ["2026-10-12", 2, "Disposition trends"],
      ["2026-10-12", 3, "Definition changes"],
      ["2026-10-26", 1, "SLA performance"],
      ["2026-10-26", 2, "Disposition trends"],
      ["2026-10-26", 3, "Definition changes"],
    ]);
    expect(
      await warehouse.rows("select this_period, previous_period, change_from_previous from handoff.rpt_biweekly_review where period_start_date = date '2026-10-26' and agenda_item_order = 1 and metric_order = 1"),
    ).toEqual([{ this_period: 1, previous_period: 0.5, change_from_previous: 0.5 }]);
  });

  it("lists definition changes only in the period they took effect, with what changed", async () => {
    // v2 took effect 2026-09-01, a period with no handoffs here: no row
    expect(await warehouse.rows("select count(*) as n from handoff.rpt_biweekly_definition_changes")).toEqual([{ n: 0 }]);
    expect(
      await warehouse.rows("select metric, this_period from handoff.rpt_biweekly_review where agenda_item_order = 3 order by period_start_date"),
    ).toEqual([
      { metric: "Definition versions that took effect", this_period: 0 },
      { metric: "Definition versions that took effect", this_period: 0 },
    ]);
  });
});
