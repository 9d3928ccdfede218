export {
  openDatabase,
  type Database,
  type DatabaseClient,
  type OpenDatabaseOptions,
} from './database/database.js';
export { DatabaseError, type DatabaseErrorCode } from './database/database-error.js';
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
  ClusterAccessLevel,
  Exposure,
  FindingStatus,
  ScanStatus,
  ScanTrigger,
  Severity,
} from './generated/prisma/enums.js';
