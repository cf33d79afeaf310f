import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../scripts/lib/compiled-graph";
import { HandoffError } from "../scripts/lib/errors";
import { runLocal } from "../scripts/lib/local-run";
import { checkPolicy, checkProjectPolicy, validatePolicy } from "../scripts/lib/policy-schema";

// includes/policy.js is checked by scripts/lib/policy-schema.ts before any run:
// one malformed value of each kind of field, each rejected with a message that
// names the file and the path of the bad field.

// The same module object scripts/lib/policy-schema.ts loads with `require`.
const nodeRequire = createRequire(path.join(repoRoot, "scripts", "lib", "policy-schema.ts"));
const livePolicy = nodeRequire("../../includes/policy.js") as Record<string, any>;
const committed = () => structuredClone(livePolicy) as Record<string, any>;

/** The validation error for a copy of the committed policy after `edit`. */
function errorFor(edit: (policy: Record<string, any>) => void): string {
  const policy = committed();
  edit(policy);
  try {
    validatePolicy(policy);
  } catch (error) {
    expect(error).toBeInstanceOf(HandoffError);
    return (error as Error).message;
  }
  throw new Error("the policy was accepted");
}

describe("validatePolicy", () => {
  it("accepts the committed includes/policy.js", () => {
    const policy = checkPolicy();
    expect(policy.definitions.map((version) => version.id)).toEqual(["v1", "v2", "v3"]);
    expect(policy.tiers.map((tier) => tier.tier)).toEqual(["hand_raiser", "standard"]);
  });

  // name -> [edit, "path: message" the error must contain]
  const cases: Record<string, [(policy: Record<string, any>) => void, string]> = {
    "a time that is not HH:MM": [(p) => (p.workingHours.default.start = "9:00"), "workingHours.default.start: must be a time HH:MM (24-hour)"],
    "an hour past 23": [(p) => (p.workingHours.teams["00E_enterprise"].end = "24:30"), "workingHours.teams.00E_enterprise.end: must be a time HH:MM (24-hour)"],
    "start after end": [(p) => Object.assign(p.workingHours.default, { start: "17:00", end: "09:00" }), "workingHours.default.end: start must be before end"],
    "weekday 8": [(p) => (p.workingHours.default.days = [1, 2, 8]), "workingHours.default.days[2]: weekdays are 1 (Monday) to 7 (Sunday)"],
    "a weekday listed twice": [(p) => (p.workingHours.default.days = [1, 2, 2]), "workingHours.default.days: lists a weekday twice"],
    "a date that does not exist": [(p) => (p.workingHours.holidays[1].date = "2026-02-30"), "workingHours.holidays[1].date: is not a real calendar date"],
    "a date that is not YYYY-MM-DD": [(p) => (p.definitions[1].effectiveFrom = "09/01/2026"), "definitions[1].effectiveFrom: must be a date YYYY-MM-DD"],
    "an unknown time zone": [(p) => (p.workingHours.fallbackTimeZone = "America/Nowhere"), "workingHours.fallbackTimeZone: is not an IANA time zone name"],
    "a time zone in the wrong case (Intl would take it, the models would not)": [(p) => (p.workingHours.fallbackTimeZone = "america/new_york"), "workingHours.fallbackTimeZone: is not an IANA time zone name"],
    "a retired alias (the models would not know it)": [(p) => (p.workingHours.fallbackTimeZone = "US/Eastern"), "workingHours.fallbackTimeZone: is not an IANA time zone name"],
    "an invalid regular expression": [(p) => (p.tiers[0].formNamePattern = "demo|(pricing"), "tiers[0].formNamePattern: is not a valid regular expression"],
    "a lookahead (valid JavaScript, not RE2)": [(p) => (p.definitions[0].fit.excludedTitlePattern = "student(?!s)"), "definitions[0].fit.excludedTitlePattern: uses a lookaround"],
    "a backreference (valid JavaScript, not RE2)": [(p) => (p.definitions[2].behavior.handRaiserFormPattern = "(demo)\\1"), "definitions[2].behavior.handRaiserFormPattern: uses a backreference"],
    "an unknown disposition": [(p) => (p.dispositions.salesforceLeadStatus["Working - Contacted"] = "in_progress"), "dispositions.salesforceLeadStatus.Working - Contacted: Invalid option"],
    "the catch-all tier not last": [(p) => p.tiers.reverse(), "tiers: the last tier is the catch-all: its formNamePattern must be null"],
    "a second catch-all before the last tier": [(p) => p.tiers.unshift({ ...p.tiers[1], tier: "early" }), "tiers[0].formNamePattern: only the last tier is the catch-all"],
    "examples without a counterexample": [
      (p) => (p.definitions[0].examples = p.definitions[0].examples.filter((example: { verdict: string }) => example.verdict === "sales_ready")),
      "definitions[0].examples: needs at least one sales_ready example and one not_sales_ready counterexample",
    ],
    "employee min above max": [(p) => (p.definitions[1].fit.employeeCount = { min: 500, max: 50 }), "definitions[1].fit.employeeCount: min must not exceed max"],
    "a context threshold above 1": [(p) => (p.context.threshold = 1.2), "context.threshold: Too big"],
    "a company name among the target-account domains": [(p) => p.definitions[0].fit.targetAccountDomains.push("Northwind Financial"), "definitions[0].fit.targetAccountDomains[20]: must be a domain such as example.com"],
    "a country name instead of an ISO code": [(p) => p.definitions[0].fit.countries.push("Germany"), "definitions[0].fit.countries[7]: must be an ISO 3166-1 alpha-2 code"],
    "two versions with one id": [(p) => (p.definitions[2].id = "v1"), "definitions: two versions share an id"],
    "two versions taking effect on one day": [(p) => (p.definitions[1].effectiveFrom = "2026-01-01"), "definitions: two versions take effect on the same day"],
    "a review anchor that is not a Monday": [(p) => (p.review.biweeklyAnchorDate = "2026-01-06"), "review.biweeklyAnchorDate: must be a Monday"],
    "a missing field": [(p) => delete p.dispositions.missingAfterWorkingDays, "dispositions.missingAfterWorkingDays:"],
    "an unknown field (a typo)": [(p) => (p.context.treshold = 0.8), "context: Unrecognized key"],
  };
  for (const [name, [edit, expected]] of Object.entries(cases)) {
    it(`rejects ${name}`, () => {
      const message = errorFor(edit);
      expect(message).toMatch(/^the policy has (an error|\d+ errors); nothing was run:\n/);
      expect(message).toContain(`  includes/policy.js: ${expected}`);
    });
  }

  it("accepts every time zone name the models know, such as Asia/Kolkata", () => {
    for (const zone of ["Asia/Kolkata", "Europe/London", "UTC", "America/Argentina/Buenos_Aires"]) {
      const policy = committed();
      policy.workingHours.fallbackTimeZone = zone;
      expect(() => validatePolicy(policy), zone).not.toThrow();
    }
  });

  it("lists every error at once", () => {
    const message = errorFor((p) => {
      p.context.threshold = -0.1;
      p.review.biweeklyAnchorDate = "2026-01-07";
    });
    expect(message).toMatch(/^the policy has 2 errors/);
    expect(message).toContain("includes/policy.js: context.threshold:");
    expect(message).toContain("includes/policy.js: review.biweeklyAnchorDate: must be a Monday");
  });

  it("accepts escaped parentheses, a bracket class holding (?= and an escaped backslash before a digit", () => {
    const policy = committed();
    policy.definitions[0].fit.excludedTitlePattern = "\\(student\\)|[(?=]intern|\\\\1";
    expect(() => validatePolicy(policy)).not.toThrow();
  });
});

describe("a bad policy stops the run before anything is touched", () => {
  let workDir: string;
  beforeAll(() => {
    workDir = mkdtempSync(path.join(os.tmpdir(), "handoff-policy-"));
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("runLocal refuses to start while includes/policy.js has an error, and creates no warehouse", async () => {
    const warehouse = path.join(workDir, "refused.duckdb");
    const saved = livePolicy.workingHours.default.start;
    livePolicy.workingHours.default.start = "25:00";
    try {
      await expect(runLocal({ warehouse })).rejects.toThrow(/includes\/policy\.js: workingHours\.default\.start: must be a time HH:MM/);
    } finally {
      livePolicy.workingHours.default.start = saved;
    }
    expect(readdirSync(workDir)).toEqual([]);
    // and the restored policy is valid again
    expect(() => checkPolicy()).not.toThrow();
  });

  it("checkProjectPolicy checks a staged copy's own policy, and skips a project without one", () => {
    const staged = path.join(workDir, "staged");
    cpSync(path.join(repoRoot, "includes"), path.join(staged, "includes"), { recursive: true });
    expect(checkProjectPolicy(staged)?.definitions).toHaveLength(3);
    const policyFile = path.join(staged, "includes", "policy.js");
    writeFileSync(policyFile, readFileSync(policyFile, "utf8").replace("module.exports = policy;", 'policy.context.threshold = 8;\nmodule.exports = policy;'));
    const bad = path.join(workDir, "bad");
    cpSync(path.join(staged, "includes"), path.join(bad, "includes"), { recursive: true });
    expect(() => checkProjectPolicy(bad)).toThrow(/includes\/policy\.js: context\.threshold: Too big/);
    expect(checkProjectPolicy(path.join(repoRoot, "test", "fixtures", "runner-project"))).toBeNull();
    expect(existsSync(path.join(repoRoot, "test", "fixtures", "runner-project", "includes", "policy.js"))).toBe(false);
  });
});
