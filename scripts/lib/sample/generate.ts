// generateSample: lay N prospects over the window (weekday rhythm, growth,
// campaign spikes), draft them day by day, and simulate them in the order the
// routing tool would see them, streaming every row to its CSV.

import { performance } from "node:perf_hooks";
import { draftPerson, type Mode, type Person } from "./person";
import { processPerson } from "./journey";
import { Rng } from "./prng";
import { DAY, HOUR, dayOfWeek, dayString, parseDate } from "./time";
import { World } from "./world";
import type { EmailSend, WebinarSession } from "./catalog";

export interface SampleProgress {
  leadsDone: number;
  leads: number;
  rows: number;
  seconds: number;
}

/** Below this many prospects a sample takes about a second: no progress lines. */
export const PROGRESS_FROM_LEADS = 50_000;

/** One progress line: "40%  400/1,000 prospects, 8,123 rows, 1.2s". */
export function formatProgress(progress: SampleProgress): string {
  const count = (n: number): string => n.toLocaleString("en-US");
  const percent = progress.leads > 0 ? Math.round((100 * progress.leadsDone) / progress.leads) : 100;
  return `${String(percent).padStart(3)}%  ${count(progress.leadsDone)}/${count(progress.leads)} prospects, ${count(progress.rows)} rows, ${progress.seconds.toFixed(1)}s`;
}

export interface GenerateSampleOptions {
  /** PRNG seed (unsigned 32-bit). */
  seed: number;
  /** Number of prospects (people entering the funnel); ~92% become Salesforce leads. */
  leads: number;
  /** Last day of the window, "YYYY-MM-DD": nothing happens at or after its 00:00 UTC. */
  end: string;
  outDir: string;
  /** Length of the window in days (default 182). */
  days?: number;
  /** Called about every 5% of the people. */
  onProgress?: (p: SampleProgress) => void;
}

export interface GenerateSampleResult {
  /** Rows written per table, keyed "system.table". */
  rowCounts: Record<string, number>;
  rows: number;
  seconds: number;
  /** First day of the window (inclusive) and the end date (exclusive), YYYY-MM-DD. */
  start: string;
  end: string;
}

export const DEFAULT_DAYS = 182;

const DOW_WEIGHT = [0.22, 1.05, 1.15, 1.1, 1.05, 0.85, 0.25];

/** Fewer leads in the holiday weeks. */
function holidayFactor(day: number): number {
  const md = dayString(day).slice(5);
  if (md >= "12-22" || md <= "01-02") return 0.45;
  return 1;
}

interface DayPlan {
  day: number;
  base: number;
  webinars: WebinarSession[];
  sends: EmailSend[];
  total: number;
}

function planDays(world: World, days: number): DayPlan[] {
  const startDay = Math.floor(world.startSec / DAY);
  const plans: DayPlan[] = [];
  for (let d = 0; d < days; d++) {
    const day = startDay + d;
    const base = (DOW_WEIGHT[dayOfWeek(day)] as number) * (1 + (0.25 * d) / days) * holidayFactor(day);
    const webinars = world.schedule.webinars.filter((x) => Math.floor(x.attendanceAt / DAY) === day);
    const sends = world.schedule.sends.filter((x) => Math.floor(x.at / DAY) === day);
    const total = base + webinars.length * 0.95 + sends.length * 0.55;
    plans.push({ day, base, webinars, sends, total });
  }
  return plans;
}

/** Split n over weights by largest remainder (deterministic; ties go to the earlier day). */
function allocate(n: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (n * w) / sum);
  const counts = exact.map((x) => Math.floor(x));
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] as number) + 1;
    left--;
  }
  return counts;
}

function byRoutingOrder(a: Person, b: Person): number {
  return a.sortKey - b.sortKey || a.gen - b.gen;
}

export async function generateSample(opts: GenerateSampleOptions): Promise<GenerateSampleResult> {
  const t0 = performance.now();
  const endSec = parseDate(opts.end);
  if (endSec === null) throw new Error(`end must be a YYYY-MM-DD date, got "${opts.end}"`);
  if (!Number.isInteger(opts.seed) || opts.seed < 0 || opts.seed > 0xffffffff) throw new Error("seed must be an integer in [0, 4294967295]");
  if (!Number.isInteger(opts.leads) || opts.leads < 1) throw new Error("leads must be a positive integer");
  const days = opts.days ?? DEFAULT_DAYS;

  const world = new World(opts.seed, endSec, days, opts.outDir);
  const writers = world.allWriters;
  const rowsSoFar = () => writers.reduce((a, w) => a + w.rows, 0);
  try {
    world.writeReference();
    const plans = planDays(world, days);
    const counts = allocate(
      opts.leads,
      plans.map((p) => p.total),
    );

    let gen = 0;
    let done = 0;
    const step = Math.max(1, Math.ceil(opts.leads / 20));
    let nextReport = step;
    let buffer: Person[] = [];

    const drainAll = async (): Promise<void> => {
      const waits = writers.map((w) => w.drain()).filter((x): x is Promise<void> => x !== null);
      if (waits.length > 0) await Promise.all(waits);
    };

    const processUpTo = async (threshold: number): Promise<void> => {
      buffer.sort(byRoutingOrder);
      let i = 0;
      while (i < buffer.length && (buffer[i] as Person).sortKey < threshold) {
        processPerson(world, buffer[i] as Person);
        i++;
        done++;
        if ((done & 255) === 0) await drainAll();
        if (done >= nextReport || done === opts.leads) {
          opts.onProgress?.({ leadsDone: done, leads: opts.leads, rows: rowsSoFar(), seconds: (performance.now() - t0) / 1000 });
          nextReport = Math.min(opts.leads, nextReport + step);
          if (done === opts.leads) nextReport = Infinity;
        }
      }
      buffer = i > 0 ? buffer.slice(i) : buffer;
    };

    for (let d = 0; d < plans.length; d++) {
      const plan = plans[d] as DayPlan;
      const n = counts[d] as number;
      const dayRng = new Rng(opts.seed, 5, d);
      for (let k = 0; k < n; k++) {
        let mode: Mode = "base";
        let webinar: WebinarSession | null = null;
        let send: EmailSend | null = null;
        let x = dayRng.next() * plan.total - plan.base;
        if (x >= 0) {
          for (const wb of plan.webinars) {
            x -= 0.95;
            if (x < 0) {
              mode = "webinar";
              webinar = wb;
              break;
            }
          }
          if (mode === "base") {
            for (const s of plan.sends) {
              x -= 0.55;
              if (x < 0) {
                mode = "email";
                send = s;
                break;
              }
            }
          }
          if (mode === "base" && plan.sends.length > 0) {
            mode = "email";
            send = plan.sends[plan.sends.length - 1] as EmailSend;
          }
        }
        buffer.push(draftPerson(world, { gen: gen++, day: plan.day, mode, webinar, send }));
      }
      // Nobody drafted later can be routed before the start of the next local day anywhere.
      await processUpTo((plan.day + 1) * DAY - 14 * HOUR);
    }
    await processUpTo(Infinity);
    for (const w of writers) await w.close();
  } catch (e) {
    for (const w of writers) w.destroy();
    throw e;
  }
  const rowCounts: Record<string, number> = {};
  for (const w of writers) rowCounts[w.table.key] = w.rows;
  const seconds = (performance.now() - t0) / 1000;
  return {
    rowCounts,
    rows: rowsSoFar(),
    seconds,
    start: dayString(Math.floor(world.startSec / DAY)),
    end: opts.end,
  };
}
