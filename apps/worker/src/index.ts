export { startWorker, type RunningWorker, type StartWorkerOptions } from './app/start-worker.js';
export { ScanPipeline, type ScanRunResult } from './scans/scan-pipeline.js';
export type { ScanJobResult } from './scans/scan-consumer.js';
