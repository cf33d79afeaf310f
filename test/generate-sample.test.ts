import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import rawContract from "../includes/raw_contract.js";
import { formatProgress, generateSample, targetAccountDomains } from "../scripts/lib/sample/index";

const END = "2026-11-23";
const END_TS = "2026-11-23 00:00:00";
const FIX_TS = "2026-10-12 00:00:00"; // 42 days before END: the routing fix
const ROOT = path.resolve(__dirname, "..");

type Rec = Record<string, string | null>;

/** Minimal RFC 4180 reader (kept independent of the generator's writer). Empty unquoted field = null. */
function readCsv(file: string): { header: string[]; rows: Rec[]; fieldCounts: number[] } {
  const text = fs.readFileSync(file, "utf8");
  const records: (string | null)[][] = [];
  let rec: (string | null)[] = [];
  let field = "";
  let quoted = false;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += ch;
    } else if (ch === '"') {
      inQuotes = true;
      quoted = true;
    } else if (ch === "," || ch === "\n") {
      rec.push(field === "" && !quoted ? null : field);
      field = "";
      quoted = false;
      if (ch === "\n") {
        records.push(rec);
        rec = [];
      }
    } else field += ch;
  }
  if (field !== "" || rec.length > 0) {
    rec.push(field === "" && !quoted ? null : field);
    records.push(rec);
  }
  const header = (records.shift() ?? []).map((h) => h ?? "");
  const rows = records.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? null])) as Rec);
  return { header, rows, fieldCounts: records.map((r) => r.length) };
}

function contractTables(): { system: string; table: string; columns: string[] }[] {
  const out: { system: string; table: string; columns: string[] }[] = [];
  for (const [system, tables] of Object.entries(rawContract.tables)) {
    for (const [table, def] of Object.entries(tables as Record<string, { columns: Record<string, unknown> }>)) {
      out.push({ system, table, columns: Object.keys(def.columns) });
    }
  }
  return out;
}

function hashDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of contractTables()) {
    const f = path.join(dir, t.system, `${t.table}.csv`);
    out[`${t.system}/${t.table}`] = createHash("sha256").update(fs.readFileSync(f)).digest("hex");
  }
  return out;
}

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "handoff-sample-test-"));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

describe("determinism", () => {
  it("same seed, size and end give byte-identical files; another seed does not", async () => {
    const a = path.join(tmpRoot, "a");
    const b = path.join(tmpRoot, "b");
    const c = path.join(tmpRoot, "c");
    const ra = await generateSample({ seed: 7, leads: 400, end: END, outDir: a });
    const rb = await generateSample({ seed: 7, leads: 400, end: END, outDir: b });
    await generateSample({ seed: 8, leads: 400, end: END, outDir: c });
    expect(rb.rowCounts).toEqual(ra.rowCounts);
    const ha = hashDir(a);
    expect(hashDir(b)).toEqual(ha);
    const hc = hashDir(c);
    for (const k of ["salesforce/lead", "salesforce/task", "hubspot/contact", "hubspot/contact_property_history", "routing/routing_log"]) {
      expect(hc[k], k).not.toEqual(ha[k]);
    }
    // Reference tables do not depend on the seed.
    expect(hc["salesforce/user"]).toEqual(ha["salesforce/user"]);
    expect(hc["hubspot/form"]).toEqual(ha["hubspot/form"]);
  });

  it("leaves no partial files behind and reports rows per table", async () => {
    const d = path.join(tmpRoot, "small");
    const r = await generateSample({ seed: 1, leads: 50, end: END, outDir: d });
    for (const t of contractTables()) {
      const lines = fs.readFileSync(path.join(d, t.system, `${t.table}.csv`), "utf8").split("\n").length - 2;
      expect(lines, t.table).toBeGreaterThanOrEqual(r.rowCounts[`${t.system}.${t.table}`] ?? -1);
    }
    const leftovers = fs.readdirSync(d, { recursive: true }).filter((f) => String(f).endsWith(".partial"));
    expect(leftovers).toEqual([]);
    expect(r.rows).toBe(Object.values(r.rowCounts).reduce((x, y) => x + y, 0));
  });

  it("reports progress as a readable line, the same in npm start and npm run sample", async () => {
    const lines: string[] = [];
    await generateSample({ seed: 1, leads: 40, end: END, outDir: path.join(tmpRoot, "progress"), onProgress: (p) => lines.push(formatProgress(p)) });
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.at(-1)).toMatch(/^100% {2}40\/40 prospects, [\d,]+ rows, \d+\.\ds$/);
    expect(formatProgress({ leadsDone: 1500, leads: 3000, rows: 12345, seconds: 2.04 })).toBe(" 50%  1,500/3,000 prospects, 12,345 rows, 2.0s");
  });
});

describe("default size (3000 leads)", () => {
  const dir = path.join(tmpRoot, "default");
  let result: Awaited<ReturnType<typeof generateSample>>;
  const data: Record<string, Rec[]> = {};
  const headers: Record<string, string[]> = {};
  const t = (name: string): Rec[] => data[name] ?? [];

  beforeAll(async () => {
    result = await generateSample({ seed: 42, leads: 3000, end: END, outDir: dir });
    for (const ct of contractTables()) {
      const { header, rows, fieldCounts } = readCsv(path.join(dir, ct.system, `${ct.table}.csv`));
      headers[`${ct.system}.${ct.table}`] = header;
      data[ct.table] = rows;
      for (const n of fieldCounts) if (n !== header.length) throw new Error(`${ct.table}: a row has ${n} fields, header has ${header.length}`);
    }
  }, 60_000);


  it("writes every contract table with exactly its columns, in order", () => {
    for (const ct of contractTables()) {
      expect(headers[`${ct.system}.${ct.table}`], ct.table).toEqual(ct.columns);
      expect(fs.existsSync(path.join(dir, ct.system, `${ct.table}.csv`))).toBe(true);
    }
    expect(Object.keys(result.rowCounts).sort()).toEqual(contractTables().map((c) => `${c.system}.${c.table}`).sort());
  });

  it("has sane row counts", () => {
    for (const ct of contractTables()) expect(t(ct.table).length, ct.table).toBe(result.rowCounts[`${ct.system}.${ct.table}`]);
    expect(t("user").length).toBeGreaterThanOrEqual(15);
    expect(t("user").length).toBeLessThanOrEqual(20);
    expect(t("contact").length).toBeGreaterThanOrEqual(3000);
    expect(t("contact").length).toBeLessThan(3200);
    expect(t("lead").length).toBeGreaterThan(2500);
    expect(t("lead").length).toBeLessThan(3000);
    expect(t("task").length).toBeGreaterThan(t("lead").length);
    expect(t("contact_property_history").length).toBeGreaterThan(5 * t("contact").length);
    expect(t("routing_log").length).toBeGreaterThan(t("lead").length);
    expect(t("opportunity").length).toBeGreaterThan(150);
    expect(t("campaign").length).toBeGreaterThanOrEqual(10);
  });

  it("formats values as the loader expects", () => {
    const ts = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
    const date = /^\d{4}-\d{2}-\d{2}$/;
    const checks: [string, string, RegExp][] = [
      ["lead", "created_date", ts],
      ["lead", "converted_date", date],
      ["task", "completed_date_time", ts],
      ["task", "activity_date", date],
      ["contact_property_history", "timestamp", ts],
      ["routing_log", "occurred_at", ts],
      ["lead", "is_converted", /^(true|false)$/],
      ["contact", "_fivetran_deleted", /^(true|false)$/],
      ["contact", "id", /^\d+$/],
      ["lead", "number_of_employees", /^\d+$/],
    ];
    for (const [table, col, re] of checks) {
      for (const r of t(table)) {
        const v = r[col];
        if (v !== null && v !== undefined) expect(v, `${table}.${col}`).toMatch(re);
      }
    }
    // Fields with commas/quotes round-trip through quoting.
    expect(t("lead").some((r) => (r.company ?? "").includes(","))).toBe(true);
    expect(t("lead").some((r) => (r.company ?? "").includes('"'))).toBe(true);
  });

  it("has nothing at or after the end of the window, and spans ~6 months", () => {
    const stamps: string[] = [];
    for (const r of t("lead")) stamps.push(r.created_date as string);
    for (const r of t("lead_history")) stamps.push(r.created_date as string);
    for (const r of t("task")) stamps.push(r.created_date as string, ...(r.completed_date_time ? [r.completed_date_time] : []));
    for (const r of t("contact_property_history")) stamps.push(r.timestamp as string);
    for (const r of t("contact_form_submission")) stamps.push(r.timestamp as string);
    for (const r of t("routing_log")) stamps.push(r.occurred_at as string);
    for (const r of t("campaign_member")) stamps.push(r.created_date as string);
    for (const r of t("opportunity")) stamps.push(r.created_date as string);
    stamps.sort();
    expect(stamps[stamps.length - 1] as string < END_TS).toBe(true);
    expect(stamps[0] as string >= "2026-05-25 00:00:00").toBe(true);
    expect(stamps[0] as string < "2026-05-27 00:00:00").toBe(true);
  });

  it("uses Salesforce-looking ids", () => {
    const prefix = (table: string, col: string, p: string) => {
      for (const r of t(table)) if (r[col]) expect(r[col], `${table}.${col}`).toMatch(new RegExp(`^${p}[0-9A-Za-z]{15}$`));
    };
    prefix("user", "id", "005");
    prefix("lead", "id", "00Q");
    prefix("task", "id", "00T");
    prefix("opportunity", "id", "006");
    prefix("campaign", "id", "701");
    prefix("campaign_member", "id", "00v");
    prefix("lead_history", "id", "017");
    prefix("lead", "converted_account_id", "001");
    prefix("lead", "converted_contact_id", "003");
    expect(t("lead").some((r) => r.owner_id?.startsWith("00G"))).toBe(true);
  });

  it("has ~15 reps in 3 teams across DST and non-DST time zones, one inactive, one without a zone", () => {
    const users = t("user");
    const zones = new Set(users.map((u) => u.time_zone_sid_key).filter((z): z is string => !!z));
    expect(zones.size).toBeGreaterThanOrEqual(3);
    for (const z of ["America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London", "Europe/Berlin", "Asia/Tokyo", "Australia/Sydney"]) {
      expect(zones.has(z), z).toBe(true);
    }
    expect(new Set(users.map((u) => u.user_role_id))).toEqual(new Set(["00E_smb", "00E_midmarket", "00E_enterprise"]));
    expect(users.filter((u) => u.is_active === "false").length).toBe(1);
    expect(users.filter((u) => !u.time_zone_sid_key).length).toBe(1);
  });

  it("has the hand-raiser and content forms", () => {
    const names = t("form").map((f) => f.name);
    for (const n of ["Demo Request", "Contact Sales", "Pricing Inquiry", "Ebook: The State of RevOps 2026", "Webinar Registration: Pipeline Forecasting", "Whitepaper Download", "Newsletter Signup", "ROI Calculator"]) {
      expect(names).toContain(n);
    }
  });

  // ---- helpers over the parsed data
  const mqlsByContact = () => {
    const m = new Map<string, string[]>();
    const seen = new Set<string>();
    for (const r of t("contact_property_history")) {
      if (r.name !== "lifecyclestage" || r.value !== "marketingqualifiedlead") continue;
      const k = `${r.contact_id}|${r.timestamp}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const list = m.get(r.contact_id as string) ?? [];
      list.push(r.timestamp as string);
      m.set(r.contact_id as string, list);
    }
    return m;
  };
  const norm = (e: string | null | undefined) => (e ?? "").trim().toLowerCase();
  const assignments = () =>
    t("lead_history")
      .filter((h) => h.field === "Owner" && h.is_deleted === "false" && h.old_value?.startsWith("00G") && h.new_value?.startsWith("005"))
      .map((h) => ({ lead: h.lead_id as string, at: h.created_date as string, owner: h.new_value as string }));

  it("qualifies at a form (same second or a workflow delay later) or by score with no form at that moment", () => {
    const forms = new Map<string, string[]>();
    for (const f of t("contact_form_submission")) {
      const l = forms.get(f.contact_id as string) ?? [];
      l.push(f.timestamp as string);
      forms.set(f.contact_id as string, l);
    }
    let same = 0;
    let workflow = 0;
    let score = 0;
    let noForm = 0;
    for (const [cid, ts] of mqlsByContact()) {
      for (const m of ts) {
        const before = (forms.get(cid) ?? []).filter((f) => f <= m).sort();
        const last = before[before.length - 1];
        if (!last) {
          noForm++;
          continue;
        }
        const gap = (Date.parse(m.replace(" ", "T") + "Z") - Date.parse(last.replace(" ", "T") + "Z")) / 1000;
        if (gap === 0) same++;
        else if (gap <= 600) workflow++;
        else score++;
      }
    }
    expect(same).toBeGreaterThan(100);
    expect(workflow).toBeGreaterThan(100);
    expect(score).toBeGreaterThan(100);
    expect(noForm).toBe(0);
  });

  it("recycles ~5% of leads into a second MQL 3-8 weeks later", () => {
    const m = mqlsByContact();
    const twice = [...m.values()].filter((ts) => ts.length >= 2);
    expect(twice.length / m.size).toBeGreaterThan(0.03);
    expect(twice.length / m.size).toBeLessThan(0.08);
    for (const ts of twice) {
      ts.sort();
      const days = (Date.parse((ts[1] as string).replace(" ", "T") + "Z") - Date.parse((ts[0] as string).replace(" ", "T") + "Z")) / 86400000;
      expect(days).toBeGreaterThanOrEqual(20);
      expect(days).toBeLessThanOrEqual(57);
    }
    // The recycled lead goes back to `lead` in between, and is routed a second time.
    const backToLead = new Set(
      t("contact_property_history")
        .filter((r) => r.name === "lifecyclestage" && r.value === "lead" && r.source === "WORKFLOWS")
        .map((r) => r.contact_id),
    );
    expect(backToLead.size).toBeGreaterThanOrEqual(twice.length * 0.9);
    const perLead = new Map<string, number>();
    for (const a of assignments()) perLead.set(a.lead, (perLead.get(a.lead) ?? 0) + 1);
    expect([...perLead.values()].filter((n) => n >= 2).length).toBeGreaterThan(twice.length * 0.7);
  });

  it("has contacts without a lead, missing lead ids, and duplicate contacts", () => {
    const leadEmails = new Set(t("lead").map((l) => norm(l.email)));
    const contacts = t("contact");
    const withoutLead = contacts.filter((c) => !leadEmails.has(norm(c.property_email)));
    expect(withoutLead.length / contacts.length).toBeGreaterThan(0.05);
    expect(withoutLead.length / contacts.length).toBeLessThan(0.12);
    // Synced (email matches a lead) but the lead id was never written back.
    const synced = contacts.filter((c) => leadEmails.has(norm(c.property_email)) && c._fivetran_deleted === "false");
    const noId = synced.filter((c) => !c.property_salesforceleadid);
    expect(noId.length / synced.length).toBeGreaterThan(0.05);
    expect(noId.length / synced.length).toBeLessThan(0.16);
    // Same person twice: email differs only by case/whitespace.
    const byEmail = new Map<string, Rec[]>();
    for (const c of contacts) byEmail.set(norm(c.property_email), [...(byEmail.get(norm(c.property_email)) ?? []), c]);
    const dupes = [...byEmail.values()].filter((l) => l.length >= 2);
    expect(dupes.length / byEmail.size).toBeGreaterThan(0.01);
    expect(dupes.some((l) => l.some((c) => c._fivetran_deleted === "true"))).toBe(true);
    expect(dupes.some((l) => l.every((c) => c._fivetran_deleted === "false"))).toBe(true);
    expect(dupes.every((l) => new Set(l.map((c) => c.property_email)).size === l.length)).toBe(true);
    // Messy emails.
    expect(contacts.some((c) => c.property_email !== c.property_email?.trim())).toBe(true);
    expect(contacts.some((c) => c.property_email !== c.property_email?.toLowerCase())).toBe(true);
  });

  it("has firmographics: ranges vs counts, free-mail, universities, missing fit fields, target accounts", () => {
    const ranges = new Set(["1-5", "5-25", "25-50", "50-100", "100-500", "500-1000", "1000+"]);
    for (const c of t("contact")) if (c.property_numemployees) expect(ranges.has(c.property_numemployees)).toBe(true);
    const leads = t("lead");
    expect(leads.some((l) => /@(gmail|yahoo|outlook|hotmail)\.com$/.test(norm(l.email)))).toBe(true);
    expect(leads.some((l) => /\.(edu|ac\.uk)$/.test(norm(l.email)))).toBe(true);
    expect(leads.some((l) => l.title === "Student" || l.title === "Intern")).toBe(true);
    const missing = leads.filter((l) => !l.company || !l.title || !l.industry).length / leads.length;
    expect(missing).toBeGreaterThan(0.05);
    expect(missing).toBeLessThan(0.2);
    const industries = new Set(leads.map((l) => l.industry));
    for (const i of ["Software", "Financial Services", "Healthcare", "Manufacturing", "Retail", "Education", "Government"]) expect(industries.has(i), i).toBe(true);
    const countries = new Set(leads.map((l) => l.country));
    for (const c of ["US", "GB", "DE", "JP", "AU", "CA", "FR"]) expect(countries.has(c), c).toBe(true);
    expect(targetAccountDomains.length).toBeGreaterThanOrEqual(15);
    const domains = new Set(leads.map((l) => norm(l.email).split("@")[1]));
    expect(targetAccountDomains.filter((d) => domains.has(d)).length).toBeGreaterThanOrEqual(15);
  });

  it("syncs leads in 15-minute batches, some late, ~10% created before they qualified", () => {
    const created = t("lead").filter((l) => l.is_deleted === "false").map((l) => l.created_date as string);
    const offsets = created.map((c) => {
      const [, mm, ss] = (c.split(" ")[1] as string).split(":").map(Number) as [number, number, number];
      return (mm % 15) * 60 + ss;
    });
    expect(offsets.filter((o) => o < 120).length / offsets.length).toBeGreaterThan(0.85);
    const listLoads = t("lead").filter((l) => l.lead_source === "Trade Show" || l.lead_source === "Content Syndication").length;
    expect(listLoads / t("lead").length).toBeGreaterThan(0.05);
    expect(listLoads / t("lead").length).toBeLessThan(0.16);
  });

  it("routes from queues with round robin / territory / account match, faster after the ops fix", () => {
    const leads = new Map(t("lead").map((l) => [l.id as string, l]));
    const channels = new Set(t("routing_log").filter((r) => r.event === "assigned").map((r) => r.channel));
    expect(channels).toEqual(new Set(["round_robin", "territory", "account_match"]));
    expect(new Set(t("routing_log").filter((r) => r.event === "notified").map((r) => r.channel))).toEqual(new Set(["email", "slack"]));
    const logged = new Set(t("routing_log").filter((r) => r.event === "assigned").map((r) => r.lead_id));
    const notified = new Set(t("routing_log").filter((r) => r.event === "notified").map((r) => r.lead_id));
    const as = assignments();
    const firstPerLead = new Map<string, { at: string; owner: string }>();
    for (const a of as) if (!firstPerLead.has(a.lead) || (firstPerLead.get(a.lead) as { at: string }).at > a.at) firstPerLead.set(a.lead, a);
    const unlogged = [...firstPerLead.keys()].filter((l) => !logged.has(l)).length / firstPerLead.size;
    expect(unlogged).toBeGreaterThan(0.02);
    expect(unlogged).toBeLessThan(0.09);
    const unnotified = [...logged].filter((l) => !notified.has(l)).length / logged.size;
    expect(unnotified).toBeGreaterThan(0.04);
    expect(unnotified).toBeLessThan(0.13);
    const delays = (from: string, to: string) =>
      [...firstPerLead.entries()]
        .filter(([id, a]) => a.at >= from && a.at < to && !["Trade Show", "Content Syndication"].includes(leads.get(id)?.lead_source ?? ""))
        .map(([id, a]) => (Date.parse(a.at.replace(" ", "T") + "Z") - Date.parse((leads.get(id)?.created_date as string).replace(" ", "T") + "Z")) / 1000)
        .sort((x, y) => x - y);
    const before = delays("2000", FIX_TS);
    const after = delays(FIX_TS, END_TS);
    const median = (xs: number[]) => xs[Math.floor(xs.length / 2)] as number;
    const p90 = (xs: number[]) => xs[Math.floor(xs.length * 0.9)] as number;
    expect(median(before)).toBeLessThan(600);
    expect(before.filter((d) => d > 1800).length).toBeGreaterThan(50); // peaks: 30 min+
    expect(before[before.length - 1]).toBeGreaterThan(2 * 3600); // several hours at the worst
    expect(median(after)).toBeLessThan(median(before));
    expect(p90(after)).toBeLessThan(p90(before) / 3);
    // Owner changes to the assignee within seconds of the routing log.
    const logAt = new Map(t("routing_log").filter((r) => r.event === "assigned").map((r) => [`${r.lead_id}|${r.owner_id}`, r.occurred_at as string]));
    let close = 0;
    let n = 0;
    for (const a of as) {
      const at = logAt.get(`${a.lead}|${a.owner}`);
      if (!at) continue;
      n++;
      if (Math.abs(Date.parse(a.at.replace(" ", "T") + "Z") - Date.parse(at.replace(" ", "T") + "Z")) <= 10_000) close++;
    }
    expect(close / n).toBeGreaterThan(0.95);
  });

  it("touches leads in the owner's working hours, rarely on weekends; some never, some before routing", () => {
    const users = new Map(t("user").map((u) => [u.id as string, u]));
    const fmt = new Map<string, Intl.DateTimeFormat>();
    const local = (ts: string, tz: string) => {
      let f = fmt.get(tz);
      if (!f) {
        f = new Intl.DateTimeFormat("en-US", { timeZone: tz, weekday: "short", hour: "2-digit", hourCycle: "h23" });
        fmt.set(tz, f);
      }
      const parts = f.formatToParts(new Date(ts.replace(" ", "T") + "Z"));
      return { wd: parts.find((p) => p.type === "weekday")?.value, hour: Number(parts.find((p) => p.type === "hour")?.value) };
    };
    const touches = t("task").filter((x) => x.is_deleted === "false" && x.status === "Completed" && ["Call", "Email", "Meeting"].includes(x.type ?? ""));
    let weekend = 0;
    let inHours = 0;
    for (const x of touches) {
      const tz = users.get(x.owner_id as string)?.time_zone_sid_key || "America/New_York";
      const l = local(x.completed_date_time as string, tz);
      if (l.wd === "Sat" || l.wd === "Sun") weekend++;
      if (l.hour >= 8 && l.hour < 18) inHours++;
    }
    expect(weekend / touches.length).toBeLessThan(0.02);
    expect(inHours / touches.length).toBeGreaterThan(0.95);
    // Types, subtypes, dispositions, and non-touch tasks.
    expect(new Set(touches.map((x) => x.type))).toEqual(new Set(["Call", "Email", "Meeting"]));
    const dispositions = new Set(t("task").map((x) => x.call_disposition));
    for (const d of ["Left Voicemail", "Connected", "No Answer"]) expect(dispositions.has(d)).toBe(true);
    expect(t("task").some((x) => x.type === "Other")).toBe(true);
    expect(t("task").some((x) => x.status === "Not Started")).toBe(true);
    // First touch relative to routing.
    const firstTouch = new Map<string, string>();
    for (const x of touches) {
      const prev = firstTouch.get(x.who_id as string);
      if (!prev || (x.completed_date_time as string) < prev) firstTouch.set(x.who_id as string, x.completed_date_time as string);
    }
    const first = new Map<string, string>();
    for (const a of assignments()) if (!first.has(a.lead) || (first.get(a.lead) as string) > a.at) first.set(a.lead, a.at);
    const routed = [...first.entries()].filter(([, at]) => at < "2026-11-16");
    const never = routed.filter(([id]) => !firstTouch.has(id)).length / routed.length;
    expect(never).toBeGreaterThan(0.06);
    expect(never).toBeLessThan(0.18);
    const beforeRouting = routed.filter(([id, at]) => (firstTouch.get(id) ?? "9") < at).length / routed.length;
    expect(beforeRouting).toBeGreaterThan(0.005);
    expect(beforeRouting).toBeLessThan(0.05);
  });

  it("has dispositions including an unmapped value and still-open recent handoffs", () => {
    const statuses = new Set(t("lead").map((l) => l.status));
    for (const s of ["Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted", "Unqualified - Bad Fit", "Nurture - No Response", "Recycled - Follow Up Later"]) {
      expect(statuses.has(s), s).toBe(true);
    }
    const hist = t("lead_history").filter((h) => h.field === "Status");
    expect(hist.some((h) => h.old_value === "Open - Not Contacted" && h.new_value === "Working - Contacted")).toBe(true);
    expect(t("lead").some((l) => l.status === "Open - Not Contacted" && (l.created_date as string) > "2026-11-16" && l.owner_id?.startsWith("005"))).toBe(true);
    const hs = new Set(t("contact_property_history").filter((r) => r.name === "hs_lead_status").map((r) => r.value));
    expect(hs).toEqual(new Set(["NEW", "OPEN", "IN_PROGRESS", "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING", "UNQUALIFIED"]));
    // History chains are consistent: each change starts from the previous value.
    const chains = new Map<string, Rec[]>();
    for (const h of t("lead_history")) {
      if (h.is_deleted === "true") continue;
      const k = `${h.lead_id}|${h.field}`;
      chains.set(k, [...(chains.get(k) ?? []), h]);
    }
    for (const list of chains.values()) {
      list.sort((a, b) => ((a.created_date as string) < (b.created_date as string) ? -1 : 1));
      for (let i = 1; i < list.length; i++) expect((list[i] as Rec).old_value).toBe((list[i - 1] as Rec).new_value);
    }
    // The lead's current values are the last history values.
    const leads = new Map(t("lead").filter((l) => l.is_deleted === "false").map((l) => [l.id, l]));
    for (const [k, list] of chains) {
      const [id, field] = k.split("|");
      const lead = leads.get(id as string);
      if (!lead) continue;
      expect(field === "Owner" ? lead.owner_id : lead.status).toBe((list[list.length - 1] as Rec).new_value);
    }
  });

  it("converts ~15% of handed-off leads into opportunities, more for good fit, hand-raisers and fast touches", () => {
    const routed = new Set(assignments().map((a) => a.lead));
    const leads = t("lead").filter((l) => l.is_deleted === "false" && routed.has(l.id as string));
    const converted = leads.filter((l) => l.is_converted === "true");
    expect(converted.length / leads.length).toBeGreaterThan(0.1);
    expect(converted.length / leads.length).toBeLessThan(0.22);
    const opps = new Map(t("opportunity").filter((o) => o.is_deleted === "false").map((o) => [o.id, o]));
    const withOpp = converted.filter((l) => l.converted_opportunity_id && opps.has(l.converted_opportunity_id));
    expect(withOpp.length).toBeGreaterThan(converted.length * 0.8);
    for (const l of converted) {
      expect(l.converted_date).not.toBeNull();
      expect(l.converted_account_id).not.toBeNull();
      expect(l.converted_contact_id).not.toBeNull();
      expect(l.status).toBe("Closed - Converted");
    }
    for (const o of opps.values()) {
      expect(["Prospecting", "Discovery", "Proposal", "Negotiation", "Closed Won", "Closed Lost"]).toContain(o.stage_name);
      expect(o.is_won === "true").toBe(o.stage_name === "Closed Won");
      expect(o.is_closed === "true").toBe(o.stage_name === "Closed Won" || o.stage_name === "Closed Lost");
      const amount = Number(o.amount);
      expect(amount).toBeGreaterThanOrEqual(5000);
      expect(amount).toBeLessThanOrEqual(250000);
    }
    expect([...opps.values()].some((o) => o.stage_name === "Closed Won")).toBe(true);
    const rate = (pred: (l: Rec) => boolean) => {
      const xs = leads.filter(pred);
      return xs.filter((l) => l.is_converted === "true").length / Math.max(1, xs.length);
    };
    const senior = (l: Rec) => /^(VP|Head|Director|Chief|CFO|CEO)/.test(l.title ?? "");
    const poor = (l: Rec) => /Student|Intern/.test(l.title ?? "") || /@(gmail|yahoo|outlook|hotmail)\.com$|\.edu$|\.ac\.uk$/.test(norm(l.email));
    expect(rate(senior)).toBeGreaterThan(rate(poor) * 2);
    const hand = (l: Rec) => l.lead_source === "Web" || l.lead_source === "Paid Search";
    expect(rate(hand)).toBeGreaterThan(rate((l) => !hand(l)));
  });

  it("has campaigns and members, with ~10% of leads missing campaign context", () => {
    const types = new Set(t("campaign").map((c) => c.type));
    for (const ty of ["Webinar", "Content", "Paid Search", "Event", "Email"]) expect(types.has(ty), ty).toBe(true);
    const withMember = new Set(t("campaign_member").map((m) => m.lead_id));
    const leads = t("lead").filter((l) => l.is_deleted === "false");
    const without = leads.filter((l) => !withMember.has(l.id)).length / leads.length;
    expect(without).toBeGreaterThan(0.06);
    expect(without).toBeLessThan(0.16);
  });

  it("has dirty rows: soft deletes and exact duplicates", () => {
    for (const table of ["lead", "task", "lead_history", "opportunity"]) {
      expect(t(table).some((r) => r.is_deleted === "true"), table).toBe(true);
    }
    const dupKeys = (table: string, key: (r: Rec) => string) => {
      const seen = new Map<string, string>();
      let exact = 0;
      for (const r of t(table)) {
        const k = key(r);
        const line = JSON.stringify(r);
        if (seen.has(k) && seen.get(k) === line) exact++;
        seen.set(k, line);
      }
      return exact;
    };
    expect(dupKeys("lead", (r) => r.id as string)).toBeGreaterThan(0);
    expect(dupKeys("task", (r) => r.id as string)).toBeGreaterThan(0);
    expect(dupKeys("routing_log", (r) => r.id as string)).toBeGreaterThan(0);
    expect(dupKeys("contact_property_history", (r) => `${r.contact_id}|${r.name}|${r.timestamp}|${r.value}`)).toBeGreaterThan(0);
  });

  it("has weekday rhythm, campaign spikes and after-hours leads", () => {
    const byDay = new Map<string, number>();
    for (const r of t("contact_property_history")) {
      if (r.name === "lifecyclestage" && r.value === "marketingqualifiedlead") {
        const d = (r.timestamp as string).slice(0, 10);
        byDay.set(d, (byDay.get(d) ?? 0) + 1);
      }
    }
    const dow = (d: string) => new Date(d + "T00:00:00Z").getUTCDay();
    const avg = (f: (d: string) => boolean) => {
      const xs = [...byDay.entries()].filter(([d]) => f(d)).map(([, n]) => n);
      return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    };
    expect(avg((d) => dow(d) === 0 || dow(d) === 6)).toBeLessThan(avg((d) => dow(d) >= 1 && dow(d) <= 5) / 2.5);
    const max = Math.max(...byDay.values());
    expect(max).toBeGreaterThan(avg((d) => dow(d) >= 1 && dow(d) <= 5) * 1.8);
    const hours = t("contact_form_submission").map((f) => Number((f.timestamp as string).slice(11, 13)));
    expect(hours.filter((h) => h >= 1 && h < 7).length).toBeGreaterThan(20);
  });
});

describe("CLI", () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "scripts/generate-sample.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });

  it("prints usage with --help", () => {
    const r = cli("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("--seed");
    expect(r.stdout).toContain("--leads");
    expect(r.stdout).toContain("--end");
    expect(r.stdout).toContain("--out");
  });

  it("rejects bad options with one clear line", () => {
    for (const args of [["--leads", "abc"], ["--leads", "0"], ["--end", "2026-13-40"], ["--seed", "-1"], ["--bogus"]]) {
      const r = cli(...args);
      expect(r.status, args.join(" ")).toBe(2);
      const lines = r.stderr.trim().split("\n");
      expect(lines.length, r.stderr).toBe(1);
      expect(lines[0]).toMatch(/^generate-sample: /);
    }
  });

  it("writes the sample where --out says", () => {
    const out = path.join(tmpRoot, "cli");
    const r = cli("--seed", "3", "--leads", "30", "--end", END, "--out", out, "--quiet");
    expect(r.stdout).toBe("");
    expect(r.status, r.stderr).toBe(0);
    expect(fs.existsSync(path.join(out, "salesforce", "lead.csv"))).toBe(true);
    expect(fs.existsSync(path.join(out, "hubspot", "contact_property_history.csv"))).toBe(true);
    expect(fs.existsSync(path.join(out, "routing", "routing_log.csv"))).toBe(true);
  });
});
