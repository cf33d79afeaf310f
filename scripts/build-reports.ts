import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { exitWithError, HandoffError } from "./lib/errors";
import { buildReports, defaultReportsWarehouse, howToOpen, placeholdersFile, reportsBuildDir, serveDirectory, updatePlaceholders } from "./lib/reports";

const usage = `Usage: npm run reports:build -- [options]

Builds the Evidence reports (reports/) from the DuckDB warehouse, offline:
installs reports/ dependencies when missing or stale (npm ci, first time a few
minutes), snapshots the warehouse, runs \`evidence sources\` and
\`evidence build\` (about two minutes and 3-4 GB on two cores), and prints
where the site is. Report tables the warehouse lacks get empty placeholders
(reports/warehouse-placeholders.sql): their pages say "No data yet".

Options:
  --warehouse FILE   DuckDB warehouse (default ${defaultReportsWarehouse})
  --out DIR          also copy the built site to DIR (replacing DIR)
  --demo             add the demo table handoff.rpt_demo to the snapshot (never
                     to the warehouse); a missing warehouse is then allowed
  --install          run npm ci in reports/ even if it looks current
  --update-placeholders
                     rewrite reports/warehouse-placeholders.sql from the
                     columns the warehouse has (run after every model), no build
  --serve            after building, serve the site on 127.0.0.1 until Ctrl-C
  --serve-only       only serve an existing build (no build)
  --dir DIR          with --serve-only: the site to serve (default reports/build)
  --port N           port for --serve/--serve-only (default 3000; 0 = any free)
  --quiet            print only the result
  -h, --help         show this help
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      warehouse: { type: "string" },
      out: { type: "string" },
      demo: { type: "boolean", default: false },
      install: { type: "boolean", default: false },
      "update-placeholders": { type: "boolean", default: false },
      serve: { type: "boolean", default: false },
      "serve-only": { type: "boolean", default: false },
      dir: { type: "string" },
      port: { type: "string", default: "3000" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new HandoffError(`--port expects a port number, got ${JSON.stringify(values.port)}`);
  const log = values.quiet ? () => {} : (line: string) => process.stdout.write(`${line}\n`);

  if (values["update-placeholders"]) {
    const warehouse = path.resolve(values.warehouse ?? defaultReportsWarehouse);
    const result = await updatePlaceholders(warehouse);
    process.stdout.write(`${placeholdersFile}: ${result.written.length} tables from ${warehouse}`);
    process.stdout.write(result.kept.length ? `, kept ${result.kept.join(", ")} (not in the warehouse)` : "");
    process.stdout.write(result.missing.length ? `; NO placeholder for ${result.missing.join(", ")} (not in the warehouse)\n` : "\n");
    return;
  }
  let siteDir = path.resolve(values.dir ?? reportsBuildDir);
  if (!values["serve-only"]) {
    const result = await buildReports({
      warehouse: values.warehouse,
      out: values.out,
      demo: values.demo,
      forceInstall: values.install,
      log,
    });
    siteDir = result.outDir ?? result.buildDir;
    process.stdout.write(`\nReports built in ${result.seconds.toFixed(0)}s.\n`);
    if (!values.serve) process.stdout.write(`${howToOpen(siteDir)}\n`);
  }
  if (values.serve || values["serve-only"]) {
    if (!existsSync(path.join(siteDir, "index.html"))) {
      throw new HandoffError(`no built site in ${siteDir}: run \`npm run reports:build\` first`);
    }
    const server = await serveDirectory(siteDir, port).catch((error: NodeJS.ErrnoException) => {
      throw new HandoffError(`cannot serve on 127.0.0.1:${port}: ${error.code === "EADDRINUSE" ? "the port is in use (try --port 0)" : error.message}`);
    });
    process.stdout.write(`Serving ${siteDir} at ${server.url}/ (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        void server.close().then(resolve);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  }
}

main().catch((error: unknown) => exitWithError(error));
