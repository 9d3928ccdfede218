import { loadTestDatabaseConfig } from '@meshguard/config';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApi, type TestApi, type TestTenant } from './support/test-api.js';

// Found by the soak (issue 16): with PostgreSQL refusing connections or killing them, every tenant route answered 500.
let api: TestApi;
let tenant: TestTenant;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: loadTestDatabaseConfig().adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const killConnections = () =>
  admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${api.testDatabase!.name}' AND pid <> pg_backend_pid()`);

beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.createTenant();
});

afterAll(async () => {
  await admin(`ALTER DATABASE "${api.testDatabase!.name}" ALLOW_CONNECTIONS true`);
  await api.close();
});

const dashboardRoutes = ['/v1/clusters', '/v1/fleet', '/v1/findings', '/v1/trends', '/v1/tenant'];

describe('the API while its database is unavailable', () => {
  it('answers 503 unavailable with Retry-After (never 500) while PostgreSQL refuses connections, and serves again once it is back', async () => {
    for (const path of dashboardRoutes) await api.http().get(path).set(bearer(tenant.token)).expect(200);
    await admin(`ALTER DATABASE "${api.testDatabase!.name}" ALLOW_CONNECTIONS false`);
    await killConnections();
    for (const path of dashboardRoutes) {
      const response = await api.http().get(path).set(bearer(tenant.token));
      expect({ path, status: response.status }).toEqual({ path, status: 503 });
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.type).toMatch(/\/unavailable$/);
      expect(response.headers['retry-after']).toBe('2');
    }
    await admin(`ALTER DATABASE "${api.testDatabase!.name}" ALLOW_CONNECTIONS true`);
    for (const path of dashboardRoutes) await api.http().get(path).set(bearer(tenant.token)).expect(200);
  });

  it('answers a request whose connection was killed with 503 or serves it on a fresh one, never 500', async () => {
    const statuses = new Set<number>();
    for (let round = 0; round < 5; round++) {
      const inFlight = Promise.all(dashboardRoutes.map((path) => api.http().get(path).set(bearer(tenant.token))));
      await killConnections();
      for (const response of await inFlight) statuses.add(response.status);
      for (const response of await Promise.all(dashboardRoutes.map((path) => api.http().get(path).set(bearer(tenant.token)))))
        statuses.add(response.status);
    }
    expect([...statuses].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    await api.http().get('/v1/clusters').set(bearer(tenant.token)).expect(200);
  });
});
