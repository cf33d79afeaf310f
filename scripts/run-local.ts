import { parseArgs } from "node:util";
import { exitWithError, HandoffError } from "./lib/errors";
import { defaultWarehouse, runLocal } from "./lib/local-run";

const usage = `Usage: npm run run:local -- [options]

Compiles the Dataform project for DuckDB and runs it on the embedded warehouse
file. The work happens on a copy that replaces the warehouse only when every
action and assertion passed, so a failed or interrupted run loses nothing.

Options:
  --warehouse FILE        DuckDB file (default ${defaultWarehouse})
  --raw DIR               load DIR/<system>/<table>.csv or .parquet first,
                          after checking them against the raw contract
  --as-of TIMESTAMP       "now" for everything time-dependent (ISO 8601;
                          default: the current time)
  --actions A,B           run only these actions (schema.name or name)
  --tags T,U              run only actions with these tags
  --include-deps          with --actions/--tags: also their dependencies
  --include-dependents    with --actions/--tags: also what depends on them
  --full-refresh          rebuild incremental tables from scratch
  --var KEY=VALUE         a Dataform var (repeatable), e.g. salesforce_schema=sf
  --project-dir DIR       the Dataform project (default: this repository)
  --quiet                 print only the summary
  -h, --help              show this help
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      warehouse: { type: "string" },
      raw: { type: "string" },
      "as-of": { type: "string" },
      actions: { type: "string" },
      tags: { type: "string" },
      "include-deps": { type: "boolean", default: false },
      "include-dependents": { type: "boolean", default: false },
      "full-refresh": { type: "boolean", default: false },
      var: { type: "string", multiple: true },
      "project-dir": { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const list = (value: string | undefined): string[] => (value ?? "").split(",").map((item) => item.trim()).filter(Boolean);
  const vars: Record<string, string> = {};
  for (const pair of values.var ?? []) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new HandoffError(`--var expects KEY=VALUE, got ${JSON.stringify(pair)}`);
    vars[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const log = values.quiet ? () => {} : (line: string) => process.stdout.write(`${line}\n`);
  const outcome = await runLocal(
    {
      projectDir: values["project-dir"],
      warehouse: values.warehouse,
      raw: values.raw,
      asOf: values["as-of"],
      actions: list(values.actions),
      tags: list(values.tags),
      includeDependencies: values["include-deps"],
      includeDependents: values["include-dependents"],
      fullRefresh: values["full-refresh"],
      vars,
    },
    log,
  );
  process.stdout.write(`${outcome.summary}\n`);
  if (!outcome.ok) {
    process.stdout.write(`\nThe warehouse ${values.warehouse ?? defaultWarehouse} was left as it was before this run.\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => exitWithError(error));
