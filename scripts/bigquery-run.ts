// Runs the graph on BigQuery with the official Dataform CLI (`dataform run`),
// after checking credentials, project, location and the raw datasets, and
// streams the CLI's output. No secret is written to the repository: without a
// .df-credentials.json, the CLI gets a credentials file outside the repo that
// names only the project and location, and authenticates with Application
// Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, metadata server).

import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import {
  COMPILE_TIMEOUT_FLAG,
  createBigQueryApi,
  dataformCli,
  gitIgnoreStatus,
  hintsForCliOutput,
  locationSchema,
  parseCliOptions,
  parseVars,
  projectConfigFlags,
  projectIdSchema,
  rawDatasets,
  readDataformConfig,
  readDfCredentials,
  repoRoot,
  requireCredentials,
  resolveLocation,
  resolveProject,
  sameLocation,
  toHandoffError,
  DF_CREDENTIALS_FILE,
  type BigQueryApi,
  type DataformConfig,
  type DfCredentials,
  type ErrorContext,
} from "./lib/bigquery";
import { exitWithError, HandoffError } from "./lib/errors";

export interface RunSelection {
  projectDir: string;
  credentialsFile: string;
  projectId: string;
  location: string;
  actions: string[];
  tags: string[];
  includeDeps: boolean;
  includeDependents: boolean;
  fullRefresh: boolean;
  dryRun: boolean;
  vars: Record<string, string>;
  defaultSchema?: string;
  assertionSchema?: string;
  schemaSuffix?: string;
}

/** The arguments of `dataform run` for a selection (vars merged over dataform.json's). */
export function dataformRunArgs(selection: RunSelection, config: DataformConfig): string[] {
  const args = ["run", selection.projectDir, `--credentials=${selection.credentialsFile}`, COMPILE_TIMEOUT_FLAG];
  args.push(
    ...projectConfigFlags(
      {
        defaultDatabase: selection.projectId,
        defaultLocation: selection.location,
        defaultSchema: selection.defaultSchema,
        assertionSchema: selection.assertionSchema,
        schemaSuffix: selection.schemaSuffix,
        vars: selection.vars,
      },
      config,
    ),
  );
  if (selection.actions.length > 0) args.push(`--actions=${selection.actions.join(",")}`);
  if (selection.tags.length > 0) args.push(`--tags=${selection.tags.join(",")}`);
  if (selection.includeDeps) args.push("--include-deps");
  if (selection.includeDependents) args.push("--include-dependents");
  if (selection.fullRefresh) args.push("--full-refresh");
  if (selection.dryRun) args.push("--dry-run");
  return args;
}

/**
 * The .df-credentials.json for Application Default Credentials: the CLI's
 * format (dataform.BigQuery: projectId, location, credentials) without
 * "credentials", which makes the CLI's BigQuery client use ADC. Nothing secret.
 */
export function adcCredentials(projectId: string, location: string): DfCredentials {
  return { projectId, location };
}

export interface CredentialsChoice {
  /** The file handed to `dataform run --credentials`. */
  file: string;
  value: DfCredentials;
  /** True when this program wrote `file` to a temporary directory (removed at exit). */
  temporary: boolean;
  description: string;
}

/**
 * Which Dataform credentials file the CLI gets: --credentials FILE, else the
 * project's .df-credentials.json, else one generated from the environment
 * (ADC), written to the project with --write-credentials (only when git
 * ignores it) or to a temporary directory.
 */
export function chooseCredentials(input: {
  option?: string;
  projectDir: string;
  write: boolean;
  projectId: () => string;
  location: () => string;
  tempDir?: () => string;
}): CredentialsChoice {
  const inProject = path.join(input.projectDir, DF_CREDENTIALS_FILE);
  const ignoreStatus = gitIgnoreStatus(input.projectDir, DF_CREDENTIALS_FILE);
  if (input.option) {
    const file = path.resolve(input.option);
    if (!existsSync(file)) throw new HandoffError(`--credentials ${input.option}: no such file (create one with \`npx dataform init-creds\`, or leave the option out to use Application Default Credentials)`);
    return { file, value: readDfCredentials(file), temporary: false, description: file };
  }
  if (existsSync(inProject)) {
    if (ignoreStatus === "not-ignored") {
      throw new HandoffError(`${inProject} is not ignored by git and may hold a key: add "${DF_CREDENTIALS_FILE}" to .gitignore before running`);
    }
    return { file: inProject, value: readDfCredentials(inProject), temporary: false, description: inProject };
  }
  const value = adcCredentials(input.projectId(), input.location());
  const json = `${JSON.stringify(value, null, 2)}\n`;
  if (input.write) {
    if (ignoreStatus !== "ignored") throw new HandoffError(`--write-credentials: git does not ignore ${DF_CREDENTIALS_FILE} in ${input.projectDir}; add it to .gitignore first`);
    writeFileSync(inProject, json, { mode: 0o600 });
    return { file: inProject, value, temporary: false, description: `${inProject} (written: project and location only; authentication by Application Default Credentials)` };
  }
  const dir = input.tempDir ? input.tempDir() : mkdtempSync(path.join(os.tmpdir(), "handoff-dataform-"));
  const file = path.join(dir, DF_CREDENTIALS_FILE);
  writeFileSync(file, json, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { file, value, temporary: true, description: "generated from the environment (project and location; authentication by Application Default Credentials), outside the repository" };
}

/**
 * The Dataform CLI creates datasets and runs its jobs in the credentials
 * file's location ("US" when it has none), not in dataform.json's
 * defaultLocation: the two must agree, or the run creates datasets in one
 * location and fails to find data in the other.
 */
export function checkCredentialsLocation(choice: CredentialsChoice, location: string): void {
  const cliLocation = choice.value.location || "US";
  if (!sameLocation(cliLocation, location)) {
    throw new HandoffError(
      `wrong location: ${choice.file} says location ${choice.value.location ?? "(none: the CLI uses US)"}, but this run uses ${location}; the Dataform CLI creates datasets and runs jobs in the credentials file's location, so set "location": "${location}" there, or pass --location ${cliLocation}`,
    );
  }
}

/**
 * Checks before handing over to the CLI, each failing with one line that says
 * what to set: jobs can run in the project (credentials, API enabled,
 * bigquery.jobs.create), every raw dataset exists, and no dataset is in
 * another location. Returns notes to print.
 */
export async function preflight(
  api: BigQueryApi,
  input: { vars: Record<string, string>; outputDatasets: string[]; context: ErrorContext; dataProject?: string },
): Promise<string[]> {
  const notes: string[] = [];
  try {
    await api.dryRun("select 1");
  } catch (error) {
    throw toHandoffError(error, input.context);
  }
  const dataProject = input.dataProject ?? api.projectId;
  const rawProject = input.vars.raw_database || dataProject;
  const missing: string[] = [];
  for (const raw of rawDatasets(input.vars)) {
    const dataset = await api.getDataset(raw.dataset, rawProject).catch((error: unknown) => {
      throw toHandoffError(error, input.context, `raw dataset ${rawProject}:${raw.dataset}: `);
    });
    if (!dataset) {
      missing.push(`${rawProject}:${raw.dataset} (${raw.system}; set --var ${raw.schemaVar}=<dataset>)`);
    } else if (!sameLocation(dataset.location, api.location)) {
      throw new HandoffError(
        `wrong location: raw dataset ${rawProject}:${raw.dataset} is in ${dataset.location}, but the run uses ${api.location}; pass --location ${dataset.location} (or set defaultLocation in dataform.json)`,
      );
    }
  }
  if (missing.length > 0) {
    throw new HandoffError(
      `raw datasets not found: ${missing.join(", ")}. Point the vars at the datasets your Fivetran connectors write, or load the sample with scripts/bigquery-load.ts`,
    );
  }
  for (const name of input.outputDatasets) {
    const dataset = await api.getDataset(name, dataProject).catch((error: unknown) => {
      throw toHandoffError(error, input.context, `dataset ${dataProject}:${name}: `);
    });
    if (dataset && !sameLocation(dataset.location, api.location)) {
      throw new HandoffError(`wrong location: dataset ${dataProject}:${name} is in ${dataset.location}, but the run uses ${api.location}; pass --location ${dataset.location}`);
    }
    if (!dataset) notes.push(`dataset ${dataProject}:${name} does not exist yet; dataform run creates it in ${api.location}`);
  }
  return notes;
}

/** Runs the CLI, streaming its output; resolves with its exit code and the tail of its output. */
export function runDataformCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...options.env };
    if (process.stdout.isTTY && !env.NO_COLOR) env.FORCE_COLOR = env.FORCE_COLOR ?? "1";
    const child = spawn(dataformCli(), args, { cwd: options.cwd, env, stdio: ["inherit", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.length > 2_000_000) output = output.slice(-1_000_000);
    };
    child.stdout.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      keep(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      process.stderr.write(chunk);
      keep(chunk);
    });
    // Ctrl-C reaches the CLI too (same process group); it cancels its BigQuery
    // jobs. A scheduler's SIGTERM is passed on as SIGINT for the same reason.
    const onInt = (): void => void child.kill("SIGINT");
    const onTerm = (): void => void child.kill("SIGINT");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
    child.on("error", (error) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      reject(new HandoffError(`cannot start ${dataformCli()}: ${error.message} (is @dataform/cli installed? run npm ci)`));
    });
    child.on("close", (code, signal) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve({ code: code ?? (signal ? 130 : 1), output });
    });
  });
}

// ---------------------------------------------------------------------------

const usage = `Usage: npx tsx scripts/bigquery-run.ts [options]

Runs the project on BigQuery with the official Dataform CLI (\`dataform run\`),
after checking the credentials, the project, the location and the raw
datasets. The CLI's output is streamed as it comes.

Credentials: --credentials FILE, else .df-credentials.json in the project
(\`npx dataform init-creds\` creates it; git ignores it), else Application
Default Credentials from the environment: GOOGLE_APPLICATION_CREDENTIALS (a
service-account key or workload identity file), \`gcloud auth
application-default login\`, or the metadata server on Cloud Run / GCE. In that
case the CLI gets a temporary credentials file with only the project and the
location in it.

Options:
  --project ID            Google Cloud project (default: GOOGLE_CLOUD_PROJECT, then
                          dataform.json defaultDatabase, then .df-credentials.json)
  --location LOC          BigQuery location (default: dataform.json defaultLocation)
  --actions A,B           run only these actions (names or patterns, as dataform run)
  --tags T,U              run only actions with these tags
  --include-deps          with --actions/--tags: also their dependencies
  --include-dependents    with --actions/--tags: also what depends on them
  --full-refresh          rebuild incremental tables from scratch
  --var KEY=VALUE         a Dataform var (repeatable), e.g. salesforce_schema=fivetran_salesforce
  --vars K=V,K2=V2        the same, comma-separated (as the Dataform CLI takes them)
  --dry-run               dataform run --dry-run: BigQuery validates every statement,
                          nothing is changed (see also scripts/bigquery-dry-run.ts)
  --default-schema S      dataset the models are built in (default: dataform.json)
  --assertion-schema S    dataset of the assertion views (default: dataform.json)
  --schema-suffix S       append _S to output datasets (e.g. a dev copy)
  --credentials FILE      a Dataform credentials file to use
  --write-credentials     write .df-credentials.json (project and location only) to
                          the project for later plain \`dataform run\`s
  --skip-preflight        do not check with BigQuery before running the CLI
  --project-dir DIR       the Dataform project (default: this repository)
  -h, --help              show this help
`;

const datasetName = z.string().regex(/^[A-Za-z0-9_]+$/, "a dataset name: letters, digits, underscores");
const list = z
  .string()
  .optional()
  .transform((value) => (value ?? "").split(",").map((item) => item.trim()).filter(Boolean));

const optionsSchema = z
  .object({
    project: projectIdSchema.optional(),
    location: locationSchema.optional(),
    actions: list,
    tags: list,
    "include-deps": z.boolean().default(false),
    "include-dependents": z.boolean().default(false),
    "full-refresh": z.boolean().default(false),
    var: z.array(z.string()).default([]),
    vars: z.string().optional(),
    "dry-run": z.boolean().default(false),
    "default-schema": datasetName.optional(),
    "assertion-schema": datasetName.optional(),
    "schema-suffix": datasetName.optional(),
    credentials: z.string().min(1).optional(),
    "write-credentials": z.boolean().default(false),
    "skip-preflight": z.boolean().default(false),
    "project-dir": z.string().optional(),
  })
  .superRefine((value, ctx) => {
    const selected = value.actions.length > 0 || value.tags.length > 0;
    if (value["include-deps"] && !selected) ctx.addIssue({ code: "custom", path: ["include-deps"], message: "needs --actions or --tags" });
    if (value["include-dependents"] && !selected) ctx.addIssue({ code: "custom", path: ["include-dependents"], message: "needs --actions or --tags" });
    if (value["write-credentials"] && value.credentials) ctx.addIssue({ code: "custom", path: ["write-credentials"], message: "cannot be combined with --credentials" });
  });

async function main(): Promise<void> {
  const options = parseCliOptions(
    process.argv.slice(2),
    {
      project: { type: "string" },
      location: { type: "string" },
      actions: { type: "string" },
      tags: { type: "string" },
      "include-deps": { type: "boolean" },
      "include-dependents": { type: "boolean" },
      "full-refresh": { type: "boolean" },
      var: { type: "string", multiple: true },
      vars: { type: "string" },
      "dry-run": { type: "boolean" },
      "default-schema": { type: "string" },
      "assertion-schema": { type: "string" },
      "schema-suffix": { type: "string" },
      credentials: { type: "string" },
      "write-credentials": { type: "boolean" },
      "skip-preflight": { type: "boolean" },
      "project-dir": { type: "string" },
    },
    optionsSchema,
    usage,
  );
  if (!options) return;
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const projectDir = path.resolve(options["project-dir"] ?? repoRoot);
  const config = readDataformConfig(projectDir);
  const vars = parseVars([...options.var, ...(options.vars ? [options.vars] : [])]);

  // Credentials first: an existing Dataform credentials file, or ADC.
  if (options.credentials && !existsSync(path.resolve(options.credentials))) {
    throw new HandoffError(`--credentials ${options.credentials}: no such file (create one with \`npx dataform init-creds\`, or leave the option out to use Application Default Credentials)`);
  }
  const existingFile = options.credentials ? path.resolve(options.credentials) : path.join(projectDir, DF_CREDENTIALS_FILE);
  const existing = existsSync(existingFile) ? { file: existingFile, value: readDfCredentials(existingFile) } : undefined;
  const source = requireCredentials({ env: process.env, dfCredentials: existing });
  const { projectId, source: projectSource } = resolveProject({ option: options.project, env: process.env, config, dfCredentials: existing?.value });
  const { location } = resolveLocation({ option: options.location, config, dfCredentials: existing?.value });
  const choice = chooseCredentials({ option: options.credentials, projectDir, write: options["write-credentials"], projectId: () => projectId, location: () => location });
  try {
    checkCredentialsLocation(choice, location);
    log(`project ${projectId} (from ${projectSource}), location ${location}`);
    log(`credentials: ${source.description}; Dataform credentials file: ${choice.description}`);
    if (choice.value.projectId !== projectId) log(`note: jobs are billed to ${choice.value.projectId} (the credentials file's projectId); tables are written to ${projectId}`);

    const suffix = options["schema-suffix"] ? `_${options["schema-suffix"]}` : "";
    const outputDatasets = [...new Set([(options["default-schema"] ?? config.defaultSchema ?? "dataform") + suffix, (options["assertion-schema"] ?? config.assertionSchema ?? "dataform_assertions") + suffix])];
    const effectiveVars = { ...(config.vars ?? {}), ...vars };
    const context: ErrorContext = { projectId, location, account: source.account, rawDatasets: rawDatasets(effectiveVars) };
    if (!options["skip-preflight"]) {
      log("checking BigQuery (credentials, project, datasets)...");
      // Jobs run in the credentials file's project (as the CLI runs them); tables live in projectId.
      const api = createBigQueryApi({ projectId: choice.value.projectId || projectId, location, credentials: source });
      for (const note of await preflight(api, { vars: effectiveVars, outputDatasets, context, dataProject: projectId })) log(note);
    }

    const args = dataformRunArgs(
      {
        projectDir,
        credentialsFile: choice.file,
        projectId,
        location,
        actions: options.actions,
        tags: options.tags,
        includeDeps: options["include-deps"],
        includeDependents: options["include-dependents"],
        fullRefresh: options["full-refresh"],
        dryRun: options["dry-run"],
        vars,
        defaultSchema: options["default-schema"],
        assertionSchema: options["assertion-schema"],
        schemaSuffix: options["schema-suffix"],
      },
      config,
    );
    log(`$ dataform ${args.join(" ")}\n`);
    const { code, output } = await runDataformCli(args, { cwd: projectDir });
    if (code !== 0) {
      const hints = hintsForCliOutput(output, context);
      for (const hint of hints) log(`hint: ${hint}`);
      process.exitCode = code;
    }
  } finally {
    if (choice.temporary) rmSync(path.dirname(choice.file), { recursive: true, force: true });
  }
}

if (require.main === module) main().catch(exitWithError);
