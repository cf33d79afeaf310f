// @ts-check
// Incremental staging of the append-only event logs (lead field history,
// contact property history, form submissions, the routing log): a scheduled
// run reads only the events at or after the newest one already staged, less a
// lookback for events a connector delivers late, and merges them on the
// staging model's unique key. A full refresh (`--full-refresh`, or a full
// refresh in Google Cloud Dataform) rebuilds them from all history; do one
// now and then to pick up deletions older than the lookback.
const dialect = require("./dialect.js");
const projectVars = require("./project_vars.js");
const rawContract = require("./raw_contract.js");

/** Days re-read behind the newest staged event: var `incremental_lookback_days` (default 3). */
function lookbackDays() {
  const configured = projectVars.all().incremental_lookback_days;
  if (configured === undefined || configured === "") return 3;
  if (!/^\d{1,4}$/.test(String(configured))) {
    throw new Error(`dataform.json vars.incremental_lookback_days: expected a whole number of days, got ${JSON.stringify(configured)}`);
  }
  return Number(configured);
}

/**
 * Condition on a raw event log for an incremental run: events at or after the
 * newest one already in `self` (its column `stagedColumn`), less the lookback.
 * The raw column is the log's `eventTime` in includes/raw_contract.js. An
 * empty staged table reads everything.
 * @param {keyof typeof rawContract.tables} system
 * @param {string} table
 * @param {string} self the staged table (Dataform's self())
 * @param {string} stagedColumn the staged table's event time column
 */
function newEvents(system, table, self, stagedColumn) {
  const spec = rawContract.tableOf(system, table);
  if (!spec || !spec.eventTime) throw new Error(`includes/event_logs.js: ${system}.${table} is not an append-only event log (no eventTime in includes/raw_contract.js)`);
  const since = dialect.addSeconds(`max(${stagedColumn})`, String(-lookbackDays() * 86400));
  return `${spec.eventTime} >= coalesce((select ${since} from ${self}), ${dialect.timestampLiteral("1900-01-01T00:00:00Z")})`;
}

module.exports = { lookbackDays, newEvents };
