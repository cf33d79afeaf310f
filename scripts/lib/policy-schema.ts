import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import policySql from "../../includes/policy_sql.js";
import { HandoffError } from "./errors";

const policyFile = path.join("includes", "policy.js");

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "must be a time HH:MM (24-hour)" });
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a date YYYY-MM-DD" })
  .refine((value) => !Number.isNaN(new Date(`${value}T00:00:00Z`).getTime()) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    message: "is not a real calendar date",
  });
// The names the models treat as known (includes/policy_sql.js), spelled
// exactly. Intl alone would also take "america/new_york" or "US/Eastern",
// which the models treat as unknown.
const knownTimeZones = new Set(policySql.knownTimeZoneNames());
const timeZone = z.string().refine((value) => knownTimeZones.has(value), {
  message: "is not an IANA time zone name both engines know, spelled exactly (e.g. America/New_York)",
});

/** Why RE2 (BigQuery's and DuckDB's engine) would reject a pattern JavaScript accepts, or null. */
function re2Unsupported(pattern: string): string | null {
  let inClass = false;
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index];
    if (char === "\\") {
      const next = pattern[index + 1] ?? "";
      if (!inClass && /[1-9]/.test(next)) return "uses a backreference, which RE2 (BigQuery, DuckDB) does not support";
      if (!inClass && next === "k" && pattern[index + 2] === "<") return "uses a named backreference, which RE2 (BigQuery, DuckDB) does not support";
      index += 1;
    } else if (inClass) {
      if (char === "]") inClass = false;
    } else if (char === "[") {
      inClass = true;
      if (pattern[index + 1] === "]") index += 1;
    } else if (char === "(" && pattern[index + 1] === "?") {
      const flag = pattern.slice(index + 2, index + 4);
      if (flag.startsWith("=") || flag.startsWith("!") || flag === "<=" || flag === "<!") return "uses a lookaround, which RE2 (BigQuery, DuckDB) does not support";
    }
  }
  return null;
}

const regex = z
  .string()
  .min(1)
  .superRefine((value, context) => {
    try {
      new RegExp(value);
    } catch {
      context.addIssue({ code: "custom", message: "is not a valid regular expression" });
      return;
    }
    const unsupported = re2Unsupported(value);
    if (unsupported) context.addIssue({ code: "custom", message: unsupported });
  });
const disposition = z.enum(["converted", "working", "no_response", "bad_fit"]).nullable();

const schedule = z
  .object({
    days: z.array(z.number().int().min(1, { message: "weekdays are 1 (Monday) to 7 (Sunday)" }).max(7, { message: "weekdays are 1 (Monday) to 7 (Sunday)" })).min(1).refine((days) => new Set(days).size === days.length, { message: "lists a weekday twice" }),
    start: time,
    end: time,
  })
  .strict()
  .refine((value) => value.start < value.end, { message: "start must be before end (a working day cannot cross midnight)", path: ["end"] });

const exampleLead = z
  .object({
    email: z.string().nullable(),
    employeeCount: z.number().int().nonnegative().nullable(),
    country: z.string().nullable(),
    industry: z.string().nullable(),
    title: z.string().nullable(),
    triggerFormName: z.string().nullable(),
    contentActions: z.number().int().nonnegative(),
    score: z.number().nullable(),
  })
  .strict();

const definitionVersion = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]+$/, { message: "must be letters, digits, _ or -" }),
    effectiveFrom: isoDate.nullable(),
    reason: z.string().min(10, { message: "say why this version exists, in a sentence" }),
    fit: z
      .object({
        employeeCount: z
          .object({ min: z.number().int().nonnegative().nullable(), max: z.number().int().positive().nullable() })
          .strict()
          .refine((range) => range.min === null || range.max === null || range.min <= range.max, { message: "min must not exceed max" }),
        industries: z.array(z.string().min(1)),
        countries: z.array(z.string().regex(/^[A-Z]{2}$/, { message: "must be an ISO 3166-1 alpha-2 code in capitals, such as US" })),
        targetAccountDomains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, { message: "must be a domain such as example.com" })),
        excludedEmailDomains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, { message: "must be a domain such as gmail.com" })),
        excludedEmailDomainSuffixes: z.array(z.string().regex(/^\.[a-z0-9.-]+$/i, { message: "must start with a dot, e.g. .edu" })),
        excludedTitlePattern: regex.nullable(),
      })
      .strict(),
    behavior: z
      .object({
        handRaiserFormPattern: regex,
        contentActions: z.object({ minimum: z.number().int().positive(), withinDays: z.number().int().positive().max(365) }).strict(),
        scoreThreshold: z.number().nonnegative().nullable(),
      })
      .strict(),
    examples: z
      .array(z.object({ description: z.string().min(3), verdict: z.enum(["sales_ready", "not_sales_ready"]), lead: exampleLead }).strict())
      .min(2, { message: "give at least one example and one counterexample" })
      .refine((examples) => examples.some((example) => example.verdict === "sales_ready") && examples.some((example) => example.verdict === "not_sales_ready"), {
        message: "needs at least one sales_ready example and one not_sales_ready counterexample",
      }),
  })
  .strict();

export const policySchema = z
  .object({
    workingHours: z
      .object({
        fallbackTimeZone: timeZone,
        default: schedule,
        teams: z.record(z.string(), schedule),
        owners: z.record(z.string(), schedule),
        holidays: z.array(z.object({ date: isoDate, name: z.string().min(1) }).strict()),
      })
      .strict(),
    tiers: z
      .array(
        z
          .object({
            tier: z.string().regex(/^[a-z][a-z0-9_]*$/, { message: "must be snake_case" }),
            description: z.string().min(1),
            formNamePattern: regex.nullable(),
            sla: z.discriminatedUnion("kind", [
              z.object({ kind: z.literal("working_minutes"), minutes: z.number().int().positive() }).strict(),
              z.object({ kind: z.literal("end_of_working_day") }).strict(),
            ]),
          })
          .strict(),
      )
      .min(1)
      .refine((tiers) => tiers[tiers.length - 1]?.formNamePattern === null, { message: "the last tier is the catch-all: its formNamePattern must be null" })
      .superRefine((tiers, context) => {
        // A catch-all before the last tier would never be reached by its rule.
        tiers.slice(0, -1).forEach((tier, index) => {
          if (tier.formNamePattern === null) context.addIssue({ code: "custom", path: [index, "formNamePattern"], message: "only the last tier is the catch-all: every other tier needs a formNamePattern" });
        });
        if (new Set(tiers.map((tier) => tier.tier)).size !== tiers.length) context.addIssue({ code: "custom", message: "two tiers share a name" });
      }),
    definitions: z
      .array(definitionVersion)
      .min(1)
      .refine((versions) => new Set(versions.map((version) => version.id)).size === versions.length, { message: "two versions share an id" })
      .refine((versions) => new Set(versions.filter((version) => version.effectiveFrom).map((version) => version.effectiveFrom)).size === versions.filter((version) => version.effectiveFrom).length, {
        message: "two versions take effect on the same day",
      }),
    context: z.object({ threshold: z.number().min(0).max(1) }).strict(),
    dispositions: z
      .object({
        missingAfterWorkingDays: z.number().int().positive(),
        salesforceLeadStatus: z.record(z.string(), disposition),
        hubspotLeadStatus: z.record(z.string(), disposition),
      })
      .strict(),
    outcomes: z.object({ pipelineWindowDays: z.number().int().positive() }).strict(),
    review: z.object({ biweeklyAnchorDate: isoDate.refine((value) => new Date(`${value}T00:00:00Z`).getUTCDay() === 1, { message: "must be a Monday" }) }).strict(),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;

/** Validates a policy object; the error names the file and the path of each bad field. */
export function validatePolicy(candidate: unknown, file = policyFile): Policy {
  const parsed = policySchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const where = issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("").replace(/^\./, "");
    return `  ${file}: ${where || "(top level)"}: ${issue.message}`;
  });
  throw new HandoffError(`the policy has ${lines.length === 1 ? "an error" : `${lines.length} errors`}; nothing was run:\n${lines.join("\n")}`);
}

/** Loads and validates includes/policy.js. */
export function checkPolicy(): Policy {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const policy: unknown = require("../../includes/policy.js");
  return validatePolicy(policy);
}

/**
 * Validates the includes/policy.js of another project directory (a staged
 * copy), or returns null when that project has no policy (a fixture project).
 */
export function checkProjectPolicy(projectDir: string): Policy | null {
  const file = path.resolve(projectDir, policyFile);
  if (!existsSync(file)) return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const policy: unknown = require(file);
  return validatePolicy(policy, path.relative(process.cwd(), file) || policyFile);
}
