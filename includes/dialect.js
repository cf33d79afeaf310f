// @ts-check
// SQL fragments that differ between BigQuery (production) and DuckDB (the
// embedded default). Every dialect difference in the project lives here; the
// models call these and stay the same for both engines. Small, pure functions:
// each returns a SQL expression for the engine named by the `dialect` var.
const projectVars = require("./project_vars.js");

/** @returns {"bigquery" | "duckdb"} */
function name() {
  const value = projectVars.all().dialect || "bigquery";
  if (value !== "bigquery" && value !== "duckdb") {
    throw new Error(`dataform.json vars.dialect: expected "bigquery" or "duckdb", got ${JSON.stringify(value)}`);
  }
  return value;
}

const isBigQuery = () => name() === "bigquery";

/** Contract type names to each engine's type names. */
const types = {
  bigquery: { string: "string", int64: "int64", float64: "float64", bool: "bool", timestamp: "timestamp", date: "date" },
  duckdb: { string: "varchar", int64: "bigint", float64: "double", bool: "boolean", timestamp: "timestamp", date: "date" },
};

/**
 * @param {"string" | "int64" | "float64" | "bool" | "timestamp" | "date"} type
 * @returns {string}
 */
function typeName(type) {
  return types[name()][type];
}

/** @param {string} expr @param {Parameters<typeof typeName>[0]} type */
function cast(expr, type) {
  return `cast(${expr} as ${typeName(type)})`;
}

/** A cast that yields null instead of failing. @param {string} expr @param {Parameters<typeof typeName>[0]} type */
function safeCast(expr, type) {
  return isBigQuery() ? `safe_cast(${expr} as ${typeName(type)})` : `try_cast(${expr} as ${typeName(type)})`;
}

/**
 * A string literal that is safe for any input: a name with a quote, a
 * backslash or SQL in it stays a string. The two engines escape differently.
 * @param {string} value
 */
function stringLiteral(value) {
  if (typeof value !== "string") throw new Error(`stringLiteral expects a string, got ${typeof value}`);
  if (isBigQuery()) {
    const escaped = value
      .replace(/\\/g, "\\\\")
      .replace(/'/g, "\\'")
      .replace(/\n/g, "\\n")
      .replace(/\r/g, "\\r");
    return `'${escaped}'`;
  }
  // DuckDB string literals have no backslash escapes; a quote is doubled.
  return `'${value.replace(/'/g, "''")}'`;
}

/** A literal for a number from the policy; refuses anything that is not a finite number. @param {number} value */
function numberLiteral(value) {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`numberLiteral expects a finite number, got ${String(value)}`);
  return String(value);
}

/** `(a, b, c)` of string literals, for `in` lists; `(null)` when empty so the SQL stays valid. @param {readonly string[]} values */
function stringList(values) {
  return values.length === 0 ? "(cast(null as " + typeName("string") + "))" : `(${values.map(stringLiteral).join(", ")})`;
}

/** A UTC timestamp literal from an ISO string. @param {string} iso */
function timestampLiteral(iso) {
  const parsed = new Date(iso);
  if (Number.isNaN(parsed.getTime())) throw new Error(`timestampLiteral: not a timestamp: ${JSON.stringify(iso)}`);
  const text = parsed.toISOString().replace("T", " ").replace("Z", "");
  return `timestamp '${text}'`;
}

/** A date literal. @param {string} isoDate YYYY-MM-DD */
function dateLiteral(isoDate) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new Error(`dateLiteral: not a date: ${JSON.stringify(isoDate)}`);
  return `date '${isoDate}'`;
}

/**
 * "Now" for everything time-dependent: the run's --as-of time when the runner
 * sets the `as_of` var, else the current time.
 */
function asOf() {
  const configured = projectVars.all().as_of;
  if (configured) return timestampLiteral(configured);
  // The local runner sets the DuckDB variable from --as-of at run time, so one
  // compiled graph serves every as-of time.
  return isBigQuery()
    ? "current_timestamp()"
    : "coalesce(cast(getvariable('handoff_as_of') as timestamp), cast(timezone('UTC', now()) as timestamp))";
}

/** Whole seconds from `start` to `end` (negative when end is earlier), truncated toward zero like BigQuery. @param {string} start @param {string} end */
function secondsBetween(start, end) {
  return isBigQuery()
    ? `timestamp_diff(${end}, ${start}, second)`
    : `cast(trunc(epoch(${end}) - epoch(${start})) as bigint)`;
}

/** Whole days from date `start` to date `end`. @param {string} start @param {string} end */
function daysBetween(start, end) {
  return isBigQuery() ? `date_diff(${end}, ${start}, day)` : `date_diff('day', ${start}, ${end})`;
}

/** @param {string} ts @param {string} seconds an integer expression */
function addSeconds(ts, seconds) {
  return isBigQuery() ? `timestamp_add(${ts}, interval ${seconds} second)` : `(${ts} + to_seconds(cast(${seconds} as bigint)))`;
}

/** @param {string} date @param {string} days an integer expression */
function addDays(date, days) {
  return isBigQuery() ? `date_add(${date}, interval ${days} day)` : `cast(${date} + to_days(cast(${days} as integer)) as date)`;
}

/** The UTC date of a timestamp. @param {string} ts */
function toDate(ts) {
  return isBigQuery() ? `date(${ts})` : `cast(${ts} as date)`;
}

/** Monday of the ISO week a timestamp or date falls in, as a date. @param {string} expr */
function weekStart(expr) {
  return isBigQuery() ? `date_trunc(date(${expr}), isoweek)` : `cast(date_trunc('week', ${expr}) as date)`;
}

/** First day of the quarter, as a date. @param {string} expr */
function quarterStart(expr) {
  return isBigQuery() ? `date_trunc(date(${expr}), quarter)` : `cast(date_trunc('quarter', ${expr}) as date)`;
}

/** A label such as 2026-Q3. @param {string} expr a date or timestamp */
function quarterLabel(expr) {
  return isBigQuery()
    ? `format('%d-Q%d', extract(year from ${expr}), extract(quarter from ${expr}))`
    : `printf('%d-Q%d', extract(year from ${expr}), extract(quarter from ${expr}))`;
}

/** The UTC timestamp at which the wall clock in `tz` shows `local`. @param {string} local @param {string} tz */
function localToUtc(local, tz) {
  return isBigQuery() ? `timestamp(${local}, ${tz})` : `timezone('UTC', timezone(${tz}, ${local}))`;
}

/** A local date plus a time of day given in minutes after midnight, as a zone-less timestamp. @param {string} date @param {string} minutes */
function localDateTime(date, minutes) {
  return isBigQuery()
    ? `datetime_add(datetime(${date}), interval ${minutes} minute)`
    : `(cast(${date} as timestamp) + to_minutes(cast(${minutes} as bigint)))`;
}

/** ISO day of week, Monday = 1 ... Sunday = 7. @param {string} date */
function isoDayOfWeek(date) {
  return isBigQuery() ? `mod(extract(dayofweek from ${date}) + 5, 7) + 1` : `isodow(${date})`;
}

/** A one-column relation `calendar_date` with every date from start to end, for a `from` clause. @param {string} start @param {string} end */
function dateSpine(start, end) {
  return isBigQuery()
    ? `unnest(generate_date_array(${start}, ${end})) as calendar_date`
    : `(select cast(unnest(generate_series(cast(${start} as timestamp), cast(${end} as timestamp), interval 1 day)) as date) as calendar_date) as date_spine`;
}

/** Percentile of an aggregate (p between 0 and 1). BigQuery's is approximate to 1%. @param {string} expr @param {number} p */
function percentile(expr, p) {
  return percentileFrom(percentiles(expr, [p]), [p], p);
}

/**
 * Several percentiles of one aggregate computed together, as a list: DuckDB
 * sorts each group once instead of once per percentile (about three times
 * faster). Read one with percentileFrom. BigQuery's are approximate to 1%.
 * @param {string} expr @param {number[]} ps
 */
function percentiles(expr, ps) {
  for (const p of ps) if (!(p >= 0 && p <= 1)) throw new Error(`percentiles: p must be between 0 and 1, got ${p}`);
  return isBigQuery() ? `approx_quantiles(${expr}, 100)` : `quantile_cont(${expr}, [${ps.join(", ")}])`;
}

/**
 * Percentile `p` out of a list made by percentiles(expr, ps).
 * @param {string} list @param {number[]} ps @param {number} p
 */
function percentileFrom(list, ps, p) {
  const index = ps.indexOf(p);
  if (index < 0) throw new Error(`percentileFrom: ${p} is not one of the computed percentiles ${ps.join(", ")}`);
  return isBigQuery() ? `${list}[offset(${Math.round(p * 100)})]` : `${list}[${index + 1}]`;
}

/**
 * An aggregate: the first row of the group in the order of `orderBy`, as a
 * struct with one field per entry of `fields` (name -> expression). Read a
 * field as `alias.field`. This is "row_number() ... = 1" without the window:
 * on DuckDB a window over many small partitions is several times slower than
 * this aggregate. Nulls sort as each engine's ORDER BY sorts them, as in the
 * window it replaces.
 * @param {Record<string, string>} fields @param {string[]} orderBy
 */
function firstBy(fields, orderBy) {
  const entries = Object.entries(fields);
  if (entries.length === 0 || orderBy.length === 0) throw new Error("firstBy: needs at least one field and one ordering expression");
  return isBigQuery()
    ? `array_agg(struct(${entries.map(([name, expr]) => `${expr} as ${name}`).join(", ")}) order by ${orderBy.join(", ")} limit 1)[offset(0)]`
    : `first(struct_pack(${entries.map(([name, expr]) => `${name} := ${expr}`).join(", ")}) order by ${orderBy.join(", ")})`;
}

/** Count of rows where a condition holds: 0 over no rows, a 64-bit integer. @param {string} condition */
function countIf(condition) {
  // DuckDB's count_if is a HUGEINT (and null over no rows); a filtered count
  // is a BIGINT, as BigQuery's countif is an INT64.
  return isBigQuery() ? `countif(${condition})` : `count(*) filter (where ${condition})`;
}

/**
 * Sum of whole numbers as a 64-bit integer on both engines. DuckDB widens an
 * integer sum to HUGEINT (128 bits): BigQuery's is an INT64, and a 128-bit
 * column is several times slower to store and read. `over` is an optional
 * window (the text inside `over (...)`).
 * @param {string} expr @param {string} [over]
 */
function integerSum(expr, over) {
  const sum = `sum(${expr})${over === undefined ? "" : ` over (${over})`}`;
  return isBigQuery() ? sum : `cast(${sum} as bigint)`;
}

/** True when the condition holds for any row of the group. @param {string} condition */
function anyTrue(condition) {
  return isBigQuery() ? `logical_or(${condition})` : `bool_or(${condition})`;
}

/** Regular-expression test (RE2 syntax in both engines). @param {string} expr @param {string} pattern */
function regexpContains(expr, pattern) {
  return isBigQuery() ? `regexp_contains(${expr}, ${stringLiteral(pattern)})` : `regexp_matches(${expr}, ${stringLiteral(pattern)})`;
}

/** The first capture group of a regular expression, or null. @param {string} expr @param {string} pattern */
function regexpExtract(expr, pattern) {
  return isBigQuery() ? `regexp_extract(${expr}, ${stringLiteral(pattern)})` : `nullif(regexp_extract(${expr}, ${stringLiteral(pattern)}, 1), '')`;
}

/**
 * Written between `as` and the body of a CTE that a query reads more than
 * once and that costs less to compute again than to copy (a projection or
 * filter of one relation, a distinct over a few columns). DuckDB copies such
 * a CTE into memory first, every column of it; measure before adding one;
 * BigQuery never materialises a CTE, so there it is nothing. (Import CTEs,
 * `select * from <table>`, get the same from the DuckDB runner.)
 */
function notMaterialized() {
  return isBigQuery() ? "" : "not materialized ";
}

/**
 * Sorted, distinct, comma-separated list of the non-null values in a group
 * (null when there are none). DuckDB keeps a hash table per group for a
 * distinct aggregate; a list made distinct and sorted afterwards is about
 * twice as fast there.
 * @param {string} expr
 */
function stringAgg(expr) {
  if (isBigQuery()) return `string_agg(distinct ${expr}, ', ' order by ${expr})`;
  return `array_to_string(list_sort(list_distinct(list(${expr}) filter (where ${expr} is not null))), ', ')`;
}

/**
 * The values of a group joined by `separator`, in the order of `orderBy`
 * (nulls skipped). DuckDB's ordered aggregates sort every group on its own,
 * which is slow for many small groups; sorting a list of structs is about
 * three times faster there.
 * @param {string} expr @param {string} separator a SQL string literal @param {string[]} orderBy
 */
function orderedStringAgg(expr, separator, orderBy) {
  if (isBigQuery()) return `string_agg(${expr}, ${separator} order by ${orderBy.join(", ")})`;
  const keys = orderBy.map((key, index) => `k${index} := ${key}`).join(", ");
  return `array_to_string(list_transform(list_sort(list(struct_pack(${keys}, v := ${expr}))), lambda entry: entry.v), ${separator})`;
}

/** Division that yields null when the divisor is zero. @param {string} numerator @param {string} denominator */
function safeDivide(numerator, denominator) {
  return isBigQuery() ? `safe_divide(${numerator}, ${denominator})` : `(${numerator}) / nullif(${denominator}, 0)`;
}

/**
 * A literal relation for a `from` clause or CTE body: policy data as rows.
 * Values are quoted by type, so nothing in the policy can change the query.
 * @param {{ name: string, type: Parameters<typeof typeName>[0] }[]} columns
 * @param {(string | number | boolean | null)[][]} rows
 */
function valuesTable(columns, rows) {
  /** @param {string | number | boolean | null} value @param {Parameters<typeof typeName>[0]} type */
  const literal = (value, type) => {
    if (value === null) return `cast(null as ${typeName(type)})`;
    if (type === "string") return stringLiteral(String(value));
    if (type === "bool") return value ? "true" : "false";
    if (type === "date") return dateLiteral(String(value));
    if (type === "timestamp") return timestampLiteral(String(value));
    return cast(numberLiteral(Number(value)), type);
  };
  if (rows.length === 0) {
    return `select ${columns.map((column) => `cast(null as ${typeName(column.type)}) as ${column.name}`).join(", ")} from (select 1 as one) as empty_table where false`;
  }
  return rows
    .map((row) => `select ${columns.map((column, index) => `${literal(row[index] ?? null, column.type)} as ${column.name}`).join(", ")}`)
    .join("\n    union all ");
}

module.exports = {
  valuesTable,
  name,
  typeName,
  cast,
  safeCast,
  stringLiteral,
  numberLiteral,
  stringList,
  timestampLiteral,
  dateLiteral,
  asOf,
  secondsBetween,
  daysBetween,
  addSeconds,
  addDays,
  toDate,
  weekStart,
  quarterStart,
  quarterLabel,
  localToUtc,
  localDateTime,
  isoDayOfWeek,
  dateSpine,
  percentile,
  firstBy,
  percentiles,
  percentileFrom,
  countIf,
  integerSum,
  anyTrue,
  regexpContains,
  regexpExtract,
  stringAgg,
  orderedStringAgg,
  notMaterialized,
  safeDivide,
};
