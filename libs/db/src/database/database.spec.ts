import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsDir } from '../paths.js';
import {
  createTestDatabase,
  createTestDataDirectory,
  type TestDatabase,
  type TestDataDirectory,
} from '../testing/test-database.js';
import { DatabaseError } from './database-error.js';
import { openDatabase, type Database } from './database.js';

const shippedMigrations = (await readdir(defaultMigrationsDir, { withFileTypes: true })).filter((entry) =>
  entry.isDirectory(),
).length;

/** Creates a tenant, then writes a data key, a cluster and a scan through Prisma in its tenant transaction. */
async function roundTrip(database: Database) {
  const suffix = randomBytes(4).toString('hex');
  const { tenantId } = await database.system.createTenant({
    name: 'Payments team',
    slug: `payments-${suffix}`,
    ownerKey: { name: 'first', prefix: `mg_${suffix}`, secretHash: 'hash' },
  });
  return database.withTenant(tenantId, async (tx) => {
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    const dataKey = await tx.dataKey.create({
      data: { tenantId, masterKeyId: 'master-1', wrappedKey: Buffer.from([1, 2, 3, 255]) },
    });
    const cluster = await tx.cluster.create({
      data: {
        tenantId,
        name: 'prod-eu-1',
        labels: { env: 'prod', team: 'payments' },
        serverUrl: 'https://127.0.0.1:6443',
        credentialCiphertext: Buffer.from('ciphertext'),
        credentialKeyId: dataKey.id,
      },
    });
    await tx.scan.create({
      data: { tenantId, clusterId: cluster.id, trigger: 'api', idempotencyKey: 'request-1' },
    });
    return { tenant, cluster };
  });
}

describe.each([
  [
    'postgres',
    async () => {
      const database = await createTestDatabase();
      return { config: database.config, cleanup: () => database.drop() };
    },
  ],
  [
    'embedded',
    async () => {
      const directory = await createTestDataDirectory();
      return { config: directory.config, cleanup: () => directory.remove() };
    },
  ],
] as const)('openDatabase (%s)', (kind, prepare) => {
  let setup: Awaited<ReturnType<typeof prepare>>;
  let database: Database | undefined;
  beforeAll(async () => {
    setup = await prepare();
  });
  afterEach(() => database?.close());
  afterAll(() => setup?.cleanup());

  it('migrates a fresh database at open and round-trips tenants and clusters through Prisma', async () => {
    database = await openDatabase(setup.config);
    expect(database.kind).toBe(kind);
    expect(database.migrations.applied).toHaveLength(shippedMigrations);
    await database.ping();

    const { tenant, cluster } = await roundTrip(database);
    expect(tenant.retentionDays).toBe(90);
    expect(cluster.accessLevel).toBe('unknown');
    expect(cluster.scheduleTimezone).toBe('UTC');

    const read = await database.withTenant(tenant.id, (tx) =>
      tx.cluster.findFirstOrThrow({
        where: { id: cluster.id },
        include: { tenant: true, scans: true, dataKey: true },
      }),
    );
    expect(read.tenant.slug).toBe(tenant.slug);
    expect(read.labels).toEqual({ env: 'prod', team: 'payments' });
    expect(Buffer.from(read.credentialCiphertext!).toString()).toBe('ciphertext');
    expect([...read.dataKey!.wrappedKey]).toEqual([1, 2, 3, 255]);
    expect(read.scans).toEqual([
      expect.objectContaining({ status: 'queued', trigger: 'api', attempts: 0, coverage: {} }),
    ]);
    expect(read.createdAt).toBeInstanceOf(Date);
  });

  it('keeps the data and applies nothing more when opened again', async () => {
    database = await openDatabase(setup.config);
    expect(database.migrations).toMatchObject({
      applied: [],
      alreadyApplied: expect.arrayContaining([expect.stringMatching(/_init$/)]),
    });
    expect(await database.system.countTenants()).toBe(1);
  });

  it('lets the database refuse rows that point at another tenant, or a second active scan', async () => {
    database = await openDatabase(setup.config);
    const first = await roundTrip(database);
    const second = await roundTrip(database);
    const tenantId = first.tenant.id;
    await expect(
      database.withTenant(tenantId, (tx) =>
        tx.scan.create({ data: { tenantId, clusterId: second.cluster.id, trigger: 'manual' } }),
      ),
    ).rejects.toThrow(/foreign key/i);
    await expect(
      database.withTenant(tenantId, (tx) =>
        tx.scan.create({ data: { tenantId, clusterId: first.cluster.id, trigger: 'manual' } }),
      ),
    ).rejects.toThrow(/unique constraint/i);
    const renamedLater = await database.withTenant(tenantId, async (tx) => {
      await tx.cluster.update({
        where: { id: first.cluster.id },
        data: { deletedAt: new Date(), credentialCiphertext: null, credentialKeyId: null },
      });
      return tx.cluster.create({
        data: { tenantId, name: 'prod-eu-1', serverUrl: 'https://127.0.0.1:6443' },
      });
    });
    expect(renamedLater.name).toBe('prod-eu-1');
  });

  it('closes cleanly, twice, and a closed database no longer answers ping', async () => {
    const opened = await openDatabase(setup.config);
    await opened.close();
    await opened.close();
    await expect(opened.ping(500)).rejects.toThrow();
  });
});

describe('openDatabase failures', () => {
  it('fails fast and clearly when PostgreSQL is unreachable, without printing the password', async () => {
    const started = Date.now();
    const error = await openDatabase(
      { kind: 'postgres', url: 'postgresql://meshguard:s3cret@127.0.0.1:1/meshguard' },
      { connectTimeoutMs: 1_000 },
    ).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ code: 'unreachable' });
    expect((error as Error).message).toMatch(
      /Cannot reach PostgreSQL at postgresql:\/\/meshguard:\*\*\*@127\.0\.0\.1:1\/meshguard/,
    );
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('ping names the database and fails within its timeout when the server is gone', async () => {
    const database = await openDatabase(
      { kind: 'postgres', url: 'postgresql://postgres@127.0.0.1:1/meshguard' },
      { schema: 'none', connectTimeoutMs: 10_000 },
    );
    try {
      const started = Date.now();
      await expect(database.ping(300)).rejects.toThrow(
        /PostgreSQL at postgresql:\/\/postgres@127\.0\.0\.1:1\/meshguard/,
      );
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await database.close();
    }
  });

  describe('embedded', () => {
    let directory: TestDataDirectory;
    beforeAll(async () => {
      directory = await createTestDataDirectory();
    });
    afterAll(() => directory?.remove());

    it('refuses a second opener of the same data directory, and frees it at close', async () => {
      const database = await openDatabase(directory.config);
      try {
        expect(existsSync(join(directory.dataDir, 'pglite.lock'))).toBe(true);
        await expect(openDatabase(directory.config)).rejects.toMatchObject({
          code: 'in-use',
          message: expect.stringContaining('already open in this process'),
        });
      } finally {
        await database.close();
      }
      expect(existsSync(join(directory.dataDir, 'pglite.lock'))).toBe(false);
      const again = await openDatabase(directory.config);
      await again.close();
    });
  });
});

describe('createTestDatabase', () => {
  let database: TestDatabase | undefined;
  afterAll(() => database?.drop());

  it('creates a migrated throwaway database and drop() removes it', async () => {
    database = await createTestDatabase({ migrate: true });
    expect(database.name).toMatch(/^meshguard_t_[0-9a-f]{12}$/);
    expect(database.migrations.applied).toHaveLength(shippedMigrations);
    const opened = await openDatabase(database.config);
    expect(opened.migrations.applied).toEqual([]);
    await opened.close();
    await database.drop();
    await database.drop();
    await expect(openDatabase(database.config, { connectTimeoutMs: 2_000 })).rejects.toThrow(
      /does not exist/,
    );
  });
});
