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

/**
 * Position of `moment` on the owner's working-hours clock: the working
 * seconds before the local day (row `days` of int_owner_working_days or
 * int_owner_working_days_by_utc_date, the day that contains `moment`) plus
 * the part of that day's working interval before `moment`. Working time
 * between two moments is the difference of their positions.
 * @param {string} days alias of the working-days row
 * @param {string} moment UTC timestamp expression
 */
function positionAt(days, moment) {
  return `${days}.working_seconds_before + case
            when ${days}.is_working_day then least(
                greatest(${dialect.secondsBetween(`${days}.work_started_at`, moment)}, 0),
                ${days}.working_seconds
            )
            else 0
        end`;
}

module.exports = { dayContains, onLocalDayOf, positionAt };
