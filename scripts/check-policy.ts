import { exitWithError } from "./lib/errors";
import { checkPolicy } from "./lib/policy-schema";

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  process.stdout.write("Usage: npm run check:policy\n\nValidates includes/policy.js (working hours, SLA tiers, definitions, dispositions) and prints each error with the path of the bad field.\n");
} else {
  try {
    const policy = checkPolicy();
    process.stdout.write(`includes/policy.js is valid: ${policy.definitions.length} definition versions, ${policy.tiers.length} SLA tiers, ${policy.workingHours.holidays.length} holidays.\n`);
  } catch (error) {
    exitWithError(error);
  }
}
