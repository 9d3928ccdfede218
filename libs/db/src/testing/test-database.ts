import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTestDatabaseConfig, type DatabaseConfig } from '@meshguard/config';
import pg from 'pg';
import { applyMigrations, type MigrationRunResult } from '../migrations/migration-runner.js';
import { pgSession } from '../migrations/sql-session.js';

export interface TestDatabase {
  /** `meshguard_t_<random>` */
  name: string;
  url: string;
  /** Ready for `openDatabase` or an app's config. */
  config: DatabaseConfig;
  /** What `migrate: true` applied (empty otherwise). */
  migrations: MigrationRunResult;
  /** Drops the database, ending any connections still open to it. Safe to call twice. */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Apply prisma/migrations right away (default false). */
  migrate?: boolean;
  /** Server to create it on; default TEST_DATABASE_ADMIN_URL (postgresql://postgres@127.0.0.1:5432/postgres). */
  adminUrl?: string;
}

/**
 * Creates a throwaway PostgreSQL database on the test server and returns its URL and a `drop()`.
 * Call `drop()` in `afterAll`/`afterEach`; a name is random, so parallel test files never collide.
 */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = options.adminUrl ?? loadTestDatabaseConfig().adminUrl;
  const name = `meshguard_t_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const target = new URL(adminUrl);
  target.pathname = `/${name}`;
  const url = target.toString();
  let dropped: Promise<void> | undefined;
  const drop = () => {
    dropped ??= withClient(adminUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
    return dropped;
  };
  let migrations: MigrationRunResult = { applied: [], alreadyApplied: [], unknown: [] };
  if (options.migrate) {
    try {
      migrations = await withClient(url, (client) => applyMigrations(pgSession(client)));
    } catch (error) {
      await drop();
      throw error;
    }
  }
  return { name, url, config: { kind: 'postgres', url }, migrations, drop };
}

export interface TestDataDirectory {
  dataDir: string;
  config: DatabaseConfig;
  /** Deletes the directory and everything in it. */
  remove(): Promise<void>;
}

/** A fresh temporary DATA_DIR for the embedded database; `remove()` deletes it. */
export async function createTestDataDirectory(): Promise<TestDataDirectory> {
  const dataDir = await mkdtemp(join(tmpdir(), 'meshguard-data-'));
  return {
    dataDir,
    config: { kind: 'embedded', dataDir },
    remove: () => rm(dataDir, { recursive: true, force: true }),
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
