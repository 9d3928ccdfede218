import { randomUUID } from 'node:crypto';
import type { SqlSession } from './sql-session.js';

/** The history table, created with the exact DDL of Prisma's schema engine so `prisma migrate deploy` reads it as its own. */
const createTableSql = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

/** The key Prisma Migrate takes with pg_advisory_lock, so our runner and Prisma's never migrate at the same time. */
export const prismaMigrateLockKey = 72707369;

export interface MigrationRecord {
  id: string;
  migrationName: string;
  checksum: string;
  startedAt: Date;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
  logs: string | null;
  appliedStepsCount: number;
}

export async function ensureMigrationsTable(session: SqlSession): Promise<void> {
  const [row] = await session.query<{ exists: boolean }>(
    `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS "exists"`,
  );
  if (!row?.exists) await session.execute(createTableSql);
}

/** Every row, oldest first, as Prisma reads them. */
export async function readMigrationRecords(session: SqlSession): Promise<MigrationRecord[]> {
  return session.query<MigrationRecord & Record<string, unknown>>(
    `SELECT id, migration_name AS "migrationName", checksum, started_at AS "startedAt", finished_at AS "finishedAt",
            rolled_back_at AS "rolledBackAt", logs, applied_steps_count AS "appliedStepsCount"
       FROM _prisma_migrations ORDER BY started_at, migration_name`,
  );
}

/** Inserts the row Prisma writes when a migration starts; returns its id. */
export async function recordMigrationStarted(
  session: SqlSession,
  name: string,
  checksum: string,
): Promise<string> {
  const id = randomUUID();
  await session.query(
    `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, clock_timestamp(), 0)`,
    [id, checksum, name],
  );
  return id;
}

/** Marks the migration's one script step applied and the migration finished, as Prisma does after a successful script. */
export async function recordMigrationFinished(session: SqlSession, id: string): Promise<void> {
  await session.query(
    `UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp() WHERE id = $1`,
    [id],
  );
}
