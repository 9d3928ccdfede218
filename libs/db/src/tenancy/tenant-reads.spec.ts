import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../database/database.js';
import { Prisma } from '../generated/prisma/client.js';
import { ClusterRepository } from '../repositories/cluster.repository.js';
import { createTestDatabase, createTestDataDirectory } from '../testing/test-database.js';
import { inlineSql } from './inline-sql.js';
import { TenantContextError } from './tenant-context-error.js';
import { readRows } from './tenant-reads.js';

// The read path: one batch `set_config(tenant, local); <query>` per statement, without a transaction around the
// request. Row-level security must apply exactly as in a tenant transaction, and the tenant setting must end with the
// batch, so the next user of the pooled connection (or of PGlite's one session) starts with no tenant.

interface Engine {
  database: Database;
  close(): Promise<void>;
}

/** Each engine with one connection only, so "the next user of the connection" is certain to be the same session. */
const engines: Record<string, () => Promise<Engine>> = {
  postgres: async () => {
    const test = await createTestDatabase();
    const database = await openDatabase(test.config, { poolSize: 1 });
    return { database, close: async () => (await database.close(), await test.drop()) };
  },
  embedded: async () => {
    const directory = await createTestDataDirectory();
    const database = await openDatabase(directory.config);
    return { database, close: async () => (await database.close(), await directory.remove()) };
  },
};

const clusters = new ClusterRepository();

async function tenantWithClusters(database: Database, label: string, names: string[]): Promise<string> {
  const suffix = randomBytes(4).toString('hex');
  const { tenantId } = await database.system.createTenant({
    name: label,
    slug: `${label}-${suffix}`,
    ownerKey: { name: 'owner', prefix: `${label}${suffix}`, secretHash: 'x' },
  });
  await database.withTenant(tenantId, async (tx) => {
    for (const name of names) await tx.cluster.create({ data: { tenantId, name, serverUrl: 'https://127.0.0.1:6443', labels: { env: label } } });
  });
  return tenantId;
}

/** The tenant setting as a session outside any tenant context sees it ('' or null: none). */
async function sessionTenant(database: Database): Promise<string | null> {
  const [row] = await database.client.$queryRaw<{ tenant: string | null }[]>`SELECT current_setting('app.tenant_id', true) AS tenant`;
  return row?.tenant ?? null;
}

const names = (json: string[]) => json.map((item) => (JSON.parse(item) as { name: string }).name).sort();

describe.each(Object.keys(engines))('tenant reads on %s', (engineName) => {
  let engine: Engine;
  let database: Database;
  let alpha: string;
  let beta: string;

  beforeAll(async () => {
    engine = await engines[engineName]!();
    database = engine.database;
    alpha = await tenantWithClusters(database, 'alpha', ['a-1', 'a-2']);
    beta = await tenantWithClusters(database, 'beta', ['b-1']);
  });
  afterAll(() => engine?.close());

  it('shows a tenant only its own rows, whatever the statement asks for', async () => {
    const page = await database.withTenantReads(alpha, () => clusters.listJson({ limit: 50 }));
    expect(names(page.items)).toEqual(['a-1', 'a-2']);
    const everything = await database.withTenantReads(beta, () => readRows(Prisma.sql`SELECT name FROM clusters WHERE true ORDER BY name`));
    expect(everything).toEqual([['b-1']]);
    // Filters on the other tenant's values find nothing rather than its rows.
    expect((await database.withTenantReads(beta, () => clusters.listJson({ labels: { env: 'alpha' }, limit: 50 }))).items).toEqual([]);
  });

  it('leaves no tenant on the connection after a read, after a failed read, and between tenants', async () => {
    expect(await sessionTenant(database)).toBeFalsy();
    await database.withTenantReads(alpha, () => readRows(Prisma.sql`SELECT name FROM clusters`));
    expect(await sessionTenant(database)).toBeFalsy();
    await expect(database.withTenantReads(alpha, () => readRows(Prisma.sql`SELECT (1 / 0)::text`))).rejects.toThrow(/division by zero/);
    expect(await sessionTenant(database)).toBeFalsy();
    // Outside any context, row-level security shows nothing on that same connection.
    expect(await database.client.$queryRaw<unknown[]>`SELECT id FROM clusters`).toEqual([]);
    // Alternating tenants on one connection: each batch sees only its own.
    for (const [tenant, expected] of [[alpha, 2], [beta, 1], [alpha, 2]] as const) {
      const rows = await database.withTenantReads(tenant, () => readRows(Prisma.sql`SELECT count(*)::text FROM clusters`));
      expect(rows).toEqual([[String(expected)]]);
    }
  });

  it('keeps concurrent reads of different tenants apart', async () => {
    const counts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const tenant = i % 2 === 0 ? alpha : beta;
        return database.withTenantReads(tenant, async () => (await readRows(Prisma.sql`SELECT count(*)::text FROM clusters`))[0]?.[0]);
      }),
    );
    expect(counts).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? '2' : '1')));
  });

  it('uses the transaction when one is open, and refuses to run outside any tenant context', async () => {
    const inTransaction = await database.withTenant(alpha, () => readRows(Prisma.sql`SELECT current_setting('app.tenant_id') AS tenant`));
    expect(inTransaction).toEqual([[alpha]]);
    await expect(readRows(Prisma.sql`SELECT 1::text`)).rejects.toBeInstanceOf(TenantContextError);
    await expect(database.withTenantReads('not-a-uuid', async () => 1)).rejects.toBeInstanceOf(TenantContextError);
  });

  it('sends every inlined value back exactly as given, so no value can end its literal', async () => {
    const tricky = ["it's", 'back\\slash', "'; DROP TABLE clusters; --", 'E\'\\\'', '$$dollar$$', 'ünïcødé ✓', '"quoted"', ''];
    for (const value of tricky) {
      const rows = await database.withTenantReads(alpha, () => readRows(Prisma.sql`SELECT ${value}::text AS v`));
      expect(rows).toEqual([[value]]);
    }
    const list = await database.withTenantReads(alpha, () => readRows(Prisma.sql`SELECT array_to_string(${['a"b', 'c\\d', "e'f"]}::text[], '|')`));
    expect(list).toEqual([['a"b|c\\d|e\'f']]);
    expect(await sessionTenant(database)).toBeFalsy();
  });
});

describe('inlineSql', () => {
  it('writes values as literals and refuses what it cannot write safely', () => {
    expect(inlineSql(Prisma.sql`SELECT ${"o'k"}, ${3}, ${true}, ${null}, ${new Date('2026-01-02T03:04:05.678Z')}`)).toBe(
      "SELECT 'o''k', 3, true, NULL, '2026-01-02T03:04:05.678Z'",
    );
    expect(inlineSql(Prisma.sql`SELECT ${'a\\b'}`)).toBe("SELECT  E'a\\\\b'");
    expect(() => inlineSql(Prisma.sql`SELECT ${Number.NaN}`)).toThrow(/number/);
    expect(() => inlineSql(Prisma.sql`SELECT ${'nul\0'}`)).toThrow(/NUL/);
    expect(() => inlineSql(Prisma.sql`SELECT ${{ object: true }}`)).toThrow(/object/);
  });
});
