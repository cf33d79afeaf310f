// @ts-check
// The handoff policy: what marketing and sales agreed, as data a reviewer can
// read in a pull request. Working hours, SLA tiers, the context commitment,
// disposition mapping and the sales-ready definition versions all live here.
// `scripts/lib/policy-schema.ts` validates this file (npm run check:policy);
// the runner refuses to start while it has an error.

// Lists several definition versions share. A version that changes one of
// them gets its own list, so the diff shows the change.
const targetAccountDomains = [
  "brightlane.io", "northwindfinancial.com", "helixhealth.com", "veridiancloud.com", "quantapay.co.uk",
  "kestrelmfg.com", "orbitalretail.com", "lumafin.de", "tessellate.ai", "cobaltlogistics.com",
  "harborbank.co.uk", "sakuradigital.co.jp", "meridianinsure.com", "pinnaclemed.com", "southerncrossenergy.com.au",
  "datacrest.io", "atlasrobotics.de", "evergreenmarkets.com", "stratuscommerce.com", "novaterra.fr",
];
const freeMailDomains = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com"];
const universityDomainSuffixes = [".edu", ".ac.uk", ".edu.au"];
// Forms that ask to talk to sales (case-insensitive, matched in form names).
const handRaiserFormPattern = "demo|contact sales|contact-sales|pricing";

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
      formNamePattern: handRaiserFormPattern,
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

  // The sales-ready definition: fit (who they are) plus behavior (what they
  // did). Each version is a hypothesis, judged each quarter against which
  // handed-off leads became pipeline (rpt_definition_outcomes_quarterly).
  // A version with `effectiveFrom: null` is a proposal: evaluated on the same
  // leads as the one in force, so the quarterly review can see its what-if.
  // Every example must get its verdict from the SQL classification; the run
  // fails (assertion assert_definition_examples_hold) when one does not.
  definitions: [
    {
      id: "v1",
      effectiveFrom: "2026-01-01",
      reason: "First shared definition, agreed at the marketing and sales offsite.",
      fit: {
        employeeCount: { min: 20, max: null },
        industries: [],
        countries: ["US", "CA", "GB", "DE", "FR", "AU", "JP"],
        targetAccountDomains,
        excludedEmailDomains: freeMailDomains,
        excludedEmailDomainSuffixes: universityDomainSuffixes,
        excludedTitlePattern: "student|intern",
      },
      behavior: {
        handRaiserFormPattern,
        contentActions: { minimum: 1, withinDays: 30 },
        scoreThreshold: 50,
      },
      examples: [
        { description: "Demo request from a target account", verdict: "sales_ready", lead: { email: "cfo@northwindfinancial.com", employeeCount: 40, country: "US", industry: "Financial Services", title: "CFO", triggerFormName: "Demo Request", contentActions: 0, score: 20 } },
        { description: "Webinar signup from a student", verdict: "not_sales_ready", lead: { email: "sam@stanford.edu", employeeCount: null, country: "US", industry: "Education", title: "Student", triggerFormName: "Webinar Registration: Pipeline Forecasting", contentActions: 1, score: 35 } },
        { description: "Ebook download by a marketing manager at a 300-person software company", verdict: "sales_ready", lead: { email: "kim@acme-analytics.com", employeeCount: 300, country: "US", industry: "Software", title: "Marketing Manager", triggerFormName: "Ebook: The State of RevOps 2026", contentActions: 1, score: 40 } },
        { description: "Pricing inquiry from a gmail address", verdict: "not_sales_ready", lead: { email: "joe.smith@gmail.com", employeeCount: 500, country: "US", industry: "Retail", title: "Owner", triggerFormName: "Pricing Inquiry", contentActions: 0, score: 10 } },
      ],
    },
    {
      id: "v2",
      effectiveFrom: "2026-09-01",
      reason: "Q2 review: single content downloads from companies under 50 people rarely became pipeline; content leads now need two actions in 30 days or a score of 60, and 50+ employees.",
      fit: {
        employeeCount: { min: 50, max: null },
        industries: [],
        countries: ["US", "CA", "GB", "DE", "FR", "AU", "JP"],
        targetAccountDomains,
        excludedEmailDomains: freeMailDomains,
        excludedEmailDomainSuffixes: universityDomainSuffixes,
        excludedTitlePattern: "student|intern",
      },
      behavior: {
        handRaiserFormPattern,
        contentActions: { minimum: 2, withinDays: 30 },
        scoreThreshold: 60,
      },
      examples: [
        { description: "Demo request from a target account", verdict: "sales_ready", lead: { email: "cfo@northwindfinancial.com", employeeCount: 40, country: "US", industry: "Financial Services", title: "CFO", triggerFormName: "Demo Request", contentActions: 0, score: 20 } },
        { description: "Webinar signup from a student", verdict: "not_sales_ready", lead: { email: "sam@stanford.edu", employeeCount: null, country: "US", industry: "Education", title: "Student", triggerFormName: "Webinar Registration: Pipeline Forecasting", contentActions: 1, score: 35 } },
        { description: "One ebook download from a 30-person agency", verdict: "not_sales_ready", lead: { email: "lee@smallagency.com", employeeCount: 30, country: "US", industry: "Media", title: "Marketing Manager", triggerFormName: "Ebook: The State of RevOps 2026", contentActions: 1, score: 45 } },
        { description: "Two content downloads in a month by a RevOps head at a 400-person company", verdict: "sales_ready", lead: { email: "pat@fabrikam.com", employeeCount: 400, country: "GB", industry: "Manufacturing", title: "Head of Revenue Operations", triggerFormName: "Whitepaper Download", contentActions: 2, score: 55 } },
      ],
    },
    {
      id: "v3",
      effectiveFrom: null,
      reason: "Proposed: hand-raisers from companies of 20+ people are worth a call even outside the target countries.",
      fit: {
        employeeCount: { min: 50, max: null },
        industries: [],
        countries: [],
        targetAccountDomains,
        excludedEmailDomains: freeMailDomains,
        excludedEmailDomainSuffixes: universityDomainSuffixes,
        excludedTitlePattern: "student|intern",
      },
      behavior: {
        handRaiserFormPattern,
        contentActions: { minimum: 2, withinDays: 30 },
        scoreThreshold: 60,
      },
      examples: [
        { description: "Demo request from a 60-person company in Brazil", verdict: "sales_ready", lead: { email: "ana@loja.com.br", employeeCount: 60, country: "BR", industry: "Retail", title: "COO", triggerFormName: "Demo Request", contentActions: 0, score: 30 } },
        { description: "Webinar signup from a student", verdict: "not_sales_ready", lead: { email: "sam@stanford.edu", employeeCount: null, country: "US", industry: "Education", title: "Student", triggerFormName: "Webinar Registration: Pipeline Forecasting", contentActions: 1, score: 35 } },
      ],
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
    // CRM values to the four dispositions: converted, working, no_response,
    // bad_fit. `null` means "known value, no disposition yet". A value not
    // listed here is reported by name (rpt_unmapped_dispositions), never
    // silently dropped. A converted lead (is_converted or an opportunity) is
    // `converted` whatever its status says.
    salesforceLeadStatus: {
      "Open - Not Contacted": null,
      "Working - Contacted": "working",
      "Closed - Converted": "converted",
      "Closed - Not Converted": "no_response",
      "Nurture - No Response": "no_response",
      "Unqualified - Bad Fit": "bad_fit",
    },
    hubspotLeadStatus: {
      NEW: null,
      OPEN: null,
      IN_PROGRESS: "working",
      ATTEMPTED_TO_CONTACT: "working",
      CONNECTED: "working",
      OPEN_DEAL: "converted",
      BAD_TIMING: "no_response",
      UNQUALIFIED: "bad_fit",
    },
  },

  review: {
    // Biweekly review periods are two weeks long, counted from this Monday.
    biweeklyAnchorDate: "2026-01-05",
  },

  outcomes: {
    // A handoff "became pipeline" when an opportunity was created from it
    // within this many days of the handoff.
    pipelineWindowDays: 90,
  },
};

module.exports = policy;
