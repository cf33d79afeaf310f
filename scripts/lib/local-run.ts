import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import { actionsOf, compileProject, selectActions } from "./compiled-graph";
import { HandoffError } from "./errors";
import { checkPolicy, checkProjectPolicy } from "./policy-schema";
import { loadRawDirectory, rawTables } from "./raw-data";
import { ActionResult, executeActions, summarize } from "./runner";
import { withWarehouseCopy } from "./warehouse";

export const defaultWarehouse = "warehouse/handoff.duckdb";

export const runOptionsSchema = z.object({
  projectDir: z.string().optional(),
  warehouse: z.string().min(1).default(defaultWarehouse),
  raw: z.string().min(1).optional(),
  asOf: z
    .string()
    .refine((value) => !Number.isNaN(new Date(value).getTime()), { message: "not a timestamp (use ISO 8601, e.g. 2026-11-23T12:00:00Z)" })
    .optional(),
  actions: z.array(z.string().min(1)).default([]),
  tags: z.array(z.string().min(1)).default([]),
  includeDependencies: z.boolean().default(false),
  includeDependents: z.boolean().default(false),
  fullRefresh: z.boolean().default(false),
  vars: z.record(z.string(), z.string()).default({}),
});
export type RunOptions = z.input<typeof runOptionsSchema>;

export interface RunOutcome {
  results: ActionResult[];
  ok: boolean;
  seconds: number;
  summary: string;
}

/** Sets "now" for the run: models read it through dialect.asOf(). */
export async function setAsOf(connection: DuckDBConnection, asOf: string | undefined): Promise<void> {
  const when = new Date(asOf ?? Date.now()).toISOString().replace("T", " ").replace("Z", "");
  await connection.run(`set variable handoff_as_of = timestamp '${when}'`);
}

/**
 * Compiles the project for DuckDB and executes it (or the selected part) on an
 * in-process connection: what tests and the file-based run share.
 */
export async function executeProject(
  connection: DuckDBConnection,
  options: { projectDir?: string; asOf?: string; actions?: string[]; tags?: string[]; includeDependencies?: boolean; includeDependents?: boolean; fullRefresh?: boolean; vars?: Record<string, string>; log?: (line: string) => void },
): Promise<RunOutcome> {
  const started = Date.now();
  const graph = await compileProject({ projectDir: options.projectDir, vars: { ...(options.vars ?? {}), dialect: "duckdb" } });
  const selected = selectActions(actionsOf(graph), {
    actions: options.actions,
    tags: options.tags,
    includeDependencies: options.includeDependencies,
    includeDependents: options.includeDependents,
  });
  await setAsOf(connection, options.asOf);
  const results = await executeActions(connection, selected, { fullRefresh: options.fullRefresh, log: options.log });
  const seconds = (Date.now() - started) / 1000;
  const ok = results.every((result) => result.status === "done");
  return { results, ok, seconds, summary: summarize(results, seconds) };
}

/**
 * The local run: optionally loads raw exports, then executes the graph on a
 * copy of the warehouse file and swaps it in only when everything passed.
 */
export async function runLocal(input: RunOptions, log: (line: string) => void = () => {}): Promise<RunOutcome> {
  const parsed = runOptionsSchema.safeParse(input);
  if (!parsed.success) {
    throw new HandoffError(parsed.error.issues.map((issue) => `option ${issue.path.join(".") || "(options)"}: ${issue.message}`).join("; "));
  }
  const options = parsed.data;
  // A policy with an error stops the run before anything is touched.
  if (options.projectDir) checkProjectPolicy(options.projectDir);
  else checkPolicy();
  return withWarehouseCopy(options.warehouse, async (connection) => {
    if (options.raw) {
      log(`loading raw data from ${options.raw}`);
      const schemas = {
        salesforce: options.vars.salesforce_schema,
        hubspot: options.vars.hubspot_schema,
        routing: options.vars.routing_schema,
      };
      await loadRawDirectory(connection, options.raw, rawTables(schemas), { log });
    }
    log(`compiling the Dataform project for DuckDB`);
    const outcome = await executeProject(connection, { ...options, log });
    return { commit: outcome.ok, value: outcome };
  });
}
