// @ts-check
// The handoff policy: what marketing and sales agreed, as data a reviewer can
// read in a pull request. Working hours, SLA tiers, the context commitment,
// disposition mapping and the sales-ready definition versions all live here.
// `scripts/lib/policy-schema.ts` validates this file (npm run check:policy);
// the runner refuses to start while it has an error.

const policy = {
  workingHours: {
    // Owners whose Salesforce user has no (or an unknown) time zone work on
    // this one; so do handoffs that never reached an owner.
    fallbackTimeZone: "America/New_York",
    // ISO weekdays (1 = Monday ... 7 = Sunday) and local times, HH:MM, 24-hour.
    default: { days: [1, 2, 3, 4, 5], start: "09:00", end: "17:00" },
    // By team (the Salesforce role id) or by owner (user id); an owner's own
    // entry wins over the team's.
    teams: {
      "00E_enterprise": { days: [1, 2, 3, 4, 5], start: "08:00", end: "18:00" },
    },
    owners: {},
    // Company holidays: nobody's working clock runs on these local dates.
    holidays: [
      { date: "2025-12-25", name: "Christmas Day" },
      { date: "2026-01-01", name: "New Year's Day" },
      { date: "2026-05-25", name: "Memorial Day" },
      { date: "2026-07-03", name: "Independence Day (observed)" },
      { date: "2026-09-07", name: "Labor Day" },
      { date: "2026-11-26", name: "Thanksgiving" },
      { date: "2026-12-25", name: "Christmas Day" },
      { date: "2027-01-01", name: "New Year's Day" },
    ],
  },

  // Lead tiers decide the sales SLA. The first tier whose rule matches the
  // handoff's trigger form wins; the last tier is the catch-all.
  tiers: [
    {
      tier: "hand_raiser",
      description: "Asked to talk to sales: a demo request, contact-sales or pricing form.",
      // Case-insensitive; matched against the trigger form's name.
      formNamePattern: "demo|contact sales|contact-sales|pricing",
      sla: { kind: "working_minutes", minutes: 15 },
    },
    {
      tier: "standard",
      description: "Everything else: content, events, score-based qualification.",
      formNamePattern: null,
      // By the end of the owner's working day on which the lead was routed;
      // routed outside working hours: by the end of the next working day.
      sla: { kind: "end_of_working_day" },
    },
  ],

  // Marketing's side: the context a lead must arrive with.
  context: {
    threshold: 0.8,
  },

  dispositions: {
    // How long after the handoff, in the owner's working days, a handoff may
    // stay without a disposition before it is flagged missing.
    missingAfterWorkingDays: 10,
  },

  outcomes: {
    // A handoff "became pipeline" when an opportunity was created from it
    // within this many days of the handoff.
    pipelineWindowDays: 90,
  },
};

module.exports = policy;
