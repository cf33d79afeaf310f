// CLI: write a deterministic sample of the raw contract as CSV files,
// OUT/<system>/<table>.csv, the layout the local loader reads.
//
//   tsx scripts/generate-sample.ts --seed 42 --leads 3000 --end 2026-11-23 --out warehouse/sample

import { z } from "zod";
import { formatProgress, generateSample, PROGRESS_FROM_LEADS } from "./lib/sample/index";
import { parseDate } from "./lib/sample/time";

const USAGE = `Usage: tsx scripts/generate-sample.ts [options]

Writes a deterministic, realistic sample of every raw-contract table as CSV:
OUT/<system>/<table>.csv (salesforce/lead.csv, hubspot/contact.csv, routing/routing_log.csv, ...).
The same seed, size and end date always give byte-identical files.

Options:
  --seed N        PRNG seed, 0..4294967295                 (default 42)
  --leads N       prospects to simulate, 1..5000000        (default 3000)
                  (~92% become Salesforce leads; ~21 rows per prospect)
  --end DATE      YYYY-MM-DD; the data covers the 182 days before
                  DATE 00:00 UTC, nothing at or after it    (default: today, UTC)
  --out DIR       output directory                         (default warehouse/sample)
  --quiet         no progress or summary output
  --progress      show progress even for small sizes
  -h, --help      show this help
`;

const today = new Date().toISOString().slice(0, 10);

const Options = z.object({
  seed: z.coerce
    .number({ error: "--seed must be a number" })
    .int("--seed must be an integer")
    .min(0, "--seed must be >= 0")
    .max(4294967295, "--seed must be <= 4294967295"),
  leads: z.coerce
    .number({ error: "--leads must be a number" })
    .int("--leads must be an integer")
    .min(1, "--leads must be at least 1")
    .max(5_000_000, "--leads must be at most 5000000"),
  end: z.string().refine((s) => parseDate(s) !== null, { message: "--end must be a valid date written YYYY-MM-DD" }),
  out: z.string().min(1, "--out must not be empty"),
  quiet: z.boolean(),
  progress: z.boolean(),
});

type Options = z.infer<typeof Options>;

function fail(message: string): never {
  process.stderr.write(`generate-sample: ${message} (see --help)\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Options | "help" {
  const raw: Record<string, unknown> = { seed: "42", leads: "3000", end: today, out: "warehouse/sample", quiet: false, progress: false };
  const valued = new Set(["seed", "leads", "end", "out"]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "-h" || arg === "--help") return "help";
    if (!arg.startsWith("--")) fail(`unexpected argument "${arg}"`);
    let name = arg.slice(2);
    let value: string | undefined;
    const eq = name.indexOf("=");
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    if (name === "quiet" || name === "progress") {
      if (value !== undefined) fail(`--${name} takes no value`);
      raw[name] = true;
      continue;
    }
    if (!valued.has(name)) fail(`unknown option --${name}`);
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined || value.startsWith("--")) fail(`--${name} needs a value`);
    }
    if (value.trim() === "") fail(`--${name} must not be empty`);
    raw[name] = value;
  }
  const parsed = Options.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(issue ? issue.message : "invalid options");
  }
  return parsed.data;
}

function fmt(n: number): string {
  return n.toLocaleString("en-US");
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts === "help") {
    process.stdout.write(USAGE);
    return;
  }
  const showProgress = !opts.quiet && (opts.progress || opts.leads >= PROGRESS_FROM_LEADS);
  const result = await generateSample({
    seed: opts.seed,
    leads: opts.leads,
    end: opts.end,
    outDir: opts.out,
    onProgress: showProgress
      ? (progress) => process.stderr.write(`generate-sample: ${formatProgress(progress)}\n`)
      : undefined,
  });
  if (opts.quiet) return;
  const width = Math.max(...Object.keys(result.rowCounts).map((k) => k.length));
  const lines = Object.entries(result.rowCounts).map(([k, v]) => `  ${k.padEnd(width)}  ${fmt(v).padStart(12)}`);
  process.stdout.write(
    `Wrote ${opts.out}/<system>/<table>.csv: seed ${opts.seed}, ${fmt(opts.leads)} prospects, ${result.start} .. ${result.end} (exclusive)\n` +
      lines.join("\n") +
      `\n  ${"total".padEnd(width)}  ${fmt(result.rows).padStart(12)}\n` +
      `in ${result.seconds.toFixed(2)}s\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`generate-sample: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
