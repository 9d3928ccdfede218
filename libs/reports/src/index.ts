export * from './model/report-input.js';
export * from './model/report-model.js';
export * from './model/build-report-model.js';
export * from './model/control-status.js';
export * from './model/scan-report-input.js';
export * from './render/render-report.js';
export { reportJsonSchemaId } from './render/json/json-renderer.js';
export * from './signing/report-signing.js';
export { csvColumns } from './render/csv/csv-renderer.js';
export {
  oscalControlId,
  oscalNamespace,
  oscalTargetStatus,
  oscalVersion,
} from './render/oscal/oscal-renderer.js';
export * from './render/sarif/sarif-parts.js';
export * from './render/render-with-digest.js';
