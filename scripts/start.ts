import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { exitWithError, HandoffError } from "./lib/errors";
import { defaultWarehouse, runLocal } from "./lib/local-run";
import { formatProgress, generateSample, PROGRESS_FROM_LEADS } from "./lib/sample/index";
import { hasRawData } from "./lib/warehouse";
import { buildReports, howToOpen } from "./lib/reports";

const usage = `Usage: npm start -- [options]

The main job on the embedded DuckDB default: makes sample data when the
warehouse has none (or loads yours with --raw), runs every model and
assertion, and builds the reports.

Options:
  --raw DIR          load your own exports (DIR/<system>/<table>.csv|.parquet)
  --fresh-sample     regenerate the sample data even if the warehouse has data
  --leads N          sample size (default 3000)
  --seed N           sample seed (default 42)
  --warehouse FILE   DuckDB file (default ${defaultWarehouse})
  --as-of TIMESTAMP  "now" for SLAs and missing dispositions (default: now)
  --skip-reports     do not build the Evidence reports
  -h, --help         show this help
`;

const optionsSchema = z.object({
  raw: z.string().optional(),
  freshSample: z.boolean(),
  leads: z.coerce.number().int().positive({ message: "--leads must be a positive whole number" }),
  seed: z.coerce.number().int().nonnegative({ message: "--seed must be a whole number" }),
  warehouse: z.string().min(1),
  asOf: z.string().optional(),
  skipReports: z.boolean(),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      raw: { type: "string" },
      "fresh-sample": { type: "boolean", default: false },
      leads: { type: "string", default: "3000" },
      seed: { type: "string", default: "42" },
      warehouse: { type: "string", default: defaultWarehouse },
      "as-of": { type: "string" },
      "skip-reports": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const parsed = optionsSchema.safeParse({
    raw: values.raw,
    freshSample: values["fresh-sample"],
    leads: values.leads,
    seed: values.seed,
    warehouse: values.warehouse,
    asOf: values["as-of"],
    skipReports: values["skip-reports"],
  });
  if (!parsed.success) throw new HandoffError(parsed.error.issues.map((issue) => issue.message).join("; "));
  const options = parsed.data;
  const started = Date.now();
  const log = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };

  let raw = options.raw;
  if (!raw && (options.freshSample || !(await hasRawData(options.warehouse)))) {
    const sampleDir = path.join(path.dirname(options.warehouse), "sample");
    const end = new Date().toISOString().slice(0, 10);
    log(`generating sample data: ${options.leads} leads, seed ${options.seed}, six months to ${end} -> ${sampleDir}`);
    const result = await generateSample({
      seed: options.seed,
      leads: options.leads,
      end,
      outDir: sampleDir,
      onProgress: options.leads >= PROGRESS_FROM_LEADS ? (progress) => log(`  ${formatProgress(progress)}`) : undefined,
    });
    log(`  ${result.rows.toLocaleString("en-US")} raw rows in ${result.seconds.toFixed(1)}s`);
    raw = sampleDir;
  }

  const outcome = await runLocal({ warehouse: options.warehouse, raw, asOf: options.asOf }, log);
  log(outcome.summary);
  if (!outcome.ok) {
    log(`\nThe warehouse ${options.warehouse} was left as it was before this run.`);
    process.exitCode = 1;
    return;
  }

  const warehouse = path.resolve(options.warehouse);
  log(`\nWarehouse: ${warehouse}`);
  log(`  models are in schema "handoff" (fct_handoffs, fct_handoff_steps, fct_handoff_sla, rpt_seam_latency_weekly, ...)`);

  if (!options.skipReports) {
    log(`\nbuilding the reports (Evidence; the first time also installs reports/ dependencies)`);
    const reports = await buildReports({ warehouse, log: (line) => log(`  ${line}`) });
    log(`\nReports: ${reports.buildDir}`);
    log(howToOpen(reports.buildDir));
  }
  log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
}

main().catch((error: unknown) => exitWithError(error));
