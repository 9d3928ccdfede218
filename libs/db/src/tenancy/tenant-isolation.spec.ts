import { randomBytes, randomUUID } from 'node:crypto';
import { loadTestDatabaseConfig } from '@meshguard/config';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type DatabaseClient } from '../database/database.js';
import { DatabaseError } from '../database/database-error.js';
import { pgSession, type SqlSession } from '../migrations/sql-session.js';
import { createTestDatabase } from '../testing/test-database.js';
import { runtimeRole } from './runtime-role.js';
import { currentTenantId, hasTenantContext } from './tenant-context.js';
import { TenantContextError } from './tenant-context-error.js';
import { findTenantIsolationGaps } from './tenant-isolation-audit.js';
import { productTables } from '../testing/product-tables.js';
import { testEngineNames, testEngines, type TestEngine } from '../testing/test-engines.js';

/** The runtime client as a SqlSession: what the application itself can see, outside any tenant transaction. */
function runtimeSession(client: DatabaseClient): SqlSession {
  return {
    query: <Row extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
      client.$queryRawUnsafe<Row[]>(sql, ...params),
    execute: async (script: string) => void (await client.$executeRawUnsafe(script)),
  };
}

interface Seeded {
  tenantId: string;
  keyId: string;
  prefix: string;
  clusterId: string;
  scanId: string;
  findingId: string;
  exceptionId: string;
  endpointId: string;
  reportId: string;
  scheduleId: string;
}

async function seedTenant(database: Database, label: string): Promise<Seeded> {
  const suffix = randomBytes(4).toString('hex');
  const prefix = `mg_${label}_${suffix}`;
  const { tenantId, keyId } = await database.system.createTenant({
    name: `Team ${label}`,
    slug: `team-${label}-${suffix}`,
    ownerKey: { name: 'first', prefix, secretHash: `hash-of-${label}` },
  });
  return database.withTenant(tenantId, async (tx) => {
    const cluster = await tx.cluster.create({
      data: { tenantId, name: `cluster-${label}`, serverUrl: 'https://127.0.0.1:6443' },
    });
    const scan = await tx.scan.create({ data: { tenantId, clusterId: cluster.id, trigger: 'manual' } });
    const finding = await tx.finding.create({
      data: {
        tenantId,
        clusterId: cluster.id,
        scanId: scan.id,
        ruleId: 'netpol-namespace-default-deny',
        area: 'network',
        severity: 'high',
        fingerprint: `fp-${label}`,
        resourceApiVersion: 'v1',
        resourceKind: 'Namespace',
        resourceName: 'payments',
        message: 'no default-deny policy',
      },
    });
    const dataKey = await tx.dataKey.create({
      data: { tenantId, masterKeyId: 'm1', wrappedKey: Buffer.from([1]) },
    });
    const exception = await tx.exception.create({
      data: {
        tenantId,
        clusterId: cluster.id,
        ruleId: 'netpol-namespace-default-deny',
        namespacePattern: 'payments-*',
        labels: { team: label },
        justification: 'legacy namespace, migration planned',
        owner: 'platform',
        expiresAt: new Date('2030-01-01T00:00:00Z'),
      },
    });
    await tx.finding.update({
      where: { id: finding.id },
      data: { status: 'excepted', exceptionId: exception.id },
    });
    const endpoint = await tx.webhookEndpoint.create({
      data: {
        tenantId,
        url: 'https://127.0.0.1:9/hook',
        secretCiphertext: Buffer.from([2]),
        secretKeyId: dataKey.id,
        events: ['scan.finished'],
      },
    });
    await tx.webhookDelivery.create({
      data: {
        tenantId,
        endpointId: endpoint.id,
        eventId: `evt-${label}`,
        eventType: 'scan.finished',
        attempt: 1,
        outcome: 'delivered',
        statusCode: 204,
        durationMs: 12,
        deliveredAt: new Date(),
      },
    });
    const report = await tx.report.create({
      data: {
        tenantId,
        framework: 'cis-k8s-v1.10',
        scope: { kind: 'fleet' },
        asOf: new Date(),
        format: 'json',
        trigger: 'api',
        expiresAt: new Date('2030-01-01T00:00:00Z'),
      },
    });
    await tx.reportChunk.create({ data: { tenantId, reportId: report.id, seq: 0, data: Buffer.from(`{"report":"${label}"}`) } });
    await tx.reportDelivery.create({
      data: { tenantId, reportId: report.id, recipient: `${label}@example.com`, attempt: 1, outcome: 'delivered' },
    });
    await tx.reportSigningKey.create({
      data: {
        tenantId,
        keyId: `mgrk-${label}`,
        publicKeyPem: 'pem',
        privateKeyCiphertext: Buffer.from([3]),
        privateKeyDataKeyId: dataKey.id,
      },
    });
    const schedule = await tx.reportSchedule.create({
      data: { tenantId, name: `weekly ${label}`, cron: '0 6 * * 1', timezone: 'UTC', framework: 'cis-k8s-v1.10', scope: { kind: 'fleet' }, formats: ['pdf'] },
    });
    await tx.auditEvent.create({
      data: {
        tenantId,
        actor: 'test',
        action: 'cluster.create',
        targetType: 'cluster',
        targetId: cluster.id,
      },
    });
    return {
      tenantId,
      keyId,
      prefix,
      clusterId: cluster.id,
      scanId: scan.id,
      findingId: finding.id,
      exceptionId: exception.id,
      endpointId: endpoint.id,
      reportId: report.id,
      scheduleId: schedule.id,
    };
  });
}

describe.each(testEngineNames)('tenant isolation on %s', (engineName) => {
  let engine: TestEngine;
  let database: Database;
  let a: Seeded;
  let b: Seeded;
  beforeAll(async () => {
    engine = await testEngines[engineName]();
    database = engine.database;
    a = await seedTenant(database, 'a');
    b = await seedTenant(database, 'b');
  });
  afterAll(() => engine?.close());

  it('every table with a tenant_id column (found in the catalog) has RLS enabled and forced with the tenant policy, and the app reaches no other table', async () => {
    const session = runtimeSession(database.client);
    const tenantTables = await session.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind = 'r'
          AND (c.relname = 'tenants' OR EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id'))
        ORDER BY 1`,
    );
    expect(tenantTables.map((row) => row.name)).toEqual(expect.arrayContaining([...productTables]));
    expect(await findTenantIsolationGaps(session)).toEqual([]);
  });

  it('the runtime session is meshguard_app: no superuser, no BYPASSRLS, owns nothing, cannot create tables or disable RLS', async () => {
    const session = runtimeSession(database.client);
    const [role] = await session.query<{
      user: string;
      superuser: boolean;
      bypassrls: boolean;
      owned: number;
    }>(
      `SELECT current_user AS "user", r.rolsuper AS superuser, r.rolbypassrls AS bypassrls,
              (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(role).toEqual({ user: runtimeRole, superuser: false, bypassrls: false, owned: 0 });
    await expect(session.execute('CREATE TABLE sneaky (tenant_id uuid)')).rejects.toThrow(
      /permission denied/i,
    );
    await expect(session.execute('ALTER TABLE clusters DISABLE ROW LEVEL SECURITY')).rejects.toThrow(
      /must be owner/i,
    );
    await expect(session.execute('ALTER TABLE clusters NO FORCE ROW LEVEL SECURITY')).rejects.toThrow(
      /must be owner/i,
    );
    await expect(session.execute('DROP POLICY tenant_isolation ON clusters')).rejects.toThrow(
      /must be owner/i,
    );
  });

  it('cannot SET row_security = off its way out: the query is refused instead of seeing every tenant', async () => {
    await expect(
      database.client.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('SET LOCAL row_security = off');
        return tx.$queryRawUnsafe('SELECT count(*) FROM clusters');
      }),
    ).rejects.toThrow(/row-level security/i);
  });

  it('without a tenant context a direct query sees no tenant rows and cannot insert any', async () => {
    const session = runtimeSession(database.client);
    for (const table of productTables) {
      const [row] = await session.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      expect({ table, rows: row?.n }).toEqual({ table, rows: 0 });
    }
    expect(await database.client.cluster.findMany()).toEqual([]);
    expect(await database.client.finding.count()).toBe(0);
    await expect(
      database.client.cluster.create({
        data: { tenantId: a.tenantId, name: 'outside', serverUrl: 'https://127.0.0.1:6443' },
      }),
    ).rejects.toThrow(/row-level security/i);
    // Setting app.system (the definer functions' switch) does not help the runtime role either.
    const seen = await database.client.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL app.system = 'on'`);
      return tx.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM clusters');
    });
    expect(seen).toEqual([{ n: 0 }]);
  });

  it("tenant A's transaction cannot read, update or delete tenant B's rows, even naming B's ids", async () => {
    await database.withTenant(a.tenantId, async (tx) => {
      expect((await tx.cluster.findMany()).map((cluster) => cluster.id)).toEqual([a.clusterId]);
      expect(await tx.tenant.findMany()).toEqual([expect.objectContaining({ id: a.tenantId })]);
      expect(await tx.cluster.findUnique({ where: { id: b.clusterId } })).toBeNull();
      expect(await tx.finding.findMany({ where: { tenantId: b.tenantId } })).toEqual([]);
      expect(await tx.apiKey.findMany({ where: { id: b.keyId } })).toEqual([]);
      expect(await tx.tenant.findUnique({ where: { id: b.tenantId } })).toBeNull();
      const updated = await tx.cluster.updateMany({ where: { id: b.clusterId }, data: { name: 'taken' } });
      expect(updated.count).toBe(0);
      expect((await tx.finding.deleteMany({ where: { id: b.findingId } })).count).toBe(0);
      expect((await tx.scan.deleteMany({ where: { tenantId: b.tenantId } })).count).toBe(0);
      expect((await tx.tenant.updateMany({ where: { id: b.tenantId }, data: { name: 'x' } })).count).toBe(0);
      expect(await tx.exception.findUnique({ where: { id: b.exceptionId } })).toBeNull();
      expect(
        (await tx.exception.updateMany({ where: { id: b.exceptionId }, data: { revokedAt: new Date() } }))
          .count,
      ).toBe(0);
      expect((await tx.webhookEndpoint.deleteMany({ where: { id: b.endpointId } })).count).toBe(0);
      expect(await tx.webhookDelivery.findMany({ where: { endpointId: b.endpointId } })).toEqual([]);
      expect(await tx.report.findMany({ where: { id: b.reportId } })).toEqual([]);
      expect(await tx.reportChunk.findMany({ where: { reportId: b.reportId } })).toEqual([]);
      expect(await tx.reportDelivery.findMany({ where: { reportId: b.reportId } })).toEqual([]);
      expect((await tx.reportSigningKey.findMany()).map((key) => key.keyId)).toEqual(['mgrk-a']);
      expect((await tx.reportSchedule.deleteMany({ where: { id: b.scheduleId } })).count).toBe(0);
      expect((await tx.report.deleteMany({ where: { id: b.reportId } })).count).toBe(0);
      const raw = await tx.$queryRawUnsafe<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM clusters WHERE tenant_id = $1::uuid',
        b.tenantId,
      );
      expect(raw).toEqual([{ n: 0 }]);
    });
    await database.withTenant(b.tenantId, async (tx) => {
      const cluster = await tx.cluster.findUniqueOrThrow({ where: { id: b.clusterId } });
      expect(cluster.name).toBe('cluster-b');
      expect(await tx.finding.count()).toBe(1);
      expect(await tx.exception.findUnique({ where: { id: b.exceptionId } })).toMatchObject({
        revokedAt: null,
      });
      expect(await tx.webhookDelivery.count({ where: { endpointId: b.endpointId } })).toBe(1);
      expect(await tx.reportChunk.count({ where: { reportId: b.reportId } })).toBe(1);
      expect(await tx.reportSchedule.count({ where: { id: b.scheduleId } })).toBe(1);
    });
  });

  it('tenant A cannot write rows for tenant B, nor move its own rows to B', async () => {
    await expect(
      database.withTenant(a.tenantId, (tx) =>
        tx.cluster.create({
          data: { tenantId: b.tenantId, name: 'planted', serverUrl: 'https://127.0.0.1:1' },
        }),
      ),
    ).rejects.toThrow(/row-level security/i);
    await expect(
      database.withTenant(a.tenantId, (tx) =>
        tx.auditEvent.update({ where: { id: randomUUID() }, data: { action: 'x' } }),
      ),
    ).rejects.toThrow(/permission denied|not found|No record/i);
    await expect(
      database.withTenant(a.tenantId, (tx) =>
        tx.$executeRawUnsafe(
          'UPDATE clusters SET tenant_id = $1::uuid WHERE id = $2::uuid',
          b.tenantId,
          a.clusterId,
        ),
      ),
    ).rejects.toThrow(/row-level security|permission denied|foreign key/i);
    await expect(
      database.withTenant(a.tenantId, (tx) =>
        tx.finding.update({ where: { id: a.findingId }, data: { exceptionId: b.exceptionId } }),
      ),
    ).rejects.toThrow(/foreign key/i);
    await database.withTenant(b.tenantId, async (tx) => {
      expect((await tx.cluster.findMany()).map((cluster) => cluster.name)).toEqual(['cluster-b']);
    });
  });

  it('keeps the audit log append-only and tenant ids and key secrets immutable for the app', async () => {
    for (const statement of [
      'DELETE FROM audit_events',
      `UPDATE audit_events SET action = 'x'`,
      `UPDATE api_keys SET secret_hash = 'x'`,
      `UPDATE api_keys SET prefix = 'x'`,
      'DELETE FROM api_keys',
      'DELETE FROM tenants',
      `UPDATE tenants SET id = gen_random_uuid()`,
      `INSERT INTO tenants (name, slug) VALUES ('x', 'x')`,
      'DELETE FROM data_keys',
      'DELETE FROM exceptions',
      `UPDATE webhook_deliveries SET outcome = 'failed'`,
      `UPDATE reports SET framework = 'x'`,
      `UPDATE report_chunks SET data = '\\x00'`,
      `UPDATE report_signing_keys SET public_key_pem = 'x'`,
      'DELETE FROM report_signing_keys',
      `UPDATE report_deliveries SET outcome = 'delivered'`,
    ]) {
      await expect(
        database.withTenant(a.tenantId, (tx) => tx.$executeRawUnsafe(statement)),
        statement,
      ).rejects.toThrow(/permission denied/i);
    }
  });

  it('sets app.tenant_id only for its own transaction: later queries on the same connection see nothing', async () => {
    await database.withTenant(a.tenantId, async (tx) => {
      const [row] = await tx.$queryRawUnsafe<{ tenant: string }[]>(
        `SELECT current_setting('app.tenant_id', true) AS tenant`,
      );
      expect(row?.tenant).toBe(a.tenantId);
    });
    // Enough queries to pass through every pooled connection.
    for (let i = 0; i < 12; i++) {
      const [row] = await database.client.$queryRawUnsafe<{ tenant: string | null; n: number }[]>(
        `SELECT current_setting('app.tenant_id', true) AS tenant, (SELECT count(*)::int FROM clusters) AS n`,
      );
      expect(row?.n).toBe(0);
      expect(row?.tenant ?? '').toBe('');
    }
  });

  it('keeps concurrent transactions of different tenants apart', async () => {
    const seen = await Promise.all(
      Array.from({ length: 12 }, (_, i) => {
        const tenant = i % 2 === 0 ? a : b;
        return database.withTenant(tenant.tenantId, async (tx) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          const clusters = await tx.cluster.findMany({ select: { id: true } });
          return { expected: tenant.clusterId, seen: clusters.map((cluster) => cluster.id) };
        });
      }),
    );
    for (const result of seen) expect(result.seen).toEqual([result.expected]);
  });

  it('provides the tenant context inside withTenant only, and fails closed outside it', async () => {
    expect(hasTenantContext()).toBe(false);
    expect(() => currentTenantId()).toThrow(TenantContextError);
    expect(() => currentTenantId()).toThrow(/No tenant context/);
    const inside = await database.withTenant(a.tenantId.toUpperCase(), async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentTenantId();
    });
    expect(inside).toBe(a.tenantId);
    expect(hasTenantContext()).toBe(false);
  });

  it('refuses a malformed tenant id and a nested withTenant before touching the database', async () => {
    for (const bad of ['', 'tenant-a', `${a.tenantId}' OR '1'='1`, '00000000-0000-0000-0000-00000000000g']) {
      await expect(database.withTenant(bad, async () => 'ran')).rejects.toMatchObject({
        name: 'TenantContextError',
        code: 'invalid-tenant-id',
      });
    }
    await expect(
      database.withTenant(a.tenantId, () => database.withTenant(b.tenantId, async () => 'inner')),
    ).rejects.toMatchObject({ code: 'nested-tenant-context' });
  });

  it('rolls the whole tenant transaction back when the work throws', async () => {
    await expect(
      database.withTenant(a.tenantId, async (tx) => {
        await tx.cluster.create({
          data: { tenantId: a.tenantId, name: 'half-done', serverUrl: 'https://127.0.0.1:6443' },
        });
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    const names = await database.withTenant(a.tenantId, (tx) =>
      tx.cluster.findMany({ select: { name: true } }),
    );
    expect(names).toEqual([{ name: 'cluster-a' }]);
  });

  describe('the SECURITY DEFINER functions', () => {
    it('find an API key by prefix across tenants, returning only that key', async () => {
      const found = await database.system.findApiKeyByPrefix(b.prefix);
      expect(found).toEqual({
        tenantId: b.tenantId,
        keyId: b.keyId,
        secretHash: 'hash-of-b',
        role: 'owner',
        expiresAt: null,
        revokedAt: null,
      });
      expect(await database.system.findApiKeyByPrefix('mg_nope')).toBeNull();
      expect(await database.system.findApiKeyByPrefix(`${a.prefix.slice(0, -1)}%`)).toBeNull();
      const revokedAt = new Date('2026-01-02T03:04:05.000Z');
      await database.withTenant(a.tenantId, (tx) =>
        tx.apiKey.update({ where: { id: a.keyId }, data: { revokedAt } }),
      );
      expect(await database.system.findApiKeyByPrefix(a.prefix)).toMatchObject({ keyId: a.keyId, revokedAt });
    });

    it('touch last_used_at, throttled by the minimum interval', async () => {
      const lastUsed = () =>
        database.withTenant(
          b.tenantId,
          async (tx) => (await tx.apiKey.findUniqueOrThrow({ where: { id: b.keyId } })).lastUsedAt,
        );
      expect(await lastUsed()).toBeNull();
      expect(await database.system.touchApiKey(b.keyId)).toBe(true);
      const first = await lastUsed();
      expect(first).toBeInstanceOf(Date);
      expect(await database.system.touchApiKey(b.keyId)).toBe(false);
      expect(await lastUsed()).toEqual(first);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await database.system.touchApiKey(b.keyId, { minIntervalMs: 0 })).toBe(true);
      expect((await lastUsed())!.getTime()).toBeGreaterThan(first!.getTime());
      expect(await database.system.touchApiKey(randomUUID(), { minIntervalMs: 0 })).toBe(false);
      expect(await database.system.touchApiKey('not-a-uuid')).toBe(false);
    });

    it('count and list tenants with their retention, and leave no system switch on afterwards', async () => {
      const count = await database.system.countTenants();
      const listed = await database.system.listTenants();
      expect(listed.length).toBe(count);
      expect(listed).toEqual(
        expect.arrayContaining([
          { tenantId: a.tenantId, retentionDays: 90 },
          { tenantId: b.tenantId, retentionDays: 90 },
        ]),
      );
      const after = await database.client.$transaction(async (tx) => {
        await tx.$queryRawUnsafe('SELECT tenant_id::text FROM meshguard_list_tenants()');
        await tx.$queryRawUnsafe(`SELECT meshguard_count_tenants()::int AS n`);
        return tx.$queryRawUnsafe<{ system: string | null; n: number }[]>(
          `SELECT current_setting('app.system', true) AS system, (SELECT count(*)::int FROM tenants) AS n`,
        );
      });
      expect(after).toEqual([{ system: '', n: 0 }]);
    });

    it('create a tenant with its owner key atomically, refusing a taken slug clearly and leaving nothing behind', async () => {
      const before = await database.system.countTenants();
      const suffix = randomBytes(4).toString('hex');
      const created = await database.system.createTenant({
        name: 'Platform',
        slug: `platform-${suffix}`,
        ownerKey: {
          name: 'ops',
          prefix: `mg_p_${suffix}`,
          secretHash: 'h',
          expiresAt: new Date('2030-01-01T00:00:00Z'),
        },
      });
      const key = await database.withTenant(created.tenantId, (tx) =>
        tx.apiKey.findUniqueOrThrow({ where: { id: created.keyId } }),
      );
      expect(key).toMatchObject({ role: 'owner', name: 'ops', expiresAt: new Date('2030-01-01T00:00:00Z') });
      const error = await database.system
        .createTenant({
          name: 'Platform again',
          slug: `platform-${suffix}`,
          ownerKey: { name: 'ops', prefix: `mg_q_${suffix}`, secretHash: 'h' },
        })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'DatabaseError', code: 'conflict' });
      expect((error as Error).message).toContain(`slug "platform-${suffix}" already exists`);
      expect(await database.system.countTenants()).toBe(before + 1);
      expect(await database.system.findApiKeyByPrefix(`mg_q_${suffix}`)).toBeNull();
    });

    it('create the first tenant only while there is none', async () => {
      expect(
        await database.system.createFirstTenant({
          name: 'Late',
          slug: `late-${randomBytes(3).toString('hex')}`,
          ownerKey: { name: 'first', prefix: `mg_l_${randomBytes(3).toString('hex')}`, secretHash: 'h' },
        }),
      ).toBeNull();
    });

    it('are the only cross-tenant door: the app role cannot call the table-isolation helper', async () => {
      await expect(
        database.client.$queryRawUnsafe(`SELECT meshguard_isolate_tenant_table('clusters')`),
      ).rejects.toThrow(/permission denied/i);
    });
  });
});

describe('first-tenant bootstrap racing on an empty PostgreSQL database', () => {
  let close: (() => Promise<void>) | undefined;
  afterAll(() => close?.());

  it('lets exactly one of several concurrent bootstraps create the first tenant', async () => {
    const test = await createTestDatabase();
    const database = await openDatabase(test.config);
    close = async () => (await database.close(), await test.drop());
    expect(await database.system.countTenants()).toBe(0);
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        database.system.createFirstTenant({
          name: `First ${n}`,
          slug: `first-${n}`,
          ownerKey: { name: 'bootstrap', prefix: `mg_first_${n}`, secretHash: 'h' },
        }),
      ),
    );
    expect(results.filter((result) => result !== null)).toHaveLength(1);
    expect(await database.system.countTenants()).toBe(1);
  });
});

describe('the isolation audit (PostgreSQL)', () => {
  let engine: TestEngine | undefined;
  afterAll(() => engine?.close());

  it('names a new tenant table that lacks forced RLS, and one the app can reach without tenant_id', async () => {
    engine = await testEngines.postgres();
    const owner = pgSession(engine.owner!);
    await owner.execute(`
      CREATE TABLE notes (id uuid PRIMARY KEY, tenant_id uuid NOT NULL);
      ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
      CREATE TABLE settings (key text PRIMARY KEY);
      GRANT SELECT ON settings TO ${runtimeRole};
    `);
    expect(await findTenantIsolationGaps(owner)).toEqual([
      'table notes does not force row-level security (its owner bypasses it)',
      "table notes lacks the tenant_isolation policy on tenant_id = app.tenant_id (call meshguard_isolate_tenant_table('notes') in its migration)",
      `table settings has no tenant_id but ${runtimeRole} may SELECT it`,
    ]);
    await owner.execute(
      `SELECT meshguard_isolate_tenant_table('notes'); REVOKE ALL ON settings FROM ${runtimeRole};`,
    );
    expect(await findTenantIsolationGaps(owner)).toEqual([]);
  });
});

describe('an owner that is not a superuser (PostgreSQL, as in production)', () => {
  const owner = `meshguard_t_owner_${randomBytes(5).toString('hex')}`;
  const name = `meshguard_t_${randomBytes(6).toString('hex')}`;
  const adminUrl = loadTestDatabaseConfig().adminUrl;
  let admin: pg.Client;
  let database: Database | undefined;
  let ownerClient: pg.Client | undefined;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    // What a DBA provisions once: the owner login, the runtime role, and the owner's membership in it.
    await admin.query(`CREATE ROLE ${owner} LOGIN NOSUPERUSER NOCREATEROLE NOBYPASSRLS`);
    await admin.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${runtimeRole}') THEN
        CREATE ROLE ${runtimeRole} NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
    await admin.query(`GRANT ${runtimeRole} TO ${owner}`);
    await admin.query(`CREATE DATABASE ${name} OWNER ${owner}`);
  });
  afterAll(async () => {
    await ownerClient?.end();
    await database?.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${owner}`);
    await admin.end();
  });

  it('migrates, isolates tenants and serves the definer functions; the owner itself sees no rows without the system switch', async () => {
    const url = new URL(adminUrl);
    url.username = owner;
    url.pathname = `/${name}`;
    database = await openDatabase({ kind: 'postgres', url: url.toString() });
    const a = await seedTenant(database, 'a');
    const b = await seedTenant(database, 'b');
    expect(await database.system.findApiKeyByPrefix(b.prefix)).toMatchObject({ tenantId: b.tenantId });
    expect(await database.system.countTenants()).toBe(2);
    expect((await database.system.listTenants()).map((tenant) => tenant.tenantId).sort()).toEqual(
      [a.tenantId, b.tenantId].sort(),
    );
    expect(await database.withTenant(a.tenantId, (tx) => tx.cluster.count())).toBe(1);
    expect(await findTenantIsolationGaps(runtimeSession(database.client))).toEqual([]);

    ownerClient = new pg.Client({ connectionString: url.toString() });
    await ownerClient.connect();
    const [row] = (
      await ownerClient.query<{ user: string; n: number }>(
        'SELECT current_user AS "user", (SELECT count(*)::int FROM clusters) AS n',
      )
    ).rows;
    expect(row).toEqual({ user: owner, n: 0 });
  });
});

describe('the stricter setup: a separate runtime login (PostgreSQL, DATABASE_RUNTIME_URL)', () => {
  const login = `meshguard_t_rt_${randomBytes(5).toString('hex')}`;
  const adminUrl = loadTestDatabaseConfig().adminUrl;
  let admin: pg.Client;
  let test: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let database: Database | undefined;
  beforeAll(async () => {
    test = await createTestDatabase({ migrate: true });
    admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE ROLE ${login} LOGIN NOINHERIT NOSUPERUSER NOBYPASSRLS`);
    await admin.query(`GRANT ${runtimeRole} TO ${login}`);
  });
  afterAll(async () => {
    await database?.close();
    await test?.drop();
    await admin.query(`DROP ROLE IF EXISTS ${login}`);
    await admin.end();
  });

  it('migrates as the owner, runs as meshguard_app through its own login, and leaving the role gains nothing', async () => {
    const runtimeUrl = new URL(test!.url);
    runtimeUrl.username = login;
    database = await openDatabase({ kind: 'postgres', url: test!.url, runtimeUrl: runtimeUrl.toString() });
    const a = await seedTenant(database, 'a');
    expect(await database.withTenant(a.tenantId, (tx) => tx.cluster.count())).toBe(1);
    const [who] = await database.client.$queryRawUnsafe<{ session: string; current: string }[]>(
      'SELECT session_user::text AS session, current_user::text AS current',
    );
    expect(who).toEqual({ session: login, current: runtimeRole });
    await expect(
      database.client.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('SET LOCAL ROLE NONE');
        return tx.$queryRawUnsafe('SELECT count(*) FROM clusters');
      }),
    ).rejects.toThrow(/permission denied/i);
    await expect(database.client.$executeRawUnsafe('SET ROLE postgres')).rejects.toThrow(
      /permission denied/i,
    );
  });
  it('with migration at start-up off, runs on the runtime login alone and refuses a database that is behind', async () => {
    const runtimeUrl = new URL(test!.url);
    runtimeUrl.username = login;
    const runtimeOnly = { kind: 'postgres', url: runtimeUrl.toString(), migrateOnStart: false } as const;
    const opened = await openDatabase(runtimeOnly);
    try {
      expect(opened.migrations.applied).toEqual([]);
      const a = await seedTenant(opened, 'rt');
      expect(await opened.withTenant(a.tenantId, (tx) => tx.cluster.count())).toBe(1);
    } finally {
      await opened.close();
    }

    const owner = new pg.Client({ connectionString: test!.url });
    await owner.connect();
    const { rows } = await owner.query<{ name: string }>(
      'SELECT migration_name AS name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1',
    );
    const latest = rows[0]!.name;
    await owner.query('UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1', [
      latest,
    ]);
    try {
      const error = await openDatabase(runtimeOnly).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DatabaseError);
      expect(error).toMatchObject({ code: 'not-migrated' });
      expect((error as Error).message).toContain(`lacks 1 migration(s) this version needs (${latest})`);
      expect((error as Error).message).toContain('npm run db:migrate');
    } finally {
      await owner.query('UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = $1', [
        latest,
      ]);
      await owner.end();
    }
  });

  it('with migration at start-up off, refuses a database never migrated, leaving it untouched', async () => {
    const empty = await createTestDatabase();
    try {
      const error = await openDatabase({ kind: 'postgres', url: empty.url, migrateOnStart: false }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(DatabaseError);
      expect(error).toMatchObject({ code: 'not-migrated' });
      const owner = new pg.Client({ connectionString: empty.url });
      await owner.connect();
      const { rows } = await owner.query("SELECT to_regclass('public._prisma_migrations') AS table");
      await owner.end();
      expect(rows).toEqual([{ table: null }]);
    } finally {
      await empty.drop();
    }
  });
});
