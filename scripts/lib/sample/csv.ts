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

function formatCell(col: ContractColumn, v: Cell): string {
  if (v === null || v === undefined) return "";
  switch (col.type) {
    case "string":
      return typeof v === "string" ? csvEscape(v) : csvEscape(String(v));
    case "int64":
      if (typeof v !== "number" || !Number.isInteger(v)) throw new Error(`${col.name}: not an integer: ${String(v)}`);
      return String(v);
    case "float64":
      if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${col.name}: not a number: ${String(v)}`);
      return String(v);
    case "bool":
      return v ? "true" : "false";
    case "timestamp":
      if (typeof v !== "number") throw new Error(`${col.name}: timestamp must be epoch seconds`);
      return formatTimestamp(v);
    case "date":
      return typeof v === "number" ? formatDate(v) : v === "" ? "" : String(v);
  }
}

const CHUNK = 1 << 20;

export class TableWriter {
  rows = 0;
  private buf = "";
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
    this.stream = fs.createWriteStream(this.tmpPath, { highWaterMark: CHUNK });
    this.stream.on("error", (e) => {
      this.failure = e;
    });
    this.buf = table.columns.map((c) => csvEscape(c.name)).join(",") + "\n";
  }

  row(r: Row): void {
    const cols = this.table.columns;
    if (!this.checked) {
      // Once per table: every key written must be a contract column.
      for (const k of Object.keys(r)) {
        if (!cols.some((c) => c.name === k)) throw new Error(`${this.table.key}: "${k}" is not a contract column`);
      }
      this.checked = true;
    }
    let line = formatCell(cols[0] as ContractColumn, r[(cols[0] as ContractColumn).name]);
    for (let i = 1; i < cols.length; i++) {
      const c = cols[i] as ContractColumn;
      line += "," + formatCell(c, r[c.name]);
    }
    this.buf += line + "\n";
    this.rows++;
    if (this.buf.length >= CHUNK) this.flush();
  }

  private flush(): void {
    if (this.buf.length === 0) return;
    const ok = this.stream.write(this.buf);
    this.buf = "";
    if (!ok && !this.pending) {
      this.pending = new Promise<void>((resolve) => {
        this.stream.once("drain", () => {
          this.pending = null;
          resolve();
        });
      });
    }
  }

  /** Resolves once the stream has room again (backpressure). */
  drain(): Promise<void> | null {
    if (this.failure) throw this.failure;
    return this.pending;
  }

  async close(): Promise<void> {
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
