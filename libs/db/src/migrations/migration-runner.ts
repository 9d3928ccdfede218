import { defaultMigrationsDir } from '../paths.js';
import { MigrationError } from './migration-error.js';
import { matchesChecksum, readMigrationFiles, type MigrationFile } from './migration-files.js';
import {
  ensureMigrationsTable,
  prismaMigrateLockKey,
  readMigrationRecords,
  recordMigrationFinished,
  recordMigrationStarted,
  type MigrationRecord,
} from './prisma-migrations-table.js';
import type { SqlSession } from './sql-session.js';

export interface ApplyMigrationsOptions {
  /** Defaults to the repository's prisma/migrations. */
  migrationsDir?: string;
  /** How long to wait for another process that is migrating the same database; default 60 s. */
  lockTimeoutMs?: number;
  log?: (message: string) => void;
}

export interface MigrationRunResult {
  /** Migrations applied by this run, in order. */
  applied: string[];
  /** Migrations found already applied. */
  alreadyApplied: string[];
  /** Migrations recorded in the database but absent from the folder (the database is newer than this code). */
  unknown: string[];
}

/**
 * Applies every pending migration of `prisma/migrations` in name order, each in its own transaction, under Prisma's
 * advisory lock, recording each in `_prisma_migrations` as `prisma migrate deploy` does. Running it again is a no-op.
 * Throws MigrationError when the folder is missing or empty, an applied migration's file changed, a failed migration
 * is recorded, or a migration fails (that migration is rolled back; earlier ones stay applied).
 */
export async function applyMigrations(
  session: SqlSession,
  options: ApplyMigrationsOptions = {},
): Promise<MigrationRunResult> {
  const files = await readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir);
  await acquireLock(session, options.lockTimeoutMs ?? 60_000);
  try {
    await ensureMigrationsTable(session);
    const records = await readMigrationRecords(session);
    const applied = checkHistory(files, records);
    const result: MigrationRunResult = {
      applied: [],
      alreadyApplied: files.filter((file) => applied.has(file.name)).map((file) => file.name),
      unknown: [...applied.keys()].filter((name) => !files.some((file) => file.name === name)),
    };
    for (const file of files) {
      if (applied.has(file.name)) continue;
      await applyOne(session, file);
      options.log?.(`applied migration ${file.name}`);
      result.applied.push(file.name);
    }
    return result;
  } finally {
    // A broken connection drops the lock with the session; the original error matters more than this one.
    await session.query('SELECT pg_advisory_unlock($1)', [prismaMigrateLockKey]).catch(() => undefined);
  }
}

/** Returns the applied migrations by name; throws on recorded failures and on files changed after being applied. */
function checkHistory(files: MigrationFile[], records: MigrationRecord[]): Map<string, MigrationRecord> {
  const failed = records.filter((record) => record.finishedAt === null && record.rolledBackAt === null);
  if (failed.length > 0) {
    const names = failed.map((record) => record.migrationName).join(', ');
    throw new MigrationError(
      'failed-migration-recorded',
      `The database records failed migration(s): ${names}. They may have left it half-changed, so nothing more is applied. ` +
        `Inspect the database, undo or complete the migration's changes by hand, then mark it rolled back ` +
        `(\`npx prisma migrate resolve --rolled-back <name>\`, or UPDATE _prisma_migrations SET rolled_back_at = now() ` +
        `WHERE migration_name = '<name>' AND finished_at IS NULL) and run npm run db:migrate again.`,
    );
  }
  const applied = new Map<string, MigrationRecord>();
  for (const record of records) {
    if (record.finishedAt !== null && record.rolledBackAt === null) applied.set(record.migrationName, record);
  }
  for (const file of files) {
    const record = applied.get(file.name);
    if (record && !matchesChecksum(file, record.checksum)) {
      throw new MigrationError(
        'checksum-mismatch',
        `Migration ${file.name} was modified after it was applied (checksum in the database ${record.checksum}, ` +
          `file ${file.checksum}). Restore prisma/migrations/${file.name}/migration.sql from git and put the change in a new migration.`,
      );
    }
  }
  return applied;
}

async function applyOne(session: SqlSession, file: MigrationFile): Promise<void> {
  await session.execute('BEGIN');
  try {
    const id = await recordMigrationStarted(session, file.name, file.checksum);
    await session.execute(file.sql);
    await recordMigrationFinished(session, id);
    await session.execute('COMMIT');
  } catch (error) {
    await session.execute('ROLLBACK').catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(
      'migration-failed',
      `Migration ${file.name} failed and was rolled back, so the database is as before it: ${reason}. ` +
        `Fix prisma/migrations/${file.name}/migration.sql (if it was never applied anywhere) or the database, then run npm run db:migrate again.`,
      { cause: error },
    );
  }
}

async function acquireLock(session: SqlSession, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await session.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      prismaMigrateLockKey,
    ]);
    if (row?.locked) return;
    if (Date.now() >= deadline) {
      throw new MigrationError(
        'lock-timeout',
        `Another process has been migrating this database for over ${timeoutMs} ms (advisory lock ${prismaMigrateLockKey} is held). ` +
          `Wait for it to finish, or find the session holding it in pg_locks and end it.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
