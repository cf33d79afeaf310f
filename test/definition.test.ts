import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import dialect from "../includes/dialect.js";
import policy from "../includes/policy.js";
import { repoRoot } from "../scripts/lib/compiled-graph";
import { executeProject, RunOutcome } from "../scripts/lib/local-run";
import { createRawTables, insertRawRows, rawTables } from "../scripts/lib/raw-data";
import { closeDuckDb, openDuckDb } from "../scripts/lib/warehouse";
import { compileDataformProject } from "../scripts/lib/bigquery-statements";
import { analyzeCompiledGraph, BigQueryCatalog, formatActionError, ZetaSqlAnalyzer } from "../scripts/lib/zetasql-analyzer";
import { buildWarehouse, GivenRows, mergeGivenRows as merge, queryRows, TestWarehouse } from "./helpers/warehouse";

// The sales-ready definition (includes/policy.js `definitions`) end to end:
// raw rows -> int_handoff_features -> fct_lead_readiness, one lead per
// criterion. Policy v1 (2026-01-01): 20+ employees, 1 content action in 30
// days or score 50. v2 (2026-09-01): 50+ employees, 2 content actions in 30
// days or score 60. v3 (proposed): v2 without the country list. All versions:
// target accounts skip the firmographics; free mail and .edu/.ac.uk/.edu.au
// domains and "student"/"intern" titles are excluded; a demo / contact sales /
// pricing form qualifies at once. Expected values are worked out by hand.

interface LeadSpec {
  id: string;
  contactId: number;
  email: string | null;
  employees?: number | null;
  hubspotEmployees?: string | null;
  country?: string | null;
  industry?: string | null;
  title?: string | null;
  company?: string | null;
  /** The trigger form, submitted a minute before qualifying. */
  form?: string | null;
  mqlAt: string;
  /** Further (content) form submissions. */
  contentAt?: string[];
  /** HubSpot score changes: [timestamp, value]. */
  scores?: [string, number][];
}

const minus = (timestamp: string, seconds: number) =>
  new Date(new Date(`${timestamp.replace(" ", "T")}Z`).getTime() - seconds * 1000).toISOString().replace("T", " ").slice(0, 19);
const formId = (name: string) => `f-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

function handoffLead(spec: LeadSpec): GivenRows {
  const submissions = [
    ...(spec.form ? [{ contact_id: spec.contactId, conversion_id: `c-${spec.id}-trigger`, form_id: formId(spec.form), timestamp: minus(spec.mqlAt, 60) }] : []),
    ...(spec.contentAt ?? []).map((at, index) => ({ contact_id: spec.contactId, conversion_id: `c-${spec.id}-${index}`, form_id: formId("Ebook: Content"), timestamp: at })),
  ];
  return {
    salesforce: {
      lead: [
        {
          id: spec.id,
          email: spec.email,
          number_of_employees: spec.employees ?? null,
          country: spec.country ?? null,
          industry: spec.industry ?? null,
          title: spec.title ?? null,
          company: spec.company ?? "Some Company",
          created_date: spec.mqlAt,
          is_deleted: "false",
        },
      ],
    },
    hubspot: {
      contact: [{ id: spec.contactId, property_email: spec.email, property_numemployees: spec.hubspotEmployees ?? null, property_salesforceleadid: spec.id, property_createdate: minus(spec.mqlAt, 86400 * 60) }],
      contact_property_history: [
        { contact_id: spec.contactId, name: "lifecyclestage", value: "marketingqualifiedlead", timestamp: spec.mqlAt },
        ...(spec.scores ?? []).map(([timestamp, value]) => ({ contact_id: spec.contactId, name: "hubspotscore", value: String(value), timestamp })),
      ],
      contact_form_submission: submissions,
      form: [...(spec.form ? [spec.form] : []), "Ebook: Content"].map((name) => ({ guid: formId(name), name, form_type: "HUBSPOT" })),
    },
  };
}


// v2 is in force for these (qualified Monday 2026-10-05 15:00 UTC).
const v2Mql = "2026-10-05 15:00:00";
const firm = { employees: 500, country: "US", industry: "Software", title: "Head of Marketing" };

const leads: Record<string, LeadSpec> = {
  // target account: tiny and in Brazil, but the domain is a target account; behavior by score
  target_account: { id: "00QD01", contactId: 9001, email: "ops@NorthwindFinancial.com", employees: 10, country: "BR", industry: "Finance", title: "Director", form: "Ebook: RevOps", mqlAt: v2Mql, scores: [["2026-10-05 14:58:00", 70]] },
  employees_below_min: { id: "00QD02", contactId: 9002, email: "a@acme-analytics.com", ...firm, employees: 49, form: "Demo Request", mqlAt: v2Mql },
  employees_at_min: { id: "00QD03", contactId: 9003, email: "b@acme-analytics.com", ...firm, employees: 50, form: "Demo Request", mqlAt: v2Mql },
  // Salesforce has no count: HubSpot's range "100-500" counts as its lower bound
  employees_from_hubspot_range: { id: "00QD04", contactId: 9004, email: "c@acme-analytics.com", ...firm, employees: null, hubspotEmployees: "100-500", form: "Demo Request", mqlAt: v2Mql },
  employees_hubspot_range_below: { id: "00QD05", contactId: 9005, email: "d@acme-analytics.com", ...firm, employees: null, hubspotEmployees: "25-50", form: "Demo Request", mqlAt: v2Mql },
  country_not_listed: { id: "00QD06", contactId: 9006, email: "e@acme-analytics.com", ...firm, country: "br", form: "Demo Request", mqlAt: v2Mql },
  country_lowercase_listed: { id: "00QD07", contactId: 9007, email: "f@acme-analytics.com", ...firm, country: "gb", form: "Demo Request", mqlAt: v2Mql },
  // Salesforce's country picklist and HubSpot store names: the code, the English name or an alias
  country_name: { id: "00QD25", contactId: 9025, email: "p@acme-analytics.com", ...firm, country: "United States", form: "Demo Request", mqlAt: v2Mql },
  country_alias: { id: "00QD26", contactId: 9026, email: "q@acme-analytics.com", ...firm, country: "usa", form: "Demo Request", mqlAt: v2Mql },
  country_name_padded: { id: "00QD27", contactId: 9027, email: "r@acme-analytics.com", ...firm, country: " United Kingdom ", form: "Demo Request", mqlAt: v2Mql },
  country_name_not_listed: { id: "00QD28", contactId: 9028, email: "s@acme-analytics.com", ...firm, country: "Brasil", form: "Demo Request", mqlAt: v2Mql },
  free_mail: { id: "00QD08", contactId: 9008, email: "Joe.Smith@GMAIL.com", ...firm, form: "Pricing Inquiry", mqlAt: v2Mql },
  university_edu: { id: "00QD09", contactId: 9009, email: "sam@cs.stanford.edu", ...firm, form: "Demo Request", mqlAt: v2Mql },
  university_ac_uk: { id: "00QD10", contactId: 9010, email: "ada@ox.ac.uk", ...firm, country: "GB", form: "Demo Request", mqlAt: v2Mql },
  // ".edu" only as a suffix of the domain, not anywhere in it
  edu_in_company_name: { id: "00QD11", contactId: 9011, email: "kim@eduventures.com", ...firm, form: "Demo Request", mqlAt: v2Mql },
  title_intern: { id: "00QD12", contactId: 9012, email: "g@acme-analytics.com", ...firm, title: "Marketing Intern", form: "Demo Request", mqlAt: v2Mql },
  title_student_uppercase: { id: "00QD13", contactId: 9013, email: "h@acme-analytics.com", ...firm, title: "Graduate STUDENT", form: "Demo Request", mqlAt: v2Mql },
  // "intern" inside "International" is not an intern
  title_international: { id: "00QD14", contactId: 9014, email: "i@acme-analytics.com", ...firm, title: "VP International Sales", form: "Demo Request", mqlAt: v2Mql },
  hand_raiser_contact_sales: { id: "00QD15", contactId: 9015, email: "j@acme-analytics.com", ...firm, form: "Talk to us: CONTACT SALES", mqlAt: v2Mql },
  no_behavior: { id: "00QD16", contactId: 9016, email: "k@acme-analytics.com", ...firm, form: "Webinar Registration: Forecasting", mqlAt: v2Mql },
  // the trigger plus an ebook 29 days 23 hours before: 2 actions in 30 days
  content_inside_window: { id: "00QD17", contactId: 9017, email: "l@acme-analytics.com", ...firm, form: "Whitepaper Download", mqlAt: v2Mql, contentAt: ["2026-09-05 16:00:00"] },
  // the trigger plus an ebook 30 days 1 hour before, and one after the handoff: 1 action
  content_outside_window: { id: "00QD18", contactId: 9018, email: "m@acme-analytics.com", ...firm, form: "Whitepaper Download", mqlAt: v2Mql, contentAt: ["2026-09-05 14:00:00", "2026-10-06 15:00:00"] },
  // 80 five days before, 59 at the handoff, 90 after it: the score at the handoff is 59
  score_below: { id: "00QD19", contactId: 9019, email: "n@acme-analytics.com", ...firm, form: "Webinar Registration: Forecasting", mqlAt: v2Mql, scores: [["2026-09-30 15:00:00", 80], ["2026-10-05 14:58:00", 59], ["2026-10-05 16:00:00", 90]] },
  score_at_threshold: { id: "00QD20", contactId: 9020, email: "o@acme-analytics.com", ...firm, form: "Webinar Registration: Forecasting", mqlAt: v2Mql, scores: [["2026-10-05 14:58:00", 60]] },
  // the same 30-person agency with one ebook and a score of 45, qualified the
  // day before v2 took effect and on the day it did
  before_v2: { id: "00QD21", contactId: 9021, email: "lee@smallagency.com", employees: 30, country: "US", industry: "Media", title: "Marketing Manager", form: "Ebook: The State of RevOps 2026", mqlAt: "2026-08-31 15:00:00", scores: [["2026-08-31 14:00:00", 45]] },
  on_v2_day: { id: "00QD22", contactId: 9022, email: "max@smallagency.com", employees: 30, country: "US", industry: "Media", title: "Marketing Manager", form: "Ebook: The State of RevOps 2026", mqlAt: "2026-09-01 15:00:00", scores: [["2026-09-01 14:00:00", 45]] },
  // v3's own example, as a real lead
  brazil_demo: { id: "00QD23", contactId: 9023, email: "ana@loja.com.br", employees: 60, country: "BR", industry: "Retail", title: "COO", form: "Demo Request", mqlAt: v2Mql },
  no_email: { id: "00QD24", contactId: 9024, email: null, ...firm, form: "Demo Request", mqlAt: v2Mql },
};

let warehouse: TestWarehouse;
// One GoogleSQL analyzer server for the file.
let analyzer: ZetaSqlAnalyzer;

beforeAll(async () => {
  warehouse = await buildWarehouse(merge(Object.values(leads).map(handoffLead)), { asOf: "2026-11-23T12:00:00Z" });
  analyzer = await ZetaSqlAnalyzer.start();
});
afterAll(async () => {
  warehouse?.close();
  await analyzer?.stop();
});

const readiness = async (lead: string, version: string) => {
  const rows = await warehouse.rows(`select * from handoff.fct_lead_readiness where lead_id = '${lead}' and definition_version_id = '${version}'`);
  expect(rows, `${lead} under ${version}`).toHaveLength(1);
  return rows[0]!;
};

describe("sales-ready definition: each criterion from raw rows (v2 in force)", () => {
  // lead -> the v2 row's expected criteria and verdict
  const cases: Record<string, Record<string, unknown>> = {
    target_account: {
      is_target_account: true, passes_employee_count: false, passes_country: false, is_hand_raiser: false, passes_score: true,
      is_fit_met: true, is_behavior_met: true, is_sales_ready: true,
      passed_criteria: "passes_email_domain passes_title is_target_account passes_industry passes_score", failed_criteria: null,
    },
    employees_below_min: { passes_employee_count: false, is_fit_met: false, is_sales_ready: false, failed_criteria: "passes_employee_count" },
    employees_at_min: { passes_employee_count: true, is_hand_raiser: true, is_sales_ready: true, failed_criteria: null,
      passed_criteria: "passes_email_domain passes_title passes_employee_count passes_industry passes_country is_hand_raiser" },
    employees_from_hubspot_range: { passes_employee_count: true, is_sales_ready: true },
    employees_hubspot_range_below: { passes_employee_count: false, is_sales_ready: false, failed_criteria: "passes_employee_count" },
    country_not_listed: { passes_country: false, is_sales_ready: false, failed_criteria: "passes_country" },
    country_lowercase_listed: { passes_country: true, is_sales_ready: true },
    country_name: { passes_country: true, is_sales_ready: true },
    country_alias: { passes_country: true, is_sales_ready: true },
    country_name_padded: { passes_country: true, is_sales_ready: true },
    country_name_not_listed: { passes_country: false, is_sales_ready: false, failed_criteria: "passes_country" },
    free_mail: { passes_email_domain: false, is_hand_raiser: true, is_fit_met: false, is_sales_ready: false, failed_criteria: "passes_email_domain" },
    university_edu: { passes_email_domain: false, is_sales_ready: false, failed_criteria: "passes_email_domain" },
    university_ac_uk: { passes_email_domain: false, is_sales_ready: false, failed_criteria: "passes_email_domain" },
    edu_in_company_name: { passes_email_domain: true, is_sales_ready: true },
    title_intern: { passes_title: false, is_sales_ready: false, failed_criteria: "passes_title" },
    title_student_uppercase: { passes_title: false, is_sales_ready: false, failed_criteria: "passes_title" },
    title_international: { passes_title: true, is_sales_ready: true, failed_criteria: null },
    hand_raiser_contact_sales: { is_hand_raiser: true, is_behavior_met: true, is_sales_ready: true },
    no_behavior: { is_fit_met: true, is_hand_raiser: false, passes_content_actions: false, passes_score: false, is_behavior_met: false, is_sales_ready: false, failed_criteria: "behavior" },
    content_inside_window: { is_hand_raiser: false, passes_content_actions: true, passes_score: false, is_sales_ready: true },
    content_outside_window: { passes_content_actions: false, is_behavior_met: false, is_sales_ready: false, failed_criteria: "behavior" },
    score_below: { passes_score: false, is_sales_ready: false, failed_criteria: "behavior" },
    score_at_threshold: { passes_score: true, is_sales_ready: true, passed_criteria: "passes_email_domain passes_title passes_employee_count passes_industry passes_country passes_score" },
    brazil_demo: { passes_country: false, is_hand_raiser: true, is_sales_ready: false, failed_criteria: "passes_country" },
    no_email: { passes_email_domain: false, is_sales_ready: false, failed_criteria: "passes_email_domain" },
  };
  for (const [name, expected] of Object.entries(cases)) {
    it(`${name} (${leads[name]!.id})`, async () => {
      expect(await readiness(leads[name]!.id, "v2")).toMatchObject({ ...expected, is_version_in_force: true, is_proposed_version: false });
    });
  }

  it("features as known at the handoff: domain lowercased, HubSpot range, content windows, score at the handoff", async () => {
    const rows = await warehouse.rows(
      `select lead_id, email_domain, employee_count, country, trigger_form_name, hubspot_score, content_actions_within_30_days
       from handoff.int_handoff_features where lead_id in ('00QD01', '00QD04', '00QD05', '00QD17', '00QD18', '00QD19', '00QD20') order by lead_id`,
    );
    expect(rows).toEqual([
      { lead_id: "00QD01", email_domain: "northwindfinancial.com", employee_count: 10, country: "BR", trigger_form_name: "Ebook: RevOps", hubspot_score: 70, content_actions_within_30_days: 1 },
      { lead_id: "00QD04", email_domain: "acme-analytics.com", employee_count: 100, country: "US", trigger_form_name: "Demo Request", hubspot_score: null, content_actions_within_30_days: 1 },
      { lead_id: "00QD05", email_domain: "acme-analytics.com", employee_count: 25, country: "US", trigger_form_name: "Demo Request", hubspot_score: null, content_actions_within_30_days: 1 },
      { lead_id: "00QD17", email_domain: "acme-analytics.com", employee_count: 500, country: "US", trigger_form_name: "Whitepaper Download", hubspot_score: null, content_actions_within_30_days: 2 },
      { lead_id: "00QD18", email_domain: "acme-analytics.com", employee_count: 500, country: "US", trigger_form_name: "Whitepaper Download", hubspot_score: null, content_actions_within_30_days: 1 },
      { lead_id: "00QD19", email_domain: "acme-analytics.com", employee_count: 500, country: "US", trigger_form_name: "Webinar Registration: Forecasting", hubspot_score: 59, content_actions_within_30_days: 1 },
      { lead_id: "00QD20", email_domain: "acme-analytics.com", employee_count: 500, country: "US", trigger_form_name: "Webinar Registration: Forecasting", hubspot_score: 60, content_actions_within_30_days: 1 },
    ]);
  });
});

describe("sales-ready definition: versions", () => {
  it("every handoff is judged under every version, exactly one of them in force", async () => {
    const rows = await warehouse.rows(
      `select count(*) as rows, count(distinct handoff_id) as handoffs, count_if(is_version_in_force) as in_force, count_if(is_proposed_version) as proposed
       from handoff.fct_lead_readiness`,
    );
    const handoffs = Object.keys(leads).length;
    expect(rows).toEqual([{ rows: handoffs * 3, handoffs, in_force: handoffs, proposed: handoffs }]);
  });

  it("qualified 2026-08-31: v1 is in force and says sales-ready; v2 and v3 would not", async () => {
    expect(await readiness("00QD21", "v1")).toMatchObject({ is_version_in_force: true, is_sales_ready: true, passes_employee_count: true, passes_content_actions: true, passes_score: false });
    expect(await readiness("00QD21", "v2")).toMatchObject({ is_version_in_force: false, is_sales_ready: false, failed_criteria: "passes_employee_count behavior" });
    expect(await readiness("00QD21", "v3")).toMatchObject({ is_version_in_force: false, is_proposed_version: true, is_sales_ready: false });
  });

  it("qualified 2026-09-01 (v2's first day): v2 is in force and says not sales-ready", async () => {
    expect(await readiness("00QD22", "v1")).toMatchObject({ is_version_in_force: false, is_sales_ready: true });
    expect(await readiness("00QD22", "v2")).toMatchObject({ is_version_in_force: true, is_sales_ready: false, failed_criteria: "passes_employee_count behavior" });
  });

  it("the proposed v3 is evaluated on the same leads: the Brazilian demo request becomes sales-ready", async () => {
    expect(await readiness("00QD23", "v3")).toMatchObject({ is_proposed_version: true, is_version_in_force: false, passes_country: true, is_sales_ready: true, failed_criteria: null });
    // v3 is stricter than v1 where v2 is: 2 content actions, score 60
    expect(await readiness("00QD18", "v1")).toMatchObject({ passes_content_actions: true, is_sales_ready: true });
    expect(await readiness("00QD18", "v3")).toMatchObject({ passes_content_actions: false, is_sales_ready: false });
    expect(await readiness("00QD19", "v1")).toMatchObject({ passes_score: true, is_sales_ready: true });
  });

  it("dim_lead_definitions: versions, dates, the one in force at the as-of time, the proposal", async () => {
    const rows = await warehouse.rows(
      `select definition_version_id, count(*) as criteria, any_value(effective_from) as effective_from, any_value(effective_to) as effective_to,
              bool_and(is_in_force_now) as is_in_force_now, bool_and(is_proposed) as is_proposed
       from handoff.dim_lead_definitions group by definition_version_id order by definition_version_id`,
    );
    expect(rows).toEqual([
      { definition_version_id: "v1", criteria: 9, effective_from: "2026-01-01", effective_to: "2026-09-01", is_in_force_now: false, is_proposed: false },
      { definition_version_id: "v2", criteria: 9, effective_from: "2026-09-01", effective_to: null, is_in_force_now: true, is_proposed: false },
      { definition_version_id: "v3", criteria: 9, effective_from: null, effective_to: null, is_in_force_now: false, is_proposed: true },
    ]);
  });
});

describe("sales-ready definition: the policy's examples through the real SQL", () => {
  it("dim_lead_definition_examples: every example of every version, each with the verdict it is written with", async () => {
    const rows = await warehouse.rows(`select example_id, definition_version_id, example_description, expected_verdict, actual_verdict from handoff.dim_lead_definition_examples order by example_id`);
    const written = policy.definitions.flatMap((version) =>
      version.examples.map((example, index) => ({
        example_id: `${version.id}-example-${index + 1}`,
        definition_version_id: version.id,
        example_description: example.description,
        expected_verdict: example.verdict,
        actual_verdict: example.verdict,
      })),
    );
    expect(rows).toEqual(written.sort((a, b) => a.example_id.localeCompare(b.example_id)));
    expect(rows.length).toBe(10);
  });
});

// ---------------------------------------------------------------------------
// Staged copies of the project with an edited policy.

/** A copy of the project whose includes/policy.js runs `edit` (JS statements on `policy`) before exporting it. */
function stageProject(edit: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "handoff-definition-"));
  for (const entry of ["dataform.json", "definitions", "includes"]) cpSync(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ dependencies: { "@dataform/core": "3.0.36" } }));
  // the repository's installed @dataform/core (removing the copy removes only the link)
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  const policyFile = path.join(dir, "includes", "policy.js");
  const source = readFileSync(policyFile, "utf8");
  if (!source.includes("module.exports = policy;")) throw new Error("includes/policy.js no longer ends with module.exports = policy;");
  writeFileSync(policyFile, source.replace("module.exports = policy;", `${edit}\nmodule.exports = policy;`));
  return dir;
}

async function runStaged(projectDir: string, given: GivenRows = {}, before: string[] = []) {
  const handle = await openDuckDb(":memory:");
  const specs = rawTables();
  await createRawTables(handle.connection, specs);
  for (const [system, tables] of Object.entries(given)) {
    for (const [table, rows] of Object.entries(tables ?? {})) {
      await insertRawRows(handle.connection, specs.find((spec) => spec.system === system && spec.table === table)!, rows);
    }
  }
  for (const sql of before) await handle.connection.run(sql);
  const outcome: RunOutcome = await executeProject(handle.connection, { projectDir, asOf: "2026-11-23T12:00:00Z" });
  return { outcome, rows: (sql: string) => queryRows(handle.connection, sql), close: () => closeDuckDb(handle) };
}

describe("sales-ready definition: a wrong example fails the run", () => {
  let dir: string;
  let staged: Awaited<ReturnType<typeof runStaged>>;
  beforeAll(async () => {
    // v1's first example ("Demo request from a target account") written as a counterexample
    dir = stageProject(`policy.definitions[0].examples[0].verdict = "not_sales_ready";`);
    staged = await runStaged(dir, handoffLead(leads.employees_at_min!));
  });
  afterAll(() => {
    staged?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("assert_definition_examples_hold fails, naming the example; nothing else does", async () => {
    expect(staged.outcome.ok).toBe(false);
    const failed = staged.outcome.results.filter((result) => result.status !== "done");
    expect(failed.map((result) => result.action.id)).toEqual(["handoff_assertions.assert_definition_examples_hold"]);
    const message = failed[0]!.message ?? "";
    expect(message).toContain('example_id="v1-example-1"');
    expect(message).toContain('example_description="Demo request from a target account"');
    expect(message).toContain('expected_verdict="not_sales_ready"');
    expect(message).toContain('actual_verdict="sales_ready"');
    expect(staged.outcome.summary).toContain("assert_definition_examples_hold");
  });
});

// ---------------------------------------------------------------------------
// Quoting: policy values reach SQL only as dialect.js literals.

const hostile = [
  "it's",
  "back\\slash",
  "ends with a backslash \\",
  "\\'",
  "''",
  "-- not a comment",
  "'; drop table x; --",
  "x'); drop table x; --",
  "/* not a comment */",
  'double "quotes" and `backticks`',
  "line\nbreak and\r\ncarriage return\tand tab",
  "café, 日本語, emoji 🚀",
  "${ref('x')} $1 ? :name @p",
  "",
];

/** Puts process.env.DIALECT back as it was once the calling describe block is done. */
function restoreDialectAfterAll(): void {
  const previous = process.env.DIALECT;
  afterAll(() => {
    if (previous === undefined) delete process.env.DIALECT;
    else process.env.DIALECT = previous;
  });
}

describe("dialect.stringLiteral: any text stays one string literal", () => {
  restoreDialectAfterAll();

  it("DuckDB: select <literal> returns the exact value", async () => {
    process.env.DIALECT = "duckdb";
    const handle = await openDuckDb(":memory:");
    try {
      await handle.connection.run("create table x (id integer)");
      for (const value of hostile) {
        const literal = dialect.stringLiteral(value);
        const rows = await queryRows(handle.connection, `select ${literal} as v`);
        expect(rows, literal).toEqual([{ v: value }]);
      }
      // the table the values name is still there
      expect(await queryRows(handle.connection, "select count(*) as n from x")).toEqual([{ n: 0 }]);
    } finally {
      closeDuckDb(handle);
    }
  });

  describe("BigQuery (GoogleSQL analyzer)", () => {
    it("select <literal> as v is one STRING column, and evaluates to the exact value", async () => {
      process.env.DIALECT = "bigquery";
      const catalog = new BigQueryCatalog();
      for (const value of hostile) {
        const literal = dialect.stringLiteral(value);
        const outcome = await analyzer.analyze(`select ${literal} as v`, catalog);
        expect(outcome, literal).toMatchObject({ ok: true, kind: "resolvedQueryStmtNode" });
        if (!outcome.ok) continue;
        expect(outcome.outputColumns?.map((column) => column.name)).toEqual(["v"]);
        expect(Number(outcome.outputColumns?.[0]?.type.typeKind)).toBe(8); // STRING
        const evaluated = await analyzer.rpc<{ value?: { stringValue?: string } }>("evaluate", { sql: literal, options: analyzer.analyzerOptions() });
        expect(evaluated.value?.stringValue ?? "", literal).toBe(value);
      }
    });
  });
});

describe("sales-ready definition: hostile policy text cannot break or change a query", () => {
  const description = "Hostile 'quoted' text \\ with a backslash -- and; drop table x; \"dq\"";
  const reason = "Reason with 'quotes', a \\ backslash, -- a dash comment and ; drop table x; --";
  let dir: string;
  let staged: Awaited<ReturnType<typeof runStaged>>;
  beforeAll(async () => {
    dir = stageProject(`
const hostileVersion = JSON.parse(JSON.stringify(policy.definitions[1]));
hostileVersion.id = "v9";
hostileVersion.effectiveFrom = null;
hostileVersion.reason = ${JSON.stringify(reason)};
hostileVersion.fit.targetAccountDomains = ["o'brien.com", "back\\\\slash.com", "x.com'); drop table x; --"];
hostileVersion.fit.excludedTitlePattern = "student|intern|'; drop table x; --|chief \\\\\\\\ officer";
hostileVersion.fit.industries = ["Software", "Farmer's Markets"];
hostileVersion.behavior.handRaiserFormPattern = "demo|it's a deal|-- talk";
hostileVersion.examples = [
  { description: ${JSON.stringify(description)}, verdict: "sales_ready", lead: { email: "pat@o'brien.com", employeeCount: 3, country: "ZZ", industry: null, title: "Owner", triggerFormName: "It's a deal!", contentActions: 0, score: null } },
  { description: "Title with the hostile text; drop table x; --", verdict: "not_sales_ready", lead: { email: "lee@fabrikam.com", employeeCount: 400, country: "US", industry: "software", title: "'; DROP TABLE x; --", triggerFormName: "Demo Request", contentActions: 0, score: null } },
  { description: "A backslash in a title", verdict: "not_sales_ready", lead: { email: "lee@fabrikam.com", employeeCount: 400, country: "US", industry: "Software", title: "Chief \\\\ Officer", triggerFormName: "Demo Request", contentActions: 0, score: null } },
  { description: "Industry not listed", verdict: "not_sales_ready", lead: { email: "lee@fabrikam.com", employeeCount: 400, country: "US", industry: "Farmers Markets", title: "Owner", triggerFormName: "Demo Request", contentActions: 0, score: null } },
  { description: "Industry listed, with a quote, in other case", verdict: "sales_ready", lead: { email: "lee@fabrikam.com", employeeCount: 400, country: "US", industry: "FARMER'S MARKETS", title: "Owner", triggerFormName: "-- Talk to sales", contentActions: 0, score: null } },
];
policy.definitions.push(hostileVersion);
`);
    staged = await runStaged(
      dir,
      merge([
        handoffLead({ id: "00QH01", contactId: 9101, email: "pat@O'Brien.com", employees: 3, country: "ZZ", title: "Owner", form: "It's a deal!", mqlAt: v2Mql }),
        handoffLead({ id: "00QH02", contactId: 9102, email: "kai@backslash.com", ...firm, title: "Chief \\ Officer", form: "Demo Request", mqlAt: v2Mql }),
      ]),
      ["create table x (id integer)", "insert into x values (1)"],
    );
  });
  afterAll(() => {
    staged?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the run passes, every hostile example holds, and table x is still there", async () => {
    expect(staged.outcome.summary).toMatch(/all passed/);
    expect(await staged.rows("select example_id, actual_verdict, expected_verdict from handoff.dim_lead_definition_examples where definition_version_id = 'v9' order by example_id")).toEqual([
      { example_id: "v9-example-1", actual_verdict: "sales_ready", expected_verdict: "sales_ready" },
      { example_id: "v9-example-2", actual_verdict: "not_sales_ready", expected_verdict: "not_sales_ready" },
      { example_id: "v9-example-3", actual_verdict: "not_sales_ready", expected_verdict: "not_sales_ready" },
      { example_id: "v9-example-4", actual_verdict: "not_sales_ready", expected_verdict: "not_sales_ready" },
      { example_id: "v9-example-5", actual_verdict: "sales_ready", expected_verdict: "sales_ready" },
    ]);
    expect(await staged.rows("select count(*) as n from main.x")).toEqual([{ n: 1 }]);
  });

  it("the description, the reason and the patterns are stored verbatim", async () => {
    expect(await staged.rows("select example_description from handoff.dim_lead_definition_examples where example_id = 'v9-example-1'")).toEqual([{ example_description: description }]);
    const criteria = await staged.rows("select criterion, criterion_text, change_reason from handoff.dim_lead_definitions where definition_version_id = 'v9' order by criterion_order");
    expect(criteria.every((row) => row.change_reason === reason)).toBe(true);
    expect(criteria.find((row) => row.criterion === "passes_title")?.criterion_text).toContain("student|intern|'; drop table x; --|chief \\\\ officer");
    expect(criteria.find((row) => row.criterion === "is_hand_raiser")?.criterion_text).toContain("demo|it's a deal|-- talk");
  });

  it("BigQuery: every statement of the hostile project passes the GoogleSQL analyzer", async () => {
    const graph = await compileDataformProject(dir);
    const report = await analyzeCompiledGraph(analyzer, graph, { projectDir: dir });
    expect([...report.errors, ...report.blocked].map(formatActionError)).toEqual([]);
    expect(report.results.length).toBeGreaterThan(100);
    const examples = report.results.find((result) => result.action.target.name === "dim_lead_definition_examples");
    expect(examples?.statements.some((statement) => statement.sql.includes("drop table x"))).toBe(true);
  });

  it("real leads: a quoted target domain matches exactly, a backslash title is excluded", async () => {
    expect(await staged.rows("select lead_id, is_target_account, is_hand_raiser, passes_title, is_sales_ready from handoff.fct_lead_readiness where definition_version_id = 'v9' order by lead_id")).toEqual([
      { lead_id: "00QH01", is_target_account: true, is_hand_raiser: true, passes_title: true, is_sales_ready: true },
      { lead_id: "00QH02", is_target_account: false, is_hand_raiser: true, passes_title: false, is_sales_ready: false },
    ]);
  });
});

describe("dialect.stringAgg on DuckDB", () => {
  restoreDialectAfterAll();

  it("joins a group's distinct values in order, skips nulls, and is null for a group with none", async () => {
    process.env.DIALECT = "duckdb";
    const handle = await openDuckDb(":memory:");
    try {
      const rows = await queryRows(
        handle.connection,
        `select grp, ${dialect.stringAgg("v")} as joined
         from (values (1, 'webinar'), (1, 'ebook'), (1, 'webinar'), (1, null), (2, null), (3, 'demo')) as t(grp, v)
         group by grp order by grp`,
      );
      expect(rows).toEqual([
        { grp: 1, joined: "ebook, webinar" },
        { grp: 2, joined: null },
        { grp: 3, joined: "demo" },
      ]);
    } finally {
      closeDuckDb(handle);
    }
  });
});

describe("dialect.notMaterialized", () => {
  restoreDialectAfterAll();

  it("is nothing on BigQuery", () => {
    process.env.DIALECT = "bigquery";
    expect(dialect.notMaterialized()).toBe("");
  });

  it("keeps DuckDB from copying a cheap CTE read twice, with the same rows", async () => {
    process.env.DIALECT = "duckdb";
    const handle = await openDuckDb(":memory:");
    try {
      await handle.connection.run("create table contacts as select i as contact_id, case when i % 3 = 0 then null else 'p' || (i % 10) || '@x.com' end as email from range(50) as t(i)");
      const query = (keyword: string) => `with people as ${keyword}(select contact_id, coalesce(email, 'contact:' || contact_id) as person_key from contacts),
        firsts as (select person_key, min(contact_id) as first_contact_id from people group by person_key)
        select people.contact_id, firsts.first_contact_id from people inner join firsts on people.person_key = firsts.person_key`;
      const plan = async (sql: string) => (await handle.connection.runAndReadAll(`explain ${sql}`)).getRows().map((row) => String(row[1])).join("\n");
      expect(await plan(query(""))).toMatch(/\bCTE\b/);
      expect(await plan(query(dialect.notMaterialized()))).not.toMatch(/\bCTE\b/);
      expect(await queryRows(handle.connection, `${query(dialect.notMaterialized())} order by all`)).toEqual(await queryRows(handle.connection, `${query("")} order by all`));
    } finally {
      closeDuckDb(handle);
    }
  });
});
