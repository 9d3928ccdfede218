export {
  openDatabase,
  type Database,
  type DatabaseClient,
  type OpenDatabaseOptions,
  type SchemaStartup,
} from './database/database.js';
export { DatabaseError, type DatabaseErrorCode } from './database/database-error.js';
export { isDatabaseUnavailable } from './database/database-unavailable.js';
export {
  createCredentialVault,
  type CredentialVault,
  type SealedSecret,
  type SealPurpose,
} from './credentials/credential-vault.js';
export {
  createMasterKeyring,
  loadMasterKeyring,
  type LoadMasterKeyringOptions,
  type MasterKeyring,
} from './credentials/master-keyring.js';
export { rotateDataKeys, type DataKeyRotationReport } from './credentials/rotate-data-keys.js';
export { VaultError, type VaultErrorCode } from './credentials/vault-error.js';
export {
  currentTenantContext,
  currentTenantId,
  hasTenantContext,
  type TenantContext,
  type TenantTransaction,
} from './tenancy/tenant-context.js';
export {
  currentReadTenantId,
  hasTenantReads,
  readRows,
  tenantBatch,
  type TenantBatch,
  type TextRow,
} from './tenancy/tenant-reads.js';
export { TenantContextError, type TenantContextErrorCode } from './tenancy/tenant-context-error.js';
export { assertTenantId, isUuid } from './tenancy/tenant-id.js';
export { runtimeRole } from './tenancy/runtime-role.js';
export { findTenantIsolationGaps } from './tenancy/tenant-isolation-audit.js';
export type { WithTenantOptions } from './tenancy/with-tenant.js';
export type {
  ApiKeyCredentials,
  CreatedTenant,
  CreateTenantInput,
  SystemFunctions,
  TenantRetention,
  TouchApiKeyOptions,
} from './tenancy/system-functions.js';
export {
  applyMigrations,
  type ApplyMigrationsOptions,
  type MigrationRunResult,
} from './migrations/migration-runner.js';
export { MigrationError, type MigrationErrorCode } from './migrations/migration-error.js';
export { pgSession, pgliteSession, type SqlSession } from './migrations/sql-session.js';
export { defaultMigrationsDir } from './paths.js';
export type {
  ApiKeyRole,
  ExceptionMode,
  Exposure,
  FindingStatus,
  ReportDeliveryOutcome,
  ReportFormat as StoredReportFormat,
  ReportStatus,
  ReportTrigger,
  ScanStatus,
  ScanTrigger,
  Severity,
  WebhookDeliveryOutcome,
} from './generated/prisma/enums.js';
/** Row types of the data model, and Prisma's input types (`Prisma.ClusterWhereInput` …) for repositories. */
export type {
  ApiKey,
  AuditEvent,
  Cluster,
  DataKey,
  Exception,
  Finding,
  Prisma,
  Scan,
  Tenant,
  WebhookDelivery,
  WebhookEndpoint,
} from './generated/prisma/client.js';
export * from './repositories/index.js';
