// Buffered RFC 4180 CSV writers, one per contract table.
// Cells are encoded as UTF-8 straight into a 1 MB chunk (no per-row strings),
// and full chunks go to a write stream; the generator awaits `drain()` between
// batches so memory stays bounded however many rows are written.

import * as fs from "node:fs";
import * as path from "node:path";
import type { ContractColumn, ContractTable } from "./contract";
import * as timeModule from "./time";

// Imported values are copied into module-level bindings: tsx compiles imports to
// getter-backed property reads, which show up in hot loops.
const { DAY, HOUR, MINUTE, dayString } = timeModule;

/** A cell value: null/undefined/"" = NULL; numbers for int64/float64 and epoch seconds for timestamp/date. */
export type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, Cell>;

const NEEDS_QUOTES = /[",\r\n]/;

/** Quote a string field if it holds a comma, quote, CR or LF. */
export function csvEscape(s: string): string {
  return NEEDS_QUOTES.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

const CHUNK = 1 << 20;
/** Room kept free before each cell; cells longer than this are flushed around. */
const SLACK = 4096;

const QUOTE = 0x22;
const COMMA = 0x2c;
const NL = 0x0a;

/** Output bytes for one file: a chunk being filled and the stream it goes to. */
class Sink {
  chunk: Buffer = Buffer.allocUnsafe(CHUNK);
  pos = 0;
  pending: Promise<void> | null = null;

  constructor(readonly stream: fs.WriteStream) {}

  /** Make sure n more bytes fit in the current chunk. */
  room(n: number): void {
    if (this.pos + n > CHUNK) this.flush();
  }

  flush(): void {
    if (this.pos === 0) return;
    const full = this.chunk.subarray(0, this.pos);
    this.chunk = Buffer.allocUnsafe(CHUNK);
    this.pos = 0;
    this.push(full);
  }

  /** Hand bytes to the stream, remembering when it asks us to wait. */
  push(bytes: Buffer): void {
    const ok = this.stream.write(bytes);
    if (!ok && !this.pending) {
      this.pending = new Promise<void>((resolve) => {
        this.stream.once("drain", () => {
          this.pending = null;
          resolve();
        });
      });
    }
  }

  byte(b: number): void {
    if (this.pos >= CHUNK) this.flush();
    this.chunk[this.pos++] = b;
  }

  /** UTF-8 encode s, doubling any double quote (the inside of a quoted field). */
  private quotedBody(s: string): void {
    const buf = this.chunk;
    let pos = this.pos;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c === QUOTE) buf[pos++] = QUOTE;
        buf[pos++] = c;
      } else if (c < 0x800) {
        buf[pos++] = 0xc0 | (c >> 6);
        buf[pos++] = 0x80 | (c & 63);
      } else {
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
          const d = s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
            i++;
            buf[pos++] = 0xf0 | (c >> 18);
            buf[pos++] = 0x80 | ((c >> 12) & 63);
            buf[pos++] = 0x80 | ((c >> 6) & 63);
            buf[pos++] = 0x80 | (c & 63);
            continue;
          }
        }
        if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // lone surrogate
        buf[pos++] = 0xe0 | (c >> 12);
        buf[pos++] = 0x80 | ((c >> 6) & 63);
        buf[pos++] = 0x80 | (c & 63);
      }
    }
    this.pos = pos;
  }

  /** A string field, quoted only when it must be. */
  text(s: string): void {
    const worst = s.length * 6 + 2;
    if (worst > CHUNK) {
      // Huge field: go through a Buffer of its own.
      this.flush();
      this.push(Buffer.from(csvEscape(s), "utf8"));
      return;
    }
    this.room(worst);
    if (!NEEDS_QUOTES.test(s)) {
      // Native UTF-8 encoding: fastest for the common, unquoted case.
      this.pos += this.chunk.write(s, this.pos, "utf8");
      return;
    }
    this.chunk[this.pos++] = QUOTE;
    this.quotedBody(s);
    this.chunk[this.pos++] = QUOTE;
  }

  /** ASCII we know needs no quoting (day strings, literals). */
  ascii(s: string): void {
    const buf = this.chunk;
    let pos = this.pos;
    for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i);
    this.pos = pos;
  }

  /** A non-negative integer below 2^53, as decimal digits. */
  private digits(n: number): void {
    if (n < 10) {
      this.chunk[this.pos++] = 48 + n;
      return;
    }
    let len = 0;
    for (let x = n; x >= 1; x = Math.floor(x / 10)) len++;
    let pos = this.pos + len;
    this.pos = pos;
    let x = n;
    while (len-- > 0) {
      const q = Math.floor(x / 10);
      this.chunk[--pos] = 48 + (x - q * 10);
      x = q;
    }
  }

  integer(n: number): void {
    if (n < 0) {
      this.chunk[this.pos++] = 0x2d;
      this.digits(-n);
    } else this.digits(n);
  }

  private two(n: number): void {
    const t = (n / 10) | 0;
    this.chunk[this.pos++] = 48 + t;
    this.chunk[this.pos++] = 48 + (n - t * 10);
  }

  /** YYYY-MM-DD HH:MM:SS (UTC) of epoch seconds. */
  timestamp(sec: number): void {
    const day = Math.floor(sec / DAY);
    const s = sec - day * DAY;
    const h = (s / HOUR) | 0;
    const m = ((s - h * HOUR) / MINUTE) | 0;
    this.ascii(dayString(day));
    this.chunk[this.pos++] = 0x20;
    this.two(h);
    this.chunk[this.pos++] = 0x3a;
    this.two(m);
    this.chunk[this.pos++] = 0x3a;
    this.two(s - h * HOUR - m * MINUTE);
  }
}

type CellWriter = (sink: Sink, v: Cell, name: string) => void;

function writeString(sink: Sink, v: Cell): void {
  sink.text(typeof v === "string" ? v : String(v));
}

function writeInt(sink: Sink, v: Cell, name: string): void {
  if (typeof v !== "number" || !Number.isSafeInteger(v)) throw new Error(`${name}: not an integer: ${String(v)}`);
  sink.room(24);
  sink.integer(v);
}

function writeFloat(sink: Sink, v: Cell, name: string): void {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${name}: not a number: ${String(v)}`);
  sink.room(32);
  if (Number.isSafeInteger(v)) sink.integer(v);
  else sink.ascii(String(v));
}

function writeBool(sink: Sink, v: Cell): void {
  sink.room(8);
  sink.ascii(v ? "true" : "false");
}

function writeTimestamp(sink: Sink, v: Cell, name: string): void {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new Error(`${name}: timestamp must be whole epoch seconds: ${String(v)}`);
  sink.room(24);
  sink.timestamp(v);
}

function writeDate(sink: Sink, v: Cell): void {
  if (typeof v === "number") {
    sink.room(16);
    sink.ascii(dayString(Math.floor(v / DAY)));
  } else sink.text(String(v));
}

const WRITERS: Record<ContractColumn["type"], CellWriter> = {
  string: writeString,
  int64: writeInt,
  float64: writeFloat,
  bool: writeBool,
  timestamp: writeTimestamp,
  date: writeDate,
};

/**
 * Compile a row writer for a table: straight-line code reading each contract
 * column by name, in contract order (much faster than a generic loop at tens
 * of millions of rows). Names come from the contract, embedded as JSON literals.
 */
function compileRowWriter(cols: readonly ContractColumn[]): (r: Row, sink: Sink) => void {
  const fns = cols.map((c) => WRITERS[c.type]);
  let body = "let v;\n";
  cols.forEach((c, i) => {
    const key = JSON.stringify(c.name);
    if (i > 0) body += `sink.byte(${COMMA});\n`;
    body += `v = r[${key}];\nif (v !== null && v !== undefined && v !== '') f${i}(sink, v, ${key});\n`;
  });
  body += `sink.byte(${NL});`;
  const factory = new Function(...fns.map((_, i) => `f${i}`), `return function writeRow(r, sink) {\n${body}\n};`) as (
    ...f: CellWriter[]
  ) => (r: Row, sink: Sink) => void;
  return factory(...fns);
}

export class TableWriter {
  rows = 0;
  private readonly sink: Sink;
  private readonly writeRow: (r: Row, sink: Sink) => void;
  private readonly stream: fs.WriteStream;
  private readonly tmpPath: string;
  readonly finalPath: string;
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
    this.sink = new Sink(this.stream);
    this.writeRow = compileRowWriter(table.columns);
    table.columns.forEach((c, i) => {
      if (i > 0) this.sink.byte(COMMA);
      this.sink.text(c.name);
    });
    this.sink.byte(NL);
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
    this.sink.room(SLACK);
    this.writeRow(r, this.sink);
    this.rows++;
  }

  /** Resolves once the stream has room again (backpressure); null if it has room now. */
  drain(): Promise<void> | null {
    if (this.failure) throw this.failure;
    return this.sink.pending;
  }

  async close(): Promise<void> {
    this.sink.flush();
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
