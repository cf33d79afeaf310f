// Simulating one drafted person end to end and writing their rows: HubSpot
// contact, form submissions and property history; the Salesforce lead, its
// history, campaign memberships; routing; the reps' tasks; dispositions;
// conversion and opportunity; recycling into a second handoff; and the
// dirty rows (duplicates, soft deletes) real exports have.

import * as catalogModule from "./catalog";
import type { CampaignDef, FormKey } from "./catalog";
import * as companiesModule from "./companies";
import type { Row } from "./csv";
import type { Person } from "./person";
import * as prngModule from "./prng";
import type { Rng } from "./prng";
import * as timeModule from "./time";
import type { Rep, World } from "./world";

// Imported values are copied into module-level bindings: tsx compiles imports to
// getter-backed property reads, which show up in hot loops.
const { formByKey, QUEUES } = catalogModule;
const { employeeRange } = companiesModule;
const { weightedPick } = prngModule;
const { DAY, HOUR, MINUTE } = timeModule;

export const STATUS = {
  open: "Open - Not Contacted",
  working: "Working - Contacted",
  converted: "Closed - Converted",
  notConverted: "Closed - Not Converted",
  badFit: "Unqualified - Bad Fit",
  nurture: "Nurture - No Response",
  /** Not in the disposition mapping on purpose: the unmapped-value case. */
  recycledFollowUp: "Recycled - Follow Up Later",
} as const;

const MQL_WORKFLOW = "18447391";
const RECYCLE_WORKFLOW = "18447612";
const LEAD_STATUS_WORKFLOW = "18447455";
const MQL_SCORE = 65;

interface ContactState {
  id: number;
  lifecycle: string | null;
  lifecycleT: number;
  leadStatus: string | null;
  leadStatusT: number;
  score: number;
}

interface LeadState {
  id: string;
  owner: string;
  ownerT: number;
  status: string;
  statusT: number;
  createdT: number;
  conversion: { t: number; oppId: string | null; accountId: string; contactId: string } | null;
  campaigns: Set<string> | null;
}

// ------------------------------------------------------------------ HubSpot helpers

function prop(w: World, cs: ContactState, name: string, value: string, t: number, source: string, sourceId: string | null, dup = false): void {
  if (t >= w.endSec) return;
  const row = { contact_id: cs.id, name, value, timestamp: t, source, source_id: sourceId };
  w.writers.contactHistory.row(row);
  if (dup) w.writers.contactHistory.row(row);
  if (name === "lifecyclestage" && t >= cs.lifecycleT) {
    cs.lifecycle = value;
    cs.lifecycleT = t;
  } else if (name === "hs_lead_status" && t >= cs.leadStatusT) {
    cs.leadStatus = value;
    cs.leadStatusT = t;
  }
}

function setScore(w: World, cs: ContactState, score: number, t: number): void {
  cs.score = score;
  prop(w, cs, "hubspotscore", String(score), t, "CALCULATED", null);
}

function formSubmission(w: World, rng: Rng, contactId: number, formGuid: string, t: number, page: string, title: string): void {
  const conversionId = rng.uuid();
  w.write(w.writers.formSubmission, t, {
    contact_id: contactId,
    conversion_id: conversionId,
    form_id: formGuid,
    timestamp: t,
    page_url: `https://www.lumenary.io${page}`,
    title,
  });
}

// ------------------------------------------------------------------ Salesforce helpers

function leadChange(w: World, L: LeadState, field: "Owner" | "Status", value: string, at: number): void {
  const last = field === "Owner" ? L.ownerT : L.statusT;
  const t = Math.max(at, last + 1);
  if (t >= w.endSec) return;
  const old = field === "Owner" ? L.owner : L.status;
  if (old === value) return;
  w.writers.leadHistory.row({
    id: w.historyIds.next(),
    lead_id: L.id,
    field,
    old_value: old,
    new_value: value,
    created_date: t,
    is_deleted: false,
  });
  if (field === "Owner") {
    L.owner = value;
    L.ownerT = t;
  } else {
    L.status = value;
    L.statusT = t;
  }
}

function member(w: World, L: LeadState, campaign: CampaignDef | null, status: string, respondedT: number | null, createdT: number): void {
  if (!campaign || !L.campaigns || L.campaigns.has(campaign.id) || createdT >= w.endSec) return;
  L.campaigns.add(campaign.id);
  w.writers.campaignMember.row({
    id: w.memberIds.next(),
    campaign_id: campaign.id,
    lead_id: L.id,
    status,
    has_responded: respondedT !== null,
    first_responded_date: respondedT,
    created_date: createdT,
    is_deleted: false,
  });
}

type TaskType = "Call" | "Email" | "Meeting" | "Other";

const SUBTYPE: Record<TaskType, string> = { Call: "Call", Email: "Email", Meeting: "Task", Other: "Task" };

const NO_CONNECT: ReadonlyArray<readonly [string | null, number]> = [
  ["Left Voicemail", 45],
  ["No Answer", 34],
  ["Gatekeeper", 8],
  ["Wrong Number", 4],
  ["Busy", 4],
  [null, 5],
];

const OTHER_SUBJECTS = ["Research account", "Update lead info", "Enrich contact (ZoomInfo)", "LinkedIn: connection request", "Review MQL notes"];

function subjectFor(type: TaskType, rng: Rng, trigger: string, company: string | null, attempt: number): string {
  const co = company ?? "your team";
  switch (type) {
    case "Call":
      return attempt === 1 ? rng.pick(["Call", "Intro call", `Call - ${trigger} follow-up`]) : rng.pick(["Follow-up call", "Call", `Call attempt ${attempt}`]);
    case "Email":
      return attempt === 1
        ? rng.pick([`Email: Re: ${trigger}`, `Email: Quick question about ${co}`, `[Outreach] Intro: Lumenary x ${co}`])
        : rng.pick([`Email: Following up`, `[Outreach] Step ${attempt}: Checking in`, `Email: Re: ${trigger}`]);
    case "Meeting":
      return rng.pick(["Discovery Meeting", "Demo", "Intro Meeting"]);
    case "Other":
      return rng.pick(OTHER_SUBJECTS);
  }
}

/** Write a task; `t` is when the activity happened. Returns the row (for deliberate duplicates). */
function task(
  w: World,
  rng: Rng,
  L: LeadState,
  rep: Rep,
  type: TaskType,
  t: number,
  subject: string,
  opts: { disposition?: string | null; notStartedDue?: number; deleted?: boolean } = {},
): Row | null {
  const notStarted = opts.notStartedDue !== undefined;
  let created = t;
  if (!notStarted && type === "Call") created = t + (rng.chance(0.08) ? rng.int(HOUR, 6 * HOUR) : rng.int(5, 90));
  if (!notStarted && type === "Meeting") created = t + rng.int(10 * MINUTE, 2 * HOUR);
  if (created >= w.endSec) return null;
  const row: Row = {
    id: w.taskIds.next(),
    who_id: L.id,
    owner_id: rep.id,
    type,
    task_subtype: SUBTYPE[type],
    subject,
    status: notStarted ? "Not Started" : "Completed",
    call_disposition: type === "Call" && !notStarted ? (opts.disposition ?? null) : null,
    activity_date: w.localDate(rep, notStarted ? (opts.notStartedDue as number) : t),
    created_date: created,
    completed_date_time: notStarted ? null : t,
    is_deleted: opts.deleted === true,
  };
  w.writers.task.row(row);
  return row;
}

function routingEvent(w: World, leadId: string, event: "assigned" | "notified", ownerId: string, channel: string, t: number, dup: boolean): void {
  if (t >= w.endSec) return;
  const row = { id: w.routingIds.next(), lead_id: leadId, event, owner_id: ownerId, channel, occurred_at: t };
  w.writers.routingLog.row(row);
  if (dup) w.writers.routingLog.row(row);
}

// ------------------------------------------------------------------ first touch timing

/** When the owner first works a lead routed at A, on their own working clock. */
function firstTouchTime(w: World, rep: Rep, A: number, hot: boolean, rng: Rng): number {
  const sp = rep.speed;
  let t: number;
  if (hot) {
    if (w.isWorking(rep, A)) {
      t = A + Math.max(45, Math.round(rng.lognormal(9 * MINUTE * sp, 0.9)));
      if (!w.isWorking(rep, t) && !(rng.chance(0.45) && t - A < 90 * MINUTE)) {
        t = w.nextWorkStart(rep, t, rng) + Math.round(rng.lognormal(15 * MINUTE * sp, 0.8));
      }
    } else if (w.isLocalWeekend(rep, A) && rng.chance(0.02)) {
      t = A + Math.round(rng.lognormal(2 * HOUR, 0.6));
    } else {
      t = w.nextWorkStart(rep, A, rng) + Math.round(rng.lognormal(18 * MINUTE * sp, 0.9));
    }
  } else if (w.isWorking(rep, A) && rng.chance(0.5 / sp)) {
    t = A + Math.round(rng.range(15 * MINUTE, 3 * HOUR) * sp);
    if (!w.isWorking(rep, t)) t = w.workTimeOn(rep, w.workDayFrom(rep, t), rng, 1.5, A);
  } else {
    t = w.workTimeOn(rep, w.workDayFrom(rep, A + 30 * MINUTE), rng, 1.6, A);
  }
  // Slow reps punt to the next working day more often.
  if (sp > 2 && rng.chance(0.35)) t = w.workTimeOn(rep, w.addWorkDays(rep, t, 1), rng, 1.2);
  // Some reps start early or stay late.
  if (rng.chance(0.04)) {
    const shifted = w.offHours(rep, t, rng);
    if (shifted > A + 60) t = shifted;
  }
  return Math.max(t, A + 30);
}

// ------------------------------------------------------------------ one handoff

interface HandoffSpec {
  readyT: number;
  delay: number;
  manual: boolean;
  hot: boolean;
  mqlT: number;
  trigger: string;
  /** Force a non-converting disposition by `cutoff` (the lead will be recycled). */
  forceRecycle: boolean;
  cutoff: number;
}

interface HandoffResult {
  dispT: number | null;
  dispStatus: string | null;
}

function handoff(w: World, p: Person, L: LeadState, cs: ContactState, h: HandoffSpec): HandoffResult {
  const rng = p.rng;
  const E = w.endSec;
  const A = h.readyT + h.delay;
  const { rep, channel } = w.route(p.employees, p.country, p.company, A, rng);
  const successor = rep.leaveT < Infinity ? w.successor(rep) : rep;
  const doer = (t: number): Rep => (t >= rep.leaveT ? successor : rep);

  // A rep grabs the lead from a backed-up queue before the routing tool gets to it.
  let grabT: number | null = null;
  if (!h.manual) {
    const pg = h.delay > 20 * MINUTE ? 0.2 : h.delay > 6 * MINUTE ? 0.04 : 0;
    if (pg > 0 && rng.chance(pg)) grabT = h.readyT + rng.int(90, Math.max(120, Math.min(h.delay - 60, 45 * MINUTE)));
  }

  // Assignment: owner change, routing log, notification.
  const ownerT = A + (rng.chance(0.65) ? 0 : rng.int(1, 4));
  const oldOwner = L.owner;
  leadChange(w, L, "Owner", rep.id, ownerT);
  if (ownerT < E && rng.chance(0.003)) {
    w.writers.leadHistory.row({ id: w.historyIds.next(), lead_id: L.id, field: "Owner", old_value: oldOwner, new_value: rep.id, created_date: ownerT, is_deleted: true });
  }
  if (!h.manual) {
    routingEvent(w, L.id, "assigned", rep.id, channel, A, rng.chance(0.004));
    if (rng.chance(0.92)) {
      const nt = A + Math.min(600, Math.max(2, Math.round(rng.lognormal(25, 1))));
      const ch = rng.chance(0.85) ? rep.def.notify : rep.def.notify === "email" ? "slack" : "email";
      routingEvent(w, L.id, "notified", rep.id, ch, nt, rng.chance(0.003));
      if (rng.chance(0.08)) routingEvent(w, L.id, "notified", rep.id, ch === "email" ? "slack" : "email", nt + rng.int(0, 5), false);
    }
  }
  prop(w, cs, "hs_lead_status", "OPEN", w.syncAt(ownerT, rng), "SALESFORCE", null);

  // Admin work that is not a touch (sometimes before the first real one).
  if (rng.chance(0.15)) {
    const t = w.workTimeOn(rep, w.workDayFrom(rep, A), rng, 1, A);
    if (t < h.cutoff) task(w, rng, L, doer(t), "Other", t, subjectFor("Other", rng, h.trigger, p.companyName, 1));
  }

  let neverP = (h.hot ? 0.05 : 0.17) + (p.fitClass === "bad" ? 0.08 : 0) + (rep.speed > 2 ? 0.06 : 0);
  if (h.forceRecycle) neverP = 0;
  const touched = grabT !== null || !rng.chance(neverP);
  if (!touched) {
    // Ops bulk-closes stale untouched leads now and then.
    if (rng.chance(0.3)) {
      const t = A + Math.round(rng.range(30, 60) * DAY);
      const cleanup = Math.floor(t / DAY) * DAY + 15 * HOUR + rng.int(0, 600);
      leadChange(w, L, "Status", STATUS.nurture, cleanup);
      prop(w, cs, "hs_lead_status", "BAD_TIMING", w.syncAt(cleanup, rng), "SALESFORCE", null);
      return { dispT: cleanup, dispStatus: STATUS.nurture };
    }
    return { dispT: null, dispStatus: null };
  }

  const F = grabT ?? firstTouchTime(w, rep, A, h.hot, rng);
  const speedH = (F - A) / HOUR;
  const fitConv = p.fitClass === "good" ? 0.36 : p.fitClass === "ok" ? 0.15 : 0.025;
  const kindMult = h.hot ? 1.35 : p.kind === "webinar" ? 0.8 : 0.65;
  const speedMult = speedH < 1 ? 1.3 : speedH < 8 ? 1.1 : speedH < 24 ? 0.95 : speedH < 72 ? 0.75 : 0.55;
  const converted = !h.forceRecycle && rng.chance(fitConv * kindMult * speedMult);
  const connected = converted || rng.chance((h.hot ? 0.66 : 0.4) * (p.fitClass === "good" ? 1.1 : p.fitClass === "bad" ? 0.85 : 1));
  const badFit = !converted && !h.forceRecycle && rng.chance(p.fitClass === "bad" ? 0.55 : p.fitClass === "ok" ? 0.07 : 0.015);

  let firstType: TaskType = h.hot
    ? weightedPick(rng, [
        ["Call", 60],
        ["Email", 37],
        ["Meeting", 3],
      ] as const)
    : weightedPick(rng, [
        ["Email", 60],
        ["Call", 40],
      ] as const);
  let connectAt = connected
    ? weightedPick(rng, [
        [1, 55],
        [2, 28],
        [3, 17],
      ] as const)
    : 0;
  if (firstType === "Meeting") {
    if (connected) connectAt = 1;
    else firstType = "Call";
  }
  const attempts = badFit ? rng.int(1, 2) : connected ? Math.max(connectAt, rng.int(1, 2)) : rng.int(2, 6);
  if (connectAt > attempts) connectAt = attempts;

  let t = F;
  let lastT = F;
  let connectT: number | null = null;
  let firstRow: Row | null = null;
  for (let i = 1; i <= attempts; i++) {
    if (i > 1) t = w.workTimeOn(doer(t), w.addWorkDays(doer(t), t, rng.int(1, 3)), rng);
    if (t >= h.cutoff) break;
    const type: TaskType = i === 1 ? firstType : rng.chance(0.55) ? "Call" : "Email";
    const isConnect = i === connectAt;
    const disposition = type === "Call" ? (isConnect ? "Connected" : weightedPick(rng, NO_CONNECT)) : null;
    const row = task(w, rng, L, doer(t), type, t, subjectFor(type, rng, h.trigger, p.companyName, i), { disposition });
    if (i === 1) firstRow = row;
    if (isConnect) connectT = t;
    lastT = t;
  }
  if (firstRow && rng.chance(0.004)) w.writers.task.row(firstRow);
  let meetingT: number | null = null;
  if (connectT !== null && !badFit && (converted || rng.chance(0.45))) {
    const mt = w.workTimeOn(doer(connectT), w.addWorkDays(doer(connectT), connectT, rng.int(1, 6)), rng);
    if (mt < h.cutoff) {
      task(w, rng, L, doer(mt), "Meeting", mt, subjectFor("Meeting", rng, h.trigger, p.companyName, 1));
      meetingT = mt;
      lastT = mt;
    }
  }

  // Status: Working - Contacted when the rep gets to it (a few never bother).
  const lagR = rng.next();
  const statusT = F + (lagR < 0.7 ? rng.int(5, 300) : lagR < 0.95 ? rng.int(300, 2 * HOUR) : rng.int(16 * HOUR, 30 * HOUR));
  if (!rng.chance(0.03)) leadChange(w, L, "Status", STATUS.working, statusT);
  prop(w, cs, "hs_lead_status", connectAt === 1 ? "CONNECTED" : "ATTEMPTED_TO_CONTACT", w.syncAt(statusT, rng), "SALESFORCE", null);
  if (connectT !== null && connectT > F) prop(w, cs, "hs_lead_status", "CONNECTED", w.syncAt(connectT, rng), "SALESFORCE", null);
  if (meetingT !== null) prop(w, cs, "hs_lead_status", "IN_PROGRESS", w.syncAt(meetingT, rng), "SALESFORCE", null);
  if (connectT !== null && !badFit && (converted || rng.chance(0.4))) {
    prop(w, cs, "lifecyclestage", "salesqualifiedlead", w.syncAt(meetingT ?? connectT, rng), "SALESFORCE", null);
  }

  // Disposition.
  let dispStatus: string | null = null;
  let dispT: number | null = null;
  const r = rng.next();
  const workAfter = (from: number): number => {
    const who = doer(from);
    return w.workTimeOn(who, w.workDayFrom(who, from), rng, 1, from);
  };
  if (converted) {
    dispStatus = STATUS.converted;
    dispT = workAfter(Math.max(lastT + DAY, h.mqlT + Math.round(rng.range(7, 56) * DAY)));
  } else if (badFit) {
    dispStatus = STATUS.badFit;
    dispT = workAfter(lastT + rng.int(10 * MINUTE, 3 * DAY));
  } else if (connectT !== null) {
    if (h.forceRecycle || r < 0.62) dispStatus = STATUS.notConverted;
    else if (r < 0.635) dispStatus = STATUS.recycledFollowUp;
    if (dispStatus) dispT = workAfter((meetingT ?? connectT) + Math.round(rng.range(5, 35) * DAY));
  } else {
    if (h.forceRecycle || r < 0.72) dispStatus = STATUS.nurture;
    else if (r < 0.727) dispStatus = STATUS.recycledFollowUp;
    if (dispStatus) dispT = workAfter(lastT + Math.round(rng.range(2, 12) * DAY));
  }
  if (h.forceRecycle && dispT !== null) {
    dispT = Math.max(lastT + 10 * MINUTE, statusT + HOUR, Math.min(dispT, h.cutoff - rng.int(0, 2 * DAY)));
  }

  // Still being worked: a scheduled next step.
  if (dispStatus === null && rng.chance(0.45)) {
    const due = w.workTimeOn(doer(lastT), w.addWorkDays(doer(lastT), lastT, rng.int(2, 5)), rng);
    task(w, rng, L, doer(lastT), rng.chance(0.6) ? "Call" : "Email", lastT + rng.int(60, 600), rng.pick(["Follow up", "Call back", "Send case study"]), { notStartedDue: due });
  }
  // A mis-logged task someone deleted.
  if (rng.chance(0.006)) {
    const dt = A + Math.round(rng.range(0, Math.max(HOUR, F - A + 2 * DAY)));
    task(w, rng, L, doer(dt), "Call", dt, "Call", { disposition: "No Answer", deleted: true });
  }

  // The departed rep's open leads were handed to a teammate.
  if (rep.leaveT < E && A < rep.leaveT && (dispT === null || dispT > rep.leaveT)) {
    leadChange(w, L, "Owner", successor.id, rep.leaveT + rng.int(0, 120));
  }

  if (dispStatus !== null && dispT !== null && dispT < E) {
    if (dispStatus === STATUS.converted) convert(w, p, L, cs, dispT, rng);
    else {
      leadChange(w, L, "Status", dispStatus, dispT);
      const hs =
        dispStatus === STATUS.badFit
          ? "UNQUALIFIED"
          : dispStatus === STATUS.notConverted
            ? rng.chance(0.5)
              ? "UNQUALIFIED"
              : "BAD_TIMING"
            : "BAD_TIMING";
      prop(w, cs, "hs_lead_status", hs, w.syncAt(dispT, rng), "SALESFORCE", null);
    }
  }
  return { dispT, dispStatus };
}

const STAGES_OPEN = ["Prospecting", "Discovery", "Proposal", "Negotiation"] as const;

function convert(w: World, p: Person, L: LeadState, cs: ContactState, t: number, rng: Rng): void {
  const oppId = rng.chance(0.92) ? w.oppIds.next() : null;
  const accountId = w.accountFor(p.emailType === "corp" ? p.company : null);
  const contactId = w.contactIds.next();
  L.conversion = { t, oppId, accountId, contactId };
  leadChange(w, L, "Status", STATUS.converted, t);
  if (!oppId) return;
  const created = t + rng.int(5, 120);
  const e = p.employees ?? 50;
  const [lo, hi, cycleLo, cycleHi] =
    e < 50 ? [5_000, 20_000, 20, 50] : e < 200 ? [10_000, 40_000, 25, 60] : e < 1000 ? [25_000, 90_000, 30, 90] : e < 5000 ? [60_000, 180_000, 45, 120] : [100_000, 250_000, 60, 150];
  const amount = Math.round(rng.range(lo, hi) / 100) * 100;
  const cycle = rng.int(cycleLo, cycleHi) * DAY;
  let closeT = created + cycle;
  let stage: string;
  let won = false;
  let closed = false;
  if (closeT < w.endSec) {
    closed = true;
    won = rng.chance(p.fitClass === "good" ? 0.42 : p.fitClass === "ok" ? 0.28 : 0.12);
    if (!won) closeT = created + Math.round(cycle * rng.range(0.4, 1));
    stage = won ? "Closed Won" : "Closed Lost";
  } else {
    const frac = (w.endSec - created) / cycle;
    stage = STAGES_OPEN[Math.min(3, Math.floor(frac * 4))] as string;
  }
  const name = `${p.companyName ?? `${p.first} ${p.last}`} - New Business`;
  const row = {
    id: oppId,
    account_id: accountId,
    name,
    stage_name: stage,
    amount,
    is_won: won,
    is_closed: closed,
    created_date: created,
    close_date: closeT,
    is_deleted: false,
  };
  if (!w.write(w.writers.opportunity, created, row)) return;
  if (rng.chance(0.02)) {
    // A duplicate someone created by hand and deleted.
    w.writers.opportunity.row({ ...row, id: w.oppIds.next(), stage_name: "Prospecting", is_won: false, is_closed: false, created_date: created + rng.int(30, 3 * HOUR), close_date: created + cycle, is_deleted: true });
  }
  prop(w, cs, "lifecyclestage", "opportunity", w.syncAt(created, rng), "SALESFORCE", null);
  if (won && closeT < w.endSec) prop(w, cs, "lifecyclestage", "customer", w.syncAt(closeT, rng), "SALESFORCE", null);
}

// ------------------------------------------------------------------ person

function leadSource(p: Person, rng: Rng): string | null {
  if (rng.chance(0.03)) return null;
  if (p.importKind === "event") return "Trade Show";
  if (p.importKind === "syndication") return "Content Syndication";
  const f = p.forms[0];
  if (!f) return "Web";
  switch (f.form.kind) {
    case "hand":
      return p.source === "PAID_SEARCH" ? "Paid Search" : "Web";
    case "webinar":
      return "Webinar";
    case "newsletter":
      return "Email";
    default:
      return p.source === "PAID_SEARCH" ? "Paid Search" : "Content";
  }
}

function hubspotCountry(country: string | null, rng: Rng): string | null {
  if (country === "US") {
    const r = rng.next();
    if (r < 0.02) return "United States";
    if (r < 0.03) return "USA";
  }
  return country;
}

function emailVariant(email: string, rng: Rng): string {
  const base = email.trim().toLowerCase();
  const [local = "", domain = ""] = base.split("@");
  const candidates = [
    local.charAt(0).toUpperCase() + local.slice(1) + "@" + domain,
    base.toUpperCase(),
    ` ${base}`,
    `${base} `,
    local + "@" + domain.charAt(0).toUpperCase() + domain.slice(1),
  ].filter((c) => c !== email);
  return rng.pick(candidates);
}

export function processPerson(w: World, p: Person): void {
  const rng = p.rng;
  const E = w.endSec;
  const S = w.startSec;
  const cs: ContactState = { id: w.nextContactId(rng), lifecycle: null, lifecycleT: -Infinity, leadStatus: null, leadStatusT: -Infinity, score: 0 };

  // ---- HubSpot: creation, forms, score, lifecycle up to the MQL
  const hsImportT = p.importT !== null ? w.syncAt(p.importT, rng) : null;
  const firstForm = p.forms[0];
  const createT = hsImportT ?? (firstForm ? firstForm.t : (p.mqlT ?? S));
  if (hsImportT !== null) {
    prop(w, cs, "lifecyclestage", "lead", hsImportT, "SALESFORCE", null);
    setScore(w, cs, rng.int(0, 10), hsImportT + rng.int(1, 30));
  }
  const warm = !p.hot;
  let prevT = createT;
  let stage = cs.lifecycle;
  for (const f of p.forms) {
    formSubmission(w, rng, cs.id, f.form.guid, f.t, f.page, f.title);
    if (f.t - prevT > 2 * DAY && rng.chance(0.6)) {
      // Email opens and page views between forms.
      setScore(w, cs, cs.score + rng.int(2, 8), prevT + Math.floor(rng.range(0.2, 0.9) * (f.t - prevT)));
    }
    let next = cs.score + Math.round(f.form.points * rng.range(0.8, 1.2));
    if (warm && p.mqlT !== null) next = Math.min(next, MQL_SCORE - rng.int(3, 8));
    if (p.mqlT === null) next = Math.min(next, MQL_SCORE - rng.int(5, 20));
    setScore(w, cs, Math.max(next, cs.score), f.t + rng.int(1, 40));
    if (stage === null) {
      stage = f.form.kind === "newsletter" ? "subscriber" : "lead";
      prop(w, cs, "lifecyclestage", stage, f.t, "FORM", f.form.guid);
    } else if (stage === "subscriber" && f.form.kind !== "newsletter") {
      stage = "lead";
      prop(w, cs, "lifecyclestage", stage, f.t, "FORM", f.form.guid);
    }
    prevT = f.t;
  }
  const trigger = p.forms[p.forms.length - 1];
  if (p.mqlT !== null) {
    if (p.scoreT !== null) setScore(w, cs, Math.max(cs.score, MQL_SCORE) + rng.int(0, 12), p.scoreT);
    const viaForm = p.mqlVia === "form" && trigger;
    prop(w, cs, "lifecyclestage", "marketingqualifiedlead", p.mqlT, viaForm ? "FORM" : "WORKFLOWS", viaForm ? trigger.form.guid : MQL_WORKFLOW, rng.chance(0.004));
    prop(w, cs, "hs_lead_status", "NEW", p.mqlT + rng.int(1, 20), "WORKFLOWS", LEAD_STATUS_WORKFLOW);
  }

  // ---- Salesforce lead
  let L: LeadState | null = null;
  if (p.syncs && p.sfCreateT !== null && p.sfCreateT < E) {
    L = {
      id: w.leadIds.next(),
      owner: p.importT !== null ? QUEUES.nurture.id : QUEUES.inbound.id,
      ownerT: p.sfCreateT,
      status: STATUS.open,
      statusT: p.sfCreateT,
      createdT: p.sfCreateT,
      conversion: null,
      campaigns: rng.chance(0.1) ? null : new Set<string>(),
    };
    const lead = L;
    // Campaign memberships: the upload or the first form's campaign first, then content consumed.
    if (p.importCampaign && p.importT !== null) {
      member(w, lead, p.importCampaign, p.importKind === "event" ? "Visited Booth" : "Responded", p.importT, p.importT + rng.int(0, 120));
    }
    for (const f of p.forms) {
      const created = f.t < lead.createdT ? lead.createdT + rng.int(5, 90) : w.syncAt(f.t, rng) + rng.int(1, 30);
      member(w, lead, f.campaign, f.memberStatus, f.t, created);
    }
    if (p.send && p.mode === "email") member(w, lead, p.send.campaign, "Clicked", p.send.at, lead.createdT + rng.int(5, 90));
  }

  // ---- Handoff(s)
  if (L && p.mqlT !== null && p.readyT !== null && p.readyT < E) {
    let recycle = false;
    let mql2 = 0;
    if (rng.chance(0.07)) {
      mql2 = p.tz.fromLocal(Math.floor(p.tz.toLocal(p.mqlT + Math.round(rng.range(21, 56) * DAY)) / DAY) * DAY + rng.int(8 * HOUR, 18 * HOUR));
      recycle = mql2 < E - DAY;
    }
    const triggerName = trigger ? trigger.form.name : "MQL";
    const first = handoff(w, p, L, cs, {
      readyT: p.readyT,
      delay: p.queueDelay,
      manual: p.manual,
      hot: p.hot,
      mqlT: p.mqlT,
      trigger: triggerName,
      forceRecycle: recycle,
      cutoff: recycle ? mql2 - Math.round(rng.range(4, 9) * DAY) : Infinity,
    });
    if (recycle && first.dispT !== null && first.dispT < mql2 - DAY) {
      recycleAndRequalify(w, p, L, cs, first.dispT, mql2);
    }
  }

  // ---- current-state rows
  if (L) writeLead(w, p, L, rng);
  w.writers.contact.row({
    id: cs.id,
    property_email: p.hsEmail,
    property_firstname: p.first,
    property_lastname: p.last,
    property_company: p.companyName,
    property_jobtitle: p.title,
    property_industry: p.industry,
    property_numemployees: p.employees !== null ? employeeRange(p.employees) : null,
    property_annualrevenue: p.revenue,
    property_country: hubspotCountry(p.country, rng),
    property_lifecyclestage: cs.lifecycle,
    property_hs_lead_status: cs.leadStatus,
    property_hs_analytics_source: p.source,
    property_salesforceleadid: L && rng.chance(0.9) ? L.id : null,
    property_createdate: createT,
    _fivetran_deleted: false,
  });

  // ---- the same person twice in HubSpot
  if (rng.chance(0.02)) {
    const live = rng.chance(0.18);
    const dupId = w.nextContactId(rng);
    let t = rng.chance(0.5) ? createT - Math.round(rng.range(1, 30) * DAY) : createT + Math.round(rng.range(1, 40) * DAY);
    if (t < S + HOUR) t = S + HOUR + rng.int(0, DAY);
    if (t >= E) t = E - rng.int(HOUR, DAY);
    const key: FormKey = rng.pick(["ebook", "newsletter", "whitepaper", "webinar"] as const);
    const form = formByKey(key);
    const page = rng.pick(form.pages);
    formSubmission(w, rng, dupId, form.guid, t, page[0], page[1]);
    const dcs: ContactState = { id: dupId, lifecycle: null, lifecycleT: -Infinity, leadStatus: null, leadStatusT: -Infinity, score: 0 };
    prop(w, dcs, "lifecyclestage", key === "newsletter" ? "subscriber" : "lead", t, "FORM", form.guid);
    setScore(w, dcs, rng.int(5, 20), t + rng.int(1, 40));
    w.writers.contact.row({
      id: dupId,
      property_email: emailVariant(p.hsEmail, rng),
      property_firstname: p.first,
      property_lastname: p.last,
      property_company: rng.chance(0.7) ? p.companyName : null,
      property_jobtitle: rng.chance(0.6) ? p.title : null,
      property_industry: null,
      property_numemployees: null,
      property_annualrevenue: null,
      property_country: p.country,
      property_lifecyclestage: dcs.lifecycle,
      property_hs_lead_status: null,
      property_hs_analytics_source: rng.pick(["ORGANIC_SEARCH", "DIRECT_TRAFFIC", "SOCIAL_MEDIA"]),
      property_salesforceleadid: null,
      property_createdate: t,
      _fivetran_deleted: !live,
    });
  }
}

/** Nurtured lead goes back to `lead`, then qualifies again weeks later: a second handoff of the same lead. */
function recycleAndRequalify(w: World, p: Person, L: LeadState, cs: ContactState, dispT: number, mql2: number): void {
  const rng = p.rng;
  leadChange(w, L, "Owner", QUEUES.recycle.id, dispT + rng.int(30, 600));
  const back = w.syncAt(dispT, rng) + rng.int(5, 300);
  prop(w, cs, "lifecyclestage", "lead", back, "WORKFLOWS", RECYCLE_WORKFLOW);
  setScore(w, cs, rng.int(15, 35), back + rng.int(1, 60));

  const hot = rng.chance(0.6);
  const key: FormKey = hot
    ? weightedPick(rng, [
        ["demo", 60],
        ["contact", 25],
        ["pricing", 15],
      ] as const)
    : rng.pick(["ebook", "whitepaper", "roi"] as const);
  const form = formByKey(key);
  const r = rng.next();
  const delay = r < 0.3 ? 0 : r < 0.8 ? rng.int(2, 60) : rng.int(61, 600);
  const formT = mql2 - delay;
  const page = rng.pick(form.pages);
  formSubmission(w, rng, cs.id, form.guid, formT, page[0], page[1]);
  setScore(w, cs, Math.max(MQL_SCORE, cs.score + form.points) + rng.int(0, 15), formT + rng.int(1, 30));
  prop(w, cs, "lifecyclestage", "marketingqualifiedlead", mql2, delay === 0 ? "FORM" : "WORKFLOWS", delay === 0 ? form.guid : MQL_WORKFLOW);
  prop(w, cs, "hs_lead_status", "NEW", mql2 + rng.int(1, 20), "WORKFLOWS", LEAD_STATUS_WORKFLOW);

  const readyT = w.syncAt(mql2, rng);
  leadChange(w, L, "Status", STATUS.open, readyT);
  const campaign = key === "ebook" ? w.schedule.content.ebook : key === "whitepaper" ? w.schedule.content.whitepaper : key === "roi" ? w.schedule.content.roi : w.schedule.website;
  member(w, L, campaign, hot ? "Responded" : "Downloaded", formT, readyT + rng.int(5, 60));
  const manual = rng.chance(0.05);
  let delayQ = w.queueDelay(readyT, rng);
  if (manual) delayQ += Math.round(rng.lognormal(25 * MINUTE, 1));
  handoff(w, p, L, cs, {
    readyT,
    delay: delayQ,
    manual,
    hot,
    mqlT: mql2,
    trigger: form.name,
    forceRecycle: false,
    cutoff: Infinity,
  });
}

function writeLead(w: World, p: Person, L: LeadState, rng: Rng): void {
  const c = L.conversion;
  const row: Row = {
    id: L.id,
    owner_id: L.owner,
    status: L.status,
    lead_source: leadSource(p, rng),
    email: p.sfEmail,
    first_name: p.first,
    last_name: p.last,
    title: p.title,
    company: p.companyName,
    industry: p.industry,
    number_of_employees: p.employees,
    annual_revenue: p.revenue,
    country: p.country,
    created_date: L.createdT,
    is_converted: c !== null,
    converted_date: c ? c.t : null,
    converted_opportunity_id: c ? c.oppId : null,
    converted_contact_id: c ? c.contactId : null,
    converted_account_id: c ? c.accountId : null,
    is_deleted: false,
  };
  w.writers.lead.row(row);
  if (rng.chance(0.0025)) w.writers.lead.row(row);
  if (rng.chance(0.0035)) {
    // The sync created the lead twice; the copy was deleted.
    const dupT = L.createdT + rng.int(1, 30);
    if (dupT < w.endSec) {
      w.writers.lead.row({
        ...row,
        id: w.leadIds.next(),
        owner_id: p.importT !== null ? QUEUES.nurture.id : QUEUES.inbound.id,
        status: STATUS.open,
        created_date: dupT,
        is_converted: false,
        converted_date: null,
        converted_opportunity_id: null,
        converted_contact_id: null,
        converted_account_id: null,
        is_deleted: true,
      });
    }
  }
}
