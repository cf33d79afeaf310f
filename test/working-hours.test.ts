import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWarehouse, GivenRows, TestWarehouse } from "./helpers/warehouse";

// The working-hours clock (int_owner_schedules, int_owner_working_days,
// fct_handoff_steps) seen through fct_handoffs: each lead below is
// qualified, synced and routed at one moment (`from`) and touched at another
// (`to`), so its route-to-first-touch seam and its whole path are exactly the
// interval from -> to, on its owner's clock. Policy: Mon-Fri 09:00-17:00 local,
// team 00E_enterprise 08:00-18:00, Thanksgiving 2026-11-26, fallback zone
// America/New_York. Expected values were worked out by hand (and checked with
// Python's zoneinfo), never by the SQL under test.

const users = [
  { id: "005NY", name: "New York Rep", time_zone_sid_key: "America/New_York", user_role_id: "00E_smb", is_active: "true" },
  { id: "005LDN", name: "London Rep", time_zone_sid_key: "Europe/London", user_role_id: "00E_smb", is_active: "true" },
  { id: "005TYO", name: "Tokyo Rep", time_zone_sid_key: "Asia/Tokyo", user_role_id: "00E_smb", is_active: "true" },
  // Salesforce (and the tz database) name India's zone Asia/Kolkata; ICU, and
  // so Intl, lists it under its old name Asia/Calcutta
  { id: "005IST", name: "Bangalore Rep", time_zone_sid_key: "Asia/Kolkata", user_role_id: "00E_smb", is_active: "true" },
  { id: "005NOZ", name: "No Zone Rep", time_zone_sid_key: null, user_role_id: "00E_smb", is_active: "true" },
  { id: "005BAD", name: "Typo Zone Rep", time_zone_sid_key: "Mars/Olympus", user_role_id: "00E_smb", is_active: "true" },
  { id: "005ENT", name: "Enterprise Rep", time_zone_sid_key: "America/New_York", user_role_id: "00E_enterprise", is_active: "true" },
];

interface Interval {
  lead: string;
  owner: string | null;
  from: string;
  to: string;
}

/** Raw rows for one lead whose whole path runs from `from` to `to`. */
function intervalLead({ lead, owner, from, to }: Interval, contactId: number): GivenRows {
  return {
    salesforce: {
      lead: [{ id: lead, email: `${lead.toLowerCase()}@example.com`, created_date: from, is_deleted: "false" }],
      task: [{ id: `00T-${lead}`, who_id: lead, owner_id: owner, type: "Call", status: "Completed", created_date: to, completed_date_time: to, is_deleted: "false" }],
    },
    hubspot: {
      contact: [{ id: contactId, property_email: `${lead.toLowerCase()}@example.com`, property_salesforceleadid: lead, property_createdate: from }],
      contact_property_history: [{ contact_id: contactId, name: "lifecyclestage", value: "marketingqualifiedlead", timestamp: from }],
      contact_form_submission: [{ contact_id: contactId, conversion_id: `c-${lead}`, form_id: "f-demo", timestamp: from }],
    },
    routing: {
      routing_log: owner ? [{ id: `r-${lead}`, lead_id: lead, event: "assigned", owner_id: owner, channel: "round_robin", occurred_at: from }] : [],
    },
  };
}

function merge(parts: GivenRows[], extra: GivenRows = {}): GivenRows {
  const merged: GivenRows = {};
  for (const part of [...parts, extra]) {
    for (const [system, tables] of Object.entries(part)) {
      const target = ((merged as Record<string, Record<string, unknown[]>>)[system] ??= {});
      for (const [table, rows] of Object.entries(tables ?? {})) (target[table] ??= []).push(...rows);
    }
  }
  return merged;
}

// lead -> [interval, expected working seconds, expected wall seconds]
const cases: Record<string, [Interval, number, number]> = {
  // Fri 18:30 EST -> Mon 09:45 EST: only Monday's first 45 minutes count.
  friday_evening_to_monday: [{ lead: "00QW01", owner: "005NY", from: "2026-11-13 23:30:00", to: "2026-11-16 14:45:00" }, 2700, 227700],
  // Fri 16:00 EST -> Mon 10:00 EDT (New York springs forward Sun 2026-03-08):
  // 1 h Friday + 1 h Monday. A fixed UTC-5 clock would give 1 h.
  new_york_spring_forward: [{ lead: "00QW02", owner: "005NY", from: "2026-03-06 21:00:00", to: "2026-03-09 14:00:00" }, 7200, 234000],
  // Mon 09:00 EST -> next Mon 09:00 EDT: five full days, in a 167-hour week.
  new_york_dst_week: [{ lead: "00QW03", owner: "005NY", from: "2026-03-02 14:00:00", to: "2026-03-09 13:00:00" }, 144000, 601200],
  // Fri 16:00 GMT -> Mon 10:00 BST (London springs forward Sun 2026-03-29).
  london_spring_forward: [{ lead: "00QW04", owner: "005LDN", from: "2026-03-27 16:00:00", to: "2026-03-30 09:00:00" }, 7200, 234000],
  // Fri 16:00 EDT -> Mon 10:00 EST (New York falls back Sun 2026-11-01).
  new_york_fall_back: [{ lead: "00QW05", owner: "005NY", from: "2026-10-30 20:00:00", to: "2026-11-02 15:00:00" }, 7200, 241200],
  // Fri 08:00 JST -> Mon 10:00 JST: all of Friday (8 h) + 1 h Monday; in UTC
  // the interval runs Thursday 23:00 -> Monday 01:00.
  tokyo_owner: [{ lead: "00QW06", owner: "005TYO", from: "2026-11-19 23:00:00", to: "2026-11-23 01:00:00" }, 32400, 266400],
  // Wed 16:00 EST -> Fri 10:00 EST over Thanksgiving (Thu 2026-11-26): 1 h + 0 + 1 h.
  thanksgiving: [{ lead: "00QW07", owner: "005NY", from: "2026-11-25 21:00:00", to: "2026-11-27 15:00:00" }, 7200, 151200],
  // Saturday 10:00 EST -> Sunday 13:00 EST: no working time at all.
  saturday_to_sunday: [{ lead: "00QW08", owner: "005NY", from: "2026-11-14 15:00:00", to: "2026-11-15 18:00:00" }, 0, 97200],
  // Thu 06:00 EST -> Thu 20:00 EST: starts before and ends after the day: 8 h.
  around_a_working_day: [{ lead: "00QW09", owner: "005NY", from: "2026-11-19 11:00:00", to: "2026-11-20 01:00:00" }, 28800, 50400],
  // Mon 08:00 -> 10:00 New York time (13:00 -> 15:00 UTC); on a UTC clock it would be 2 h.
  // Mon 09:00 -> 11:00 IST (UTC+05:30): 2 h; on the fallback New York clock it would be 0.
  kolkata_owner: [{ lead: "00QW14", owner: "005IST", from: "2026-11-16 03:30:00", to: "2026-11-16 05:30:00" }, 7200, 7200],
  no_time_zone_falls_back: [{ lead: "00QW10", owner: "005NOZ", from: "2026-11-16 13:00:00", to: "2026-11-16 15:00:00" }, 3600, 7200],
  unknown_time_zone_falls_back: [{ lead: "00QW11", owner: "005BAD", from: "2026-11-16 13:00:00", to: "2026-11-16 15:00:00" }, 3600, 7200],
  // Mon 07:30 -> 18:30 EST for the enterprise team (08:00-18:00): 10 h, not 8 h.
  enterprise_team_hours: [{ lead: "00QW12", owner: "005ENT", from: "2026-11-16 12:30:00", to: "2026-11-16 23:30:00" }, 36000, 39600],
};

let warehouse: TestWarehouse;

beforeAll(async () => {
  const leads = Object.values(cases).map(([interval], index) => intervalLead(interval, 7001 + index));
  warehouse = await buildWarehouse(
    merge(leads, {
      salesforce: {
        user: users,
        lead: [
          // Never routed: qualified Fri 16:00 EST, its lead created Mon 10:00 EST.
          { id: "00QW13", email: "00qw13@example.com", created_date: "2026-11-16 15:00:00", is_deleted: "false" },
          // Every seam on a different stretch of one owner's clock (below).
          { id: "00QW15", email: "00qw15@example.com", created_date: "2026-11-21 15:00:00", is_deleted: "false" },
        ],
        task: [{ id: "00T-00QW15", who_id: "00QW15", owner_id: "005NY", type: "Email", status: "Completed", created_date: "2026-11-23 15:00:00", completed_date_time: "2026-11-23 15:00:00" }],
      },
      hubspot: {
        contact: [
          { id: 7100, property_email: "00qw13@example.com", property_salesforceleadid: "00QW13", property_createdate: "2026-11-13 20:00:00" },
          { id: 7101, property_email: "00qw15@example.com", property_salesforceleadid: "00QW15", property_createdate: "2026-11-20 21:00:00" },
        ],
        contact_property_history: [
          { contact_id: 7100, name: "lifecyclestage", value: "marketingqualifiedlead", timestamp: "2026-11-13 21:00:00" },
          { contact_id: 7101, name: "lifecyclestage", value: "marketingqualifiedlead", timestamp: "2026-11-20 23:00:00" },
        ],
        contact_form_submission: [{ contact_id: 7101, conversion_id: "c-00QW15", form_id: "f-demo", timestamp: "2026-11-20 21:30:00" }],
      },
      routing: {
        routing_log: [
          { id: "ra-00QW15", lead_id: "00QW15", event: "assigned", owner_id: "005NY", channel: "round_robin", occurred_at: "2026-11-23 14:30:00" },
          { id: "rn-00QW15", lead_id: "00QW15", event: "notified", owner_id: "005NY", channel: "email", occurred_at: "2026-11-23 14:31:00" },
        ],
      },
    }),
    { asOf: "2026-12-01T00:00:00Z", actions: ["fct_handoffs", "fct_handoff_steps", "fct_identity_gaps"] },
  );
});
afterAll(() => warehouse?.close());

describe("working-hours clock, seam by seam", () => {
  for (const [name, [interval, workingSeconds, wallSeconds]] of Object.entries(cases)) {
    it(`${name}: ${interval.from} -> ${interval.to} for ${interval.owner} is ${workingSeconds} working seconds`, async () => {
      const [handoff] = await warehouse.rows(`select * from handoff.fct_handoffs where lead_id = '${interval.lead}'`);
      expect(handoff).toMatchObject({
        handoff_id: `${interval.lead}-1`,
        owner_id: interval.owner,
        routed_at: interval.from,
        first_touch_at: interval.to,
        // steps that share a moment take no time on either clock
        submit_to_mql_seconds: 0,
        submit_to_mql_working_seconds: 0,
        mql_to_sync_working_seconds: 0,
        sync_to_route_working_seconds: 0,
        // no notification: the touch seam runs from routing
        notify_to_first_touch_seconds: wallSeconds,
        notify_to_first_touch_working_seconds: workingSeconds,
        submit_to_first_touch_seconds: wallSeconds,
        submit_to_first_touch_working_seconds: workingSeconds,
      });
    });
  }

  it("one handoff, every seam on its own stretch of the owner's clock; the seams add up to the whole path", async () => {
    // form Fri 16:30 EST, MQL Fri 18:00, sync Sat 10:00, routed Mon 09:30, notified 09:31, touched 10:00
    const [handoff] = await warehouse.rows(`select * from handoff.fct_handoffs where lead_id = '00QW15'`);
    expect(handoff).toMatchObject({
      submit_to_mql_seconds: 5400, submit_to_mql_working_seconds: 1800,
      mql_to_sync_seconds: 57600, mql_to_sync_working_seconds: 0,
      sync_to_route_seconds: 171000, sync_to_route_working_seconds: 1800,
      route_to_notify_seconds: 60, route_to_notify_working_seconds: 60,
      notify_to_first_touch_seconds: 1740, notify_to_first_touch_working_seconds: 1740,
      submit_to_first_touch_seconds: 235800, submit_to_first_touch_working_seconds: 5400,
    });
    const steps = await warehouse.rows(
      `select step, seconds_since_previous_step, working_seconds_since_previous_step, is_during_working_hours
       from handoff.fct_handoff_steps where lead_id = '00QW15' order by step_order`,
    );
    expect(steps).toEqual([
      { step: "form_submitted", seconds_since_previous_step: null, working_seconds_since_previous_step: null, is_during_working_hours: true },
      { step: "mql", seconds_since_previous_step: 5400, working_seconds_since_previous_step: 1800, is_during_working_hours: false },
      { step: "synced", seconds_since_previous_step: 57600, working_seconds_since_previous_step: 0, is_during_working_hours: false },
      { step: "routed", seconds_since_previous_step: 171000, working_seconds_since_previous_step: 1800, is_during_working_hours: true },
      { step: "notified", seconds_since_previous_step: 60, working_seconds_since_previous_step: 60, is_during_working_hours: true },
      { step: "first_touch", seconds_since_previous_step: 1740, working_seconds_since_previous_step: 1740, is_during_working_hours: true },
    ]);
  });

  it("an unrouted handoff runs on the fallback clock: MQL Fri 16:00 EST -> sync Mon 10:00 EST is 2 working hours", async () => {
    const [handoff] = await warehouse.rows(`select * from handoff.fct_handoffs where lead_id = '00QW13'`);
    expect(handoff).toMatchObject({ owner_id: null, is_routed: false, mql_to_sync_seconds: 237600, mql_to_sync_working_seconds: 7200 });
    const steps = await warehouse.rows(`select step, clock_owner_id, time_zone from handoff.fct_handoff_steps where handoff_id = '00QW13-1' order by step_order`);
    expect(steps).toEqual([
      { step: "mql", clock_owner_id: "(unassigned)", time_zone: "America/New_York" },
      { step: "synced", clock_owner_id: "(unassigned)", time_zone: "America/New_York" },
    ]);
  });
});

describe("working-hours clock, the calendar", () => {
  it("schedules: team override, fallback zones flagged", async () => {
    const rows = await warehouse.rows(
      `select owner_id, time_zone, schedule_scope, count(*) as days, min(start_minute) as start_minute, max(end_minute) as end_minute, bool_and(is_fallback_time_zone) as is_fallback_time_zone
       from handoff.int_owner_schedules group by all order by owner_id`,
    );
    expect(rows).toEqual([
      { owner_id: "(unassigned)", time_zone: "America/New_York", schedule_scope: "default", days: 5, start_minute: 540, end_minute: 1020, is_fallback_time_zone: true },
      { owner_id: "005BAD", time_zone: "America/New_York", schedule_scope: "default", days: 5, start_minute: 540, end_minute: 1020, is_fallback_time_zone: true },
      { owner_id: "005ENT", time_zone: "America/New_York", schedule_scope: "team", days: 5, start_minute: 480, end_minute: 1080, is_fallback_time_zone: false },
      { owner_id: "005IST", time_zone: "Asia/Kolkata", schedule_scope: "default", days: 5, start_minute: 540, end_minute: 1020, is_fallback_time_zone: false },
      { owner_id: "005LDN", time_zone: "Europe/London", schedule_scope: "default", days: 5, start_minute: 540, end_minute: 1020, is_fallback_time_zone: false },
      { owner_id: "005NOZ", time_zone: "America/New_York", schedule_scope: "default", days: 5, start_minute: 540, end_minute: 1020, is_fallback_time_zone: true },
      { owner_id: "005NY", time_zone: "America/New_York", schedule_scope: "default", days: 5, start_minute: 540, end_minute: 1020, is_fallback_time_zone: false },
      { owner_id: "005TYO", time_zone: "Asia/Tokyo", schedule_scope: "default", days: 5, start_minute: 540, end_minute: 1020, is_fallback_time_zone: false },
    ]);
  });

  it("working days: local 09:00 moves in UTC across DST; holidays and weekends have no interval", async () => {
    const rows = await warehouse.rows(
      `select owner_id, cast(calendar_date as varchar) as calendar_date, is_working_day, holiday_name, work_started_at, work_ended_at, working_seconds
       from handoff.int_owner_working_days
       where (owner_id = '005NY' and calendar_date in ('2026-03-06', '2026-03-08', '2026-03-09', '2026-10-30', '2026-11-02', '2026-11-26'))
          or (owner_id = '005LDN' and calendar_date in ('2026-03-27', '2026-03-30'))
          or (owner_id = '005TYO' and calendar_date = '2026-11-20')
       order by owner_id, calendar_date`,
    );
    expect(rows).toEqual([
      { owner_id: "005LDN", calendar_date: "2026-03-27", is_working_day: true, holiday_name: null, work_started_at: "2026-03-27 09:00:00", work_ended_at: "2026-03-27 17:00:00", working_seconds: 28800 },
      { owner_id: "005LDN", calendar_date: "2026-03-30", is_working_day: true, holiday_name: null, work_started_at: "2026-03-30 08:00:00", work_ended_at: "2026-03-30 16:00:00", working_seconds: 28800 },
      { owner_id: "005NY", calendar_date: "2026-03-06", is_working_day: true, holiday_name: null, work_started_at: "2026-03-06 14:00:00", work_ended_at: "2026-03-06 22:00:00", working_seconds: 28800 },
      { owner_id: "005NY", calendar_date: "2026-03-08", is_working_day: false, holiday_name: null, work_started_at: null, work_ended_at: null, working_seconds: 0 },
      { owner_id: "005NY", calendar_date: "2026-03-09", is_working_day: true, holiday_name: null, work_started_at: "2026-03-09 13:00:00", work_ended_at: "2026-03-09 21:00:00", working_seconds: 28800 },
      { owner_id: "005NY", calendar_date: "2026-10-30", is_working_day: true, holiday_name: null, work_started_at: "2026-10-30 13:00:00", work_ended_at: "2026-10-30 21:00:00", working_seconds: 28800 },
      { owner_id: "005NY", calendar_date: "2026-11-02", is_working_day: true, holiday_name: null, work_started_at: "2026-11-02 14:00:00", work_ended_at: "2026-11-02 22:00:00", working_seconds: 28800 },
      { owner_id: "005NY", calendar_date: "2026-11-26", is_working_day: false, holiday_name: "Thanksgiving", work_started_at: null, work_ended_at: null, working_seconds: 0 },
      { owner_id: "005TYO", calendar_date: "2026-11-20", is_working_day: true, holiday_name: null, work_started_at: "2026-11-20 00:00:00", work_ended_at: "2026-11-20 08:00:00", working_seconds: 28800 },
    ]);
  });

  it("the UTC-date index finds a moment's local day across DST and far-off zones", async () => {
    // London springs forward at 01:00 UTC on 2026-03-29 (that UTC date holds
    // two local midnights) and falls back at 01:00 UTC on 2026-10-25 (that
    // UTC date holds none); Tokyo's day starts at 15:00 UTC the day before.
    const moments: [string, string][] = [
      ["005LDN", "2026-03-29 00:30:00"],
      ["005LDN", "2026-03-29 22:59:59"],
      ["005LDN", "2026-03-29 23:00:00"],
      ["005LDN", "2026-10-24 23:30:00"],
      ["005LDN", "2026-10-25 00:30:00"],
      ["005LDN", "2026-10-26 00:00:00"],
      ["005TYO", "2026-11-19 14:59:59"],
      ["005TYO", "2026-11-19 15:00:00"],
      ["005IST", "2026-11-19 18:29:59"],
      ["005IST", "2026-11-19 18:30:00"],
    ];
    const rows = await warehouse.rows(
      `with moments as (select * from (values ${moments.map(([owner, at]) => `('${owner}', timestamp '${at}')`).join(", ")}) as given(owner_id, moment_at))
       select moments.owner_id, cast(moments.moment_at as varchar) as moment_at, cast(days.calendar_date as varchar) as local_date, count(*) over (partition by moments.owner_id, moments.moment_at) as matches
       from moments
       left join handoff.int_owner_working_days_by_utc_date as days
         on days.owner_id = moments.owner_id and days.utc_date = cast(moments.moment_at as date)
         and moments.moment_at >= days.day_started_at and moments.moment_at < days.day_ended_at
       order by moments.owner_id, moments.moment_at`,
    );
    // expected local dates from Python's zoneinfo
    expect(rows).toEqual([
      { owner_id: "005IST", moment_at: "2026-11-19 18:29:59", local_date: "2026-11-19", matches: 1 },
      { owner_id: "005IST", moment_at: "2026-11-19 18:30:00", local_date: "2026-11-20", matches: 1 },
      { owner_id: "005LDN", moment_at: "2026-03-29 00:30:00", local_date: "2026-03-29", matches: 1 },
      { owner_id: "005LDN", moment_at: "2026-03-29 22:59:59", local_date: "2026-03-29", matches: 1 },
      { owner_id: "005LDN", moment_at: "2026-03-29 23:00:00", local_date: "2026-03-30", matches: 1 },
      { owner_id: "005LDN", moment_at: "2026-10-24 23:30:00", local_date: "2026-10-25", matches: 1 },
      { owner_id: "005LDN", moment_at: "2026-10-25 00:30:00", local_date: "2026-10-25", matches: 1 },
      { owner_id: "005LDN", moment_at: "2026-10-26 00:00:00", local_date: "2026-10-26", matches: 1 },
      { owner_id: "005TYO", moment_at: "2026-11-19 14:59:59", local_date: "2026-11-19", matches: 1 },
      { owner_id: "005TYO", moment_at: "2026-11-19 15:00:00", local_date: "2026-11-20", matches: 1 },
    ]);
  });

  it("steps inside and outside working hours are flagged on the owner's clock", async () => {
    const rows = await warehouse.rows(
      `select handoff_id, step, is_during_working_hours from handoff.fct_handoff_steps
       where handoff_id in ('00QW01-1', '00QW06-1', '00QW12-1') and step in ('mql', 'first_touch') order by handoff_id, step_order`,
    );
    expect(rows).toEqual([
      { handoff_id: "00QW01-1", step: "mql", is_during_working_hours: false },
      { handoff_id: "00QW01-1", step: "first_touch", is_during_working_hours: true },
      { handoff_id: "00QW06-1", step: "mql", is_during_working_hours: false },
      { handoff_id: "00QW06-1", step: "first_touch", is_during_working_hours: true },
      // 07:30 and 18:30 are outside even the enterprise team's 08:00-18:00
      { handoff_id: "00QW12-1", step: "mql", is_during_working_hours: false },
      { handoff_id: "00QW12-1", step: "first_touch", is_during_working_hours: false },
    ]);
  });
});
