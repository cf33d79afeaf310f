// @ts-check
// Declarations of the raw tables and the names staging models read them by.
const rawContract = require("./raw_contract.js");

const dialect = require("./dialect.js");
const projectVars = require("./project_vars.js");
const vars = projectVars.all;

/**
 * The schema a system's raw tables are in: the `<system>_schema` var, else the
 * connector's default schema name.
 * @param {keyof typeof rawContract.systems} system
 */
function schemaOf(system) {
  const { schemaVar, defaultSchema } = rawContract.systems[system];
  return vars()[schemaVar] || defaultSchema;
}

/**
 * Declares every raw table of a system, with its column docs.
 * @param {(config: object) => unknown} declare Dataform's `declare`
 * @param {keyof typeof rawContract.systems} system
 */
function declareSystem(declare, system) {
  const database = vars().raw_database || undefined;
  for (const [table, spec] of Object.entries(rawContract.tables[system])) {
    declare({
      ...(database ? { database } : {}),
      schema: schemaOf(system),
      name: table,
      description: `${rawContract.systems[system].description} ${spec.description}`,
      columns: Object.fromEntries(Object.entries(spec.columns).map(([column, { type, description }]) => [column, `${description} (${type})`])),
    });
  }
}

/**
 * The condition that keeps the rows of the fields Handoff reads, for a history
 * table with `readOnly` in the raw contract.
 * @param {keyof typeof rawContract.systems} system
 * @param {string} table
 */
function readRows(system, table) {
  const readOnly = rawContract.tableOf(system, table)?.readOnly;
  if (!readOnly) throw new Error(`includes/raw_contract.js: ${system}.${table} has no readOnly list`);
  return `${readOnly.column} in (${readOnly.values.map((value) => dialect.stringLiteral(value)).join(", ")})`;
}

module.exports = { schemaOf, declareSystem, readRows };
