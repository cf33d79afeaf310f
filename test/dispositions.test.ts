import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWarehouse, GivenRows, mergeGivenRows as merge, TestWarehouse } from "./helpers/warehouse";

// Dispositions with given rows (int_disposition_events, fct_handoff_dispositions).
// Policy: Salesforce lead statuses and HubSpot hs_lead_status values map to
// converted / working / no_response / bad_fit (or null: no disposition yet); a
// converted lead (is_converted or an opportunity) is converted; values the
// policy does not list are reported by name. A handoff with no disposition
// after 10 of the owner's working days (Mon-Fri, New York, minus Thanksgiving
// 2026-11-26) is missing. Every lead is qualified at 15:00 UTC (10:00 EST) and
// routed to 005NY five minutes later; the as-of time is Monday 2026-12-14
// 10:00 EST. Working days since a handoff count its own day: qualified Monday
// 2026-11-30, it is 10 working days old on Monday 2026-12-14.

const asOf = "2026-12-14T15:00:00Z";

interface LeadSpec {
  id: string;
  contactId: number;
  /** Qualification dates (YYYY-MM-DD, at 15:00 UTC); more than one: a recycled lead. */
  mqls: string[];
  lead?: Record<string, unknown>;
  /** Salesforce Status history: [timestamp, new value]. */
  statuses?: [string, string][];
  /** HubSpot hs_lead_status history: [timestamp, value]. */
  hubspot?: [string, string][];
}

const at = (date: string, time = "15:00:00") => `${date} ${time}`;

function dispositionLead(spec: LeadSpec): GivenRows {
  const email = `${spec.id.toLowerCase()}@acme-analytics.com`;
  const lifecycle = spec.mqls.flatMap((date, index) => [
    ...(index > 0 ? [{ contact_id: spec.contactId, name: "lifecyclestage", value: "lead", timestamp: at(spec.mqls[index - 1]!, "20:00:00") }] : []),
    { contact_id: spec.contactId, name: "lifecyclestage", value: "marketingqualifiedlead", timestamp: at(date) },
  ]);
  return {
    salesforce: {
      lead: [{ id: spec.id, email, company: "Acme Analytics", created_date: at(spec.mqls[0]!, "15:01:00"), is_converted: "false", is_deleted: "false", ...spec.lead }],
      lead_history: (spec.statuses ?? []).map(([timestamp, value], index) => ({ id: `017-${spec.id}-${index}`, lead_id: spec.id, field: "Status", old_value: null, new_value: value, created_date: timestamp, is_deleted: "false" })),
    },
    hubspot: {
      contact: [{ id: spec.contactId, property_email: email, property_salesforceleadid: spec.id, property_createdate: "2026-10-01 00:00:00" }],
      contact_property_history: [
        ...lifecycle,
        ...(spec.hubspot ?? []).map(([timestamp, value]) => ({ contact_id: spec.contactId, name: "hs_lead_status", value, timestamp })),
      ],
    },
    routing: {
      routing_log: spec.mqls.map((date, index) => ({ id: `r-${spec.id}-${index}`, lead_id: spec.id, event: "assigned", owner_id: "005NY", channel: "round_robin", occurred_at: at(date, "15:05:00") })),
    },
  };
}


const leads: LeadSpec[] = [
  // the lead's current Salesforce status (created at the sync, no history row)
  { id: "00QX01", contactId: 7301, mqls: ["2026-12-01"], lead: { status: "Working - Contacted" } },
  // a Status change in lead_history
  { id: "00QX02", contactId: 7302, mqls: ["2026-12-01"], lead: { status: "Unqualified - Bad Fit" }, statuses: [[at("2026-12-01", "15:02:00"), "Open - Not Contacted"], [at("2026-12-02", "16:00:00"), "Unqualified - Bad Fit"]] },
  // HubSpot's hs_lead_status
  { id: "00QX03", contactId: 7303, mqls: ["2026-12-01"], hubspot: [[at("2026-12-01"), "NEW"], [at("2026-12-02"), "ATTEMPTED_TO_CONTACT"], [at("2026-12-04"), "BAD_TIMING"]] },
  // converted with an opportunity, whatever the status says
  { id: "00QX04", contactId: 7304, mqls: ["2026-12-01"], lead: { status: "Working - Contacted", is_converted: "true", converted_opportunity_id: "006X04", converted_date: "2026-12-03" }, statuses: [[at("2026-12-02"), "Working - Contacted"]] },
  // an opportunity id without the converted flag
  { id: "00QX05", contactId: 7305, mqls: ["2026-12-01"], lead: { status: "Working - Contacted", converted_opportunity_id: "006X05" } },
  // converted without an opportunity: only the date is known
  { id: "00QX06", contactId: 7306, mqls: ["2026-12-01"], lead: { is_converted: "true", converted_date: "2026-12-03" } },
  // converted without an opportunity on the day it qualified
  { id: "00QX07", contactId: 7307, mqls: ["2026-12-03"], lead: { is_converted: "true", converted_date: "2026-12-03" } },
  // values the policy does not list, in both systems
  // (and HubSpot's record of clearing the property, an empty value, is not one)
  { id: "00QX08", contactId: 7308, mqls: ["2026-12-01"], lead: { status: "Nurture - Long Term" }, statuses: [[at("2026-12-02"), "Nurture - Long Term"]], hubspot: [[at("2026-12-03"), "WEIRD_STATUS"], [at("2026-12-04"), ""]] },
  // cleared statuses in both systems: no value, nothing to report
  { id: "00QX12", contactId: 7312, mqls: ["2026-12-01"], lead: { status: "" }, statuses: [[at("2026-12-02"), " "]], hubspot: [[at("2026-12-02"), "IN_PROGRESS"], [at("2026-12-03"), ""]] },
  // a mapped value, then an unmapped one
  { id: "00QX09", contactId: 7309, mqls: ["2026-12-01"], lead: { status: "Recycled - Future" }, statuses: [[at("2026-12-02"), "Working - Contacted"], [at("2026-12-03"), "Recycled - Future"]] },
  // a known value with no disposition yet
  { id: "00QX10", contactId: 7310, mqls: ["2026-12-01"], lead: { status: "Open - Not Contacted" } },
  // three changes across both systems; one before the handoff and one after the as-of time do not count
  {
    id: "00QX11", contactId: 7311, mqls: ["2026-12-01"], lead: { status: "Nurture - No Response", created_date: "2026-11-01 15:00:00" },
    statuses: [[at("2026-11-20"), "Unqualified - Bad Fit"], [at("2026-12-02"), "Working - Contacted"], [at("2026-12-04"), "Nurture - No Response"], [at("2026-12-15"), "Closed - Converted"]],
    hubspot: [[at("2026-12-03"), "CONNECTED"]],
  },
  // the missing window: no disposition, qualified N working days before the as-of time
  { id: "00QW09", contactId: 7409, mqls: ["2026-12-01"] }, // Tue: 9
  { id: "00QW10", contactId: 7410, mqls: ["2026-11-30"] }, // Mon: 10
  { id: "00QW11", contactId: 7411, mqls: ["2026-11-27"] }, // Fri: 11
  { id: "00QW12", contactId: 7412, mqls: ["2026-11-28"] }, // Sat: 10 (16 calendar days)
  { id: "00QW13", contactId: 7413, mqls: ["2026-11-25"] }, // Wed before Thanksgiving: 12, not 13
  // dispositioned, but after 15 working days
  { id: "00QW14", contactId: 7414, mqls: ["2026-11-16"], lead: { status: "Working - Contacted" }, statuses: [[at("2026-12-08"), "Working - Contacted"]] },
  // recycled: each handoff sees only the changes between it and the next
  {
    id: "00QR01", contactId: 7501, mqls: ["2026-11-02", "2026-11-09"], lead: { status: "Unqualified - Bad Fit" },
    statuses: [[at("2026-11-03"), "Working - Contacted"], [at("2026-11-05"), "Nurture - No Response"], [at("2026-11-10"), "Working - Contacted"], [at("2026-11-12"), "Unqualified - Bad Fit"]],
  },
  // recycled, and nothing recorded since the second handoff
  { id: "00QR02", contactId: 7502, mqls: ["2026-11-02", "2026-12-01"], lead: { status: "Closed - Not Converted" }, statuses: [[at("2026-11-03"), "Working - Contacted"], [at("2026-11-04"), "Closed - Not Converted"]] },
];

let warehouse: TestWarehouse;

beforeAll(async () => {
  warehouse = await buildWarehouse(
    merge([
      ...leads.map(dispositionLead),
      {
        salesforce: {
          user: [{ id: "005NY", name: "Rosa Diaz", time_zone_sid_key: "America/New_York", user_role_id: "00E_smb", is_active: "true" }],
          opportunity: [
            { id: "006X04", account_id: "001X", name: "X04", stage_name: "Discovery", created_date: at("2026-12-03"), is_deleted: "false" },
            { id: "006X05", account_id: "001X", name: "X05", stage_name: "Discovery", created_date: at("2026-12-04"), is_deleted: "false" },
          ],
        },
      },
    ]),
    { asOf },
  );
});
afterAll(() => warehouse?.close());

const disposition = async (handoffId: string) => {
  const rows = await warehouse.rows(`select * from handoff.fct_handoff_dispositions where handoff_id = '${handoffId}'`);
  expect(rows, handoffId).toHaveLength(1);
  return rows[0]!;
};

describe("dispositions: the mapping", () => {
  const cases: Record<string, [string, Record<string, unknown>]> = {
    "00QX01-1": ["the lead's current Salesforce status", { disposition: "working", disposition_source_system: "salesforce", disposition_crm_value: "Working - Contacted", disposition_set_at: "2026-12-01 15:01:00", is_dispositioned: true }],
    "00QX02-1": ["a lead_history Status change", { disposition: "bad_fit", disposition_source_system: "salesforce", disposition_crm_value: "Unqualified - Bad Fit", disposition_set_at: "2026-12-02 16:00:00", disposition_changes: 1, working_days_to_first_disposition: 1, is_dispositioned_in_time: true }],
    "00QX03-1": ["HubSpot hs_lead_status", { disposition: "no_response", disposition_source_system: "hubspot", disposition_crm_value: "BAD_TIMING", disposition_changes: 2 }],
    "00QX04-1": ["converted (is_converted, with an opportunity) whatever the status says", { disposition: "converted", disposition_source_system: "salesforce_conversion", disposition_set_at: "2026-12-03 15:00:00", disposition_history: "working (salesforce: Working - Contacted, 2026-12-02) > converted (salesforce_conversion: converted, 2026-12-03)" }],
    "00QX05-1": ["converted by converted_opportunity_id alone", { disposition: "converted", disposition_source_system: "salesforce_conversion", disposition_set_at: "2026-12-04 15:00:00" }],
    "00QX06-1": ["converted without an opportunity: counted at the end of the converted date", { disposition: "converted", disposition_set_at: "2026-12-03 23:59:59" }],
    "00QX07-1": ["converted without an opportunity on the day it qualified", { disposition: "converted", disposition_set_at: "2026-12-03 23:59:59", working_days_to_first_disposition: 0 }],
    "00QX10-1": ["a known value with no disposition yet: neither a disposition nor unmapped", { disposition: null, is_dispositioned: false, unmapped_values: "", disposition_changes: 0, disposition_history: null }],
  };
  for (const [handoffId, [name, expected]] of Object.entries(cases)) {
    it(`${handoffId}: ${name}`, async () => {
      expect(await disposition(handoffId)).toMatchObject(expected);
    });
  }

  it("int_disposition_events: every change, mapped or not, with its source", async () => {
    expect(await warehouse.rows(`select crm_system, crm_value, disposition, is_mapped, set_at from handoff.int_disposition_events where lead_id = '00QX08' order by set_at, crm_system`)).toEqual([
      { crm_system: "salesforce", crm_value: "Nurture - Long Term", disposition: null, is_mapped: false, set_at: "2026-12-02 15:00:00" },
      { crm_system: "hubspot", crm_value: "WEIRD_STATUS", disposition: null, is_mapped: false, set_at: "2026-12-03 15:00:00" },
    ]);
  });
});

describe("dispositions: unmapped values are reported by name, never dropped", () => {
  it("only unmapped values: the handoff stays, with no disposition and both names", async () => {
    expect(await disposition("00QX08-1")).toMatchObject({ disposition: null, is_dispositioned: false, unmapped_values: "Nurture - Long Term, WEIRD_STATUS", is_missing: false });
  });

  it("a cleared status is neither a disposition nor an unmapped value", async () => {
    expect(await disposition("00QX12-1")).toMatchObject({ disposition: "working", disposition_crm_value: "IN_PROGRESS", unmapped_values: "", disposition_changes: 1 });
    expect(await warehouse.rows(`select count(*) as n from handoff.int_disposition_events where lead_id in ('00QX08', '00QX12') and trim(crm_value) = ''`)).toEqual([{ n: 0 }]);
  });

  it("a mapped value, then an unmapped one: the mapped disposition stands, the unmapped one is named", async () => {
    expect(await disposition("00QX09-1")).toMatchObject({ disposition: "working", disposition_crm_value: "Working - Contacted", unmapped_values: "Recycled - Future" });
  });
});

describe("dispositions: the history", () => {
  it("in time order across both systems; changes before the handoff or after the as-of time do not count", async () => {
    expect(await disposition("00QX11-1")).toMatchObject({
      disposition: "no_response",
      disposition_history:
        "working (salesforce: Working - Contacted, 2026-12-02) > working (hubspot: CONNECTED, 2026-12-03) > no_response (salesforce: Nurture - No Response, 2026-12-04)",
      disposition_changes: 3,
      first_dispositioned_at: "2026-12-02 15:00:00",
      disposition_set_at: "2026-12-04 15:00:00",
    });
    expect(await disposition("00QX03-1")).toMatchObject({ disposition_history: "working (hubspot: ATTEMPTED_TO_CONTACT, 2026-12-02) > no_response (hubspot: BAD_TIMING, 2026-12-04)" });
  });
});

describe("dispositions: the missing window (10 working days)", () => {
  // handoff -> [working days since the handoff, missing]
  const cases: Record<string, [number, boolean]> = {
    "00QW09-1": [9, false],
    "00QW10-1": [10, false],
    "00QW11-1": [11, true],
    "00QW12-1": [10, false],
    "00QW13-1": [12, true],
  };
  for (const [handoffId, [days, missing]] of Object.entries(cases)) {
    it(`${handoffId}: ${days} working days without a disposition: ${missing ? "missing" : "not missing yet"}`, async () => {
      expect(await disposition(handoffId)).toMatchObject({ working_days_since_handoff: days, is_due: missing, is_missing: missing, is_dispositioned: false, disposition: null });
    });
  }

  it("a disposition set after 15 working days: dispositioned, not missing, not in time", async () => {
    expect(await disposition("00QW14-1")).toMatchObject({ disposition: "working", working_days_to_first_disposition: 15, is_due: true, is_missing: false, is_dispositioned_in_time: false });
  });
});

describe("dispositions: a recycled lead", () => {
  it("each handoff sees only its own changes", async () => {
    expect(await disposition("00QR01-1")).toMatchObject({
      disposition: "no_response",
      disposition_history: "working (salesforce: Working - Contacted, 2026-11-03) > no_response (salesforce: Nurture - No Response, 2026-11-05)",
      disposition_changes: 2,
    });
    expect(await disposition("00QR01-2")).toMatchObject({
      disposition: "bad_fit",
      disposition_history: "working (salesforce: Working - Contacted, 2026-11-10) > bad_fit (salesforce: Unqualified - Bad Fit, 2026-11-12)",
      disposition_changes: 2,
      working_days_to_first_disposition: 1,
    });
  });

  it("a second handoff with nothing recorded yet does not inherit the first one's disposition", async () => {
    expect(await disposition("00QR02-1")).toMatchObject({ disposition: "no_response", disposition_crm_value: "Closed - Not Converted" });
    expect(await disposition("00QR02-2")).toMatchObject({ disposition: null, disposition_history: null, disposition_changes: 0, working_days_since_handoff: 9, is_missing: false });
  });
});
