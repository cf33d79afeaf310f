// The shared state of one sample run: window, time zones, reps and their
// working clocks, routing (round robin, queue back-ups), sync batches, id
// sequences and the table writers. People are simulated one at a time against it.

import * as catalogModule from "./catalog";
import type { RepDef, Schedule, Team } from "./catalog";
import type { Company } from "./companies";
import { contractTables } from "./contract";
import { TableWriter, type Row } from "./csv";
import { SfIdSequence } from "./ids";
import * as prngModule from "./prng";
import type { Rng } from "./prng";
import * as timeModule from "./time";
import type { TimeZone, TimeZones as TimeZoneCache } from "./time";

// Imported values are copied into module-level bindings: tsx compiles imports to
// getter-backed property reads, which show up in hot loops.
const { buildSchedule, FORMS, REPS, repId, ROLE_IDS, teamForEmployees } = catalogModule;
const { hashUnit } = prngModule;
const { DAY, HOUR, MINUTE, TimeZones, dayOfWeek, dayString } = timeModule;

export type Region = "AMER" | "EMEA" | "APAC";

export interface Rep {
  index: number;
  def: RepDef;
  id: string;
  team: Team;
  tz: TimeZone;
  region: Region;
  /** Working day, local seconds after midnight. */
  start: number;
  end: number;
  speed: number;
  /** Deactivation instant (Infinity while active). */
  leaveT: number;
}

const EMEA = new Set(["GB", "DE", "FR", "NL", "SE"]);
const APAC = new Set(["JP", "AU", "SG", "IN"]);

export function regionOfCountry(country: string | null): Region {
  if (country && EMEA.has(country)) return "EMEA";
  if (country && APAC.has(country)) return "APAC";
  return "AMER";
}

function regionOfZone(tz: string): Region {
  if (tz.startsWith("Europe/")) return "EMEA";
  if (tz.startsWith("Asia/") || tz.startsWith("Australia/")) return "APAC";
  return "AMER";
}

/** Local non-working days besides weekends (month-day). */
const HOLIDAYS = new Set(["12-24", "12-25", "12-26", "12-31", "01-01"]);

const workDays: (boolean | undefined)[] = [];

export function isWorkDay(day: number): boolean {
  let v = day >= 0 && day < 65536 ? workDays[day] : undefined;
  if (v === undefined) {
    const w = dayOfWeek(day);
    v = w !== 0 && w !== 6 && !HOLIDAYS.has(dayString(day).slice(5));
    if (day >= 0 && day < 65536) workDays[day] = v;
  }
  return v;
}

export interface Writers {
  lead: TableWriter;
  leadHistory: TableWriter;
  task: TableWriter;
  user: TableWriter;
  opportunity: TableWriter;
  campaign: TableWriter;
  campaignMember: TableWriter;
  contact: TableWriter;
  contactHistory: TableWriter;
  formSubmission: TableWriter;
  form: TableWriter;
  routingLog: TableWriter;
}

const WRITER_KEYS: Record<string, keyof Writers> = {
  "salesforce.lead": "lead",
  "salesforce.lead_history": "leadHistory",
  "salesforce.task": "task",
  "salesforce.user": "user",
  "salesforce.opportunity": "opportunity",
  "salesforce.campaign": "campaign",
  "salesforce.campaign_member": "campaignMember",
  "hubspot.contact": "contact",
  "hubspot.contact_property_history": "contactHistory",
  "hubspot.contact_form_submission": "formSubmission",
  "hubspot.form": "form",
  "routing.routing_log": "routingLog",
};

/** Writers for every contract table; tables the generator does not know still get a header-only file. */
function openWriters(outDir: string): { writers: Writers; all: TableWriter[] } {
  const all: TableWriter[] = [];
  const found: Partial<Writers> = {};
  for (const t of contractTables()) {
    const w = new TableWriter(t, outDir);
    all.push(w);
    const k = WRITER_KEYS[t.key];
    if (k) found[k] = w;
  }
  for (const k of Object.values(WRITER_KEYS)) {
    if (!found[k]) {
      for (const w of all) w.destroy();
      throw new Error(`raw contract has no table for ${k}`);
    }
  }
  return { writers: found as Writers, all };
}

export class World {
  readonly startSec: number;
  /** Routing fix shipped: queues drain much faster from here on. */
  readonly fixSec: number;
  readonly zones: TimeZoneCache;
  readonly reps: Rep[];
  readonly schedule: Schedule;
  readonly writers: Writers;
  readonly allWriters: TableWriter[];
  private readonly rr: Record<string, number> = {};
  private readonly teamReps: Record<Team, Rep[]>;

  readonly leadIds = new SfIdSequence("00Q", 160_000_000_000 + 7_000_000);
  readonly historyIds = new SfIdSequence("017", 160_000_000_000 + 52_000_000);
  readonly taskIds = new SfIdSequence("00T", 160_000_000_000 + 91_000_000);
  readonly oppIds = new SfIdSequence("006", 160_000_000_000 + 2_400_000);
  readonly accountIds = new SfIdSequence("001", 160_000_000_000 + 9_100_000);
  readonly contactIds = new SfIdSequence("003", 160_000_000_000 + 8_300_000);
  readonly memberIds = new SfIdSequence("00v", 160_000_000_000 + 31_000_000);
  readonly routingIds = new SfIdSequence("a0K", 160_000_000_000 + 14_000_000);
  private hubspotContactId = 51_000_000;
  private readonly companyAccounts = new Map<number, string>();

  constructor(
    readonly seed: number,
    readonly endSec: number,
    days: number,
    outDir: string,
  ) {
    this.startSec = endSec - days * DAY;
    this.fixSec = endSec - 42 * DAY;
    this.zones = new TimeZones(this.startSec - 120 * DAY, endSec + 240 * DAY);
    this.schedule = buildSchedule(this.startSec, endSec, seed);
    this.reps = REPS.map((def, index) => {
      const start = Math.round(def.startHour * HOUR);
      const end = Math.round(def.endHour * HOUR);
      return {
        index,
        def,
        id: repId(index),
        team: def.team,
        tz: this.zones.get(def.tz),
        region: regionOfZone(def.tz),
        start,
        end,
        speed: def.speed,
        leaveT: def.leftDaysBeforeEnd !== undefined ? endSec - def.leftDaysBeforeEnd * DAY + 16 * HOUR : Infinity,
      };
    });
    this.teamReps = {
      smb: this.reps.filter((r) => r.team === "smb"),
      midmarket: this.reps.filter((r) => r.team === "midmarket"),
      enterprise: this.reps.filter((r) => r.team === "enterprise"),
    };
    const { writers, all } = openWriters(outDir);
    this.writers = writers;
    this.allWriters = all;
  }

  // ---------------------------------------------------------------- ids

  nextContactId(rng: Rng): number {
    this.hubspotContactId += rng.chance(0.25) ? rng.int(2, 60) : 1;
    return this.hubspotContactId;
  }

  /** A company's Salesforce account (one per company, created on first conversion). */
  accountFor(company: Company | null): string {
    if (!company) return this.accountIds.next();
    let id = this.companyAccounts.get(company.index);
    if (!id) {
      id = this.accountIds.next();
      this.companyAccounts.set(company.index, id);
    }
    return id;
  }

  // ---------------------------------------------------------------- writing

  /** Write a row unless it happens at or after the end of the window. */
  write(w: TableWriter, t: number, row: Row): boolean {
    if (t >= this.endSec) return false;
    w.row(row);
    return true;
  }

  // ---------------------------------------------------------------- sync batches

  /** Whether the 15-minute HubSpot->Salesforce batch starting at slot failed. */
  private batchFailed(slot: number): boolean {
    return hashUnit(this.seed, 301, slot) < 0.0025;
  }

  /** The sync batch that picks up a change made at t (next 15-minute boundary, or a later catch-up). */
  batchAfter(t: number): number {
    const slot = Math.floor(t / (15 * MINUTE)) + 1;
    if (this.batchFailed(slot)) {
      const wait = 8 + Math.floor(hashUnit(this.seed, 302, slot) * 24);
      return (slot + wait) * 15 * MINUTE;
    }
    return slot * 15 * MINUTE;
  }

  /** When a record changed at t lands on the other side of the sync (batch + processing seconds). */
  syncAt(t: number, rng: Rng): number {
    return this.batchAfter(t) + rng.int(3, 95);
  }

  // ---------------------------------------------------------------- routing

  /** Seconds of queue backlog at t: Monday-morning and post-campaign peaks. */
  backlog(t: number): number {
    let b = 0;
    const day = Math.floor(t / DAY);
    const sod = t - day * DAY;
    if (dayOfWeek(day) === 1 && sod > 12.5 * HOUR && sod < 18.5 * HOUR) {
      const peak = 40 * MINUTE + hashUnit(this.seed, 201, day) * 2.6 * HOUR;
      const shape = sod < 14.5 * HOUR ? (sod - 12.5 * HOUR) / (2 * HOUR) : (18.5 * HOUR - sod) / (4 * HOUR);
      b += peak * shape;
    }
    for (const w of this.schedule.webinars) {
      const x = t - w.attendanceAt;
      if (x > 0 && x < 7 * HOUR) b += w.peakBacklog * (x < 20 * MINUTE ? x / (20 * MINUTE) : Math.max(0, 1 - (x - 20 * MINUTE) / (6.5 * HOUR)));
    }
    for (const s of this.schedule.sends) {
      const x = t - s.at - 30 * MINUTE;
      if (x > 0 && x < 6.5 * HOUR) b += s.peakBacklog * (x < 2 * HOUR ? x / (2 * HOUR) : Math.max(0, 1 - (x - 2 * HOUR) / (4.5 * HOUR)));
    }
    return b;
  }

  /** Time a lead that became routable at t waits in the queue. */
  queueDelay(t: number, rng: Rng): number {
    const fixed = t >= this.fixSec;
    let d = fixed ? rng.lognormal(16, 0.7) : rng.lognormal(65, 0.95);
    const b = this.backlog(t);
    if (b > 0) d += b * rng.range(0.75, 1.15) * (fixed ? 0.05 : 1);
    return Math.max(1, Math.round(d));
  }

  private readonly pools = new Map<string, Rep[]>();

  /** Active reps of a team at t (optionally restricted to a region). Cached per staffing era. */
  private pool(team: Team, t: number, region?: Region | "notEMEA"): Rep[] {
    let era = 0;
    for (const r of this.reps) if (r.leaveT <= t) era++;
    const key = `${team}|${region ?? ""}|${era}`;
    let p = this.pools.get(key);
    if (!p) {
      p = this.reps.filter(
        (r) => r.team === team && r.leaveT > t && (!region || r.region === region || (region === "notEMEA" && r.region !== "EMEA")),
      );
      this.pools.set(key, p);
    }
    return p;
  }

  private roundRobin(key: string, pool: Rep[]): Rep {
    const n = this.rr[key] ?? 0;
    this.rr[key] = n + 1;
    return pool[n % pool.length] as Rep;
  }

  /** Route a lead: team by employee count; account match for target accounts, territory for EMEA, else round robin. */
  route(employees: number | null, country: string | null, company: Company | null, t: number, rng: Rng): { rep: Rep; channel: string } {
    const team = teamForEmployees(employees);
    if (company && company.isTarget) {
      const all = this.teamReps[team];
      const owner = all[company.index % all.length] as Rep;
      if (owner.leaveT > t) return { rep: owner, channel: "account_match" };
    }
    // Enterprise has an EMEA territory; everyone else is one round-robin pool per team.
    const region = regionOfCountry(country);
    if (team === "enterprise") {
      const emea = this.pool(team, t, "EMEA");
      if (region === "EMEA" && emea.length > 0) return { rep: this.roundRobin(`${team}/EMEA`, emea), channel: "territory" };
      const rest = this.pool(team, t, "notEMEA");
      if (rest.length > 0) return { rep: this.roundRobin(team, rest), channel: rng.chance(0.02) ? "territory" : "round_robin" };
    }
    const pool = this.pool(team, t);
    const rep = this.roundRobin(team, pool);
    return { rep, channel: rng.chance(0.02) ? "territory" : "round_robin" };
  }

  /** Who takes over a departed rep's open leads. */
  successor(rep: Rep): Rep {
    const pool = this.reps.filter((r) => r.team === rep.team && r.leaveT === Infinity);
    return (pool[rep.index % pool.length] ?? rep) as Rep;
  }

  // ---------------------------------------------------------------- working clocks

  private localParts(rep: Rep, t: number): { day: number; sod: number } {
    const local = rep.tz.toLocal(t);
    const day = Math.floor(local / DAY);
    return { day, sod: local - day * DAY };
  }

  localDate(rep: Rep, t: number): string {
    return dayString(this.localParts(rep, t).day);
  }

  isWorking(rep: Rep, t: number): boolean {
    const { day, sod } = this.localParts(rep, t);
    return isWorkDay(day) && sod >= rep.start && sod < rep.end;
  }

  isLocalWeekend(rep: Rep, t: number): boolean {
    const w = dayOfWeek(this.localParts(rep, t).day);
    return w === 0 || w === 6;
  }

  /** The first local working day whose working hours have not ended at t. */
  workDayFrom(rep: Rep, t: number): number {
    const { day, sod } = this.localParts(rep, t);
    let d = day;
    if (!(isWorkDay(d) && sod < rep.end - 30 * MINUTE)) {
      d++;
      while (!isWorkDay(d)) d++;
    }
    return d;
  }

  /** The local working day n working days after the one containing t. */
  addWorkDays(rep: Rep, t: number, n: number): number {
    let d = this.localParts(rep, t).day;
    let left = n;
    while (left > 0) {
      d++;
      if (isWorkDay(d)) left--;
    }
    return d;
  }

  /** UTC instant of a rep's day start (with a few minutes of jitter). */
  dayStart(rep: Rep, day: number, rng: Rng): number {
    const jitter = Math.max(-25 * MINUTE, Math.min(25 * MINUTE, Math.round(rng.normal() * 9 * MINUTE)));
    return rep.tz.fromLocal(day * DAY + rep.start + jitter);
  }

  /** Next time the rep starts work after t (today if before the start of a working day). */
  nextWorkStart(rep: Rep, t: number, rng: Rng): number {
    const { day, sod } = this.localParts(rep, t);
    let d = day;
    if (!(isWorkDay(d) && sod < rep.start)) {
      d++;
      while (!isWorkDay(d)) d++;
    }
    return Math.max(t + 60, this.dayStart(rep, d, rng));
  }

  /** A random moment in a rep's working hours on a local day; skew > 1 favours the morning. */
  workTimeOn(rep: Rep, day: number, rng: Rng, skew = 1, notBefore = -Infinity): number {
    const span = rep.end - rep.start;
    let local = day * DAY + rep.start + Math.floor(span * Math.pow(rng.next(), skew));
    let t = rep.tz.fromLocal(local);
    if (t <= notBefore) {
      // Same day but later than notBefore: somewhere in what is left of the day.
      const { sod } = this.localParts(rep, notBefore);
      const from = Math.max(sod, rep.start);
      local = day * DAY + from + Math.floor(Math.max(60, rep.end - from) * rng.next());
      t = Math.max(notBefore + 60, rep.tz.fromLocal(local));
    }
    return t;
  }

  /** Move t to the rep's early-morning or evening on the same local day (reps who start early or stay late). */
  offHours(rep: Rep, t: number, rng: Rng): number {
    const { day } = this.localParts(rep, t);
    const local = rng.chance(0.5)
      ? day * DAY + Math.round(rng.range(7.1 * HOUR, rep.start - 5 * MINUTE))
      : day * DAY + Math.round(rng.range(rep.end + 5 * MINUTE, 19.6 * HOUR));
    return rep.tz.fromLocal(local);
  }

  // ---------------------------------------------------------------- reference tables

  writeReference(): void {
    const w = this.writers;
    for (const r of this.reps) {
      const [first, ...rest] = r.def.name.split(" ");
      const email = `${(first ?? "").toLowerCase()}.${rest.join("").toLowerCase().replace(/[^a-z]/g, "")}@lumenary.io`;
      w.user.row({
        id: r.id,
        name: r.def.name,
        email,
        time_zone_sid_key: r.def.tzField,
        user_role_id: ROLE_IDS[r.team],
        is_active: r.leaveT === Infinity,
      });
    }
    for (const c of this.schedule.campaigns) {
      w.campaign.row({ id: c.id, name: c.name, type: c.type, is_deleted: c.deleted });
    }
    for (const f of FORMS) {
      w.form.row({ guid: f.guid, name: f.name, form_type: f.formType });
    }
  }
}
