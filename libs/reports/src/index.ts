export * from './model/report-input.js';
export * from './model/report-model.js';
export * from './model/build-report-model.js';
export * from './model/scan-report-input.js';
export * from './render/render-report.js';
export { reportJsonSchemaId } from './render/json/json-renderer.js';
export * from './signing/report-signing.js';
