import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrations/migration-runner.js';
import { pgliteSession, pgSession, type SqlSession } from '../migrations/sql-session.js';
import { defaultSchemaPath } from '../paths.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { readDatabaseSchema } from './database-schema.js';
import { expectedSchemaFromPrisma } from './expected-schema.js';
import { findSchemaDrift } from './schema-drift.js';
import { productTables } from '../testing/product-tables.js';

const schemaSource = await readFile(defaultSchemaPath, 'utf8');

describe('the expected schema read from schema.prisma', () => {
  it('covers every model, field, index, unique, relation and enum of the data model', () => {
    const expected = expectedSchemaFromPrisma(schemaSource);
    expect([...expected.tables.keys()].sort()).toEqual([...productTables]);
    expect([...expected.enums.keys()].sort()).toEqual([
      'api_key_role',
      'cluster_access_level',
      'exception_mode',
      'exposure',
      'finding_status',
      'report_delivery_outcome',
      'report_format',
      'report_status',
      'report_trigger',
      'scan_status',
      'scan_trigger',
      'severity',
      'webhook_delivery_outcome',
    ]);
    const count = (pick: (table: NonNullable<ReturnType<typeof expected.tables.get>>) => number) =>
      [...expected.tables.values()].reduce((sum, table) => sum + pick(table), 0);
    expect(count((table) => table.columns.size)).toBe(299);
    expect(count((table) => table.indexes.size)).toBe(51);
    expect(count((table) => table.foreignKeys.size)).toBe(32);
    expect(
      expected.tables.get('findings')?.foreignKeys.get('findings_tenant_id_cluster_id_scan_id_fkey'),
    ).toEqual({
      label: 'Finding.scan',
      columns: ['tenant_id', 'cluster_id', 'scan_id'],
      referencedTable: 'scans',
      referencedColumns: ['tenant_id', 'cluster_id', 'id'],
      onDelete: 'Cascade',
      onUpdate: 'Cascade',
    });
    expect(expected.tables.get('clusters')?.indexes.get('clusters_labels_idx')).toMatchObject({
      method: 'gin',
      columns: ['labels jsonb_path_ops'],
    });
    expect(expected.tables.get('scans')?.indexes.get('scans_one_active_per_cluster_key')).toMatchObject({
      unique: true,
      predicate: "status = ANY (ARRAY['queued'::scan_status, 'running'::scan_status])",
    });
    expect(expected.tables.get('scans')?.indexes.get('scans_latest_finished_idx')).toMatchObject({
      unique: false,
      columns: ['tenant_id', 'cluster_id', 'finished_at DESC', 'id'],
      predicate: "status = ANY (ARRAY['succeeded'::scan_status, 'partial'::scan_status])",
    });
  });
});

describe.each([
  [
    'postgres',
    async () => {
      const database = await createTestDatabase();
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      return { session: pgSession(client), close: async () => (await client.end(), await database.drop()) };
    },
  ],
  [
    'pglite',
    async () => {
      const db = await PGlite.create();
      return { session: pgliteSession(db), close: () => db.close() };
    },
  ],
] as const)('drift between schema.prisma and the migrations, on %s', (_name, open) => {
  let engine: { session: SqlSession; close(): Promise<void> };
  beforeAll(async () => {
    engine = await open();
    await applyMigrations(engine.session);
  });
  afterAll(() => engine?.close());

  it('finds none: the migrated database has exactly the tables, columns, indexes, keys and enums of schema.prisma', async () => {
    expect(await findSchemaDrift(engine.session, schemaSource)).toEqual([]);
  });

  it('finds a model field that no migration created', async () => {
    const changed = schemaSource.replace(
      '  retentionDays Int      @default(90) @map("retention_days")',
      '  retentionDays Int      @default(90) @map("retention_days")\n  plan          String   @default("free")',
    );
    expect(changed).not.toBe(schemaSource);
    expect(await findSchemaDrift(engine.session, changed)).toEqual([
      'column Tenant.plan ("tenants.plan") is missing from the database',
    ]);
  });
});

describe('drift in a database changed behind the migrations (PostgreSQL)', () => {
  let database: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: true });
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('names every changed index, column, default, foreign key, predicate and enum value', async () => {
    await client.query(`
      DROP INDEX findings_tenant_id_created_at_idx;
      ALTER TABLE clusters ADD COLUMN notes text;
      ALTER TABLE tenants ALTER COLUMN retention_days SET DEFAULT 30;
      ALTER TABLE api_keys ALTER COLUMN expires_at SET NOT NULL;
      ALTER TABLE findings DROP CONSTRAINT findings_tenant_id_cluster_id_scan_id_fkey;
      DROP INDEX clusters_tenant_id_name_key;
      CREATE UNIQUE INDEX clusters_tenant_id_name_key ON clusters (tenant_id, name);
      ALTER TYPE severity ADD VALUE 'unknown';
      CREATE INDEX audit_events_action_idx ON audit_events (action);
    `);
    const drift = await findSchemaDrift(pgSession(client), schemaSource);
    expect(drift).toEqual(
      expect.arrayContaining([
        'index Finding @@index([tenantId, createdAt]) ("findings_tenant_id_created_at_idx") on "findings" is missing from the database',
        'column "clusters.notes" exists in the database but not in model Cluster',
        'column Tenant.retentionDays ("tenants.retention_days"): default 90 in schema.prisma, 30 in the database',
        'column ApiKey.expiresAt ("api_keys.expires_at"): optional in schema.prisma, NOT NULL in the database',
        'foreign key Finding.scan ("findings_tenant_id_cluster_id_scan_id_fkey") is missing from the database',
        'index Cluster @@unique([tenantId, name]) ("clusters_tenant_id_name_key") on "clusters": WHERE (deleted_at IS NULL) in schema.prisma, no predicate in the database',
        'enum Severity ("severity"): values (critical, high, medium, low, info) in schema.prisma, (critical, high, medium, low, info, unknown) in the database',
        'index "audit_events_action_idx" on "audit_events" exists in the database but not in model AuditEvent',
      ]),
    );
    expect(drift).toHaveLength(8);
  });

  it('sees the shape of what it reads: column types, primary keys and referential actions', async () => {
    const actual = await readDatabaseSchema(pgSession(client));
    expect(actual.tables.get('scans')?.columns.get('requested_at')).toEqual({
      type: 'timestamp(3) with time zone',
      nullable: false,
      default: 'CURRENT_TIMESTAMP',
    });
    expect(actual.tables.get('scans')?.columns.get('status')).toEqual({
      type: 'enum scan_status',
      nullable: false,
      default: "'queued'::scan_status",
    });
    expect(actual.tables.get('findings')?.primaryKey).toEqual({ name: 'findings_pkey', columns: ['id'] });
    expect(
      actual.tables.get('clusters')?.foreignKeys.get('clusters_tenant_id_credential_key_id_fkey'),
    ).toMatchObject({ onDelete: 'Restrict', onUpdate: 'Cascade' });
  });
});
