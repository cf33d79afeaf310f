// The sample company's fixed setup: sales reps and teams, queues, HubSpot
// forms, campaigns, and the marketing calendar (webinars, email sends, events,
// list uploads) laid over the sample window.

import { sfId } from "./ids";
import { hashUnit } from "./prng";
import { DAY, HOUR, MINUTE, dayOfWeek, dayString } from "./time";

/** The fictional company whose funnel the sample describes. */
export const SAMPLE_COMPANY = { name: "Lumenary", domain: "lumenary.io", site: "https://www.lumenary.io" };

export type Team = "smb" | "midmarket" | "enterprise";
export const TEAMS: readonly Team[] = ["smb", "midmarket", "enterprise"];
export const ROLE_IDS: Record<Team, string> = {
  smb: "00E_smb",
  midmarket: "00E_midmarket",
  enterprise: "00E_enterprise",
};

/** Team a lead is routed to by Salesforce employee count (unknown -> smb). */
export function teamForEmployees(n: number | null): Team {
  if (n === null) return "smb";
  if (n < 200) return "smb";
  if (n < 1000) return "midmarket";
  return "enterprise";
}

export interface RepDef {
  name: string;
  team: Team;
  /** The zone the rep actually works in. */
  tz: string;
  /** What Salesforce has in time_zone_sid_key ("" = not set). */
  tzField: string;
  /** Left the company this many days before the end of the window (inactive user). */
  leftDaysBeforeEnd?: number;
  /** Multiplier on response times: 1 typical, > 1 slow. */
  speed: number;
  /** Local working day start/end in hours. */
  startHour: number;
  endHour: number;
  notify: "email" | "slack";
}

export const REPS: readonly RepDef[] = [
  { name: "Maya Thompson", team: "smb", tz: "America/New_York", tzField: "America/New_York", speed: 0.8, startHour: 8.75, endHour: 17.25, notify: "slack" },
  { name: "Jordan Lee", team: "smb", tz: "America/Chicago", tzField: "America/Chicago", speed: 1, startHour: 9, endHour: 17, notify: "slack" },
  { name: "Priya Raman", team: "smb", tz: "America/Los_Angeles", tzField: "America/Los_Angeles", speed: 1, startHour: 8.5, endHour: 17, notify: "email" },
  { name: "Oliver Bennett", team: "smb", tz: "Europe/London", tzField: "Europe/London", speed: 1.1, startHour: 9, endHour: 17.5, notify: "email" },
  { name: "Ethan Brooks", team: "smb", tz: "America/New_York", tzField: "", speed: 1.3, startHour: 9.25, endHour: 17.5, notify: "email" },
  { name: "Chloe Martin", team: "smb", tz: "America/Chicago", tzField: "America/Chicago", leftDaysBeforeEnd: 70, speed: 1.2, startHour: 9, endHour: 17, notify: "email" },
  { name: "Lukas Weber", team: "midmarket", tz: "Europe/Berlin", tzField: "Europe/Berlin", speed: 0.9, startHour: 8.5, endHour: 17, notify: "slack" },
  { name: "Sofia Alvarez", team: "midmarket", tz: "America/New_York", tzField: "America/New_York", speed: 0.7, startHour: 8.5, endHour: 17, notify: "slack" },
  { name: "Marcus Johnson", team: "midmarket", tz: "America/Chicago", tzField: "America/Chicago", speed: 1, startHour: 9, endHour: 17.5, notify: "slack" },
  { name: "Hannah Schmidt", team: "midmarket", tz: "Europe/Berlin", tzField: "Europe/Berlin", speed: 1.1, startHour: 9, endHour: 17, notify: "email" },
  { name: "Daniel Kim", team: "midmarket", tz: "America/Los_Angeles", tzField: "America/Los_Angeles", speed: 2.6, startHour: 9.5, endHour: 17, notify: "email" },
  { name: "Emily Carter", team: "enterprise", tz: "America/New_York", tzField: "America/New_York", speed: 0.9, startHour: 8.5, endHour: 17.5, notify: "slack" },
  { name: "James O'Connor", team: "enterprise", tz: "Europe/London", tzField: "Europe/London", speed: 1, startHour: 9, endHour: 17.5, notify: "slack" },
  { name: "Kenji Sato", team: "enterprise", tz: "Asia/Tokyo", tzField: "Asia/Tokyo", speed: 1, startHour: 9, endHour: 18, notify: "email" },
  { name: "Charlotte Wilson", team: "enterprise", tz: "Australia/Sydney", tzField: "Australia/Sydney", speed: 1.1, startHour: 8.5, endHour: 17, notify: "email" },
  { name: "Ryan Patel", team: "enterprise", tz: "America/New_York", tzField: "America/New_York", speed: 2.2, startHour: 9.5, endHour: 17, notify: "email" },
];

export function repId(index: number): string {
  return sfId("005", 160_000_000_000 + 3_817 * (index + 1));
}

export const QUEUES = {
  inbound: { id: sfId("00G", 160_000_000_000 + 211), name: "Inbound MQL Queue" },
  nurture: { id: sfId("00G", 160_000_000_000 + 212), name: "Marketing Nurture Queue" },
  recycle: { id: sfId("00G", 160_000_000_000 + 214), name: "Recycle Queue" },
} as const;

export type FormKind = "hand" | "content" | "webinar" | "newsletter";
export type FormKey =
  | "demo"
  | "contact"
  | "pricing"
  | "ebook"
  | "webinar"
  | "whitepaper"
  | "newsletter"
  | "roi"
  | "partner";

export interface FormDef {
  key: FormKey;
  guid: string;
  name: string;
  formType: string;
  kind: FormKind;
  pages: ReadonlyArray<readonly [path: string, title: string]>;
  /** Score points a submission adds. */
  points: number;
}

export const FORMS: readonly FormDef[] = [
  { key: "demo", guid: "3f1c2a9e-6b0d-4c51-9a7e-2d8b5f0c1e47", name: "Demo Request", formType: "HUBSPOT", kind: "hand", points: 30, pages: [["/demo", "Book a Demo | Lumenary"], ["/product/routing", "Lead Routing | Lumenary"]] },
  { key: "contact", guid: "8a4e7b21-0f3c-4d9a-b6e5-91c2d7a3f058", name: "Contact Sales", formType: "CAPTURED", kind: "hand", points: 30, pages: [["/contact-sales", "Contact Sales | Lumenary"]] },
  { key: "pricing", guid: "c7d25e10-9b4a-4f3e-8c61-5a0e2b9d7f13", name: "Pricing Inquiry", formType: "HUBSPOT", kind: "hand", points: 25, pages: [["/pricing", "Pricing | Lumenary"]] },
  { key: "ebook", guid: "1b9f6d3c-2e7a-4a80-9d14-6c5b0e8f2a71", name: "Ebook: The State of RevOps 2026", formType: "HUBSPOT", kind: "content", points: 15, pages: [["/resources/state-of-revops-2026", "The State of RevOps 2026 | Lumenary"]] },
  { key: "webinar", guid: "5e0a8c47-d13b-4e6f-a2c9-7f1d3b6e0c85", name: "Webinar Registration: Pipeline Forecasting", formType: "HUBSPOT", kind: "webinar", points: 10, pages: [["/webinars/pipeline-forecasting", "Webinar: Pipeline Forecasting | Lumenary"]] },
  { key: "whitepaper", guid: "9d3b1f6e-4c28-4b7d-8e05-2a6c9f1d4b30", name: "Whitepaper Download", formType: "HUBSPOT", kind: "content", points: 15, pages: [["/resources/whitepapers/lead-routing-benchmarks", "Lead Routing Benchmarks, 2026 | Lumenary"], ["/resources/whitepapers/sla-playbook", "The Speed-to-Lead SLA Playbook | Lumenary"]] },
  { key: "newsletter", guid: "2c6e9a1b-7f4d-4e38-b5a0-8d1f3c7e9b26", name: "Newsletter Signup", formType: "FLOW", kind: "newsletter", points: 5, pages: [["/blog/what-is-an-mql", "What Is an MQL, Really? | Lumenary Blog"], ["/blog/lead-routing-101", "Lead Routing 101 | Lumenary Blog"], ["/blog/speed-to-lead", "Speed to Lead: What the Data Says | Lumenary Blog"], ["/blog", "Blog | Lumenary"]] },
  { key: "roi", guid: "e4a7c0d9-5b2f-4c16-9e8a-3f0b6d2c5a94", name: "ROI Calculator", formType: "HUBSPOT", kind: "content", points: 20, pages: [["/tools/roi-calculator", "ROI Calculator | Lumenary"]] },
  { key: "partner", guid: "7b2d4f8a-1c9e-4d35-a0b7-6e3f9c1a8d52", name: "Partner Referral", formType: "HUBSPOT", kind: "hand", points: 20, pages: [["/partners/refer", "Refer a Customer | Lumenary"]] },
];

export function formByKey(key: FormKey): FormDef {
  const f = FORMS.find((x) => x.key === key);
  if (!f) throw new Error(`no form ${key}`);
  return f;
}

export type CampaignType = "Webinar" | "Content" | "Paid Search" | "Event" | "Email" | "Other";

export interface CampaignDef {
  id: string;
  name: string;
  type: CampaignType;
  deleted: boolean;
}

export interface WebinarSession {
  campaign: CampaignDef;
  /** Start of the live session. */
  at: number;
  /** When attendance lands in HubSpot (the MQL wave). */
  attendanceAt: number;
  /** Queue back-up after the wave, seconds at its peak. */
  peakBacklog: number;
}

export interface EmailSend {
  campaign: CampaignDef;
  at: number;
  peakBacklog: number;
}

export interface ListUpload {
  campaign: CampaignDef;
  /** When the list is imported into Salesforce. */
  at: number;
  kind: "event" | "syndication";
}

export interface Schedule {
  campaigns: CampaignDef[];
  content: Record<"ebook" | "whitepaper" | "roi", CampaignDef>;
  paid: CampaignDef[];
  website: CampaignDef;
  syndication: CampaignDef;
  webinars: WebinarSession[];
  sends: EmailSend[];
  uploads: ListUpload[];
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function monthLabel(sec: number): string {
  const d = new Date(sec * 1000);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** No campaigns go out in the year-end holiday weeks. */
function quietDay(day: number): boolean {
  const md = dayString(day).slice(5);
  return md >= "12-20" || md <= "01-03";
}

/** First day number >= day that falls on the given weekday. */
function nextWeekday(day: number, dow: number): number {
  let d = day;
  while (dayOfWeek(d) !== dow) d++;
  return d;
}

/** The marketing calendar over [startSec, endSec). Deterministic in seed. */
export function buildSchedule(startSec: number, endSec: number, seed: number): Schedule {
  let n = 160_000_000_000 + 5_000;
  const campaigns: CampaignDef[] = [];
  const make = (name: string, type: CampaignType, deleted = false): CampaignDef => {
    n += 37;
    const c = { id: sfId("701", n), name, type, deleted };
    campaigns.push(c);
    return c;
  };
  const year = new Date(endSec * 1000).getUTCFullYear();
  const content = {
    ebook: make(`Ebook - The State of RevOps ${year}`, "Content"),
    whitepaper: make("Whitepaper - Lead Routing Benchmarks", "Content"),
    roi: make("ROI Calculator", "Content"),
  };
  const paid = [make("Paid Search - Brand", "Paid Search"), make("Paid Search - Competitor", "Paid Search"), make("Paid Search - Lead Routing", "Paid Search")];
  const website = make("Website - Inbound Requests", "Other");
  const syndication = make("Content Syndication - TechTarget", "Content");
  make("TEST - Campaign Sync Check", "Email", true);

  const startDay = Math.floor(startSec / DAY);
  const endDay = Math.floor(endSec / DAY);

  const webinars: WebinarSession[] = [];
  // Monthly webinars; the next one after the window is already open for registration.
  for (let d = nextWeekday(startDay + 12, 4), i = 0; d < endDay + 28; d += 28, i++) {
    if (quietDay(d)) continue;
    const at = d * DAY + 16 * HOUR;
    webinars.push({
      campaign: make(`Webinar - Pipeline Forecasting - ${monthLabel(at)} ${dayString(d).slice(8)}`, "Webinar"),
      at,
      attendanceAt: at + 95 * MINUTE + Math.floor(hashUnit(seed, 101, i) * 40 * MINUTE),
      peakBacklog: HOUR + hashUnit(seed, 102, i) * 3 * HOUR,
    });
  }

  const sends: EmailSend[] = [];
  for (let d = nextWeekday(startDay + 3, 2), i = 0; d < endDay; d += 14, i++) {
    if (quietDay(d)) continue;
    const at = d * DAY + 14 * HOUR + Math.floor(hashUnit(seed, 103, i) * 30) * MINUTE;
    sends.push({
      campaign: make(`Email - Newsletter ${dayString(d)}`, "Email"),
      at,
      peakBacklog: 30 * MINUTE + hashUnit(seed, 104, i) * 60 * MINUTE,
    });
  }

  const uploads: ListUpload[] = [];
  const events: Array<[string, number]> = [
    [`Event - RevOps Summit London ${year}`, 38],
    [`Event - SaaStr Annual ${year}`, 96],
    [`Event - Pipeline Summit Chicago ${year}`, 150],
  ];
  for (const [name, offset] of events) {
    const eventDay = startDay + offset;
    if (eventDay >= endDay - 6) continue;
    const campaign = make(name, "Event");
    // The booth-scan list is imported the Monday after the event, mid-morning US time.
    const importDay = nextWeekday(eventDay + 3, 1);
    if (importDay < endDay) uploads.push({ campaign, at: importDay * DAY + 15 * HOUR + 12 * MINUTE, kind: "event" });
  }
  for (let d = nextWeekday(startDay + 1, 3); d < endDay; d += 7) {
    uploads.push({ campaign: syndication, at: d * DAY + 10 * HOUR + 5 * MINUTE, kind: "syndication" });
  }
  uploads.sort((a, b) => a.at - b.at);

  return { campaigns, content, paid, website, syndication, webinars, sends, uploads };
}

