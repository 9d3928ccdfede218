export { runCli } from './cli-program.js';
export type { CliIo } from './cli-io.js';
export { buildJsonReport, type JsonReport, type RuleListing } from './output/json-report.js';
