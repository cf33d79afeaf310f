// Drafting a prospect: who they are (firmographics, title, email), which path
// they take into the funnel, their marketing touches before qualifying, and
// when they qualify, sync and become routable. Drafting touches no shared
// state, so people can be drafted ahead and processed in routing order.

import * as catalogModule from "./catalog";
import type { CampaignDef, EmailSend, FormDef, FormKey, ListUpload, WebinarSession } from "./catalog";
import * as companiesModule from "./companies";
import type { Company } from "./companies";
import * as peopleModule from "./people";
import type { Seniority } from "./people";
import * as prngModule from "./prng";
import * as timeModule from "./time";
import type { TimeZone } from "./time";
import type { World } from "./world";

// Imported values are copied into module-level bindings: tsx compiles imports to
// getter-backed property reads, which show up in hot loops.
const { formByKey } = catalogModule;
const { companies, companyWeights, countryWeights, FREE_MAIL_DOMAINS, UNIVERSITIES } = companiesModule;
const { FIRST_NAMES, FIRST_SLUGS, LAST_NAMES, LAST_SLUGS, STUDENT_TITLES, TITLES } = peopleModule;
const { Rng, Weighted, weightedPick } = prngModule;
type Rng = prngModule.Rng;
const { DAY, HOUR, MINUTE, dayOfWeek } = timeModule;

export type Kind = "hand" | "score" | "webinar" | "import" | "nonqual" | "syncfail";
export type Mode = "base" | "webinar" | "email";
export type FitClass = "good" | "ok" | "bad";

export interface FormSub {
  t: number;
  form: FormDef;
  campaign: CampaignDef | null;
  memberStatus: string;
  page: string;
  title: string;
}

export interface Person {
  gen: number;
  rng: Rng;
  kind: Kind;
  mode: Mode;
  company: Company | null;
  companyName: string | null;
  industry: string | null;
  employees: number | null;
  revenue: number | null;
  country: string | null;
  first: string;
  last: string;
  title: string | null;
  seniority: Seniority;
  emailType: "corp" | "free" | "edu";
  /** Canonical (lower-case, trimmed) email. */
  email: string;
  /** As typed into the form (HubSpot keeps it as is). */
  hsEmail: string;
  /** As it sits on the Salesforce lead. */
  sfEmail: string;
  fit: number;
  fitClass: FitClass;
  tz: TimeZone;
  source: string;
  /** Marketing form submissions up to and including the one that triggers the (first) MQL. */
  forms: FormSub[];
  /** The moment the first MQL happens (null: never qualifies). */
  mqlT: number | null;
  /** How the MQL is set: by the form itself, a workflow after a form, or a workflow after a score change. */
  mqlVia: "form" | "workflow" | "score";
  /** When the score crossed the threshold (score/webinar paths). */
  scoreT: number | null;
  /** Hand-raiser (hot) vs content/webinar (warm) handoff. */
  hot: boolean;
  /** Pre-existing Salesforce lead from a list upload. */
  importT: number | null;
  importCampaign: CampaignDef | null;
  importKind: "event" | "syndication" | null;
  /** Whether the contact gets a Salesforce lead at all. */
  syncs: boolean;
  /** When the Salesforce lead is created (import time for list uploads). */
  sfCreateT: number | null;
  /** When the MQL is visible in Salesforce and the routing tool can pick it up. */
  readyT: number | null;
  queueDelay: number;
  manual: boolean;
  assignT: number | null;
  sortKey: number;
  webinar: WebinarSession | null;
  send: EmailSend | null;
}

const COMPANY_TABLE = new Weighted<Company>(companies.map((c, i) => [c, companyWeights[i] as number] as const));

const PERSON_ZONES: Record<string, ReadonlyArray<readonly [string, number]>> = {
  US: [
    ["America/New_York", 50],
    ["America/Chicago", 30],
    ["America/Denver", 5],
    ["America/Los_Angeles", 18],
  ],
  CA: [
    ["America/Toronto", 70],
    ["America/Vancouver", 30],
  ],
  GB: [["Europe/London", 1]],
  DE: [["Europe/Berlin", 1]],
  FR: [["Europe/Paris", 1]],
  NL: [["Europe/Amsterdam", 1]],
  SE: [["Europe/Stockholm", 1]],
  JP: [["Asia/Tokyo", 1]],
  AU: [
    ["Australia/Sydney", 75],
    ["Australia/Perth", 25],
  ],
  IN: [["Asia/Kolkata", 1]],
  SG: [["Asia/Singapore", 1]],
  BR: [["America/Sao_Paulo", 1]],
};

const BASE_KINDS: ReadonlyArray<readonly [Kind, number]> = [
  ["hand", 46],
  ["score", 27],
  ["import", 11],
  ["nonqual", 6.5],
  ["syncfail", 1.1],
];

/** Students mostly read; good-fit people raise their hand more. */
const BASE_KINDS_EDU = BASE_KINDS.map(([k, w]) => [k, k === "hand" ? w * 0.35 : k === "nonqual" ? w * 3 : w] as const);
const BASE_KINDS_GOOD = BASE_KINDS.map(([k, w]) => [k, k === "hand" ? w * 1.3 : w] as const);

const HAND_FORMS: ReadonlyArray<readonly [FormKey, number]> = [
  ["demo", 55],
  ["contact", 28],
  ["pricing", 15],
  ["partner", 2],
];

const CONTENT_FORMS: ReadonlyArray<readonly [FormKey, number]> = [
  ["ebook", 30],
  ["webinar", 18],
  ["whitepaper", 20],
  ["newsletter", 14],
  ["roi", 14],
];

const CONTENT_FORMS_NO_NEWSLETTER = CONTENT_FORMS.filter(([k]) => k !== "newsletter");

const HAND_SOURCES: ReadonlyArray<readonly [string, number]> = [
  ["PAID_SEARCH", 30],
  ["ORGANIC_SEARCH", 30],
  ["DIRECT_TRAFFIC", 20],
  ["REFERRALS", 10],
  ["SOCIAL_MEDIA", 5],
  ["PAID_SOCIAL", 5],
];

const CONTENT_SOURCES: ReadonlyArray<readonly [string, number]> = [
  ["ORGANIC_SEARCH", 35],
  ["PAID_SOCIAL", 20],
  ["SOCIAL_MEDIA", 15],
  ["PAID_SEARCH", 15],
  ["REFERRALS", 10],
  ["EMAIL_MARKETING", 5],
];

/** Seconds after midnight, local, when someone fills in a form. */
function localSecondOfDay(rng: Rng, weekend: boolean): number {
  if (weekend) return Math.floor(rng.range(8 * HOUR, 23 * HOUR));
  const r = rng.next();
  if (r < 0.78) return Math.floor(Math.min(19 * HOUR, Math.max(7 * HOUR, 12.6 * HOUR + rng.normal() * 2.4 * HOUR)));
  if (r < 0.95) return Math.floor(rng.range(18 * HOUR, 23.5 * HOUR));
  return Math.floor(rng.range(0, 7 * HOUR));
}

/** A local time on the local calendar day containing t. */
function localTimeOnDayOf(tz: TimeZone, t: number, rng: Rng): number {
  const localDay = Math.floor(tz.toLocal(t) / DAY);
  const w = dayOfWeek(localDay);
  return tz.fromLocal(localDay * DAY + localSecondOfDay(rng, w === 0 || w === 6));
}

/** Delay between a form submission and the workflow that sets the MQL. */
function workflowDelay(rng: Rng): number {
  const r = rng.next();
  if (r < 0.3) return 0;
  if (r < 0.8) return rng.int(2, 60);
  return rng.int(61, 600);
}

function capitalize(s: string): string {
  return s.length === 0 ? s : (s[0] as string).toUpperCase() + s.slice(1);
}

export function fitOf(p: Pick<Person, "company" | "employees" | "industry" | "seniority" | "emailType" | "country" | "title" | "companyName">): number {
  let f = 0.35;
  if (p.company?.isTarget) f += 0.35;
  const e = p.employees;
  if (e === null) f -= 0.05;
  else if (e < 50) f -= 0.12;
  else if (e < 200) f += 0;
  else if (e < 1000) f += 0.12;
  else f += 0.15;
  if (p.industry === "Software" || p.industry === "Financial Services" || p.industry === "Insurance") f += 0.08;
  if (p.industry === "Education" || p.industry === "Government" || p.industry === "Nonprofit") f -= 0.1;
  f += { exec: 0.15, director: 0.15, manager: 0.05, ic: -0.05, low: -0.3 }[p.seniority];
  if (p.emailType === "free") f -= 0.15;
  if (p.emailType === "edu") f -= 0.3;
  if (p.country === "US" || p.country === "GB" || p.country === "DE" || p.country === "CA" || p.country === "AU") f += 0.03;
  if (p.title === null || p.industry === null || p.companyName === null) f -= 0.08;
  return Math.max(0, Math.min(1, f));
}

function fitClassOf(fit: number): FitClass {
  if (fit >= 0.58) return "good";
  if (fit < 0.28) return "bad";
  return "ok";
}

export interface DraftInput {
  gen: number;
  /** Local calendar day (days since epoch) the person's anchor falls on. */
  day: number;
  mode: Mode;
  webinar: WebinarSession | null;
  send: EmailSend | null;
}

export function draftPerson(world: World, input: DraftInput): Person {
  const rng = new Rng(world.seed, 7, input.gen);
  const S = world.startSec;
  const E = world.endSec;

  // ---- who they are
  const r = rng.next();
  const emailType: Person["emailType"] = r < 0.085 ? "free" : r < 0.125 ? "edu" : "corp";
  let company: Company | null = null;
  let companyName: string | null = null;
  let industry: string | null = null;
  let employees: number | null = null;
  let revenue: number | null = null;
  let country: string | null = null;
  let domain: string;
  if (emailType === "corp") {
    company = COMPANY_TABLE.sample(rng);
    domain = company.domain;
  } else if (emailType === "free") {
    if (rng.chance(0.45)) company = COMPANY_TABLE.sample(rng);
    domain = rng.pick(FREE_MAIL_DOMAINS);
    if (!company) country = countryWeights.sample(rng);
  } else {
    const uni = rng.pick(UNIVERSITIES);
    domain = uni.domain;
    companyName = uni.name;
    industry = "Education";
    country = uni.country;
    employees = rng.chance(0.5) ? rng.int(3000, 20000) : null;
  }
  if (company) {
    companyName = company.name;
    industry = company.industry;
    country = company.country;
    revenue = company.annualRevenue;
    employees = company.employees;
    // What people type into "employees" is not always the data vendor's number.
    if (rng.chance(0.12)) employees = Math.max(1, Math.round((employees * rng.range(0.7, 1.3)) / 10) * 10);
  }
  const title = emailType === "edu" && rng.chance(0.8) ? rng.pick(STUDENT_TITLES) : TITLES.sample(rng);
  let titleText: string | null = title.title;
  const fi = rng.int(0, FIRST_NAMES.length - 1);
  const li = rng.int(0, LAST_NAMES.length - 1);
  const first = FIRST_NAMES[fi] as string;
  const last = LAST_NAMES[li] as string;
  const fs = FIRST_SLUGS[fi] as string;
  const ls = LAST_SLUGS[li] as string;

  // ~10% of people leave fit fields blank.
  if (rng.chance(0.1)) {
    let any = false;
    if (rng.chance(0.5)) {
      titleText = null;
      any = true;
    }
    if (rng.chance(0.55)) {
      industry = null;
      any = true;
    }
    if (rng.chance(0.3)) {
      companyName = null;
      any = true;
    }
    if (rng.chance(0.4)) employees = null;
    if (!any) titleText = null;
  }

  let local: string;
  if (emailType === "free") {
    local = weightedPick(rng, [
      [`${fs}.${ls}${rng.int(1, 99)}`, 40],
      [`${fs}${ls}${rng.int(1970, 2005)}`, 30],
      [`${fs}_${ls}`, 30],
    ] as const);
  } else {
    local = weightedPick(rng, [
      [`${fs}.${ls}`, 50],
      [`${fs[0] ?? "x"}${ls}`, 25],
      [fs, 10],
      [`${fs}${ls[0] ?? ""}`, 5],
      [`${fs}_${ls}`, 10],
    ] as const);
  }
  const email = `${local}@${domain}`;
  let hsEmail = email;
  const er = rng.next();
  if (er < 0.05) hsEmail = local.split(".").map(capitalize).join(".") + "@" + capitalize(domain);
  else if (er < 0.058) hsEmail = email.toUpperCase();
  else if (er < 0.075) hsEmail = rng.chance(0.5) ? ` ${email}` : `${email} `;
  else if (er < 0.08) hsEmail = `${email}  `;
  let sfEmail = hsEmail.trim();
  if (rng.chance(0.01)) sfEmail = email; // someone fixed the case in Salesforce

  const fitInput = { company, employees, industry, seniority: title.seniority, emailType, country, title: titleText, companyName };
  const fit = fitOf(fitInput);
  const fitClass = fitClassOf(fit);

  const zoneList = PERSON_ZONES[country ?? "US"] ?? (PERSON_ZONES.US as ReadonlyArray<readonly [string, number]>);
  const tz = world.zones.get(weightedPick(rng, zoneList));

  // ---- which path, and when the key moment (MQL, or first form) happens
  let kind: Kind;
  let anchor: number;
  const webinar = input.webinar;
  const send = input.send;
  if (input.mode === "webinar" && webinar) {
    kind = "webinar";
    anchor = webinar.attendanceAt + rng.int(0, 90);
  } else if (input.mode === "email" && send) {
    kind = rng.chance(0.45) ? "hand" : "score";
    anchor = send.at + Math.round(Math.min(40 * HOUR, Math.max(3 * MINUTE, rng.exp(2.5 * HOUR))));
  } else {
    kind = weightedPick(rng, emailType === "edu" ? BASE_KINDS_EDU : fitClass === "good" ? BASE_KINDS_GOOD : BASE_KINDS);
    const w = dayOfWeek(input.day);
    anchor = tz.fromLocal(input.day * DAY + localSecondOfDay(rng, w === 0 || w === 6));
  }
  if (anchor < S + HOUR) anchor = S + HOUR + rng.int(0, 6 * HOUR);
  if (anchor >= E) anchor = E - rng.int(60, 4 * HOUR);

  // List uploads: the Salesforce lead exists before the person qualifies.
  let importT: number | null = null;
  let importCampaign: CampaignDef | null = null;
  let importKind: Person["importKind"] = null;
  let qualifies = true;
  if (kind === "import") {
    // Event booth scans (nurtured for weeks or months) or weekly content-syndication lists.
    const wantEvent = rng.chance(0.4);
    let upload: ListUpload | undefined;
    let skip = wantEvent ? 0 : Math.floor(rng.exp(1.2));
    const uploads = world.schedule.uploads;
    for (let i = uploads.length - 1; i >= 0; i--) {
      const u = uploads[i] as ListUpload;
      if (u.at > anchor - 2 * DAY || u.at < S) continue;
      if ((u.kind === "event") !== wantEvent) continue;
      upload = u;
      if (skip-- <= 0) break;
    }
    if (!upload) {
      kind = rng.chance(0.6) ? "hand" : "score";
    } else {
      importT = upload.at + rng.int(0, 240);
      importCampaign = upload.campaign;
      importKind = upload.kind;
      qualifies = rng.chance(0.72);
    }
  }
  if (kind === "nonqual") qualifies = false;

  // ---- marketing touches before the key moment
  const forms: FormSub[] = [];
  const addForm = (t: number, key: FormKey, campaign: CampaignDef | null = null): FormSub => {
    const form = formByKey(key);
    const page = rng.pick(form.pages);
    const f: FormSub = { t, form, campaign, memberStatus: "Responded", page: page[0], title: page[1] };
    forms.push(f);
    return f;
  };
  const earliest = importT !== null ? importT + 12 * HOUR : S + 30 * MINUTE;
  const placeBack = (count: number, from: number): void => {
    let t = from;
    for (let i = 0; i < count; i++) {
      t = t - Math.max(2 * HOUR, Math.round(rng.lognormal(6 * DAY, 0.9)));
      let ft = localTimeOnDayOf(tz, t, rng);
      if (ft >= from) ft = from - rng.int(HOUR, 3 * HOUR);
      if (ft < earliest) break;
      addForm(ft, weightedPick(rng, CONTENT_FORMS));
      t = ft;
    }
  };

  let mqlT: number | null = null;
  let mqlVia: Person["mqlVia"] = "workflow";
  let scoreT: number | null = null;
  let hot = false;
  const effectiveKind: Kind = kind === "import" || kind === "syncfail" ? (rng.chance(0.55) ? "hand" : "score") : kind;

  if (!qualifies) {
    if (kind === "nonqual") {
      addForm(anchor, weightedPick(rng, CONTENT_FORMS));
      let t = anchor;
      const more = weightedPick(rng, [
        [0, 50],
        [1, 35],
        [2, 15],
      ] as const);
      for (let i = 0; i < more; i++) {
        t = localTimeOnDayOf(tz, t + Math.round(rng.lognormal(9 * DAY, 0.8)), rng);
        if (t >= E || t <= (forms[forms.length - 1]?.t ?? 0)) break;
        addForm(t, weightedPick(rng, CONTENT_FORMS));
      }
    } else if (rng.chance(0.5)) {
      // Imported and never qualified; some read something in between.
      const t = localTimeOnDayOf(tz, (importT as number) + Math.round(rng.range(DAY, 20 * DAY)), rng);
      if (t < E && t > (importT as number)) addForm(t, weightedPick(rng, CONTENT_FORMS));
    }
  } else if (effectiveKind === "webinar" && webinar) {
    if (rng.chance(0.3)) placeBack(1, webinar.at - 3 * DAY);
    const reg = localTimeOnDayOf(tz, webinar.at - Math.round(rng.range(HOUR, 14 * DAY)), rng);
    if (reg > earliest && reg < webinar.at) addForm(reg, "webinar", webinar.campaign).memberStatus = "Attended";
    else addForm(Math.max(S + 10 * MINUTE, webinar.at - rng.int(HOUR, 20 * HOUR)), "webinar", webinar.campaign).memberStatus = "Attended";
    scoreT = anchor - rng.int(1, 60);
    mqlT = anchor;
    mqlVia = "score";
  } else if (effectiveKind === "hand") {
    hot = true;
    const delay = workflowDelay(rng);
    const formT = anchor - delay;
    if (send && input.mode === "email") {
      const nl = localTimeOnDayOf(tz, anchor - Math.round(rng.lognormal(40 * DAY, 0.6)), rng);
      if (nl > earliest && nl < formT) addForm(nl, "newsletter");
    } else if (rng.chance(0.35)) {
      placeBack(rng.int(1, 2), formT - HOUR);
    }
    addForm(formT, weightedPick(rng, HAND_FORMS), send && input.mode === "email" ? send.campaign : null);
    mqlT = anchor;
    mqlVia = delay === 0 ? "form" : "workflow";
  } else {
    // Score-based: content forms over days/weeks, then the score crosses the threshold.
    const n = weightedPick(rng, [
      [1, 30],
      [2, 35],
      [3, 20],
      [4, 15],
    ] as const);
    const withForm = rng.chance(0.4);
    const delay = workflowDelay(rng);
    if (send && input.mode === "email") {
      const nl = localTimeOnDayOf(tz, anchor - Math.round(rng.lognormal(35 * DAY, 0.6)), rng);
      if (nl > earliest && nl < anchor - HOUR) addForm(nl, "newsletter");
      placeBack(n - 1, anchor - 2 * HOUR);
    } else {
      placeBack(withForm ? n - 1 : n, anchor - HOUR);
    }
    if (withForm) {
      addForm(anchor - delay, weightedPick(rng, CONTENT_FORMS_NO_NEWSLETTER));
      mqlVia = delay === 0 ? "form" : "workflow";
    } else {
      scoreT = anchor - rng.int(1, 120);
      mqlVia = "score";
      if (forms.length === 0) {
        const lo = Math.max(earliest, anchor - 20 * DAY);
        const t = lo < anchor - HOUR ? Math.floor(rng.range(lo, anchor - HOUR)) : anchor - HOUR;
        addForm(t, weightedPick(rng, CONTENT_FORMS_NO_NEWSLETTER));
      }
    }
    mqlT = anchor;
  }
  forms.sort((a, b) => a.t - b.t);
  // A person cannot exist before their first touch: drop any form a clamp put before the window.
  while (forms.length > 1 && (forms[0] as FormSub).t < S) forms.shift();
  if (forms.length > 0 && (forms[0] as FormSub).t < S) (forms[0] as FormSub).t = S + rng.int(60, 3600);

  // Campaigns the forms belong to.
  const firstForm = forms[0];
  const source =
    importT !== null
      ? "OFFLINE"
      : firstForm && firstForm.form.kind === "hand"
        ? weightedPick(rng, HAND_SOURCES)
        : weightedPick(rng, CONTENT_SOURCES);
  for (const f of forms) {
    if (f.campaign) continue;
    switch (f.form.key) {
      case "ebook":
        f.campaign = world.schedule.content.ebook;
        f.memberStatus = "Downloaded";
        break;
      case "whitepaper":
        f.campaign = world.schedule.content.whitepaper;
        f.memberStatus = "Downloaded";
        break;
      case "roi":
        f.campaign = world.schedule.content.roi;
        break;
      case "webinar": {
        const session = world.schedule.webinars.find((w) => w.at > f.t) ?? world.schedule.webinars[world.schedule.webinars.length - 1];
        f.campaign = session ? session.campaign : null;
        f.memberStatus = "Registered";
        break;
      }
      case "newsletter":
        break;
      default:
        f.campaign = source === "PAID_SEARCH" && f === firstForm ? rng.pick(world.schedule.paid) : world.schedule.website;
        if (source === "PAID_SEARCH" && f === firstForm) {
          f.page += `?utm_source=google&utm_medium=cpc&utm_campaign=${f.campaign.name.replace("Paid Search - ", "").toLowerCase().replace(/ /g, "-")}`;
        }
    }
  }

  // ---- Salesforce: creation, readiness for routing, queue wait
  const syncs = kind !== "nonqual" && kind !== "syncfail";
  let sfCreateT: number | null = null;
  let readyT: number | null = null;
  if (importT !== null) sfCreateT = importT;
  if (syncs && mqlT !== null) {
    const synced = world.syncAt(mqlT, rng);
    if (importT === null) sfCreateT = synced;
    readyT = synced;
  }
  let queueDelay = 0;
  let manual = false;
  let assignT: number | null = null;
  if (readyT !== null) {
    queueDelay = world.queueDelay(readyT, rng);
    manual = rng.chance(0.05);
    // Manual assignments (no routing-tool record) are done by ops, a little later.
    if (manual) queueDelay += Math.round(rng.lognormal(25 * MINUTE, 1));
    assignT = readyT + queueDelay;
  }

  return {
    gen: input.gen,
    rng,
    kind,
    mode: input.mode,
    company,
    companyName,
    industry,
    employees,
    revenue,
    country,
    first,
    last,
    title: titleText,
    seniority: title.seniority,
    emailType,
    email,
    hsEmail,
    sfEmail,
    fit,
    fitClass,
    tz,
    source,
    forms,
    mqlT,
    mqlVia,
    scoreT,
    hot,
    importT,
    importCampaign,
    importKind,
    syncs,
    sfCreateT,
    readyT,
    queueDelay,
    manual,
    assignT,
    sortKey: assignT ?? anchor,
    webinar,
    send,
  };
}
