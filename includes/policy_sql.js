// @ts-check
// The policy (includes/policy.js) rendered as SQL: literal relations and
// expressions built only from the policy's data, with every value quoted by
// dialect.js. The rules themselves are read in policy.js, not here.
const policy = require("./policy.js");
const dialect = require("./dialect.js");

/** HH:MM to minutes after midnight. @param {string} time */
function minutes(time) {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) throw new Error(`includes/policy.js: time ${JSON.stringify(time)} is not HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * Working-hours rules: one row per scope and working weekday. Scope `owner`
 * wins over `team`, which wins over `default`.
 */
function workingScheduleRules() {
  /** @type {(string | number | null)[][]} */
  const rows = [];
  /** @param {string} scope @param {string | null} scopeId @param {{ days: number[], start: string, end: string }} schedule */
  const add = (scope, scopeId, schedule) => {
    for (const day of schedule.days) rows.push([scope, scopeId, day, minutes(schedule.start), minutes(schedule.end)]);
  };
  add("default", null, policy.workingHours.default);
  for (const [teamId, schedule] of Object.entries(policy.workingHours.teams)) add("team", teamId, schedule);
  for (const [ownerId, schedule] of Object.entries(policy.workingHours.owners)) add("owner", ownerId, /** @type {any} */ (schedule));
  return dialect.valuesTable(
    [
      { name: "scope", type: "string" },
      { name: "scope_id", type: "string" },
      { name: "iso_day_of_week", type: "int64" },
      { name: "start_minute", type: "int64" },
      { name: "end_minute", type: "int64" },
    ],
    rows,
  );
}

/** Company holidays as a relation (holiday_date, holiday_name). */
function holidays() {
  return dialect.valuesTable(
    [
      { name: "holiday_date", type: "date" },
      { name: "holiday_name", type: "string" },
    ],
    policy.workingHours.holidays.map((holiday) => [holiday.date, holiday.name]),
  );
}

/** The time zone used when an owner has none, or one the engines do not know. */
function fallbackTimeZone() {
  return dialect.stringLiteral(policy.workingHours.fallbackTimeZone);
}

/** Owner id that stands for "no owner yet": its clock is the fallback one. */
const unassignedOwnerId = "(unassigned)";

/**
 * Current tz-database names that ICU (and so Intl.supportedValuesOf) lists
 * only under an older name: Salesforce stores these (Asia/Kolkata, not
 * Asia/Calcutta), and both engines accept them. Names renamed only recently
 * (Europe/Kyiv, Pacific/Kanton) are left out until BigQuery is known to have them.
 */
const currentZoneNames = [
  "Africa/Asmara",
  "America/Argentina/Buenos_Aires",
  "America/Argentina/Catamarca",
  "America/Argentina/Cordoba",
  "America/Argentina/Jujuy",
  "America/Argentina/Mendoza",
  "America/Atikokan",
  "America/Indiana/Indianapolis",
  "America/Kentucky/Louisville",
  "America/Nuuk",
  "Asia/Ho_Chi_Minh",
  "Asia/Kathmandu",
  "Asia/Kolkata",
  "Asia/Yangon",
  "Atlantic/Faroe",
  "Etc/GMT",
  "Etc/UTC",
  "Pacific/Chuuk",
  "Pacific/Pohnpei",
];

/** IANA time zone names both engines know, sorted (for checks outside SQL, too). */
function knownTimeZoneNames() {
  return [...new Set(["UTC", "GMT", ...Intl.supportedValuesOf("timeZone"), ...currentZoneNames])].sort();
}

/**
 * IANA time zone names both engines know, as an `in` list. Names outside it
 * (typos, retired aliases) fall back rather than fail the run.
 */
function knownTimeZones() {
  return dialect.stringList(knownTimeZoneNames());
}

/**
 * A policy pattern matched in any case. The flag, not a lowercased pattern:
 * lowercasing a regular expression changes it (`\D` is not `\d`).
 * @param {string} pattern
 */
function anyCase(pattern) {
  return `(?i)${pattern}`;
}

/**
 * A policy pattern matched as whole words: not inside a longer word, so
 * "intern" excludes "Marketing Intern" but not "VP International Sales".
 * @param {string} pattern
 */
function wholeWords(pattern) {
  return anyCase(`(?:^|[^\\pL\\pN])(?:${pattern})(?:[^\\pL\\pN]|$)`);
}

/** The lead tier of a handoff from its trigger form's name. @param {string} formNameExpr */
function leadTier(formNameExpr) {
  const branches = policy.tiers
    .filter((tier) => tier.formNamePattern)
    .map((tier) => `when ${dialect.regexpContains(`coalesce(${formNameExpr}, '')`, anyCase(String(tier.formNamePattern)))} then ${dialect.stringLiteral(tier.tier)}`);
  const fallback = policy.tiers[policy.tiers.length - 1];
  if (!fallback) throw new Error("includes/policy.js: tiers is empty");
  return `case ${branches.join(" ")} else ${dialect.stringLiteral(fallback.tier)} end`;
}

/** The hand-raiser form pattern of the tier rules, matched in any case (for content checks). */
function handRaiserFormPattern() {
  const tier = policy.tiers.find((candidate) => candidate.formNamePattern);
  return tier ? anyCase(String(tier.formNamePattern)) : "$^";
}

/** SLA terms per tier: (lead_tier, sla_kind, sla_working_minutes, tier_description). */
function tierSlas() {
  return dialect.valuesTable(
    [
      { name: "lead_tier", type: "string" },
      { name: "sla_kind", type: "string" },
      { name: "sla_working_minutes", type: "int64" },
      { name: "tier_description", type: "string" },
    ],
    policy.tiers.map((tier) => [tier.tier, tier.sla.kind, tier.sla.kind === "working_minutes" ? /** @type {any} */ (tier.sla).minutes : null, tier.description]),
  );
}


/** Other spellings of a country in CRM data, beyond its ISO code and English name. */
/** @type {Record<string, string[]>} */
const countryAliases = {
  US: ["USA", "U.S.", "U.S.A.", "United States of America"],
  GB: ["UK", "U.K.", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland"],
};

/**
 * Every spelling of the listed countries (ISO 3166-1 alpha-2 codes), lowercased:
 * the code, its English name (Salesforce's country picklist and HubSpot store
 * names, not codes) and common aliases.
 * @param {string[]} codes
 */
function countrySpellings(codes) {
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  /** @type {Set<string>} */
  const spellings = new Set();
  for (const code of codes) {
    const upper = code.toUpperCase();
    spellings.add(upper.toLowerCase());
    let name;
    try {
      name = names.of(upper);
    } catch {
      name = undefined;
    }
    if (name && name !== upper) spellings.add(name.toLowerCase());
    for (const alias of countryAliases[upper] ?? []) spellings.add(alias.toLowerCase());
  }
  return [...spellings].sort();
}

/** Every distinct content-action window (days) any definition version uses. */
function contentWindows() {
  return [...new Set(policy.definitions.map((version) => version.behavior.contentActions.withinDays))].sort((a, b) => a - b);
}

/** The feature column holding content actions within a window. @param {number} days */
function contentActionsColumn(days) {
  return `content_actions_within_${Number(days)}_days`;
}

/** Definition versions: (definition_version_id, effective_from, effective_to, is_proposed, change_reason). */
function definitionVersions() {
  const dated = policy.definitions.filter((version) => version.effectiveFrom).sort((a, b) => String(a.effectiveFrom).localeCompare(String(b.effectiveFrom)));
  return dialect.valuesTable(
    [
      { name: "definition_version_id", type: "string" },
      { name: "effective_from", type: "date" },
      { name: "effective_to", type: "date" },
      { name: "is_proposed", type: "bool" },
      { name: "change_reason", type: "string" },
    ],
    policy.definitions.map((version) => {
      const index = dated.indexOf(version);
      const next = index >= 0 ? dated[index + 1] : undefined;
      return [version.id, version.effectiveFrom, next ? next.effectiveFrom : null, !version.effectiveFrom, version.reason];
    }),
  );
}

/**
 * The sales-ready classification: for a relation of lead features, one row per
 * feature row and definition version, with every criterion's result. Fit:
 * an allowed email domain and title, and either a target account or the
 * employee, industry and country criteria. Behavior: a hand-raiser form, or
 * enough content actions in the window, or the score. Sales-ready: both.
 * @param {string} relation a CTE with the feature columns
 * @param {string[]} carried columns of the relation to keep
 */
function classifyByDefinition(relation, carried) {
  const lower = (/** @type {string} */ expr) => `lower(coalesce(${expr}, ''))`;
  return policy.definitions
    .map((version) => {
      const { fit, behavior } = version;
      const employeeChecks = [
        fit.employeeCount.min === null ? null : `${relation}.employee_count >= ${dialect.numberLiteral(fit.employeeCount.min)}`,
        fit.employeeCount.max === null ? null : `${relation}.employee_count <= ${dialect.numberLiteral(fit.employeeCount.max)}`,
      ].filter(Boolean);
      const suffixChecks = fit.excludedEmailDomainSuffixes.map(
        (suffix) => `${dialect.regexpContains(lower(`${relation}.email_domain`), `${suffix.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`)}`,
      );
      const criteria = {
        is_target_account: `coalesce(${lower(`${relation}.email_domain`)} in ${dialect.stringList(fit.targetAccountDomains.map((domain) => domain.toLowerCase()))}, false)`,
        passes_employee_count: employeeChecks.length === 0 ? "true" : `coalesce(${employeeChecks.join(" and ")}, false)`,
        passes_industry: fit.industries.length === 0 ? "true" : `coalesce(lower(${relation}.industry) in ${dialect.stringList(/** @type {string[]} */ (fit.industries).map((industry) => industry.toLowerCase()))}, false)`,
        passes_country: fit.countries.length === 0 ? "true" : `coalesce(lower(trim(${relation}.country)) in ${dialect.stringList(countrySpellings(fit.countries))}, false)`,
        passes_email_domain: `(${relation}.email_domain is not null and not (${lower(`${relation}.email_domain`)} in ${dialect.stringList(fit.excludedEmailDomains.map((domain) => domain.toLowerCase()))}${suffixChecks.map((check) => ` or ${check}`).join("")}))`,
        passes_title: fit.excludedTitlePattern ? `not ${dialect.regexpContains(`coalesce(${relation}.title, '')`, wholeWords(fit.excludedTitlePattern))}` : "true",
        is_hand_raiser: dialect.regexpContains(`coalesce(${relation}.trigger_form_name, '')`, anyCase(behavior.handRaiserFormPattern)),
        passes_content_actions: `coalesce(${relation}.${contentActionsColumn(behavior.contentActions.withinDays)} >= ${dialect.numberLiteral(behavior.contentActions.minimum)}, false)`,
        passes_score: behavior.scoreThreshold === null ? "false" : `coalesce(${relation}.hubspot_score >= ${dialect.numberLiteral(behavior.scoreThreshold)}, false)`,
      };
      const columns = Object.entries(criteria).map(([name, expr]) => `${expr} as ${name}`);
      return `select ${carried.map((column) => `${relation}.${column}`).join(", ")}, ${dialect.stringLiteral(version.id)} as definition_version_id, ${columns.join(", ")} from ${relation}`;
    })
    .join("\n    union all\n    ");
}

/** Fit met, from a classified row's criteria. @param {string} alias */
function isFitMet(alias) {
  return `(${alias}.passes_email_domain and ${alias}.passes_title and (${alias}.is_target_account or (${alias}.passes_employee_count and ${alias}.passes_industry and ${alias}.passes_country)))`;
}

/** Behavior met, from a classified row's criteria. @param {string} alias */
function isBehaviorMet(alias) {
  return `(${alias}.is_hand_raiser or ${alias}.passes_content_actions or ${alias}.passes_score)`;
}

/** Criterion names of the classification, fit first. */
const fitCriteria = ["passes_email_domain", "passes_title", "is_target_account", "passes_employee_count", "passes_industry", "passes_country"];
const behaviorCriteria = ["is_hand_raiser", "passes_content_actions", "passes_score"];

/** Every criterion of every version in words: (definition_version_id, criterion, criterion_kind, criterion_order, criterion_text). */
function definitionCriteria() {
  /** @type {(string | number | null)[][]} */
  const rows = [];
  const list = (/** @type {string[]} */ values) => (values.length === 0 ? "any" : values.join(", "));
  for (const version of policy.definitions) {
    const { fit, behavior } = version;
    const employees =
      fit.employeeCount.min !== null && fit.employeeCount.max !== null
        ? `between ${fit.employeeCount.min} and ${fit.employeeCount.max}`
        : fit.employeeCount.min !== null
          ? `at least ${fit.employeeCount.min}`
          : fit.employeeCount.max !== null
            ? `at most ${fit.employeeCount.max}`
            : "any";
    /** @type {[string, string, string][]} */
    const texts = [
      ["passes_email_domain", "fit", `Email domain is a company's: not free mail (${list(fit.excludedEmailDomains)}) and not a university (${list(fit.excludedEmailDomainSuffixes)}).`],
      ["passes_title", "fit", fit.excludedTitlePattern ? `Title does not match "${fit.excludedTitlePattern}" as whole words, in any case.` : "Any title."],
      ["is_target_account", "fit", `The email domain is a target account (${fit.targetAccountDomains.length} domains); a target account needs none of the three criteria below.`],
      ["passes_employee_count", "fit", `Employee count: ${employees}.`],
      ["passes_industry", "fit", `Industry (any case): ${list(fit.industries)}.`],
      ["passes_country", "fit", fit.countries.length === 0 ? "Country: any." : `Country: ${list(fit.countries)} (the ISO code or the country's English name, in any case).`],
      ["is_hand_raiser", "behavior", `Asked for sales: the trigger form's name matches "${behavior.handRaiserFormPattern}", in any case (qualifies at once).`],
      ["passes_content_actions", "behavior", `At least ${behavior.contentActions.minimum} form submissions (content, events) in the ${behavior.contentActions.withinDays} days up to the handoff.`],
      ["passes_score", "behavior", behavior.scoreThreshold === null ? "No score criterion." : `HubSpot score at the handoff of at least ${behavior.scoreThreshold}.`],
    ];
    texts.forEach(([criterion, kind, text], index) => rows.push([version.id, criterion, kind, index + 1, text]));
  }
  return dialect.valuesTable(
    [
      { name: "definition_version_id", type: "string" },
      { name: "criterion", type: "string" },
      { name: "criterion_kind", type: "string" },
      { name: "criterion_order", type: "int64" },
      { name: "criterion_text", type: "string" },
    ],
    rows,
  );
}

/** The examples and counterexamples of every version, as feature rows with the verdict they must get. */
function definitionExamples() {
  /** @type {(string | number | null)[][]} */
  const rows = [];
  const windows = contentWindows();
  for (const version of policy.definitions) {
    version.examples.forEach((example, index) => {
      const lead = example.lead;
      const domain = lead.email && lead.email.includes("@") ? lead.email.split("@").pop() || null : null;
      rows.push([
        `${version.id}-example-${index + 1}`,
        version.id,
        example.description,
        example.verdict,
        domain,
        lead.employeeCount,
        lead.industry,
        lead.country,
        lead.title,
        lead.triggerFormName,
        lead.score,
        ...windows.map(() => lead.contentActions),
      ]);
    });
  }
  return dialect.valuesTable(
    [
      { name: "example_id", type: "string" },
      { name: "example_version_id", type: "string" },
      { name: "example_description", type: "string" },
      { name: "expected_verdict", type: "string" },
      { name: "email_domain", type: "string" },
      { name: "employee_count", type: "int64" },
      { name: "industry", type: "string" },
      { name: "country", type: "string" },
      { name: "title", type: "string" },
      { name: "trigger_form_name", type: "string" },
      { name: "hubspot_score", type: "float64" },
      ...windows.map((days) => ({ name: contentActionsColumn(days), type: /** @type {const} */ ("int64") })),
    ],
    rows,
  );
}

/** A CRM value to disposition mapping as a relation (crm_system, crm_value, disposition). */
function dispositionMapping() {
  /** @type {(string | null)[][]} */
  const rows = [];
  for (const [value, disposition] of Object.entries(policy.dispositions.salesforceLeadStatus)) rows.push(["salesforce", value, disposition]);
  for (const [value, disposition] of Object.entries(policy.dispositions.hubspotLeadStatus)) rows.push(["hubspot", value, disposition]);
  return dialect.valuesTable(
    [
      { name: "crm_system", type: "string" },
      { name: "crm_value", type: "string" },
      { name: "disposition", type: "string" },
    ],
    rows,
  );
}

module.exports = {
  countrySpellings,
  contentWindows,
  contentActionsColumn,
  definitionVersions,
  classifyByDefinition,
  isFitMet,
  isBehaviorMet,
  fitCriteria,
  behaviorCriteria,
  definitionCriteria,
  definitionExamples,
  dispositionMapping,
  workingScheduleRules,
  holidays,
  fallbackTimeZone,
  unassignedOwnerId,
  knownTimeZones,
  knownTimeZoneNames,
  leadTier,
  handRaiserFormPattern,
  tierSlas,
};
