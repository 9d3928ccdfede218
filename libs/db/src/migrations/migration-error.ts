/** Why migrations could not be applied; `code` is stable for callers and tests, the message says how to fix it. */
export type MigrationErrorCode =
  | 'migrations-missing'
  | 'migrations-empty'
  | 'migration-file-missing'
  | 'provider-mismatch'
  | 'checksum-mismatch'
  | 'failed-migration-recorded'
  | 'migration-failed'
  | 'lock-timeout';

export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}
