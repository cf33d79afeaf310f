// @ts-check
// The project's vars: from dataform.json (or --vars) inside Dataform; outside
// it (tests that load the includes directly), from the environment, so the
// same helpers can be exercised for either engine.

/** @returns {Record<string, string | undefined>} */
function all() {
  /** @type {any} */
  const session = typeof dataform === "undefined" ? undefined : dataform;
  if (session) return session.projectConfig.vars || {};
  return { dialect: process.env.DIALECT, as_of: process.env.AS_OF };
}

module.exports = { all };
