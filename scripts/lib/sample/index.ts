// The deterministic sample-data generator (library entry point).
export { generateSample, formatProgress, PROGRESS_FROM_LEADS, DEFAULT_DAYS, type GenerateSampleOptions, type GenerateSampleResult, type SampleProgress } from "./generate";
export { targetAccountDomains, companies, employeeRange } from "./companies";
export { REPS, ROLE_IDS, QUEUES, FORMS, SAMPLE_COMPANY, teamForEmployees } from "./catalog";
export { STATUS } from "./journey";
export { contractTables } from "./contract";
export { parseCsv, csvEscape } from "./csv";
