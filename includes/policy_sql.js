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
 * IANA time zone names both engines know, as an `in` list. Names outside it
 * (typos, retired aliases) fall back rather than fail the run.
 */
function knownTimeZones() {
  const names = new Set(["UTC", "GMT", ...Intl.supportedValuesOf("timeZone")]);
  return dialect.stringList([...names].sort());
}

/** The lead tier of a handoff from its trigger form's name. @param {string} formNameExpr */
function leadTier(formNameExpr) {
  const branches = policy.tiers
    .filter((tier) => tier.formNamePattern)
    .map((tier) => `when ${dialect.regexpContains(`lower(coalesce(${formNameExpr}, ''))`, String(tier.formNamePattern).toLowerCase())} then ${dialect.stringLiteral(tier.tier)}`);
  const fallback = policy.tiers[policy.tiers.length - 1];
  if (!fallback) throw new Error("includes/policy.js: tiers is empty");
  return `case ${branches.join(" ")} else ${dialect.stringLiteral(fallback.tier)} end`;
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

module.exports = {
  workingScheduleRules,
  holidays,
  fallbackTimeZone,
  unassignedOwnerId,
  knownTimeZones,
  leadTier,
  tierSlas,
};
