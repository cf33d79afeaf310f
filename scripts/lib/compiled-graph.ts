import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { HandoffError } from "./errors";

export const repoRoot = path.resolve(__dirname, "..", "..");

const targetSchema = z.object({ database: z.string().optional(), schema: z.string(), name: z.string() });
export type Target = z.infer<typeof targetSchema>;

const tableSchema = z.object({
  type: z.enum(["table", "view", "incremental"]),
  target: targetSchema,
  fileName: z.string(),
  query: z.string(),
  incrementalQuery: z.string().optional(),
  dependencyTargets: z.array(targetSchema).optional(),
  tags: z.array(z.string()).optional(),
  preOps: z.array(z.string()).optional(),
  postOps: z.array(z.string()).optional(),
  incrementalPreOps: z.array(z.string()).optional(),
  incrementalPostOps: z.array(z.string()).optional(),
  uniqueKey: z.array(z.string()).optional(),
  disabled: z.boolean().optional(),
  bigquery: z.record(z.string(), z.unknown()).optional(),
  actionDescriptor: z
    .object({
      description: z.string().optional(),
      columns: z.array(z.object({ path: z.array(z.string()), description: z.string().optional() })).optional(),
    })
    .optional(),
});

const assertionSchema = z.object({
  target: targetSchema,
  fileName: z.string(),
  query: z.string(),
  dependencyTargets: z.array(targetSchema).optional(),
  tags: z.array(z.string()).optional(),
  parentAction: targetSchema.optional(),
  disabled: z.boolean().optional(),
});

const operationSchema = z.object({
  target: targetSchema,
  fileName: z.string(),
  queries: z.array(z.string()),
  dependencyTargets: z.array(targetSchema).optional(),
  tags: z.array(z.string()).optional(),
  hasOutput: z.boolean().optional(),
  disabled: z.boolean().optional(),
});

const declarationSchema = z.object({ target: targetSchema, fileName: z.string().optional() });

const testSchema = z.object({
  name: z.string(),
  fileName: z.string(),
  testQuery: z.string(),
  expectedOutputQuery: z.string(),
});

export const compiledGraphSchema = z.object({
  projectConfig: z.object({ vars: z.record(z.string(), z.string()).optional() }).passthrough(),
  tables: z.array(tableSchema).optional(),
  assertions: z.array(assertionSchema).optional(),
  operations: z.array(operationSchema).optional(),
  declarations: z.array(declarationSchema).optional(),
  tests: z.array(testSchema).optional(),
  graphErrors: z
    .object({ compilationErrors: z.array(z.object({ fileName: z.string().optional(), message: z.string().optional(), stack: z.string().optional() })).optional() })
    .passthrough()
    .optional(),
});
export type CompiledGraph = z.infer<typeof compiledGraphSchema>;

export type ActionKind = "declaration" | "table" | "view" | "incremental" | "operation" | "assertion" | "test";

/** One node of the graph, engine-neutral; SQL is as Dataform compiled it. */
export interface Action {
  id: string; // schema.name
  kind: ActionKind;
  target: Target;
  fileName: string;
  dependencies: string[];
  tags: string[];
  query?: string;
  incrementalQuery?: string;
  preOps: string[];
  postOps: string[];
  incrementalPreOps: string[];
  incrementalPostOps: string[];
  uniqueKey?: string[];
  queries?: string[];
  parent?: string;
  expectedOutputQuery?: string;
}

export const targetId = (target: Target): string => `${target.schema}.${target.name}`;

/** Files whose content decides what the compiler produces. */
function projectFingerprint(projectDir: string, vars: Record<string, string>): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(vars));
  const visit = (relative: string): void => {
    const full = path.join(projectDir, relative);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full).sort()) visit(path.join(relative, entry));
    } else {
      hash.update(relative);
      hash.update(readFileSync(full));
    }
  };
  visit("dataform.json");
  visit("definitions");
  visit("includes");
  visit(path.join("node_modules", "@dataform", "core", "package.json"));
  return hash.digest("hex").slice(0, 24);
}

function runCli(projectDir: string, args: string[]): Promise<string> {
  const cli = path.join(repoRoot, "node_modules", ".bin", "dataform");
  return new Promise((resolve, reject) => {
    const child = spawn(cli, args, { cwd: projectDir, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(stdout);
      else reject(new HandoffError(`dataform ${args.join(" ")} failed (exit ${code}):\n${stderr.trim() || stdout.trim()}`));
    });
  });
}

/**
 * Compiles the project with the official Dataform CLI. Results are cached on
 * disk by a fingerprint of the project files and vars.
 */
export async function compileProject(options: { projectDir?: string; vars: Record<string, string> }): Promise<CompiledGraph> {
  const projectDir = options.projectDir ?? repoRoot;
  const cacheDir = path.join(repoRoot, "node_modules", ".cache", "handoff-compile");
  const cacheFile = path.join(cacheDir, `${projectFingerprint(projectDir, options.vars)}.json`);
  let raw: string;
  if (existsSync(cacheFile)) {
    raw = readFileSync(cacheFile, "utf8");
  } else {
    // A fixture project shares the repository's installed @dataform/core.
    const modules = path.join(projectDir, "node_modules");
    if (projectDir !== repoRoot && !existsSync(modules)) symlinkSync(path.join(repoRoot, "node_modules"), modules, "dir");
    // The CLI merges --vars over dataform.json's vars.
    const varsArg = Object.entries(options.vars)
      .map(([key, value]) => {
        if (/[,=]/.test(value)) throw new HandoffError(`var ${key}: a value cannot contain "," or "=" (got ${JSON.stringify(value)})`);
        return `${key}=${value}`;
      })
      .join(",");
    raw = await runCli(projectDir, ["compile", ".", "--json", "--timeout=5m", ...(varsArg ? [`--vars=${varsArg}`] : [])]);
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cacheFile, raw);
  }
  const parsed = compiledGraphSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new HandoffError(`unexpected output from dataform compile: ${parsed.error.message}`);
  const errors = parsed.data.graphErrors?.compilationErrors ?? [];
  if (errors.length > 0) {
    const lines = errors.map((error) => `  ${error.fileName ?? "?"}: ${error.message ?? error.stack ?? "error"}`);
    throw new HandoffError(`the Dataform project does not compile:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/** The graph as a flat list of actions with resolved dependency ids. */
export function actionsOf(graph: CompiledGraph): Action[] {
  const actions: Action[] = [];
  const base = { preOps: [], postOps: [], incrementalPreOps: [], incrementalPostOps: [] };
  for (const declaration of graph.declarations ?? []) {
    actions.push({ ...base, id: targetId(declaration.target), kind: "declaration", target: declaration.target, fileName: declaration.fileName ?? "", dependencies: [], tags: [] });
  }
  for (const table of graph.tables ?? []) {
    if (table.disabled) continue;
    actions.push({
      id: targetId(table.target),
      kind: table.type,
      target: table.target,
      fileName: table.fileName,
      dependencies: (table.dependencyTargets ?? []).map(targetId),
      tags: table.tags ?? [],
      query: table.query,
      incrementalQuery: table.incrementalQuery,
      preOps: table.preOps ?? [],
      postOps: table.postOps ?? [],
      incrementalPreOps: table.incrementalPreOps ?? [],
      incrementalPostOps: table.incrementalPostOps ?? [],
      uniqueKey: table.uniqueKey,
    });
  }
  for (const operation of graph.operations ?? []) {
    if (operation.disabled) continue;
    actions.push({
      ...base,
      id: targetId(operation.target),
      kind: "operation",
      target: operation.target,
      fileName: operation.fileName,
      dependencies: (operation.dependencyTargets ?? []).map(targetId),
      tags: operation.tags ?? [],
      queries: operation.queries,
    });
  }
  for (const assertion of graph.assertions ?? []) {
    if (assertion.disabled) continue;
    actions.push({
      ...base,
      id: targetId(assertion.target),
      kind: "assertion",
      target: assertion.target,
      fileName: assertion.fileName,
      dependencies: (assertion.dependencyTargets ?? []).map(targetId),
      tags: assertion.tags ?? [],
      query: assertion.query,
      parent: assertion.parentAction ? targetId(assertion.parentAction) : undefined,
    });
  }
  for (const test of graph.tests ?? []) {
    actions.push({
      ...base,
      id: `test.${test.name}`,
      kind: "test",
      target: { schema: "test", name: test.name },
      fileName: test.fileName,
      dependencies: [],
      tags: [],
      query: test.testQuery,
      expectedOutputQuery: test.expectedOutputQuery,
    });
  }
  return actions;
}

/** Dependency order (dependencies first); ties keep a stable, readable order. */
export function topologicalOrder(actions: Action[]): Action[] {
  const byId = new Map(actions.map((action) => [action.id, action]));
  const ordered: Action[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (action: Action, trail: string[]): void => {
    const seen = state.get(action.id);
    if (seen === "done") return;
    if (seen === "visiting") throw new HandoffError(`dependency cycle: ${[...trail, action.id].join(" -> ")}`);
    state.set(action.id, "visiting");
    for (const dependency of action.dependencies) {
      const upstream = byId.get(dependency);
      if (upstream) visit(upstream, [...trail, action.id]);
    }
    state.set(action.id, "done");
    ordered.push(action);
  };
  const kindRank: Record<ActionKind, number> = { declaration: 0, operation: 1, view: 2, table: 2, incremental: 2, assertion: 3, test: 4 };
  const sorted = [...actions].sort((a, b) => kindRank[a.kind] - kindRank[b.kind] || a.id.localeCompare(b.id));
  for (const action of sorted) visit(action, []);
  return ordered;
}

export interface Selection {
  actions?: string[];
  tags?: string[];
  includeDependencies?: boolean;
  includeDependents?: boolean;
}

/**
 * The part of the graph a run executes. An action is named by `schema.name` or
 * by its bare name. Assertions of selected actions come along, as in Dataform.
 */
export function selectActions(all: Action[], selection: Selection): Action[] {
  const named = selection.actions ?? [];
  const tags = selection.tags ?? [];
  if (named.length === 0 && tags.length === 0) return topologicalOrder(all);
  const byId = new Map(all.map((action) => [action.id, action]));
  const chosen = new Set<string>();
  for (const name of named) {
    const matches = all.filter((action) => action.id === name || action.target.name === name);
    if (matches.length === 0) throw new HandoffError(`--actions: no action named "${name}" in the project`);
    for (const match of matches) chosen.add(match.id);
  }
  for (const tag of tags) {
    const matches = all.filter((action) => action.tags.includes(tag));
    if (matches.length === 0) throw new HandoffError(`--tags: no action has the tag "${tag}"`);
    for (const match of matches) chosen.add(match.id);
  }
  if (selection.includeDependencies) {
    const stack = [...chosen];
    while (stack.length > 0) {
      const action = byId.get(stack.pop()!);
      for (const dependency of action?.dependencies ?? []) {
        if (!chosen.has(dependency) && byId.has(dependency)) {
          chosen.add(dependency);
          stack.push(dependency);
        }
      }
    }
  }
  if (selection.includeDependents) {
    let grew = true;
    while (grew) {
      grew = false;
      for (const action of all) {
        if (!chosen.has(action.id) && action.dependencies.some((dependency) => chosen.has(dependency))) {
          chosen.add(action.id);
          grew = true;
        }
      }
    }
  }
  for (const action of all) {
    if (action.kind === "assertion" && action.parent && chosen.has(action.parent)) chosen.add(action.id);
  }
  return topologicalOrder(all.filter((action) => chosen.has(action.id)));
}
