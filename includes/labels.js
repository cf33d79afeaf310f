// @ts-check
// BigQuery labels on every table and view Handoff writes, so billing exports
// and INFORMATION_SCHEMA.JOBS can attribute storage and query cost to it and
// to a layer. Extra labels come from var `bigquery_labels`, "key:value;..."
// (the Dataform CLI's --vars cannot carry "=" or "," inside a value).
const projectVars = require("./project_vars.js");

const labelPattern = /^[a-z][a-z0-9_-]{0,62}$/;
const valuePattern = /^[a-z0-9_-]{0,63}$/;

/** @returns {Record<string, string>} */
function extraLabels() {
  const configured = projectVars.all().bigquery_labels;
  if (!configured) return {};
  /** @type {Record<string, string>} */
  const labels = {};
  for (const pair of String(configured).split(";").map((part) => part.trim()).filter(Boolean)) {
    const [key, value = "", ...rest] = pair.split(":");
    if (rest.length > 0 || !labelPattern.test(key ?? "") || !valuePattern.test(value)) {
      throw new Error(
        `dataform.json vars.bigquery_labels: ${JSON.stringify(pair)} is not key:value with a lowercase key (letters, digits, _ or -, starting with a letter) and a lowercase value`,
      );
    }
    labels[/** @type {string} */ (key)] = value;
  }
  return labels;
}

/**
 * Labels for a model of one layer.
 * @param {"staging" | "intermediate" | "outputs"} layer
 * @returns {Record<string, string>}
 */
function of(layer) {
  return { ...extraLabels(), app: "handoff", layer };
}

module.exports = { of };
