import { randomBytes } from 'node:crypto';
import { stat, writeFile, chmod, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.js';
import { createTestDataDirectory, type TestDataDirectory } from '../testing/test-database.js';
import { testEngineNames, testEngines, type TestEngine } from '../testing/test-engines.js';
import { createCredentialVault } from './credential-vault.js';
import { createMasterKeyring, loadMasterKeyring, type MasterKeyring } from './master-keyring.js';
import { rotateDataKeys } from './rotate-data-keys.js';
import { VaultError } from './vault-error.js';

const masterKey = (id: string) => ({ id, key: randomBytes(32) });

async function createTenant(database: Database, label: string): Promise<string> {
  const suffix = randomBytes(4).toString('hex');
  const { tenantId } = await database.system.createTenant({
    name: label,
    slug: `${label}-${suffix}`,
    ownerKey: { name: 'first', prefix: `mg_${label}_${suffix}`, secretHash: 'h' },
  });
  return tenantId;
}

/** Seals a kubeconfig and stores it on a new cluster, as the API does. */
async function storeCluster(
  database: Database,
  vault: ReturnType<typeof createCredentialVault>,
  tenantId: string,
  kubeconfig: string,
) {
  return database.withTenant(tenantId, async (tx) => {
    const sealed = await vault.seal(tx, 'cluster-credential', Buffer.from(kubeconfig));
    const cluster = await tx.cluster.create({
      data: {
        tenantId,
        name: `c-${randomBytes(3).toString('hex')}`,
        serverUrl: 'https://127.0.0.1:6443',
        credentialCiphertext: sealed.ciphertext,
        credentialKeyId: sealed.dataKeyId,
      },
    });
    return { clusterId: cluster.id, ...sealed };
  });
}

async function readCluster(
  database: Database,
  vault: ReturnType<typeof createCredentialVault>,
  tenantId: string,
  clusterId: string,
) {
  return database.withTenant(tenantId, async (tx) => {
    const cluster = await tx.cluster.findUniqueOrThrow({ where: { id: clusterId } });
    return (await vault.open(tx, 'cluster-credential', cluster.credentialCiphertext!)).toString();
  });
}

describe.each(testEngineNames)('credential vault on %s', (engineName) => {
  let engine: TestEngine;
  let database: Database;
  let keyring: MasterKeyring;
  let a: string;
  let b: string;
  const old = masterKey('2026-10');
  const next = masterKey('2026-11');
  beforeAll(async () => {
    engine = await testEngines[engineName]();
    database = engine.database;
    keyring = createMasterKeyring([old], old.id);
    a = await createTenant(database, 'a');
    b = await createTenant(database, 'b');
  });
  afterAll(() => engine?.close());

  it('round-trips a secret through the database; ciphertexts differ per tenant and per write; one data key per tenant', async () => {
    const vault = createCredentialVault(keyring);
    const kubeconfig = 'apiVersion: v1\nkind: Config\nusers: [{name: u, user: {token: s3cr3t}}]\n';
    const first = await storeCluster(database, vault, a, kubeconfig);
    const second = await storeCluster(database, vault, a, kubeconfig);
    const other = await storeCluster(database, vault, b, kubeconfig);
    expect(await readCluster(database, vault, a, first.clusterId)).toBe(kubeconfig);
    expect(await readCluster(database, vault, b, other.clusterId)).toBe(kubeconfig);
    expect(first.ciphertext.equals(second.ciphertext)).toBe(false);
    expect(first.ciphertext.equals(other.ciphertext)).toBe(false);
    expect(first.dataKeyId).toBe(second.dataKeyId);
    expect(other.dataKeyId).not.toBe(first.dataKeyId);
    expect(first.ciphertext.includes(Buffer.from('s3cr3t'))).toBe(false);
    expect(first.ciphertext[0]).toBe(1);
    expect(first.ciphertext.length).toBe(1 + 16 + 12 + 16 + Buffer.byteLength(kubeconfig));
    const dataKeys = await database.withTenant(a, (tx) => tx.dataKey.findMany());
    expect(dataKeys).toHaveLength(1);
    expect(dataKeys[0]).toMatchObject({ id: first.dataKeyId, masterKeyId: old.id });
    expect(Buffer.from(dataKeys[0]!.wrappedKey)).toHaveLength(1 + 12 + 16 + 32);
  });

  it('detects tampering with any byte of a ciphertext', async () => {
    const vault = createCredentialVault(keyring);
    await database.withTenant(a, async (tx) => {
      const { ciphertext } = await vault.seal(tx, 'webhook-secret', Buffer.from('whsec-0123456789'));
      for (let index = 0; index < ciphertext.length; index++) {
        const altered = Buffer.from(ciphertext);
        altered[index] = altered[index]! ^ 0x01;
        const error = await vault.open(tx, 'webhook-secret', altered).catch((caught: unknown) => caught);
        expect(error, `byte ${index}`).toBeInstanceOf(VaultError);
        expect(['decryption-failed', 'data-key-missing', 'malformed-ciphertext']).toContain(
          (error as VaultError).code,
        );
      }
      await expect(vault.open(tx, 'webhook-secret', ciphertext.subarray(0, 40))).rejects.toMatchObject({
        code: 'malformed-ciphertext',
      });
      await expect(
        vault.open(tx, 'webhook-secret', ciphertext.subarray(0, ciphertext.length - 1)),
      ).rejects.toMatchObject({
        code: 'decryption-failed',
      });
      expect((await vault.open(tx, 'webhook-secret', ciphertext)).toString()).toBe('whsec-0123456789');
    });
  });

  it("refuses a ciphertext moved to another tenant's row, or used for another purpose", async () => {
    const vault = createCredentialVault(keyring);
    const fromA = await storeCluster(database, vault, a, 'tenant-a-secret');
    const inB = await database.withTenant(b, (tx) =>
      tx.cluster.create({
        data: {
          tenantId: b,
          name: `moved-${randomBytes(3).toString('hex')}`,
          serverUrl: 'https://127.0.0.1:6443',
          credentialCiphertext: fromA.ciphertext,
        },
      }),
    );
    await expect(readCluster(database, vault, b, inB.id)).rejects.toMatchObject({
      name: 'VaultError',
      code: 'data-key-missing',
      message: expect.stringContaining('sealed for another tenant'),
    });
    await expect(
      database.withTenant(a, (tx) => vault.open(tx, 'webhook-secret', fromA.ciphertext)),
    ).rejects.toMatchObject({ code: 'decryption-failed' });
  });

  it('works only inside a tenant transaction, with that transaction', async () => {
    const vault = createCredentialVault(keyring);
    await expect(
      database.client.$transaction((tx) => vault.seal(tx, 'cluster-credential', Buffer.from('x'))),
    ).rejects.toMatchObject({ name: 'TenantContextError', code: 'no-tenant-context' });
    let finished: Parameters<Parameters<Database['withTenant']>[1]>[0] | undefined;
    await database.withTenant(b, async (tx) => void (finished = tx));
    await expect(
      database.withTenant(a, () => vault.seal(finished!, 'cluster-credential', Buffer.from('x'))),
    ).rejects.toMatchObject({ name: 'VaultError', code: 'foreign-transaction' });
  });

  it('says which master key is missing, and when the configured key is the wrong one', async () => {
    const vault = createCredentialVault(keyring);
    const stored = await storeCluster(database, vault, a, 'needs-the-old-key');
    const withoutOld = createCredentialVault(createMasterKeyring([next], next.id));
    await expect(readCluster(database, withoutOld, a, stored.clusterId)).rejects.toMatchObject({
      code: 'unknown-master-key',
      message: expect.stringMatching(
        /master key "2026-10", which is not configured.*Add "2026-10" back to MASTER_KEYS/,
      ),
    });
    const impostor = createCredentialVault(
      createMasterKeyring([{ id: old.id, key: randomBytes(32) }], old.id),
    );
    await expect(readCluster(database, impostor, a, stored.clusterId)).rejects.toMatchObject({
      code: 'decryption-failed',
      message: expect.stringContaining('does not unwrap with master key "2026-10"'),
    });
  });

  it('rotation re-wraps every data key under the new master key, keeps every secret openable, and is idempotent', async () => {
    const vault = createCredentialVault(keyring);
    const secrets = new Map<string, { tenantId: string; clusterId: string }>();
    for (const [index, tenantId] of [a, b, a, b].entries()) {
      const value = `kubeconfig-${index}-${randomBytes(4).toString('hex')}`;
      secrets.set(value, {
        tenantId,
        clusterId: (await storeCluster(database, vault, tenantId, value)).clusterId,
      });
    }
    const tenantWithoutKeys = await createTenant(database, 'c');
    const rotating = createMasterKeyring([old, next], next.id);
    const report = await rotateDataKeys(database, rotating);
    expect(report).toEqual({
      activeMasterKeyId: next.id,
      tenants: await database.system.countTenants(),
      dataKeys: 2,
      rewrapped: 2,
      alreadyCurrent: 0,
    });
    for (const tenantId of [a, b, tenantWithoutKeys]) {
      const keys = await database.withTenant(tenantId, (tx) => tx.dataKey.findMany());
      for (const key of keys) {
        expect(key.masterKeyId).toBe(next.id);
        expect(key.rewrappedAt).toBeInstanceOf(Date);
      }
    }
    expect(await rotateDataKeys(database, rotating)).toMatchObject({
      dataKeys: 2,
      rewrapped: 0,
      alreadyCurrent: 2,
    });
    const onlyNew = createCredentialVault(createMasterKeyring([next], next.id));
    for (const [value, { tenantId, clusterId }] of secrets) {
      expect(await readCluster(database, onlyNew, tenantId, clusterId)).toBe(value);
    }
    // New secrets use the same data key, now under the new master key.
    const later = await storeCluster(database, onlyNew, a, 'after-rotation');
    expect(await readCluster(database, onlyNew, a, later.clusterId)).toBe('after-rotation');
    keyring = createMasterKeyring([next], next.id);
  });

  it('rotation stops, naming the key, when a data key is wrapped by a master key that is not configured', async () => {
    const unrelated = masterKey('2027-01');
    await expect(
      rotateDataKeys(database, createMasterKeyring([unrelated], unrelated.id)),
    ).rejects.toMatchObject({
      code: 'unknown-master-key',
      message: expect.stringContaining('"2026-11"'),
    });
    expect(await rotateDataKeys(database, keyring)).toMatchObject({ rewrapped: 0 });
  });
});

describe('wrapped data keys are bound to their tenant (PostgreSQL, as the owner)', () => {
  let engine: TestEngine | undefined;
  afterAll(() => engine?.close());

  it("refuses a data key whose wrapped bytes were copied from another tenant's", async () => {
    engine = await testEngines.postgres();
    const { database, owner } = engine;
    const m = masterKey('m');
    const vault = createCredentialVault(createMasterKeyring([m], m.id));
    const a = await createTenant(database, 'a');
    const b = await createTenant(database, 'b');
    const inA = await storeCluster(database, vault, a, 'secret-a');
    const inB = await storeCluster(database, vault, b, 'secret-b');
    await owner!.query(
      `UPDATE data_keys SET wrapped_key = (SELECT wrapped_key FROM data_keys WHERE id = $1) WHERE id = $2`,
      [inA.dataKeyId, inB.dataKeyId],
    );
    await expect(readCluster(database, vault, b, inB.clusterId)).rejects.toMatchObject({
      code: 'decryption-failed',
    });
    expect(await readCluster(database, vault, a, inA.clusterId)).toBe('secret-a');
  });
});

describe('loadMasterKeyring', () => {
  let directory: TestDataDirectory;
  beforeAll(async () => {
    directory = await createTestDataDirectory();
  });
  afterAll(() => directory?.remove());

  const noKeys = { masterKeys: [], activeMasterKeyId: undefined };

  it('refuses PostgreSQL without MASTER_KEYS, saying how to make a key', async () => {
    const error = await loadMasterKeyring({
      database: { kind: 'postgres', url: 'postgresql://postgres@127.0.0.1:5432/x' },
      encryption: noKeys,
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'VaultError', code: 'master-key-missing' });
    expect((error as Error).message).toContain('MASTER_KEYS is not set');
    expect((error as Error).message).toContain('openssl rand -base64 32');
  });

  it('generates a key into DATA_DIR/master.key (mode 0600) for the embedded database once, then reuses it', async () => {
    const logged: string[] = [];
    const config = { database: directory.config, encryption: noKeys };
    const first = await loadMasterKeyring(config, { log: (line) => logged.push(line) });
    const path = join(directory.dataDir, 'master.key');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(logged).toEqual([expect.stringContaining(`generated a master key into ${path}`)]);
    const again = await loadMasterKeyring(config, { log: (line) => logged.push(line) });
    expect(logged).toHaveLength(1);
    expect(again.activeKeyId).toBe(first.activeKeyId);
    expect(again.key(again.activeKeyId).equals(first.key(first.activeKeyId))).toBe(true);
    expect(await readFile(path, 'utf8')).toMatch(/^local-1:[A-Za-z0-9+/]{43}=\n$/);

    // MASTER_KEYS takes over as active; the generated key stays available to unwrap (and rotate) older data keys.
    const managed = masterKey('2026-11');
    const both = await loadMasterKeyring({
      database: directory.config,
      encryption: { masterKeys: [managed], activeMasterKeyId: managed.id },
    });
    expect(both.activeKeyId).toBe('2026-11');
    expect([...both.ids].sort()).toEqual(['2026-11', 'local-1']);
  });

  it('refuses a key file others can read, or one that is damaged', async () => {
    const path = join(directory.dataDir, 'master.key');
    await chmod(path, 0o644);
    await expect(loadMasterKeyring({ database: directory.config, encryption: noKeys })).rejects.toMatchObject(
      {
        code: 'master-key-file',
        message: expect.stringContaining(`chmod 600 ${path}`),
      },
    );
    await chmod(path, 0o600);
    await writeFile(path, 'local-1:tooshort\n');
    await expect(loadMasterKeyring({ database: directory.config, encryption: noKeys })).rejects.toMatchObject(
      {
        code: 'master-key-file',
        message: expect.stringContaining('Restore it from your backup'),
      },
    );
  });
});
