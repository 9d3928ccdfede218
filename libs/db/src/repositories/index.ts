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
export { FindingRepository, type FindingRecord, type FindingFilter } from './finding.repository.js';
export { ScanRepository, type ScanRecord } from './scan.repository.js';
export { TenantRepository, type TenantRecord } from './tenant.repository.js';
export { InvalidCursorError, type Page } from './cursor.js';
export {
  ScanResultsRepository,
  type ActiveExceptionRow,
  type FindingToStore,
  type PreviousScanFindings,
  type ScanOutcomeToStore,
  type ScanToRun,
} from './scan-results.repository.js';
export {
  encodeFindings,
  findingChunkRows,
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
export { ConnectivityModelRepository, connectivityModelsKept, type ConnectivityModelRecord } from './connectivity-model.repository.js';
