// @ts-check
// How a model finds the owner's local day of a moment. Converting every moment
// to local time costs a time-zone lookup per row (the slowest step of the
// clock on DuckDB); int_owner_working_days_by_utc_date lists each local day
// under the UTC dates it overlaps, so the lookup is an equality join on owner
// and UTC date followed by a bounds check.
const dialect = require("./dialect.js");

/**
 * Condition: the local day in row `days` of int_owner_working_days_by_utc_date
 * contains `moment` (for a day already chosen by owner).
 * @param {string} days alias of int_owner_working_days_by_utc_date
 * @param {string} moment UTC timestamp expression
 */
function dayContains(days, moment) {
  return `${days}.utc_date = ${dialect.toDate(moment)}
        and ${moment} >= ${days}.day_started_at
        and ${moment} < ${days}.day_ended_at`;
}

/**
 * Join condition: the row of int_owner_working_days_by_utc_date (alias
 * `days`) for the local day on `owner`'s clock that contains `moment`.
 * @param {string} days alias of int_owner_working_days_by_utc_date
 * @param {string} owner owner id expression
 * @param {string} moment UTC timestamp expression
 */
function onLocalDayOf(days, owner, moment) {
  return `${days}.owner_id = ${owner}
        and ${dayContains(days, moment)}`;
}

module.exports = { dayContains, onLocalDayOf };
