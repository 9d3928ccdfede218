import type { INestApplication } from '@nestjs/common';
import { createCredentialVault, loadMasterKeyring } from '@meshguard/db';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../src/app/create-api-app.js';
import { bearer, startTestApi, type TestApi, type TestTenant } from './support/test-api.js';

// Verified keys are remembered per API process for a few seconds (VerifiedKeyCache, TTL 5 s). Two API processes on
// one database: a revocation is immediate where it was made and reaches the other within the TTL.
const ttlMs = 5_000;

let api: TestApi;
let other: INestApplication;
let owner: TestTenant;

beforeAll(async () => {
  api = await startTestApi();
  other = await createApiApp(api.config, { database: api.database, vault: createCredentialVault(await loadMasterKeyring(api.config)) });
  await other.init();
  owner = await api.createTenant('Cached');
});

afterAll(async () => {
  await other?.close();
  await api?.close();
});

describe('revoking a key that API processes have remembered', () => {
  it('refuses it at once in the process that revoked it, and in the other one within the TTL', async () => {
    const created = await api.http().post('/v1/api-keys').set(bearer(owner.token)).send({ name: 'cached', role: 'auditor' }).expect(201);
    const token: string = created.body.token;
    await api.http().get('/v1/clusters').set(bearer(token)).expect(200);
    await request(other.getHttpServer()).get('/v1/clusters').set(bearer(token)).expect(200);

    await api.http().delete(`/v1/api-keys/${created.body.id}`).set(bearer(owner.token)).expect(200);
    const revokedAt = Date.now();
    await api.http().get('/v1/clusters').set(bearer(token)).expect(401);

    let status = 200;
    while (status === 200 && Date.now() - revokedAt < ttlMs + 3_000) {
      status = (await request(other.getHttpServer()).get('/v1/clusters').set(bearer(token))).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(401);
  }, 20_000);

  it('keeps answering for a live key without asking the database each time, and still refuses other secrets', async () => {
    await api.http().get('/v1/tenant').set(bearer(owner.token)).expect(200);
    await api.http().get('/v1/tenant').set(bearer(owner.token)).expect(200);
    const forged = owner.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    await api.http().get('/v1/tenant').set(bearer(forged)).expect(401);
  });
});
