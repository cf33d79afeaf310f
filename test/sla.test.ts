import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWarehouse, GivenRows, mergeGivenRows as merge, TestWarehouse } from "./helpers/warehouse";

// Both sides of the handoff SLA with given rows (fct_handoff_sla,
// rpt_sla_open_breaches, rpt_sla_weekly). Policy: hand_raiser (form name
// matching demo / contact sales / contact-sales / pricing, any case) is due 15
// working minutes after routing; standard is due at the end of the owner's
// working day on which it was routed, or of the next working day when routed
// outside working hours. Owners work Mon-Fri 09:00-17:00 in their Salesforce
// time zone (America/New_York when they have none), minus holidays
// (Thanksgiving 2026-11-26). In November New York is UTC-5: 09:00 EST = 14:00
// UTC, 17:00 EST = 22:00 UTC. The as-of time is Monday 2026-11-30 10:00 EST.
// Expected due times were worked out by hand.

const asOf = "2026-11-30T15:00:00Z";

const users = [
  { id: "005NY", name: "Rosa Diaz", time_zone_sid_key: "America/New_York", user_role_id: "00E_smb", is_active: "true" },
  { id: "005NOZ", name: "No Zone", time_zone_sid_key: null, user_role_id: "00E_smb", is_active: "true" },
];
const campaign = { id: "701W", name: "Webinar: Pipeline", type: "Webinar", is_deleted: "false" };

interface LeadSpec {
  id: string;
  contactId: number;
  /** The trigger form's name, submitted a minute before qualifying; null: no form. */
  form: string | null;
  mqlAt: string;
  owner?: string;
  routedAt?: string;
  touchedAt?: string;
  /** Salesforce lead fields over the complete defaults; HubSpot contact properties. */
  lead?: Record<string, unknown>;
  contact?: Record<string, unknown>;
  /** Default true: a campaign membership the day before. */
  campaign?: boolean;
  /** Default true: an ebook download the day before (content consumed). */
  content?: boolean;
}

const shift = (timestamp: string, seconds: number) =>
  new Date(new Date(`${timestamp.replace(" ", "T")}Z`).getTime() + seconds * 1000).toISOString().replace("T", " ").slice(0, 19);
const formId = (name: string) => `f-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

function handoffLead(spec: LeadSpec): GivenRows {
  const forms = [...(spec.form ? [spec.form] : []), "Ebook: Content"];
  return {
    salesforce: {
      lead: [
        {
          id: spec.id, email: `${spec.id.toLowerCase()}@acme-analytics.com`, company: "Acme Analytics", title: "Head of Marketing", number_of_employees: 300,
          industry: "Software", country: "US", created_date: spec.mqlAt, is_deleted: "false", ...spec.lead,
        },
      ],
      campaign_member: spec.campaign === false ? [] : [{ id: `00v-${spec.id}`, campaign_id: campaign.id, lead_id: spec.id, status: "Attended", created_date: shift(spec.mqlAt, -86400), is_deleted: "false" }],
      task: spec.touchedAt ? [{ id: `00T-${spec.id}`, who_id: spec.id, owner_id: spec.owner ?? "005NY", type: "Call", status: "Completed", created_date: spec.touchedAt, completed_date_time: spec.touchedAt, is_deleted: "false" }] : [],
    },
    hubspot: {
      contact: [{ id: spec.contactId, property_email: `${spec.id.toLowerCase()}@acme-analytics.com`, property_salesforceleadid: spec.id, property_createdate: "2026-10-01 00:00:00", ...spec.contact }],
      contact_property_history: [{ contact_id: spec.contactId, name: "lifecyclestage", value: "marketingqualifiedlead", timestamp: spec.mqlAt }],
      contact_form_submission: [
        ...(spec.form ? [{ contact_id: spec.contactId, conversion_id: `c-${spec.id}`, form_id: formId(spec.form), timestamp: shift(spec.mqlAt, -60) }] : []),
        ...(spec.content === false ? [] : [{ contact_id: spec.contactId, conversion_id: `c-${spec.id}-ebook`, form_id: formId("Ebook: Content"), timestamp: shift(spec.mqlAt, -86400) }]),
      ],
      form: forms.map((name) => ({ guid: formId(name), name, form_type: "HUBSPOT" })),
    },
    routing: {
      routing_log: spec.routedAt ? [{ id: `r-${spec.id}`, lead_id: spec.id, event: "assigned", owner_id: spec.owner ?? "005NY", channel: "round_robin", occurred_at: spec.routedAt }] : [],
    },
  };
}

/** A lead qualified 5 minutes before it was routed. */
const routed = (id: string, contactId: number, form: string | null, routedAt: string, touchedAt?: string, owner?: string): LeadSpec => ({
  id, contactId, form, mqlAt: shift(routedAt, -300), routedAt, touchedAt, owner,
});


const slaLeads: LeadSpec[] = [
  // Monday 2026-11-16, routed 10:00 EST: hand-raiser due 10:15
  routed("00QS01", 8001, "Demo Request", "2026-11-16 15:00:00", "2026-11-16 15:14:59"),
  routed("00QS02", 8002, "Demo Request", "2026-11-16 15:00:00", "2026-11-16 15:15:01"),
  routed("00QS03", 8003, "Request a DEMO", "2026-11-17 15:00:00", "2026-11-17 15:10:00"),
  routed("00QS04", 8004, "contact-sales form", "2026-11-17 15:00:00", "2026-11-17 15:10:00"),
  routed("00QS05", 8005, "PRICING Inquiry", "2026-11-17 15:00:00", "2026-11-17 15:10:00"),
  // standard, routed Monday 10:00 EST: due 17:00 EST the same day
  routed("00QS06", 8006, "Webinar Registration: Forecasting", "2026-11-16 15:00:00", "2026-11-16 21:59:00"),
  routed("00QS07", 8007, "Webinar Registration: Forecasting", "2026-11-16 15:00:00", "2026-11-16 22:01:00"),
  // routed Friday 2026-11-13 16:55 EST
  routed("00QS08", 8008, "Demo Request", "2026-11-13 21:55:00", "2026-11-16 14:09:00"),
  routed("00QS09", 8009, "Ebook: The State of RevOps", "2026-11-13 21:55:00", "2026-11-16 14:09:00"),
  // routed Saturday 2026-11-14 11:00 EST
  routed("00QS10", 8010, "Demo Request", "2026-11-14 16:00:00"),
  routed("00QS11", 8011, "Ebook: The State of RevOps", "2026-11-14 16:00:00", "2026-11-16 21:00:00"),
  // routed on Thanksgiving, Thursday 2026-11-26 10:00 EST
  routed("00QS12", 8012, "Demo Request", "2026-11-26 15:00:00"),
  routed("00QS13", 8013, "Ebook: The State of RevOps", "2026-11-26 15:00:00", "2026-11-27 17:00:00"),
  // around the as-of time, Monday 2026-11-30 10:00 EST
  routed("00QS14", 8014, "Demo Request", "2026-11-30 14:50:00"),
  routed("00QS15", 8015, "Demo Request", "2026-11-30 14:40:00"),
  routed("00QS16", 8016, "Demo Request", "2026-11-30 14:45:00"),
  // touched after the as-of time: not yet, as of now
  routed("00QS17", 8017, "Demo Request", "2026-11-30 14:40:00", "2026-11-30 15:30:00"),
  // an owner with no time zone works on New York time: routed 08:50 EST (13:50 UTC)
  routed("00QS18", 8018, "Demo Request", "2026-11-16 13:50:00", "2026-11-16 14:10:00", "005NOZ"),
  // never routed
  { id: "00QS19", contactId: 8019, form: "Demo Request", mqlAt: "2026-11-24 15:00:00" },
  // standard, routed before the day starts (07:00 EST) and after it ends (17:30 EST)
  routed("00QS20", 8020, "Webinar Registration: Forecasting", "2026-11-16 12:00:00", "2026-11-16 21:30:00"),
  routed("00QS21", 8021, "Webinar Registration: Forecasting", "2026-11-16 22:30:00", "2026-11-17 21:00:00"),
];

// Context: qualified Tuesday 2026-11-03, never routed; each misses one thing.
const contextMql = "2026-11-03 15:00:00";
const contextLeads: LeadSpec[] = [
  { id: "00QC00", contactId: 8100, form: "Ebook: RevOps", mqlAt: contextMql },
  // a membership only after the handoff does not count
  { id: "00QC01", contactId: 8101, form: "Ebook: RevOps", mqlAt: contextMql, campaign: false },
  // trigger_action: 00QC02's second handoff (see below) has no form of its own
  // content_consumed: a demo request is a trigger, not content
  { id: "00QC03", contactId: 8103, form: "Demo Request", mqlAt: contextMql, content: false },
  { id: "00QC04", contactId: 8104, form: "Ebook: RevOps", mqlAt: contextMql, lead: { company: null } },
  { id: "00QC05", contactId: 8105, form: "Ebook: RevOps", mqlAt: contextMql, lead: { title: null } },
  { id: "00QC06", contactId: 8106, form: "Ebook: RevOps", mqlAt: contextMql, lead: { number_of_employees: null } },
  { id: "00QC07", contactId: 8107, form: "Ebook: RevOps", mqlAt: contextMql, lead: { industry: null } },
  { id: "00QC08", contactId: 8108, form: "Ebook: RevOps", mqlAt: contextMql, lead: { country: "  " } },
  // two missing: 6 of 8
  { id: "00QC09", contactId: 8109, form: "Ebook: RevOps", mqlAt: contextMql, lead: { company: null, title: "" } },
  // Salesforce empty, HubSpot has it: Salesforce first, HubSpot where Salesforce is empty
  {
    id: "00QC10", contactId: 8110, form: "Ebook: RevOps", mqlAt: contextMql,
    lead: { company: " ", title: null, number_of_employees: null, industry: null, country: null },
    contact: { property_company: "Acme", property_jobtitle: "CFO", property_numemployees: "100-500", property_industry: "Software", property_country: "US" },
  },
];

const given = merge([
  ...slaLeads.map(handoffLead),
  ...contextLeads.map(handoffLead),
  {
    salesforce: {
      user: users,
      campaign: [campaign],
      lead: [{ id: "00QC02", email: "00qc02@acme-analytics.com", company: "Acme Analytics", title: "CFO", number_of_employees: 300, industry: "Software", country: "US", created_date: "2026-10-20 15:00:00", is_deleted: "false" }],
      campaign_member: [
        { id: "00v-00QC01", campaign_id: campaign.id, lead_id: "00QC01", status: "Attended", created_date: "2026-11-04 15:00:00", is_deleted: "false" },
        { id: "00v-00QC02", campaign_id: campaign.id, lead_id: "00QC02", status: "Attended", created_date: "2026-10-19 15:00:00", is_deleted: "false" },
      ],
    },
    hubspot: {
      contact: [{ id: 8102, property_email: "00qc02@acme-analytics.com", property_salesforceleadid: "00QC02", property_createdate: "2026-10-01 00:00:00" }],
      // qualified on an ebook 2026-10-20, back to SQL, qualified again 2026-11-03 on its score alone
      contact_property_history: [
        { contact_id: 8102, name: "lifecyclestage", value: "marketingqualifiedlead", timestamp: "2026-10-20 15:00:00" },
        { contact_id: 8102, name: "lifecyclestage", value: "salesqualifiedlead", timestamp: "2026-10-25 15:00:00" },
        { contact_id: 8102, name: "lifecyclestage", value: "marketingqualifiedlead", timestamp: contextMql },
      ],
      contact_form_submission: [{ contact_id: 8102, conversion_id: "c-00QC02", form_id: formId("Ebook: Content"), timestamp: "2026-10-20 14:59:00" }],
    },
  },
]);

let warehouse: TestWarehouse;

beforeAll(async () => {
  warehouse = await buildWarehouse(given, { asOf });
});
afterAll(() => warehouse?.close());

const sla = async (handoffId: string) => {
  const rows = await warehouse.rows(`select * from handoff.fct_handoff_sla where handoff_id = '${handoffId}'`);
  expect(rows, handoffId).toHaveLength(1);
  return rows[0]!;
};

describe("sales SLA: tiers", () => {
  it("demo / contact sales / pricing in any case are hand-raisers; a webinar, an ebook or no form is standard", async () => {
    expect(await warehouse.rows(`select distinct trigger_form_name, sla_tier from handoff.fct_handoff_sla order by trigger_form_name nulls last`)).toEqual([
      { trigger_form_name: "Demo Request", sla_tier: "hand_raiser" },
      { trigger_form_name: "Ebook: Content", sla_tier: "standard" },
      { trigger_form_name: "Ebook: RevOps", sla_tier: "standard" },
      { trigger_form_name: "Ebook: The State of RevOps", sla_tier: "standard" },
      { trigger_form_name: "PRICING Inquiry", sla_tier: "hand_raiser" },
      { trigger_form_name: "Request a DEMO", sla_tier: "hand_raiser" },
      { trigger_form_name: "Webinar Registration: Forecasting", sla_tier: "standard" },
      { trigger_form_name: "contact-sales form", sla_tier: "hand_raiser" },
      { trigger_form_name: null, sla_tier: "standard" },
    ]);
  });

  it("each tier's terms come from the policy", async () => {
    expect(await warehouse.rows(`select distinct sla_tier, sla_kind, sla_working_minutes from handoff.fct_handoff_sla where sla_started_at is not null order by sla_tier`)).toEqual([
      { sla_tier: "hand_raiser", sla_kind: "working_minutes", sla_working_minutes: 15 },
      { sla_tier: "standard", sla_kind: "end_of_working_day", sla_working_minutes: null },
    ]);
  });
});

describe("sales SLA: due times and status", () => {
  // handoff -> expected (timestamps UTC)
  const cases: Record<string, [string, Record<string, unknown>]> = {
    "00QS01-1": ["hand-raiser touched 14:59 after routing: met", { sla_tier: "hand_raiser", sla_due_at: "2026-11-16 15:15:00", sla_status: "met", is_sales_sla_met: true, working_seconds_to_first_touch: 899, seconds_to_first_touch: 899, seconds_past_due: null }],
    "00QS02-1": ["hand-raiser touched 15:01 after routing: breached by a second", { sla_due_at: "2026-11-16 15:15:00", sla_status: "breached", is_sales_sla_met: false, working_seconds_to_first_touch: 901, seconds_past_due: 1 }],
    "00QS06-1": ["standard routed Monday 10:00, touched 16:59: met", { sla_tier: "standard", sla_due_at: "2026-11-16 22:00:00", sla_status: "met" }],
    "00QS07-1": ["standard routed Monday 10:00, touched 17:01: breached", { sla_due_at: "2026-11-16 22:00:00", sla_status: "breached", seconds_past_due: 60 }],
    "00QS08-1": ["hand-raiser routed Friday 16:55: due Monday 09:10, touched 09:09: met", { sla_due_at: "2026-11-16 14:10:00", sla_status: "met", working_seconds_to_first_touch: 840 }],
    "00QS09-1": ["standard routed Friday 16:55: due Friday 17:00, touched Monday: breached", { sla_due_at: "2026-11-13 22:00:00", sla_status: "breached", seconds_past_due: 230940, working_seconds_to_first_touch: 840 }],
    "00QS10-1": ["hand-raiser routed Saturday: due Monday 09:15, never touched: overdue", { sla_due_at: "2026-11-16 14:15:00", sla_status: "overdue", is_sales_sla_met: false, first_touch_at: null }],
    "00QS11-1": ["standard routed Saturday: due Monday 17:00", { sla_due_at: "2026-11-16 22:00:00", sla_status: "met" }],
    "00QS12-1": ["hand-raiser routed on Thanksgiving: due Friday 09:15", { sla_due_at: "2026-11-27 14:15:00", sla_status: "overdue" }],
    "00QS13-1": ["standard routed on Thanksgiving: due Friday 17:00", { sla_due_at: "2026-11-27 22:00:00", sla_status: "met" }],
    "00QS14-1": ["due 10:05, as of 10:00, not touched: open", { sla_due_at: "2026-11-30 15:05:00", sla_status: "open", is_sales_sla_met: null, seconds_past_due: null, working_seconds_open: null }],
    "00QS15-1": ["due 09:55, as of 10:00, not touched: overdue by 5 minutes, open 20 working minutes", { sla_due_at: "2026-11-30 14:55:00", sla_status: "overdue", seconds_past_due: 300, working_seconds_open: 1200 }],
    "00QS16-1": ["due exactly at the as-of time: still open (a touch now would be on time)", { sla_due_at: "2026-11-30 15:00:00", sla_status: "open", is_sales_sla_met: null }],
    "00QS17-1": ["touched after the as-of time: overdue as of now", { sla_due_at: "2026-11-30 14:55:00", sla_status: "overdue", first_touch_at: null, seconds_past_due: 300 }],
    "00QS18-1": ["owner without a time zone: New York clock, routed 08:50 EST, due 09:15 EST", { owner_id: "005NOZ", sla_due_at: "2026-11-16 14:15:00", sla_status: "met", working_seconds_to_first_touch: 600 }],
    "00QS19-1": ["never routed: not_routed, no due time", { owner_id: null, sla_tier: "hand_raiser", sla_started_at: null, sla_due_at: null, sla_status: "not_routed", is_sales_sla_met: null, is_touched: false }],
    "00QS20-1": ["standard routed 07:00, before the day: due 17:00 that day", { sla_due_at: "2026-11-16 22:00:00", sla_status: "met" }],
    "00QS21-1": ["standard routed 17:30, after the day: due 17:00 the next day", { sla_due_at: "2026-11-17 22:00:00", sla_status: "met" }],
  };
  for (const [handoffId, [name, expected]] of Object.entries(cases)) {
    it(`${handoffId}: ${name}`, async () => {
      expect(await sla(handoffId)).toMatchObject(expected);
    });
  }

  it("the fallback clock is flagged on the owner's schedule", async () => {
    expect(await warehouse.rows(`select distinct owner_id, time_zone, is_fallback_time_zone from handoff.int_owner_schedules where owner_id in ('005NY', '005NOZ') order by owner_id`)).toEqual([
      { owner_id: "005NOZ", time_zone: "America/New_York", is_fallback_time_zone: true },
      { owner_id: "005NY", time_zone: "America/New_York", is_fallback_time_zone: false },
    ]);
  });
});

describe("marketing SLA: context at the handoff", () => {
  // handoff -> [checks passed, missing_context]
  const cases: Record<string, [number, string | null]> = {
    "00QC00-1": [8, null],
    "00QC01-1": [7, "source_campaign"],
    "00QC02-2": [7, "trigger_action"],
    "00QC03-1": [7, "content_consumed"],
    "00QC04-1": [7, "company"],
    "00QC05-1": [7, "title"],
    "00QC06-1": [7, "employee_count"],
    "00QC07-1": [7, "industry"],
    "00QC08-1": [7, "country"],
    "00QC09-1": [6, "company title"],
    "00QC10-1": [8, null],
  };
  for (const [handoffId, [passed, missing]] of Object.entries(cases)) {
    it(`${handoffId}: ${passed}/8${missing ? `, missing ${missing}` : ""}`, async () => {
      expect(await sla(handoffId)).toMatchObject({
        context_checks_passed: passed,
        context_score: passed / 8,
        // threshold 0.8: 7/8 = 0.875 meets it, 6/8 = 0.75 does not
        is_context_sla_met: passed / 8 >= 0.8,
        missing_context: missing,
        sla_status: "not_routed",
      });
    });
  }

  it("names the source campaign and the content consumed", async () => {
    expect(await sla("00QC00-1")).toMatchObject({ source_campaign_id: "701W", source_campaign_name: "Webinar: Pipeline", content_consumed: "Ebook: Content, Ebook: RevOps" });
    // the hand-raiser form itself is not content
    expect(await sla("00QC03-1")).toMatchObject({ content_consumed: null, trigger_form_name: "Demo Request" });
    // the first handoff's ebook was consumed before the second handoff too
    expect(await sla("00QC02-2")).toMatchObject({ content_consumed: "Ebook: Content", source_campaign_id: "701W" });
  });
});

describe("rpt_sla_open_breaches", () => {
  it("lists the overdue handoffs, oldest due time first", async () => {
    expect(await warehouse.rows(`select breach_rank, handoff_id, sla_tier, owner_id, sla_due_at, seconds_past_due from handoff.rpt_sla_open_breaches order by breach_rank`)).toEqual([
      { breach_rank: 1, handoff_id: "00QS10-1", sla_tier: "hand_raiser", owner_id: "005NY", sla_due_at: "2026-11-16 14:15:00", seconds_past_due: 1212300 },
      { breach_rank: 2, handoff_id: "00QS12-1", sla_tier: "hand_raiser", owner_id: "005NY", sla_due_at: "2026-11-27 14:15:00", seconds_past_due: 261900 },
      { breach_rank: 3, handoff_id: "00QS15-1", sla_tier: "hand_raiser", owner_id: "005NY", sla_due_at: "2026-11-30 14:55:00", seconds_past_due: 300 },
      { breach_rank: 4, handoff_id: "00QS17-1", sla_tier: "hand_raiser", owner_id: "005NY", sla_due_at: "2026-11-30 14:55:00", seconds_past_due: 300 },
    ]);
  });
});

describe("rpt_sla_weekly", () => {
  const week = (weekStart: string, tier = "all") =>
    warehouse.rows(
      `select handoffs, met, breached, open, overdue, not_routed, sales_attainment, context_met, context_attainment
       from handoff.rpt_sla_weekly
       where week_start_date = date '${weekStart}' and team_id = 'all' and owner_id = 'all' and sla_tier = '${tier}' and source_channel = 'all'`,
    );

  it("week of 2026-11-16: 10 handoffs, 8 met, 2 breached: attainment 0.8; by tier 5/6 and 3/4", async () => {
    expect(await week("2026-11-16")).toEqual([{ handoffs: 10, met: 8, breached: 2, open: 0, overdue: 0, not_routed: 0, sales_attainment: 0.8, context_met: 10, context_attainment: 1 }]);
    expect((await week("2026-11-16", "hand_raiser"))[0]).toMatchObject({ handoffs: 6, met: 5, breached: 1, sales_attainment: 5 / 6 });
    expect((await week("2026-11-16", "standard"))[0]).toMatchObject({ handoffs: 4, met: 3, breached: 1, sales_attainment: 0.75 });
  });

  it("working minutes to first touch: p50 and p90 of the touched hand-raisers (10, 10, 10, 10, 14:59, 15:01)", async () => {
    expect(
      await warehouse.rows(
        `select p50_working_minutes_to_touch, p90_working_minutes_to_touch from handoff.rpt_sla_weekly
         where week_start_date = date '2026-11-16' and team_id = 'all' and owner_id = 'all' and sla_tier = 'hand_raiser' and source_channel = 'all'`,
      ),
    ).toEqual([{ p50_working_minutes_to_touch: 10, p90_working_minutes_to_touch: 15 }]);
  });

  it("week of 2026-11-09 (Friday and Saturday routing): 1 met, 1 breached, 1 overdue, 1 met", async () => {
    expect(await week("2026-11-09")).toEqual([{ handoffs: 4, met: 2, breached: 1, open: 0, overdue: 1, not_routed: 0, sales_attainment: 0.5, context_met: 4, context_attainment: 1 }]);
  });

  it("week of 2026-11-23: open and not-routed handoffs count as handoffs, not against attainment", async () => {
    expect(await week("2026-11-23")).toEqual([{ handoffs: 3, met: 1, breached: 0, open: 0, overdue: 1, not_routed: 1, sales_attainment: 0.5, context_met: 3, context_attainment: 1 }]);
    expect(await week("2026-11-30")).toEqual([{ handoffs: 4, met: 0, breached: 0, open: 2, overdue: 2, not_routed: 0, sales_attainment: 0, context_met: 4, context_attainment: 1 }]);
  });

  it("week of 2026-11-02: the context week, 10 of 11 handoffs met the context SLA, no sales attainment", async () => {
    expect(await week("2026-11-02")).toEqual([{ handoffs: 11, met: 0, breached: 0, open: 0, overdue: 0, not_routed: 11, sales_attainment: null, context_met: 10, context_attainment: 10 / 11 }]);
  });

  it("an owner's row", async () => {
    expect(
      await warehouse.rows(
        `select team_id, handoffs, met, sales_attainment from handoff.rpt_sla_weekly
         where week_start_date = date '2026-11-16' and team_id <> 'all' and owner_id = '005NOZ' and sla_tier = 'all' and source_channel = 'all'`,
      ),
    ).toEqual([{ team_id: "00E_smb", handoffs: 1, met: 1, sales_attainment: 1 }]);
  });
});
