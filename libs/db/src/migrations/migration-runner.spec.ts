import { createHash } from 'node:crypto';
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultMigrationsDir } from '../paths.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { MigrationError } from './migration-error.js';
import { applyMigrations } from './migration-runner.js';
import { pgliteSession, pgSession, type SqlSession } from './sql-session.js';
import { productTables } from '../testing/product-tables.js';

interface Engine {
  session: SqlSession;
  close(): Promise<void>;
}

const engines: Record<string, () => Promise<Engine>> = {
  postgres: async () => {
    const database = await createTestDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    return { session: pgSession(client), close: async () => (await client.end(), await database.drop()) };
  },
  pglite: async () => {
    const db = await PGlite.create();
    return { session: pgliteSession(db), close: () => db.close() };
  },
};

const shippedMigrations = (await readdir(defaultMigrationsDir, { withFileTypes: true }))
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

async function history(session: SqlSession) {
  return session.query<{
    id: string;
    migration_name: string;
    checksum: string;
    finished_at: Date | null;
    started_at: Date;
    rolled_back_at: Date | null;
    logs: string | null;
    applied_steps_count: number;
  }>('SELECT * FROM _prisma_migrations ORDER BY migration_name');
}

async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'meshguard-migrations-'));
  await cp(defaultMigrationsDir, dir, { recursive: true });
  return dir;
}

describe.each(Object.keys(engines))('applyMigrations on %s', (engineName) => {
  let engine: Engine;
  const scratch: string[] = [];
  beforeAll(async () => {
    engine = await engines[engineName]!();
  });
  // One database per engine; each test starts from an empty schema.
  beforeEach(() => engine.session.execute('DROP SCHEMA public CASCADE; CREATE SCHEMA public;'));
  afterEach(() => Promise.all(scratch.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));
  afterAll(() => engine?.close());

  it('applies every migration to an empty database and records each as Prisma does; a second run is a no-op', async () => {
    const first = await applyMigrations(engine.session);
    expect(first.applied).toEqual(shippedMigrations);
    expect(first.alreadyApplied).toEqual([]);

    const rows = await history(engine.session);
    expect(rows.map((row) => row.migration_name)).toEqual(shippedMigrations);
    for (const row of rows) {
      const file = await readFile(join(defaultMigrationsDir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.applied_steps_count).toBe(1);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
    }
    const tables = await engine.session.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`,
    );
    expect(tables.map((row) => row.tablename)).toEqual(['_prisma_migrations', ...productTables]);

    const second = await applyMigrations(engine.session);
    expect(second).toEqual({ applied: [], alreadyApplied: shippedMigrations, unknown: [] });
    expect(await history(engine.session)).toEqual(rows);
  });

  it("creates _prisma_migrations with Prisma's own column definitions", async () => {
    await applyMigrations(engine.session);
    const columns = await engine.session.query<{
      column_name: string;
      data_type: string;
      length: number | null;
      is_nullable: string;
      column_default: string | null;
    }>(
      `SELECT column_name, data_type, character_maximum_length AS length, is_nullable, column_default
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      {
        column_name: 'id',
        data_type: 'character varying',
        length: 36,
        is_nullable: 'NO',
        column_default: null,
      },
      {
        column_name: 'checksum',
        data_type: 'character varying',
        length: 64,
        is_nullable: 'NO',
        column_default: null,
      },
      {
        column_name: 'finished_at',
        data_type: 'timestamp with time zone',
        length: null,
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'migration_name',
        data_type: 'character varying',
        length: 255,
        is_nullable: 'NO',
        column_default: null,
      },
      { column_name: 'logs', data_type: 'text', length: null, is_nullable: 'YES', column_default: null },
      {
        column_name: 'rolled_back_at',
        data_type: 'timestamp with time zone',
        length: null,
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'started_at',
        data_type: 'timestamp with time zone',
        length: null,
        is_nullable: 'NO',
        column_default: 'now()',
      },
      {
        column_name: 'applied_steps_count',
        data_type: 'integer',
        length: null,
        is_nullable: 'NO',
        column_default: '0',
      },
    ]);
  });

  it('refuses to go on when an applied migration file was changed, naming it, and changes nothing', async () => {
    const dir = await copyOfMigrations();
    scratch.push(dir);
    await applyMigrations(engine.session, { migrationsDir: dir });
    const before = await history(engine.session);
    const [first] = shippedMigrations;
    await appendFile(join(dir, first!, 'migration.sql'), '\n-- edited after it was applied\n');
    await mkdir(join(dir, '29990101000000_later'));
    await writeFile(
      join(dir, '29990101000000_later', 'migration.sql'),
      'CREATE TABLE later_table (id integer);\n',
    );

    const error = await applyMigrations(engine.session, { migrationsDir: dir }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ code: 'checksum-mismatch' });
    expect((error as Error).message).toContain(`Migration ${first} was modified after it was applied`);
    expect(await history(engine.session)).toEqual(before);
    expect(await engine.session.query(`SELECT to_regclass('later_table') AS t`)).toEqual([{ t: null }]);
  });

  it('accepts an applied migration whose file only had its line endings converted (LF to CRLF), as Prisma does', async () => {
    const dir = await copyOfMigrations();
    scratch.push(dir);
    await applyMigrations(engine.session, { migrationsDir: dir });
    const file = join(dir, shippedMigrations[0]!, 'migration.sql');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/\n/g, '\r\n'));
    expect((await applyMigrations(engine.session, { migrationsDir: dir })).applied).toEqual([]);
  });

  it('refuses to go on when the database records a failed migration', async () => {
    await applyMigrations(engine.session);
    await engine.session.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ('00000000-0000-4000-8000-000000000001', 'x', '29990101000000_half_done')`,
    );
    await expect(applyMigrations(engine.session)).rejects.toMatchObject({
      code: 'failed-migration-recorded',
      message: expect.stringContaining('failed migration(s): 29990101000000_half_done'),
    });
  });

  it('rolls a failing migration back completely and records nothing for it', async () => {
    const dir = await copyOfMigrations();
    scratch.push(dir);
    await mkdir(join(dir, '29990101000000_broken'));
    await writeFile(
      join(dir, '29990101000000_broken', 'migration.sql'),
      'CREATE TABLE made_before_failure (id integer);\nSELECT * FROM no_such_table;\n',
    );

    const error = await applyMigrations(engine.session, { migrationsDir: dir }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'migration-failed' });
    expect((error as Error).message).toMatch(
      /Migration 29990101000000_broken failed and was rolled back.*no_such_table/,
    );
    expect(await engine.session.query(`SELECT to_regclass('made_before_failure') AS t`)).toEqual([
      { t: null },
    ]);
    expect((await history(engine.session)).map((row) => row.migration_name)).toEqual(shippedMigrations);
  });
});

describe('applyMigrations input checks', () => {
  // Every check here happens before the runner touches the database.
  const untouchable: SqlSession = {
    query: () => Promise.reject(new Error('the database was touched')),
    execute: () => Promise.reject(new Error('the database was touched')),
  };

  it('says so when the migrations folder is missing or empty, or a migration lacks its SQL file', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'meshguard-migrations-'));
    try {
      await expect(
        applyMigrations(untouchable, { migrationsDir: join(empty, 'nope') }),
      ).rejects.toMatchObject({
        code: 'migrations-missing',
        message: expect.stringContaining(join(empty, 'nope')),
      });
      await expect(applyMigrations(untouchable, { migrationsDir: empty })).rejects.toMatchObject({
        code: 'migrations-empty',
      });
      await mkdir(join(empty, '20200101000000_no_sql'));
      await expect(applyMigrations(untouchable, { migrationsDir: empty })).rejects.toMatchObject({
        code: 'migration-file-missing',
        message: expect.stringContaining('20200101000000_no_sql'),
      });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('rejects migrations made for another database provider', async () => {
    const dir = await copyOfMigrations();
    try {
      await writeFile(join(dir, 'migration_lock.toml'), 'provider = "mysql"\n');
      await expect(applyMigrations(untouchable, { migrationsDir: dir })).rejects.toMatchObject({
        code: 'provider-mismatch',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('applyMigrations from several processes at once (PostgreSQL)', () => {
  let database: TestDatabase;
  afterAll(() => database?.drop());

  it('serialises concurrent runners with the advisory lock: one applies, the others find it done', async () => {
    database = await createTestDatabase();
    const clients = await Promise.all(
      [1, 2, 3].map(async () => {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        return client;
      }),
    );
    try {
      const results = await Promise.all(clients.map((client) => applyMigrations(pgSession(client))));
      expect(results.filter((result) => result.applied.length > 0)).toHaveLength(1);
      expect(results.flatMap((result) => result.applied).sort()).toEqual(shippedMigrations);
      const [count] = await pgSession(clients[0]!).query<{ n: number }>(
        'SELECT count(*)::int AS n FROM _prisma_migrations',
      );
      expect(count?.n).toBe(shippedMigrations.length);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });
});
