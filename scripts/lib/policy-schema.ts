import path from "node:path";
import { z } from "zod";
import { HandoffError } from "./errors";

const policyFile = path.join("includes", "policy.js");

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "must be a time HH:MM (24-hour)" });
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a date YYYY-MM-DD" })
  .refine((value) => !Number.isNaN(new Date(`${value}T00:00:00Z`).getTime()) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    message: "is not a real calendar date",
  });
const timeZone = z.string().refine((value) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}, { message: "is not an IANA time zone name (e.g. America/New_York)" });
const regex = z.string().min(1).refine((value) => {
  try {
    new RegExp(value);
    return true;
  } catch {
    return false;
  }
}, { message: "is not a valid regular expression" });
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
        countries: z.array(z.string().min(1)),
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
      .refine((tiers) => tiers[tiers.length - 1]?.formNamePattern === null, { message: "the last tier is the catch-all: its formNamePattern must be null" }),
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
