// Shared pieces of the BigQuery command-line programs (bigquery-load,
// bigquery-dry-run, bigquery-run): reading dataform.json, options, credentials
// and project detection, a small injectable BigQuery client, and the
// translation of BigQuery / Google auth errors into one line that says what to
// set. Nothing here runs a model: `dataform run` (the official CLI) does that.

import { execFile, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { BigQuery } from "@google-cloud/bigquery";
import { z } from "zod";
import rawContract from "../../includes/raw_contract.js";
import type { CompiledGraph } from "./bigquery-statements";
import { HandoffError } from "./errors";

export const repoRoot = path.resolve(__dirname, "..", "..");

/** dataform.json's defaultDatabase until someone puts a real project there. */
export const PLACEHOLDER_PROJECT = "your-gcp-project";

// ---------------------------------------------------------------------------
// dataform.json

const dataformConfigSchema = z
  .object({
    warehouse: z.string().optional(),
    defaultDatabase: z.string().optional(),
    defaultSchema: z.string().optional(),
    assertionSchema: z.string().optional(),
    defaultLocation: z.string().optional(),
    vars: z.record(z.string(), z.string()).optional(),
  })
  .passthrough();
export type DataformConfig = z.infer<typeof dataformConfigSchema>;

export function readDataformConfig(projectDir: string = repoRoot): DataformConfig {
  const file = path.join(projectDir, "dataform.json");
  if (!existsSync(file)) throw new HandoffError(`${file} not found: --project-dir must be a Dataform project`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new HandoffError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = dataformConfigSchema.safeParse(json);
  if (!parsed.success) throw new HandoffError(`${file}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  return parsed.data;
}

// ---------------------------------------------------------------------------
// Options: node's parseArgs for the syntax, zod for the values.

export const projectIdSchema = z
  .string()
  .regex(
    /^(?:[a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
    "a Google Cloud project id: 6 to 30 lowercase letters, digits and dashes, starting with a letter (the id, not the project's display name or number)",
  );
export const locationSchema = z
  .string()
  .regex(/^[A-Za-z]+(?:-[a-z]+\d+)?$/, "a BigQuery location such as US, EU, us-central1 or europe-west2");
export const datasetIdSchema = z.string().regex(/^[A-Za-z0-9_]{1,1024}$/, "letters, digits and underscores only");
export const listSchema = z
  .string()
  .optional()
  .transform((value) => (value ?? "").split(",").map((item) => item.trim()).filter(Boolean));

/** `KEY=VALUE` pairs from repeatable --var and comma-separated --vars. */
export function parseVars(pairs: readonly string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const group of pairs) {
    for (const pair of group.split(",")) {
      if (pair.trim() === "") continue;
      const at = pair.indexOf("=");
      if (at <= 0) throw new HandoffError(`--var/--vars expects KEY=VALUE, got ${JSON.stringify(pair)}`);
      const key = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new HandoffError(`--var ${JSON.stringify(key)}: a var name is letters, digits and underscores`);
      if (value.includes("=")) throw new HandoffError(`--var ${key}: the value cannot contain "=" (the Dataform CLI splits on it)`);
      vars[key] = value;
    }
  }
  return vars;
}

/**
 * Parses argv with parseArgs (syntax) and validates the values with zod.
 * Returns undefined after printing the usage when -h/--help is given.
 */
export function parseCliOptions<S extends z.ZodType>(argv: string[], options: NonNullable<ParseArgsConfig["options"]>, schema: S, usage: string): z.output<S> | undefined {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new HandoffError(`${(error as Error).message.split("\n")[0]} (see --help)`);
  }
  if (values.help) {
    process.stdout.write(usage);
    return undefined;
  }
  delete values.help;
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const option = issue.path.length > 0 ? `--${issue.path.map(String).join(".").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : "options";
      return `${option}: ${issue.message}`;
    });
    throw new HandoffError(`${lines.join("; ")} (see --help)`);
  }
  return parsed.data;
}

// ---------------------------------------------------------------------------
// Raw systems and the vars that name their datasets.

export type SystemName = keyof typeof rawContract.systems;
export const systemNames = Object.keys(rawContract.systems) as SystemName[];

/** The dataset each system's raw tables are read from, given the vars in effect. */
export function rawDatasets(vars: Record<string, string | undefined>): { system: SystemName; schemaVar: string; dataset: string }[] {
  return systemNames.map((system) => {
    const { schemaVar, defaultSchema } = rawContract.systems[system];
    return { system, schemaVar, dataset: vars[schemaVar] || defaultSchema };
  });
}

// ---------------------------------------------------------------------------
// Project and location.

export interface ProjectChoice {
  projectId: string;
  source: string;
}

/**
 * The Google Cloud project: --project, else GOOGLE_CLOUD_PROJECT (or
 * GCLOUD_PROJECT), else dataform.json's defaultDatabase when it is not the
 * placeholder, else the projectId of a .df-credentials.json.
 */
export function resolveProject(input: { option?: string; env: NodeJS.ProcessEnv; config: DataformConfig; dfCredentials?: DfCredentials }): ProjectChoice {
  const candidates: [string | undefined, string][] = [
    [input.option, "--project"],
    [input.env.GOOGLE_CLOUD_PROJECT, "GOOGLE_CLOUD_PROJECT"],
    [input.env.GCLOUD_PROJECT, "GCLOUD_PROJECT"],
    [input.config.defaultDatabase === PLACEHOLDER_PROJECT ? undefined : input.config.defaultDatabase, "dataform.json defaultDatabase"],
    [input.dfCredentials?.projectId, ".df-credentials.json projectId"],
  ];
  for (const [value, source] of candidates) {
    if (!value) continue;
    const checked = projectIdSchema.safeParse(value);
    if (!checked.success) throw new HandoffError(`${source} is ${JSON.stringify(value)}, which is not ${checked.error.issues[0]?.message ?? "a project id"}`);
    return { projectId: value, source };
  }
  throw new HandoffError(
    `no Google Cloud project: pass --project PROJECT_ID, set GOOGLE_CLOUD_PROJECT, or put your project id in dataform.json's defaultDatabase (it is the placeholder "${PLACEHOLDER_PROJECT}")`,
  );
}

/** --location, else dataform.json's defaultLocation, else a .df-credentials.json's, else US. */
export function resolveLocation(input: { option?: string; config: DataformConfig; dfCredentials?: DfCredentials }): { location: string; source: string } {
  if (input.option) return { location: input.option, source: "--location" };
  if (input.config.defaultLocation) return { location: input.config.defaultLocation, source: "dataform.json defaultLocation" };
  if (input.dfCredentials?.location) return { location: input.dfCredentials.location, source: ".df-credentials.json location" };
  return { location: "US", source: "default" };
}

/** Locations compare case-insensitively ("us" is "US"); regions are lowercase. */
export const sameLocation = (a: string | undefined, b: string | undefined): boolean => !!a && !!b && a.toLowerCase() === b.toLowerCase();

// ---------------------------------------------------------------------------
// Credentials.

export const MISSING_CREDENTIALS =
  "no Google Cloud credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, or run `gcloud auth application-default login`";

/** What `dataform init-creds` writes: the CLI's dataform.BigQuery message. */
export const dfCredentialsSchema = z
  .object({
    projectId: z.string().min(1, "the projectId field is required"),
    location: z.string().optional(),
    /** A service-account key, as the JSON text of the key file. */
    credentials: z.string().optional(),
  })
  .strict();
export type DfCredentials = z.infer<typeof dfCredentialsSchema>;

export const DF_CREDENTIALS_FILE = ".df-credentials.json";

export function readDfCredentials(file: string): DfCredentials {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new HandoffError(`${file}: not readable JSON (${(error as Error).message}); recreate it with \`npx dataform init-creds\` or remove it`);
  }
  const parsed = dfCredentialsSchema.safeParse(json);
  if (!parsed.success) {
    throw new HandoffError(
      `${file}: not a Dataform credentials file (${parsed.error.issues.map((issue) => `${issue.path.join(".") || "file"}: ${issue.message}`).join("; ")}); it holds {"projectId", "location"} and optionally "credentials"`,
    );
  }
  return parsed.data;
}

export type CredentialKind = "key-file" | "gcloud-adc" | "df-credentials" | "metadata-server";

export interface CredentialSource {
  kind: CredentialKind;
  /** The file the credentials come from, if any. */
  file?: string;
  /** The credential type in the file: service_account, authorized_user, external_account, ... */
  type?: string;
  /** A service account's email, when the file names one. */
  account?: string;
  /** One line for the logs, never a secret. */
  description: string;
  /** A service-account key to hand the client directly (only from a .df-credentials.json). */
  inlineKey?: Record<string, unknown>;
}

const keyFileSchema = z
  .object({
    type: z.string(),
    client_email: z.string().optional(),
    project_id: z.string().optional(),
    service_account_impersonation_url: z.string().optional(),
  })
  .passthrough();

/** The gcloud ADC file: $CLOUDSDK_CONFIG, else ~/.config/gcloud (%APPDATA%\gcloud on Windows). */
export function gcloudAdcFile(env: NodeJS.ProcessEnv, homeDir: string, platform: NodeJS.Platform = process.platform): string {
  const configDir = env.CLOUDSDK_CONFIG || (platform === "win32" ? path.join(env.APPDATA || path.join(homeDir, "AppData", "Roaming"), "gcloud") : path.join(homeDir, ".config", "gcloud"));
  return path.join(configDir, "application_default_credentials.json");
}

function describeKeyFile(file: string, origin: string): { type: string; account?: string; inline: Record<string, unknown> } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new HandoffError(`${origin} ${file} is not a readable JSON key file (${(error as Error).message.split("\n")[0]})`);
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) throw new HandoffError(`${origin} ${file} has no "type" field: it is not a Google credentials file (service-account key, gcloud ADC or workload identity config)`);
  const impersonated = parsed.data.service_account_impersonation_url?.match(/serviceAccounts\/([^:/]+):/)?.[1];
  return { type: parsed.data.type, account: parsed.data.client_email ?? impersonated, inline: parsed.data };
}

/** Set on Cloud Run (services and jobs), Cloud Functions and App Engine: ADC comes from the metadata server. */
const metadataServerEnv = ["K_SERVICE", "CLOUD_RUN_JOB", "FUNCTION_TARGET", "GAE_SERVICE", "GCE_METADATA_HOST", "HANDOFF_USE_METADATA_SERVER"];

/**
 * Finds the credentials the Dataform CLI and these scripts will use, in this
 * order: a key inside .df-credentials.json (the CLI prefers it to ADC, and so
 * do the scripts), then Application Default Credentials in their own order:
 * GOOGLE_APPLICATION_CREDENTIALS, the gcloud ADC file, the metadata server on
 * Google Cloud runtimes. Undefined when there are none.
 */
export function detectCredentials(input: { env: NodeJS.ProcessEnv; homeDir?: string; dfCredentials?: { file: string; value: DfCredentials }; platform?: NodeJS.Platform }): CredentialSource | undefined {
  const { env } = input;
  const embedded = input.dfCredentials?.value.credentials;
  if (embedded && input.dfCredentials) {
    let inline: Record<string, unknown>;
    try {
      inline = z.record(z.string(), z.unknown()).parse(JSON.parse(embedded));
    } catch {
      throw new HandoffError(`${input.dfCredentials.file}: "credentials" is not the JSON text of a key file; recreate it with \`npx dataform init-creds\``);
    }
    const account = typeof inline.client_email === "string" ? inline.client_email : undefined;
    return { kind: "df-credentials", file: input.dfCredentials.file, type: String(inline.type ?? "service_account"), account, inlineKey: inline, description: `${input.dfCredentials.file} (key${account ? ` for ${account}` : ""})` };
  }
  const gac = env.GOOGLE_APPLICATION_CREDENTIALS;
  if (gac) {
    if (!existsSync(gac)) {
      throw new HandoffError(
        `GOOGLE_APPLICATION_CREDENTIALS points to ${gac}, which does not exist: set it to a service-account key file, or unset it and run \`gcloud auth application-default login\``,
      );
    }
    const key = describeKeyFile(gac, "GOOGLE_APPLICATION_CREDENTIALS");
    return { kind: "key-file", file: gac, type: key.type, account: key.account, description: `GOOGLE_APPLICATION_CREDENTIALS (${key.type}${key.account ? ` ${key.account}` : ""})` };
  }
  const adc = gcloudAdcFile(env, input.homeDir ?? os.homedir(), input.platform);
  if (existsSync(adc)) {
    const key = describeKeyFile(adc, "the gcloud application-default credentials file");
    return { kind: "gcloud-adc", file: adc, type: key.type, account: key.account, description: `gcloud application-default credentials (${adc}, ${key.type})` };
  }
  const runtime = metadataServerEnv.find((name) => env[name]);
  if (runtime) return { kind: "metadata-server", type: "metadata-server", description: `the metadata server's service account (${runtime} is set)` };
  return undefined;
}

export function requireCredentials(input: Parameters<typeof detectCredentials>[0]): CredentialSource {
  const found = detectCredentials(input);
  if (!found) throw new HandoffError(`${MISSING_CREDENTIALS} (on a Google Cloud VM with a service account, set HANDOFF_USE_METADATA_SERVER=1)`);
  return found;
}

/**
 * Whether git ignores `relative` in `dir`: "ignored", "not-ignored", or
 * "no-git" when `dir` is not in a git work tree (then a plain line of a
 * .gitignore there still counts as ignored).
 */
export function gitIgnoreStatus(dir: string, relative: string): "ignored" | "not-ignored" | "no-git" {
  const result = spawnSync("git", ["check-ignore", "-q", "--no-index", relative], { cwd: dir, stdio: "ignore" });
  if (result.status === 0) return "ignored";
  if (result.status === 1) return "not-ignored";
  const gitignore = path.join(dir, ".gitignore");
  if (!existsSync(gitignore)) return "no-git";
  const name = path.basename(relative);
  const listed = readFileSync(gitignore, "utf8")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .some((line) => line === name || line === `/${name}` || line === relative || line === `/${relative}`);
  return listed ? "ignored" : "no-git";
}

// ---------------------------------------------------------------------------
// The BigQuery REST resources we read (as the API documents them; int64 values
// arrive as strings), and the narrow client the programs use. Tests inject a
// fake that returns recorded responses.

export interface ErrorProto {
  reason?: string;
  location?: string;
  debugInfo?: string;
  message?: string;
  domain?: string;
  locationType?: string;
}

export interface TableReference {
  projectId?: string;
  datasetId?: string;
  tableId?: string;
}

export interface FieldSchema {
  name: string;
  type: string;
  mode?: "NULLABLE" | "REQUIRED" | "REPEATED";
  description?: string;
}

export interface JobResource {
  kind?: string;
  id?: string;
  jobReference?: { projectId?: string; jobId?: string; location?: string };
  configuration?: { dryRun?: boolean; jobType?: string; [key: string]: unknown };
  status?: { state?: string; errorResult?: ErrorProto; errors?: ErrorProto[] };
  statistics?: {
    creationTime?: string;
    startTime?: string;
    endTime?: string;
    totalBytesProcessed?: string;
    query?: {
      totalBytesProcessed?: string;
      totalBytesProcessedAccuracy?: string;
      totalBytesBilled?: string;
      cacheHit?: boolean;
      statementType?: string;
      referencedTables?: TableReference[];
      schema?: { fields?: FieldSchema[] };
      [key: string]: unknown;
    };
    load?: { inputFiles?: string; inputFileBytes?: string; outputRows?: string; outputBytes?: string; badRecords?: string };
    [key: string]: unknown;
  };
  user_email?: string;
}

export interface DatasetResource {
  id?: string;
  datasetReference?: { projectId?: string; datasetId?: string };
  location?: string;
  labels?: Record<string, string>;
  description?: string;
}

export interface TableResource {
  id?: string;
  tableReference?: TableReference;
  type?: string; // TABLE | VIEW | MATERIALIZED_VIEW | EXTERNAL | SNAPSHOT
  location?: string;
  schema?: { fields?: FieldSchema[] };
  numRows?: string;
  numBytes?: string;
}

export interface LoadConfiguration {
  sourceFormat: "CSV" | "PARQUET";
  schema: { fields: FieldSchema[] };
  writeDisposition: "WRITE_TRUNCATE" | "WRITE_APPEND" | "WRITE_EMPTY";
  createDisposition?: "CREATE_IF_NEEDED" | "CREATE_NEVER";
  skipLeadingRows?: number;
  allowQuotedNewlines?: boolean;
  encoding?: "UTF-8" | "ISO-8859-1";
  maxBadRecords?: number;
  destinationTableProperties?: { description?: string };
}

/** Everything the programs ask of BigQuery. */
export interface BigQueryApi {
  readonly projectId: string;
  readonly location: string;
  /** Dataset metadata, or null when it does not exist. */
  getDataset(datasetId: string, projectId?: string): Promise<DatasetResource | null>;
  createDataset(datasetId: string, options: { location: string; labels?: Record<string, string>; description?: string }): Promise<DatasetResource>;
  /** Table metadata, or null when it does not exist. */
  getTable(datasetId: string, tableId: string, projectId?: string): Promise<TableResource | null>;
  /** Uploads a local file with a load job and waits for it; rejects with the job's errors. */
  loadFile(datasetId: string, tableId: string, file: string, configuration: LoadConfiguration): Promise<JobResource>;
  /** A query job with dryRun: true; resolves with the job resource jobs.insert returns. */
  dryRun(query: string): Promise<JobResource>;
}

/** A BigQuery client from @google-cloud/bigquery; nothing is sent until a method is called. */
export function createBigQueryApi(options: { projectId: string; location: string; credentials?: CredentialSource }): BigQueryApi {
  const client = new BigQuery({
    projectId: options.projectId,
    location: options.location,
    ...(options.credentials?.inlineKey ? { credentials: options.credentials.inlineKey } : {}),
    userAgent: "handoff-bigquery-scripts",
  });
  const missing = (error: unknown): boolean => normalizeBigQueryError(error)?.code === 404;
  return {
    projectId: options.projectId,
    location: options.location,
    async getDataset(datasetId, projectId) {
      try {
        const [metadata] = await client.dataset(datasetId, { projectId: projectId ?? options.projectId }).getMetadata();
        return metadata as unknown as DatasetResource;
      } catch (error) {
        if (missing(error)) return null;
        throw error;
      }
    },
    async createDataset(datasetId, create) {
      const [dataset] = await client.createDataset(datasetId, { location: create.location, labels: create.labels, description: create.description });
      return dataset.metadata as unknown as DatasetResource;
    },
    async getTable(datasetId, tableId, projectId) {
      try {
        const [metadata] = await client.dataset(datasetId, { projectId: projectId ?? options.projectId }).table(tableId).getMetadata();
        return metadata as unknown as TableResource;
      } catch (error) {
        if (missing(error)) return null;
        throw error;
      }
    },
    async loadFile(datasetId, tableId, file, configuration) {
      const table = client.dataset(datasetId, { location: options.location }).table(tableId, { location: options.location });
      const [job] = await table.load(file, { ...configuration, location: options.location });
      return job as unknown as JobResource;
    },
    async dryRun(query) {
      const [job] = await client.createQueryJob({ query, dryRun: true, useLegacySql: false, location: options.location });
      return job.metadata as unknown as JobResource;
    },
  };
}

/** Bytes from a dry run's statistics (int64 arrives as a string). */
export function bytesProcessed(job: JobResource): number {
  const raw = job.statistics?.query?.totalBytesProcessed ?? job.statistics?.totalBytesProcessed ?? "0";
  const bytes = Number(raw);
  return Number.isFinite(bytes) ? bytes : 0;
}

// ---------------------------------------------------------------------------
// Errors.

export interface NormalizedError {
  /** HTTP status, when the error came from an API response. */
  code?: number;
  /** The first error's reason: notFound, accessDenied, invalidQuery, billingNotEnabled, ... */
  reason?: string;
  /** google.rpc status name: NOT_FOUND, PERMISSION_DENIED, ... */
  status?: string;
  message: string;
  errors: ErrorProto[];
  /** A Node system error code: ENOTFOUND, ECONNREFUSED, ENOENT, ... */
  systemCode?: string;
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === "object" ? (value as Record<string, unknown>) : undefined;

const errorProtos = (value: unknown): ErrorProto[] => (Array.isArray(value) ? value.filter((item) => asRecord(item)).map((item) => item as ErrorProto) : []);

/**
 * The parts of an error that matter, from whatever carried it: an ApiError
 * of @google-cloud/common (code, errors, response), a REST error body
 * ({"error": {code, message, errors, status}}), a failed job resource
 * (status.errorResult / status.errors), a gaxios OAuth error
 * (response.data.error = "invalid_grant"), or a plain Error.
 */
export function normalizeBigQueryError(error: unknown): NormalizedError | undefined {
  const record = asRecord(error);
  if (!record) return typeof error === "string" ? { message: error, errors: [] } : undefined;
  // A REST error body.
  const body = asRecord(record.error);
  if (body && typeof body.message === "string") {
    const errors = errorProtos(body.errors);
    return { code: typeof body.code === "number" ? body.code : undefined, reason: errors[0]?.reason, status: typeof body.status === "string" ? body.status : undefined, message: body.message, errors };
  }
  // A job resource whose status carries the failure.
  const status = asRecord(record.status);
  if (status && asRecord(status.errorResult)) {
    const errorResult = status.errorResult as ErrorProto;
    const errors = errorProtos(status.errors);
    return { reason: errorResult.reason, message: errorResult.message ?? "job failed", errors: errors.length > 0 ? errors : [errorResult] };
  }
  const message = typeof record.message === "string" ? record.message : String(error);
  let errors = errorProtos(record.errors);
  let code = typeof record.code === "number" ? record.code : undefined;
  const systemCode = typeof record.code === "string" ? record.code : undefined;
  let rpcStatus: string | undefined;
  // ApiError keeps the HTTP response; its body has the status name.
  const response = asRecord(record.response);
  if (response) {
    const responseBody = typeof response.body === "string" ? safeJson(response.body) : asRecord(response.data) ?? asRecord(response.body);
    const inner = asRecord(asRecord(responseBody)?.error);
    if (inner) {
      if (typeof inner.status === "string") rpcStatus = inner.status;
      if (errors.length === 0) errors = errorProtos(inner.errors);
      if (code === undefined && typeof inner.code === "number") code = inner.code;
    }
    // OAuth errors: {"error": "invalid_grant", "error_description": "..."}.
    const oauth = asRecord(responseBody);
    if (oauth && typeof oauth.error === "string") {
      return { code: typeof response.status === "number" ? response.status : code, reason: oauth.error, message: `${oauth.error}${typeof oauth.error_description === "string" ? `: ${oauth.error_description}` : ""}`, errors };
    }
    if (code === undefined && typeof response.status === "number") code = response.status;
  }
  return { code, reason: errors[0]?.reason, status: rpcStatus, message, errors, systemCode };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A known dataset's location, to tell "missing" from "elsewhere". Key: "project:dataset". */
export type DatasetLocations = Map<string, string | null>;

export interface ErrorContext {
  projectId?: string;
  location?: string;
  /** The account the programs run as, to name in IAM advice. */
  account?: string;
  /** Where the datasets we know about live (null: checked, does not exist). */
  datasets?: DatasetLocations;
  /** The raw datasets in effect, to name the var that sets each. */
  rawDatasets?: { system: string; schemaVar: string; dataset: string }[];
}

/** Which role grants a permission BigQuery says is missing. */
export function roleForPermission(permission: string): string {
  if (permission.startsWith("bigquery.jobs.")) return "roles/bigquery.jobUser";
  if (/^bigquery\.(tables\.(getData|get|list)|datasets\.get|routines\.(get|list)|models\.(getData|getMetadata))$/.test(permission)) return "roles/bigquery.dataViewer";
  if (permission.startsWith("bigquery.readsessions.")) return "roles/bigquery.readSessionUser";
  return "roles/bigquery.dataEditor";
}

const member = (account: string | undefined): string =>
  account ? (account.endsWith(".gserviceaccount.com") ? `serviceAccount:${account}` : `user:${account}`) : "the account you run as";

/** "p:d.t" or "p:d" -> parts. */
function parseResource(text: string): { projectId?: string; dataset: string; table?: string } {
  const [head, rest] = text.includes(":") ? [text.slice(0, text.lastIndexOf(":")), text.slice(text.lastIndexOf(":") + 1)] : [undefined, text];
  const [dataset = "", table] = rest.split(".");
  return { projectId: head, dataset, table };
}

function datasetHint(dataset: string, context: ErrorContext): string {
  const raw = context.rawDatasets?.find((candidate) => candidate.dataset === dataset);
  return raw ? ` (the ${raw.system} raw dataset: set --var ${raw.schemaVar}=<the dataset your connector writes>, or create it with scripts/bigquery-load.ts)` : "";
}

function locationAdvice(resource: string, actual: string, context: ErrorContext): string {
  return `wrong location: ${resource} is in ${actual}, but the jobs run in ${context.location ?? "another location"}; pass --location ${actual} (or set defaultLocation in dataform.json); all of Handoff's raw and output datasets must be in one location`;
}

/**
 * One line that says what is wrong and what to set, for the errors people hit
 * when they first point Handoff at BigQuery; undefined for anything else
 * (SQL errors, quota, internal errors), which callers report as they are.
 */
export function explainBigQueryError(error: unknown, context: ErrorContext = {}): string | undefined {
  const normalized = normalizeBigQueryError(error);
  if (!normalized) return undefined;
  const { code, reason, message } = normalized;
  const all = [message, ...normalized.errors.map((item) => item.message ?? "")].join("\n");
  const project = context.projectId ?? "your project";

  // Network.
  const network = normalized.systemCode && /^(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH)$/.test(normalized.systemCode);
  if (network || /getaddrinfo (ENOTFOUND|EAI_AGAIN)|ECONNREFUSED|ENETUNREACH/.test(all)) {
    const host = all.match(/(?:ENOTFOUND|EAI_AGAIN)\s+([\w.-]+)/)?.[1] ?? "googleapis.com";
    return `cannot reach ${host}: this machine has no route to Google Cloud (check the network, or HTTPS_PROXY if you need a proxy)`;
  }

  // Credentials.
  if (/Could not load the default credentials|Unable to detect a Project Id in the current environment/.test(all)) return MISSING_CREDENTIALS;
  const missingFile = all.match(/The file at (\S+) does not exist/)?.[1];
  if (missingFile) return `the credentials file ${missingFile} does not exist: set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, or run \`gcloud auth application-default login\``;
  if (reason === "invalid_grant" || reason === "invalid_rapt" || /invalid_grant|invalid_rapt|reauth|Token has been expired or revoked/i.test(all)) {
    return "Google rejected the credentials (expired or revoked): run `gcloud auth application-default login` again, or point GOOGLE_APPLICATION_CREDENTIALS at a current service-account key";
  }
  if (code === 401 || reason === "authError" || reason === "unauthorized_client" || normalized.status === "UNAUTHENTICATED") {
    return "BigQuery did not accept the credentials (401): run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a valid service-account key file";
  }

  // Project setup.
  if (reason === "accessNotConfigured" || normalized.status === "SERVICE_DISABLED" || /has not been used in project|API has not been used|is disabled\. Enable it|has not enabled BigQuery/.test(all)) {
    return `the BigQuery API is not enabled in project ${project}: run \`gcloud services enable bigquery.googleapis.com --project ${project}\` (or check that --project is the right project)`;
  }
  if (reason === "billingNotEnabled" || /Billing has not been enabled|billing account|in the free tier/i.test(all)) {
    return `project ${project} has no billing account (BigQuery sandbox): loads and queries work there, but Dataform's MERGE and DML statements do not; link a billing account to the project`;
  }
  if (/Invalid project ID|ProjectId must be non-empty|Invalid resource name.*projects?\/|Project .*not found or deleted|Not found: Project/i.test(all)) {
    const named = all.match(/Not found: Project ([\w.:-]+)/)?.[1] ?? all.match(/Invalid project ID '([^']+)'/)?.[1] ?? context.projectId;
    return `wrong project: ${named ?? "the project"} does not exist or your credentials cannot see it; pass --project with the project id (not its name or number), or set GOOGLE_CLOUD_PROJECT`;
  }

  // Location.
  const crossLocation = all.match(/Cannot read and write in different locations: source: (\S+?),? destination: (\S+)/);
  if (crossLocation) {
    return `wrong location: the query reads data in ${crossLocation[1]} and writes to ${crossLocation[2]}; all of Handoff's raw and output datasets must be in one location (pass --location ${crossLocation[1]} and keep the output datasets there)`;
  }
  const badLocation = all.match(/Location (\S+) does not support this operation|Invalid (?:value for )?location:? ?'?([\w-]+)/i);
  if (badLocation) {
    return `wrong location: ${badLocation[1] ?? badLocation[2] ?? context.location} is not a location BigQuery can use here; pass --location with your datasets' location (US, EU or a region such as us-central1)`;
  }

  // Permissions.
  if (code === 403 || reason === "accessDenied" || normalized.status === "PERMISSION_DENIED" || /^Access Denied/m.test(all)) {
    const permission = all.match(/\b(bigquery\.[a-zA-Z]+\.[a-zA-Z]+)\b/)?.[1];
    const onTable = all.match(/(?:permission to query table|Table) ([\w.:-]+\.[\w$-]+)/)?.[1];
    const onDataset = all.match(/Dataset ([\w.-]+:[\w-]+)/)?.[1];
    if (permission) {
      const role = roleForPermission(permission);
      const scope = permission.startsWith("bigquery.jobs.") ? `project ${project}` : onTable ? `dataset ${onTable.replace(/\.[^.]+$/, "")} (or project ${project})` : onDataset ? `dataset ${onDataset} (or project ${project})` : `project ${project}`;
      return `permission denied: ${permission} is missing; grant ${role} on ${scope} to ${member(context.account)}${permission === "bigquery.jobs.create" ? " (or check that --project is your project)" : ""}`;
    }
    if (onTable) {
      return `permission denied reading ${onTable}: grant roles/bigquery.dataViewer on dataset ${onTable.replace(/\.[^.]+$/, "")} to ${member(context.account)}, or check that the table exists`;
    }
    return `permission denied: grant roles/bigquery.jobUser and roles/bigquery.dataEditor on project ${project} to ${member(context.account)} (BigQuery said: ${message.split("\n")[0]})`;
  }

  // Missing datasets and tables.
  if (code === 404 || reason === "notFound" || /^Not found: (Dataset|Table)/m.test(all)) {
    const found = all.match(/Not found: (Dataset|Table) ([\w.:$-]+?)(?: was not found in location (\S+))?(?:\s|$)/);
    if (found) {
      const [, kind = "Table", name = "", inLocation] = found;
      const resource = parseResource(name);
      const datasetKey = `${resource.projectId ?? context.projectId}:${resource.dataset}`;
      const known = context.datasets?.get(datasetKey);
      const queryLocation = inLocation ?? context.location;
      if (known && queryLocation && !sameLocation(known, queryLocation)) {
        return locationAdvice(`dataset ${datasetKey}`, known, { ...context, location: queryLocation });
      }
      const where = inLocation ? ` in location ${inLocation}` : "";
      if (kind === "Dataset") {
        return `dataset ${datasetKey} does not exist${where}${datasetHint(resource.dataset, context)}; if it exists in another location, pass --location with that location`;
      }
      return `table ${name} does not exist${where}${datasetHint(resource.dataset, context)}`;
    }
  }
  return undefined;
}

/**
 * The error to throw: a HandoffError with the explanation (printed without a
 * stack) when there is one, else a HandoffError with BigQuery's own message
 * for API errors, else the error unchanged (a bug: its stack helps).
 */
export function toHandoffError(error: unknown, context: ErrorContext = {}, prefix = ""): unknown {
  if (error instanceof HandoffError) return error;
  const explained = explainBigQueryError(error, context);
  if (explained) return new HandoffError(`${prefix}${explained}`);
  const normalized = normalizeBigQueryError(error);
  if (normalized && (normalized.code !== undefined || normalized.reason !== undefined)) {
    const detail = normalized.errors.length > 1 ? normalized.errors.map((item) => item.message).filter(Boolean).join("; ") : normalized.message;
    return new HandoffError(`${prefix}BigQuery${normalized.code ? ` ${normalized.code}` : ""}${normalized.reason ? ` ${normalized.reason}` : ""}: ${detail.replace(/\s+/g, " ").trim()}`);
  }
  return error;
}

/**
 * Hints for the output of the Dataform CLI (which prints BigQuery's messages
 * as they come): one explanation per distinct problem found in the text.
 */
export function hintsForCliOutput(output: string, context: ErrorContext = {}): string[] {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\u001b\[[0-9;]*m/g, "");
  const hints = new Set<string>();
  const patterns = [
    /Could not load the default credentials[^\n]*/g,
    /The file at \S+ does not exist[^\n]*/g,
    /getaddrinfo (?:ENOTFOUND|EAI_AGAIN) [\w.-]+/g,
    /invalid_grant[^\n]*|invalid_rapt[^\n]*/g,
    /Access Denied: [^\n]*/g,
    /Not found: (?:Dataset|Table|Project) [^\n]*/g,
    /Cannot read and write in different locations[^\n]*/g,
    /Billing has not been enabled[^\n]*/g,
    /BigQuery API has not been used[^\n]*|has not enabled BigQuery[^\n]*/g,
  ];
  for (const pattern of patterns) {
    for (const match of plain.matchAll(pattern)) {
      const line = match[0];
      const fake = /^Access Denied/.test(line) ? { code: 403, message: line } : /^Not found/.test(line) ? { code: 404, message: line } : { message: line };
      const explained = explainBigQueryError(fake, context);
      if (explained) hints.add(explained);
    }
  }
  return [...hints];
}

// ---------------------------------------------------------------------------
// Compiling for BigQuery with the official CLI and project overrides.

export interface CompileOverrides {
  projectDir?: string;
  defaultDatabase?: string;
  defaultSchema?: string;
  assertionSchema?: string;
  schemaSuffix?: string;
  defaultLocation?: string;
  vars?: Record<string, string>;
}

/** The CLI's project-config flags for the given overrides (vars merged over dataform.json's, dialect forced to bigquery). */
export function projectConfigFlags(overrides: CompileOverrides, config: DataformConfig): string[] {
  const vars = { ...(config.vars ?? {}), ...(overrides.vars ?? {}) };
  if (vars.dialect && vars.dialect !== "bigquery") throw new HandoffError(`--var dialect=${vars.dialect}: BigQuery needs dialect=bigquery (DuckDB is for scripts/run-local.ts)`);
  vars.dialect = "bigquery";
  for (const [key, value] of Object.entries(vars)) {
    if (/[,=]/.test(value)) throw new HandoffError(`var ${key}: a value cannot contain "," or "=" (got ${JSON.stringify(value)})`);
  }
  const flags: string[] = [];
  if (overrides.defaultDatabase) flags.push(`--default-database=${overrides.defaultDatabase}`);
  if (overrides.defaultSchema) flags.push(`--default-schema=${overrides.defaultSchema}`);
  if (overrides.assertionSchema) flags.push(`--assertion-schema=${overrides.assertionSchema}`);
  if (overrides.schemaSuffix) flags.push(`--schema-suffix=${overrides.schemaSuffix}`);
  if (overrides.defaultLocation) flags.push(`--default-location=${overrides.defaultLocation}`);
  flags.push(`--vars=${Object.entries(vars).map(([key, value]) => `${key}=${value}`).join(",")}`);
  return flags;
}

export const dataformCli = (root: string = repoRoot): string => path.join(root, "node_modules", ".bin", "dataform");

/**
 * The CLI gives compilation 5 seconds by default, which a busy machine or a
 * cold CI runner can exceed ("Compilation timed out"); ours is generous.
 */
export const COMPILE_TIMEOUT_FLAG = "--timeout=10m";

/** `dataform compile --json` with the overrides; throws a HandoffError listing compilation errors. */
export async function compileForBigQuery(overrides: CompileOverrides): Promise<CompiledGraph> {
  const projectDir = path.resolve(overrides.projectDir ?? repoRoot);
  const config = readDataformConfig(projectDir);
  const args = ["compile", projectDir, "--json", COMPILE_TIMEOUT_FLAG, ...projectConfigFlags(overrides, config)];
  const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => {
    execFile(dataformCli(), args, { maxBuffer: 256 * 1024 * 1024, timeout: 660_000, env: { ...process.env, NO_COLOR: "1" } }, (error, out, err) => {
      resolve({ stdout: String(out), stderr: String(err), code: error ? (typeof error.code === "number" ? error.code : 1) : 0 });
    });
  });
  const graph = safeJson(stdout) as CompiledGraph | undefined;
  const errors = graph?.graphErrors?.compilationErrors ?? [];
  if (!graph || code !== 0 || errors.length > 0) {
    const detail = errors.length > 0 ? errors.map((error) => `  ${error.fileName ?? "?"}: ${error.message ?? "error"}`).join("\n") : (stderr || stdout).trim().slice(0, 4000);
    throw new HandoffError(`dataform compile failed:\n${detail}`);
  }
  return graph;
}

// ---------------------------------------------------------------------------
// Formatting.

const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "?";
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)} ${units[unit]}`;
}

export const TIB = 1024 ** 4;

export function formatDollars(amount: number): string {
  if (amount === 0) return "$0.00";
  if (amount < 1) return `$${Number(amount.toPrecision(2))}`;
  return `$${amount.toFixed(2)}`;
}

/** Runs `work` over `items` with at most `limit` at once, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
