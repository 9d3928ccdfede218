export { startWorker } from './app/start-worker.js';
export { ScansProcessor, type ScanJobResult } from './scans/scans.processor.js';
