import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { loadConfig, type MeshguardConfig } from '@meshguard/config';
import { createCredentialVault, loadMasterKeyring, openDatabase, type Database } from '@meshguard/db';
import { createTestDatabase, createTestDataDirectory, type TestDatabase, type TestEngineName } from '@meshguard/db/testing';
import request from 'supertest';
import { createApiApp } from '../../src/app/create-api-app.js';
import { issueApiKey } from '../../src/auth/api-key-secret.js';

export interface TestTenant {
  tenantId: string;
  /** The owner key of the tenant. */
  token: string;
}

/** A real API over a throwaway PostgreSQL database with migrations applied, on the local Redis. */
export interface TestApi {
  app: INestApplication;
  config: MeshguardConfig;
  database: Database;
  /** The throwaway PostgreSQL database; undefined on the embedded engine. */
  testDatabase?: TestDatabase;
  http: () => ReturnType<typeof request>;
  createTenant(name?: string): Promise<TestTenant>;
  close(): Promise<void>;
}

/** `engine: 'embedded'` runs the API on PGlite in a temporary DATA_DIR, as `npm start` does without DATABASE_URL. */
export async function startTestApi(env: Record<string, string> = {}, options: { engine?: TestEngineName } = {}): Promise<TestApi> {
  const embedded = options.engine === 'embedded';
  const testDatabase = embedded ? undefined : await createTestDatabase();
  const dataDirectory = embedded ? await createTestDataDirectory() : undefined;
  const config = loadConfig({
    ...(testDatabase ? { DATABASE_URL: testDatabase.url } : { DATA_DIR: dataDirectory!.dataDir }),
    QUEUE_PREFIX: `mgtest-${randomUUID().slice(0, 8)}`,
    CLUSTER_ADDRESS_ALLOWLIST: '127.0.0.1',
    MASTER_KEYS: `test-1:${randomBytes(32).toString('base64')}`,
    MASTER_KEY_ID: 'test-1',
    ...env,
  });
  const database = await openDatabase(config.database);
  const vault = createCredentialVault(await loadMasterKeyring(config));
  const app = await createApiApp(config, { database, vault });
  await app.init();
  return {
    app,
    config,
    database,
    testDatabase,
    http: () => request(app.getHttpServer()),
    async createTenant(name = `tenant ${randomUUID().slice(0, 6)}`) {
      const key = issueApiKey();
      const { tenantId } = await database.system.createTenant({
        name,
        slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
        ownerKey: { name: 'test owner', prefix: key.prefix, secretHash: key.secretHash },
      });
      return { tenantId, token: key.token };
    },
    async close() {
      await app.close();
      await database.close();
      await testDatabase?.drop();
      await dataDirectory?.remove();
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
