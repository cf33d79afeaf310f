// Buffered RFC 4180 CSV writers, one per contract table.
// Rows go into a string buffer that is handed to a write stream in large
// chunks; the generator awaits `drain()` between batches so memory stays bounded.

import * as fs from "node:fs";
import * as path from "node:path";
import type { ContractColumn, ContractTable } from "./contract";
import { formatDate, formatTimestamp } from "./time";

/** A cell value: null/undefined = NULL; numbers for int64/float64 and (epoch seconds) for timestamp/date. */
export type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, Cell>;

const NEEDS_QUOTES = /[",\r\n]/;

/** Quote a string field if it holds a comma, quote, CR or LF. */
export function csvEscape(s: string): string {
  return NEEDS_QUOTES.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

type CellFormatter = (v: Cell, name: string) => string;

function fmtString(v: Cell): string {
  const s = typeof v === "string" ? v : String(v);
  return NEEDS_QUOTES.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function fmtInt(v: Cell, name: string): string {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new Error(`${name}: not an integer: ${String(v)}`);
  return String(v);
}

function fmtFloat(v: Cell, name: string): string {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${name}: not a number: ${String(v)}`);
  return String(v);
}

function fmtBool(v: Cell): string {
  return v ? "true" : "false";
}

function fmtTimestamp(v: Cell, name: string): string {
  if (typeof v !== "number") throw new Error(`${name}: timestamp must be epoch seconds`);
  return formatTimestamp(v);
}

function fmtDate(v: Cell): string {
  return typeof v === "number" ? formatDate(v) : String(v);
}

const FORMATTERS: Record<ContractColumn["type"], CellFormatter> = {
  string: fmtString,
  int64: fmtInt,
  float64: fmtFloat,
  bool: fmtBool,
  timestamp: fmtTimestamp,
  date: fmtDate,
};

/**
 * Compile a row formatter for a table: straight-line code reading each
 * contract column by name, in contract order (much faster than a generic loop
 * at tens of millions of rows). Column names come from the contract and are
 * embedded as JSON string literals.
 */
function compileRowFormatter(cols: readonly ContractColumn[]): (r: Row) => string {
  const fns = cols.map((c) => FORMATTERS[c.type]);
  let body = "let v;\nlet line = '';\n";
  cols.forEach((c, i) => {
    const key = JSON.stringify(c.name);
    if (i > 0) body += "line += ',';\n";
    body += `v = r[${key}];\nif (v !== null && v !== undefined && v !== '') line += f${i}(v, ${key});\n`;
  });
  body += "return line;";
  const factory = new Function(...fns.map((_, i) => `f${i}`), `return function formatRow(r) {\n${body}\n};`) as (
    ...f: CellFormatter[]
  ) => (r: Row) => string;
  return factory(...fns);
}

const CHUNK = 1 << 20;

export class TableWriter {
  rows = 0;
  /** Formatted lines not yet encoded (a short-lived string of up to ~512 lines). */
  private pendingText = "";
  private pendingLines = 0;
  /** Current output chunk; handed to the stream whole and replaced. */
  private chunk: Buffer = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private readonly format: (r: Row) => string;
  private readonly stream: fs.WriteStream;
  private readonly tmpPath: string;
  readonly finalPath: string;
  private pending: Promise<void> | null = null;
  private checked = false;
  private failure: Error | null = null;

  constructor(
    readonly table: ContractTable,
    outDir: string,
  ) {
    const dir = path.join(outDir, table.system);
    fs.mkdirSync(dir, { recursive: true });
    this.finalPath = path.join(dir, `${table.table}.csv`);
    this.tmpPath = `${this.finalPath}.partial`;
    this.stream = fs.createWriteStream(this.tmpPath, { highWaterMark: 4 * CHUNK });
    this.stream.on("error", (e) => {
      this.failure = e;
    });
    this.format = compileRowFormatter(table.columns);
    this.pendingText = table.columns.map((c) => csvEscape(c.name)).join(",") + "\n";
    this.encode();
  }

  row(r: Row): void {
    if (!this.checked) {
      // Once per table: every key written must be a contract column.
      const cols = this.table.columns;
      for (const k of Object.keys(r)) {
        if (!cols.some((c) => c.name === k)) throw new Error(`${this.table.key}: "${k}" is not a contract column`);
      }
      this.checked = true;
    }
    this.pendingText += this.format(r) + "\n";
    this.rows++;
    if (++this.pendingLines >= 512) this.encode();
  }

  /** Encode pending lines into the chunk (UTF-8). */
  private encode(): void {
    this.pendingLines = 0;
    const s = this.pendingText;
    if (s.length === 0) return;
    this.pendingText = "";
    // Worst case 3 bytes per UTF-16 unit.
    if (this.used + s.length * 3 > CHUNK) {
      this.flush();
      if (s.length * 3 > CHUNK) {
        this.write(Buffer.from(s, "utf8"));
        return;
      }
    }
    this.used += this.chunk.write(s, this.used, "utf8");
  }

  /** Hand the filled chunk to the stream and start a new one. */
  private flush(): void {
    if (this.used === 0) return;
    this.write(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
  }

  private write(b: Buffer): void {
    const ok = this.stream.write(b);
    if (!ok && !this.pending) {
      this.pending = new Promise<void>((resolve) => {
        this.stream.once("drain", () => {
          this.pending = null;
          resolve();
        });
      });
    }
  }

  /** Resolves once the stream has room again (backpressure); null if it has room now. */
  drain(): Promise<void> | null {
    if (this.failure) throw this.failure;
    return this.pending;
  }

  async close(): Promise<void> {
    this.encode();
    this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
    if (this.failure) throw this.failure;
    fs.renameSync(this.tmpPath, this.finalPath);
  }

  /** Abandon the file (on error). */
  destroy(): void {
    this.stream.destroy();
    try {
      fs.unlinkSync(this.tmpPath);
    } catch {
      // already gone
    }
  }
}

/** Parse RFC 4180 CSV text into rows of fields ("" for empty). For tests and checks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  let inQuotes = false;
  while (i < text.length) {
    const ch = text[i] as string;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      inQuotes = true;
      i++;
    } else if (ch === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (ch === "\n" || ch === "\r") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
