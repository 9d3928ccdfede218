import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { DatabaseConfig } from '@meshguard/config';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { MigrationError } from '../migrations/migration-error.js';
import { applyMigrations, type MigrationRunResult } from '../migrations/migration-runner.js';
import { pgliteSession, pgSession } from '../migrations/sql-session.js';
import { DatabaseError, withTimeout } from './database-error.js';
import { claimEmbeddedDirectory } from './embedded-lock.js';
import { redactUrl } from './redact-url.js';

/** The Prisma client over meshguard's schema. Only libs/db and the repositories built on it use it directly. */
export type DatabaseClient = PrismaClient;

export interface Database {
  readonly kind: DatabaseConfig['kind'];
  /** Where the data lives: the URL without password, or the embedded data directory. */
  readonly location: string;
  readonly client: DatabaseClient;
  /** What opening applied; empty lists when migration was skipped. */
  readonly migrations: MigrationRunResult;
  /** Resolves when the database answers a trivial query within `timeoutMs` (default 2 s); throws DatabaseError otherwise. */
  ping(timeoutMs?: number): Promise<void>;
  /** Disconnects the client and releases the connection pool or the embedded database. Safe to call twice. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Apply pending migrations before returning (default true; idempotent and serialised by an advisory lock). */
  migrate?: boolean;
  migrationsDir?: string;
  /** How long to wait for a PostgreSQL connection; default 5 s. */
  connectTimeoutMs?: number;
  /** Connections in the PostgreSQL pool; default 10. */
  poolSize?: number;
  log?: (message: string) => void;
}

const noMigrations: MigrationRunResult = { applied: [], alreadyApplied: [], unknown: [] };

/**
 * Opens the product's database as configured: PostgreSQL at `config.url`, or PGlite persisted under
 * `<config.dataDir>/pglite`. Applies pending migrations first unless `migrate: false`, so a fresh machine starts
 * with an up-to-date schema. Throws DatabaseError when the database is unreachable or (embedded) already in use,
 * MigrationError when migrations cannot be applied.
 */
export async function openDatabase(
  config: DatabaseConfig,
  options: OpenDatabaseOptions = {},
): Promise<Database> {
  return config.kind === 'postgres'
    ? openPostgres(config.url, options)
    : openEmbedded(config.dataDir, options);
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  const location = redactUrl(url);
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
    max: options.poolSize ?? 10,
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', (error) => options.log?.(`database connection lost: ${error.message}`));
  let migrations = noMigrations;
  try {
    if (options.migrate !== false) {
      const connection = await connect(pool, location, connectTimeoutMs);
      try {
        migrations = await applyMigrations(pgSession(connection), {
          migrationsDir: options.migrationsDir,
          log: options.log,
        });
      } finally {
        connection.release();
      }
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  const client = new PrismaClient({ adapter: new PrismaPg(pool) });
  let closed: Promise<void> | undefined;
  return {
    kind: 'postgres',
    location,
    client,
    migrations,
    async ping(timeoutMs = 2_000) {
      await withTimeout(
        pool.query('SELECT 1').catch((error: unknown) => {
          throw unreachable(location, error);
        }),
        timeoutMs,
        () => `PostgreSQL at ${location} did not answer within ${timeoutMs} ms`,
      );
    },
    close() {
      closed ??= client.$disconnect().finally(() => pool.end());
      return closed;
    },
  };
}

async function openEmbedded(dataDir: string, options: OpenDatabaseOptions): Promise<Database> {
  const directory = resolve(dataDir, 'pglite');
  mkdirSync(directory, { recursive: true });
  const release = claimEmbeddedDirectory(directory);
  let db: PGlite | undefined;
  let migrations = noMigrations;
  try {
    db = await PGlite.create({ dataDir: directory });
    if (options.migrate !== false) {
      migrations = await applyMigrations(pgliteSession(db), {
        migrationsDir: options.migrationsDir,
        log: options.log,
      });
    }
  } catch (error) {
    await db?.close().catch(() => undefined);
    release();
    if (error instanceof MigrationError) throw error;
    throw new DatabaseError(
      'unreachable',
      `Cannot open the embedded database in ${directory}: ${describe(error)}`,
      { cause: error },
    );
  }
  const pglite = db;
  const client = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  let closed: Promise<void> | undefined;
  return {
    kind: 'embedded',
    location: directory,
    client,
    migrations,
    async ping(timeoutMs = 2_000) {
      if (pglite.closed)
        throw new DatabaseError('unreachable', `The embedded database in ${directory} is closed`);
      await withTimeout(
        pglite.query('SELECT 1'),
        timeoutMs,
        () => `The embedded database in ${directory} did not answer within ${timeoutMs} ms`,
      );
    },
    close() {
      closed ??= client
        .$disconnect()
        .then(() => pglite.close())
        .finally(release);
      return closed;
    },
  };
}

async function connect(pool: pg.Pool, location: string, timeoutMs: number): Promise<pg.PoolClient> {
  try {
    return await pool.connect();
  } catch (error) {
    throw unreachable(location, error, timeoutMs);
  }
}

function unreachable(location: string, error: unknown, timeoutMs?: number): DatabaseError {
  const reason = describe(error);
  const waited = timeoutMs !== undefined && /timeout/i.test(reason) ? ` within ${timeoutMs} ms` : '';
  return new DatabaseError(
    'unreachable',
    `Cannot reach PostgreSQL at ${location}${waited}: ${reason}. Check that the server is running and DATABASE_URL is right.`,
    { cause: error },
  );
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0)
    return error.errors.map(describe).join('; ');
  if (error instanceof Error) return error.message || (error as NodeJS.ErrnoException).code || error.name;
  return String(error);
}
