// Time helpers: all times are integer seconds since the Unix epoch (UTC).
// Formatting is cached per day because it runs tens of millions of times.

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86400;
export const WEEK = 7 * DAY;

const P2: string[] = Array.from({ length: 60 }, (_, i) => (i < 10 ? "0" : "") + i);
/** Cache of day strings for days 0..65535 (1970..2149), indexed by day number. */
const dayStrings: (string | undefined)[] = new Array<string | undefined>(65536);

/** Day number (days since 1970-01-01) -> "YYYY-MM-DD". */
export function dayString(day: number): string {
  if (day >= 0 && day < 65536) {
    let s = dayStrings[day];
    if (s === undefined) {
      s = new Date(day * 86400000).toISOString().slice(0, 10);
      dayStrings[day] = s;
    }
    return s;
  }
  return new Date(day * 86400000).toISOString().slice(0, 10);
}

/** "YYYY-MM-DD HH:MM:SS" (UTC). */
export function formatTimestamp(sec: number): string {
  const day = Math.floor(sec / DAY);
  const s = sec - day * DAY;
  const h = (s / HOUR) | 0;
  const m = ((s - h * HOUR) / MINUTE) | 0;
  const ss = s - h * HOUR - m * MINUTE;
  return dayString(day) + " " + P2[h] + ":" + P2[m] + ":" + P2[ss];
}

/** "YYYY-MM-DD" of the UTC day containing sec. */
export function formatDate(sec: number): string {
  return dayString(Math.floor(sec / DAY));
}

/** Parse "YYYY-MM-DD" to the epoch second of its 00:00 UTC, or null if invalid. */
export function parseDate(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / 1000;
}

/** Day of week of a day number: 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * UTC offsets of one IANA time zone over a range, as a short list of
 * transitions found once through Intl (so lookups are a few comparisons).
 */
export class TimeZone {
  /** Transition instants (ascending) and the offset in force from each. */
  private readonly starts: number[] = [];
  private readonly offsets: number[] = [];

  constructor(
    readonly name: string,
    fromSec: number,
    toSec: number,
  ) {
    const fmt = new Intl.DateTimeFormat("en-US", {
      timeZone: name,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    const offsetAt = (sec: number): number => {
      const parts: Record<string, number> = {};
      for (const p of fmt.formatToParts(new Date(sec * 1000))) {
        if (p.type !== "literal") parts[p.type] = Number(p.value);
      }
      const local = Date.UTC(
        parts.year as number,
        (parts.month as number) - 1,
        parts.day as number,
        parts.hour as number,
        parts.minute as number,
        parts.second as number,
      );
      return Math.round(local / 1000 - sec);
    };
    let prevSec = fromSec;
    let prevOff = offsetAt(fromSec);
    this.starts.push(-Infinity);
    this.offsets.push(prevOff);
    for (let t = fromSec + DAY; t <= toSec + DAY; t += DAY) {
      const off = offsetAt(t);
      if (off !== prevOff) {
        // Binary search the exact second of the change inside (prevSec, t].
        let lo = prevSec;
        let hi = t;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (offsetAt(mid) === prevOff) lo = mid;
          else hi = mid;
        }
        this.starts.push(hi);
        this.offsets.push(off);
        prevOff = off;
      }
      prevSec = t;
    }
  }

  /** Offset (seconds east of UTC) in force at a UTC instant. */
  offset(sec: number): number {
    let i = this.starts.length - 1;
    while (i > 0 && sec < (this.starts[i] as number)) i--;
    return this.offsets[i] as number;
  }

  /** Local wall-clock seconds ("local epoch") of a UTC instant. */
  toLocal(sec: number): number {
    return sec + this.offset(sec);
  }

  /** UTC instant of a local wall-clock time (the later one in a fall-back overlap). */
  fromLocal(local: number): number {
    const guess = local - this.offset(local);
    return local - this.offset(guess);
  }

  /** Whether the zone changes offset within the range it was built for. */
  hasDst(): boolean {
    return this.starts.length > 1;
  }
}

/** A cache of TimeZone tables over one range. */
export class TimeZones {
  private readonly zones = new Map<string, TimeZone>();

  constructor(
    private readonly fromSec: number,
    private readonly toSec: number,
  ) {}

  get(name: string): TimeZone {
    let z = this.zones.get(name);
    if (!z) {
      z = new TimeZone(name, this.fromSec, this.toSec);
      this.zones.set(name, z);
    }
    return z;
  }
}
