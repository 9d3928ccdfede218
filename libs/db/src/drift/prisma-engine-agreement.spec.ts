import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrations/migration-runner.js';
import { pgliteSession } from '../migrations/sql-session.js';
import { defaultMigrationsDir, defaultSchemaPath } from '../paths.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { readDatabaseSchema } from './database-schema.js';
import { openPrismaSchemaEngine, type PrismaSchemaEngine } from './prisma-schema-engine.js';

const paths = { schemaPath: defaultSchemaPath, migrationsDir: defaultMigrationsDir };

// Prisma's schema engine (WebAssembly build) judges our migrations and our _prisma_migrations rows.
describe("Prisma's schema engine on a database migrated by our runner (PGlite)", () => {
  let db: PGlite;
  let engine: PrismaSchemaEngine;
  beforeAll(async () => {
    db = await PGlite.create();
    await applyMigrations(pgliteSession(db));
    engine = await openPrismaSchemaEngine(new PrismaPGlite(db), paths);
  });
  afterAll(async () => {
    engine?.dispose();
    await db?.close();
  });

  it('reads our _prisma_migrations as its own: nothing edited, failed or diverging, and deploy has nothing left to apply', async () => {
    expect(await engine.diagnoseHistory()).toEqual({
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: true,
      history: null,
    });
    expect(await engine.deploy()).toEqual([]);
  });

  it('finds the migrations and schema.prisma in sync (`prisma migrate diff --from-migrations --to-schema` is empty)', async () => {
    expect(await engine.diffMigrationsToSchema()).toEqual({
      inSync: true,
      script: '-- This is an empty migration.\n',
    });
  });

  it('creates from schema.prisma exactly the tables, columns, indexes, keys and enums our migrations create', async () => {
    const script = await engine.scriptForSchema();
    const fresh = await PGlite.create();
    try {
      await fresh.exec(script);
      const fromPrisma = await readDatabaseSchema(pgliteSession(fresh));
      const fromMigrations = await readDatabaseSchema(pgliteSession(db));
      expect([...fromPrisma.tables.keys()].length).toBeGreaterThan(0);
      expect(fromMigrations).toEqual(fromPrisma);
    } finally {
      await fresh.close();
    }
  });
});

describe("our runner on a database migrated by Prisma's engine (`prisma migrate deploy`, PGlite)", () => {
  let db: PGlite;
  afterAll(() => db?.close());

  it("finds every migration applied from Prisma's own _prisma_migrations rows", async () => {
    db = await PGlite.create();
    const engine = await openPrismaSchemaEngine(new PrismaPGlite(db), paths);
    try {
      const deployed = await engine.deploy();
      expect(deployed.length).toBeGreaterThan(0);
      expect(await applyMigrations(pgliteSession(db))).toEqual({
        applied: [],
        alreadyApplied: deployed,
        unknown: [],
      });
    } finally {
      engine.dispose();
    }
  });
});

describe("Prisma's schema engine on a database migrated by our runner (PostgreSQL)", () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let engine: PrismaSchemaEngine;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: true });
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    engine = await openPrismaSchemaEngine(new PrismaPg(pool), paths);
  });
  afterAll(async () => {
    engine?.dispose();
    await pool?.end();
    await database?.drop();
  });

  it('agrees that every migration is applied and none failed or changed', async () => {
    expect(await engine.diagnoseHistory()).toEqual({
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: true,
      history: null,
    });
    expect(await engine.deploy()).toEqual([]);
  });
});
