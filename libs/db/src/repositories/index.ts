export { ApiKeyRepository, type ApiKeyRecord } from './api-key.repository.js';
export { AuditRepository, type AuditEventInput, type AuditEventRecord } from './audit.repository.js';
export {
  ClusterRepository,
  type ClusterAccessLevel,
  type ClusterRecord,
  type ClusterFilter,
  type NewCluster,
  type ClusterChanges,
} from './cluster.repository.js';
export { FindingRepository, type FindingJsonPage, type FindingRecord, type FindingFilter, type FindingScans } from './finding.repository.js';
export { ScanRepository, type ScanRecord } from './scan.repository.js';
export { TenantRepository, type TenantRecord } from './tenant.repository.js';
export { InvalidCursorError, decodeCursor, encodeCursor, jsonPageDocument, type JsonPage, type Page } from './cursor.js';
export { IdempotencyKeyRepository, type IdempotencyKeyUse } from './idempotency-key.repository.js';
export {
  ScanResultsRepository,
  type ActiveExceptionRow,
  type FindingToStore,
  type PreviousScanFindings,
  type ScanTrendNumbers,
  type ScanOutcomeToStore,
  type ScanToRun,
} from './scan-results.repository.js';
export {
  DuplicateFingerprintError,
  encodeFindings,
  encodedFindingBuffers,
  findingChunkRows,
  unpackColumns,
  type EncodedFindings,
  type FindingColumnLiterals,
  type FindingRowToStore,
} from './finding-columns.encoding.js';
export {
  WebhookDeliveryRepository,
  type NewFindingRef,
  type WebhookDeliveryAttempt,
  type WebhookEndpointToDeliver,
} from './webhook-delivery.repository.js';
export { ExceptionRepository, type ExceptionRecord, type ExceptionState, type NewException } from './exception.repository.js';
export { WebhookEndpointRepository, type WebhookEndpointRecord, type WebhookDeliveryRecord } from './webhook-endpoint.repository.js';
export {
  ReportRepository,
  type FinishedReport,
  type NewReport,
  type ReportFilter,
  type ReportRecord,
  type ReportScopeRecord,
} from './report.repository.js';
export { ReportScheduleRepository, type NewReportSchedule, type ReportScheduleChanges, type ReportScheduleRecord } from './report-schedule.repository.js';
export { ReportSigningKeyRepository, type OpenedSigningKey, type ReportSigningKeyRecord, type SigningKeyPair } from './report-signing-key.repository.js';
export { ReportDeliveryRepository, type ReportDeliveryAttempt, type ReportDeliveryRecord } from './report-delivery.repository.js';
export { ReportSourceRepository, type ReportSourceCluster, type ReportSourceFinding, type ReportSourceScan } from './report-source.repository.js';
export { clusterCoverageStates, coverageStateAt, type ClusterCoverageState, type CoverageFacts } from './coverage-state.js';
export { readReportBytes } from './report-bytes.js';
export { type FleetGroupTally, type FleetRanking, type FleetRankingRequest, type FleetSeverityName } from './fleet-ranking.js';
export { FleetRepository, type ClusterFleetFacts, type ClusterVerdicts, type OpenCounts, type PastClusterState } from './fleet.repository.js';
export {
  TrendsRepository,
  fleetApproximateFigures,
  type LifecycleGrouping,
  type LifecycleStats,
  type LifecycleStatsAnswer,
  type SeriesAnswer,
  type TrendBucket,
  type TrendPoint,
  type TrendScope,
  type TrendWindow,
} from './trends.repository.js';
export { ConnectivityModelRepository, connectivityModelsKept, type ConnectivityModelRecord } from './connectivity-model.repository.js';
export { durationBucketRelativeError } from './duration-histogram.js';
export { TrendRollupRepository, rollupScopes } from './trend-rollup.repository.js';
