export {
  createMeshguardMetrics,
  MeshguardMetrics,
  unmatchedRoute,
  type JobOutcome,
  type MetricsOptions,
  type ScanOutcome,
} from './meshguard-metrics.js';
export {
  queueJobStates,
  sampleQueueDepths,
  type QueueDepthSource,
  type QueueJobState,
  type QueueSampleResult,
} from './queue-depth-sampler.js';
export { metricsRequestHandler } from './metrics-request-handler.js';
