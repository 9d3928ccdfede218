import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { startWorker, type RunningWorker } from '@meshguard/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoSimulator } from '../src/demo-cluster/demo-simulator.js';
import { bearer, startTestApi, type TestApi, type TestTenant } from './support/test-api.js';

// POST /v1/demo-cluster in the embedded mode (PGlite, as `npm start`), with no operator allowlist at all: the
// simulator's loopback address is allowed for the demo cluster alone, never for another cluster of the tenant.

let api: TestApi;
let worker: RunningWorker;
let other: RunningSimulator;
let alpha: TestTenant;
let beta: TestTenant;

beforeAll(async () => {
  [api, other] = await Promise.all([startTestApi({ CLUSTER_ADDRESS_ALLOWLIST: '' }, { engine: 'embedded' }), startSimulator({ preset: 'demo' })]);
  worker = await startWorker(api.config, { database: api.database, serveMetrics: false });
  [alpha, beta] = await Promise.all([api.createTenant('Alpha'), api.createTenant('Beta')]);
});

afterAll(async () => {
  await worker?.stop();
  await Promise.all([api?.close(), other?.stop()]);
});

describe('the demo cluster (embedded mode)', () => {
  let clusterId: string;

  it('is offered before it exists, then added, scheduled and scanned at once', async () => {
    await api.http().get('/v1/demo-cluster').set(bearer(alpha.token)).expect(200, { cluster: null, scan: null });
    const added = await api.http().post('/v1/demo-cluster').set(bearer(alpha.token)).expect(201);
    clusterId = added.body.cluster.id;
    expect(added.body.cluster).toMatchObject({ name: 'meshguard-demo', labels: { 'meshguard.dev/demo': 'true' }, schedule: { cron: '*/5 * * * *', timezone: 'UTC' } });
    expect(added.body.cluster.serverUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(added.body.scan).toMatchObject({ clusterId, status: 'queued' });
    await expect
      .poll(async () => (await api.http().get(`/v1/scans/${added.body.scan.id}`).set(bearer(alpha.token))).body.status, { timeout: 120_000, interval: 500 })
      .toMatch(/^(succeeded|partial)$/);
    const fleet = await api.http().get('/v1/fleet').set(bearer(alpha.token)).expect(200);
    expect(fleet.body.items).toHaveLength(1);
    expect(fleet.body.items[0]).toMatchObject({ id: clusterId, compliance: 'measured', score: expect.any(Number) });
    const verified = await api.http().post(`/v1/clusters/${clusterId}/verify`).set(bearer(alpha.token)).expect(200);
    expect(verified.body).toMatchObject({ classification: 'read-only', error: null });
  });

  it('answers the existing demo cluster on a second call, without another scan', async () => {
    const again = await api.http().post('/v1/demo-cluster').set(bearer(alpha.token)).expect(200);
    expect(again.body).toMatchObject({ cluster: { id: clusterId }, scan: null });
    const current = await api.http().get('/v1/demo-cluster').set(bearer(alpha.token)).expect(200);
    expect(current.body.cluster.id).toBe(clusterId);
    const scans = await api.http().get(`/v1/clusters/${clusterId}/scans`).set(bearer(alpha.token)).expect(200);
    expect(scans.body.items).toHaveLength(1);
  });

  it('after a restart (a new simulator, port and CA), re-points the demo cluster at this process\'s simulator and scans it', async () => {
    const before = await api.http().get(`/v1/clusters/${clusterId}`).set(bearer(alpha.token)).expect(200);
    await api.app.get(DemoSimulator).onApplicationShutdown();
    const again = await api.http().post('/v1/demo-cluster').set(bearer(alpha.token)).expect(200);
    expect(again.body.cluster.id).toBe(clusterId);
    expect(again.body.cluster.serverUrl).not.toBe(before.body.serverUrl);
    expect(again.body.scan).toMatchObject({ clusterId, status: 'queued' });
    await expect
      .poll(async () => (await api.http().get(`/v1/scans/${again.body.scan.id}`).set(bearer(alpha.token))).body.status, { timeout: 120_000, interval: 500 })
      .toMatch(/^(succeeded|partial)$/);
  });

  it('allows loopback for that cluster only: another loopback cluster of the same tenant is refused', async () => {
    const refused = await api
      .http()
      .post('/v1/clusters')
      .set(bearer(alpha.token))
      .send({ name: 'sneaky-loopback', kubeconfig: other.kubeconfig({ token: 'read-only' }) })
      .expect(422);
    expect(refused.body.type).toBe('https://meshguard.dev/problems/kubeconfig-rejected');
    expect(JSON.stringify(refused.body.errors)).toMatch(/loopback|127\.0\.0\.1/);
  });

  it('drops the allowance when a user replaces the demo cluster\'s kubeconfig', async () => {
    const replaced = await api
      .http()
      .patch(`/v1/clusters/${clusterId}`)
      .set(bearer(alpha.token))
      .send({ kubeconfig: other.kubeconfig({ token: 'read-only' }) })
      .expect(422);
    expect(replaced.body.type).toBe('https://meshguard.dev/problems/kubeconfig-rejected');
  });

  it('keeps tenants apart: another tenant sees none of it and gets a demo cluster of its own', async () => {
    await api.http().get('/v1/demo-cluster').set(bearer(beta.token)).expect(200, { cluster: null, scan: null });
    await api.http().get(`/v1/clusters/${clusterId}`).set(bearer(beta.token)).expect(404);
    const own = await api.http().post('/v1/demo-cluster').set(bearer(beta.token)).expect(201);
    expect(own.body.cluster.id).not.toBe(clusterId);
    const betaFleet = await api.http().get('/v1/fleet').set(bearer(beta.token)).expect(200);
    expect(betaFleet.body.items.map((c: { id: string }) => c.id)).toEqual([own.body.cluster.id]);
  });

  it('refuses an auditor, and a tenant\'s own cluster named like the demo is a conflict, not taken over', async () => {
    const auditor = await api.http().post('/v1/api-keys').set(bearer(alpha.token)).send({ name: 'audit', role: 'auditor' }).expect(201);
    await api.http().post('/v1/demo-cluster').set(bearer(auditor.body.token)).expect(403);
    await api.http().delete(`/v1/clusters/${clusterId}`).set(bearer(alpha.token)).expect(204);
    // The tenant's own cluster named meshguard-demo (registered through the operator-free path is impossible here, so
    // through the repository of the tenant): the demo route must not adopt it.
    await api.database.withTenant(alpha.tenantId, async (tx) => {
      await tx.cluster.create({ data: { tenantId: alpha.tenantId, name: 'meshguard-demo', serverUrl: 'https://203.0.113.10:6443' } });
    });
    const conflict = await api.http().post('/v1/demo-cluster').set(bearer(alpha.token)).expect(409);
    expect(conflict.body.detail).toContain('is not the demo cluster');
  });
});

describe('outside the embedded mode', () => {
  it('answers 404 problems with DATABASE_URL set, and in production', async () => {
    const postgres = await startTestApi();
    const production = await startTestApi({ NODE_ENV: 'production' }, { engine: 'embedded' });
    try {
      for (const each of [postgres, production]) {
        const tenant = await each.createTenant();
        for (const method of ['get', 'post'] as const) {
          const response = await each.http()[method]('/v1/demo-cluster').set(bearer(tenant.token)).expect(404);
          expect(response.headers['content-type']).toContain('application/problem+json');
          expect(response.body.detail).toContain('embedded mode');
        }
      }
    } finally {
      await Promise.all([postgres.close(), production.close()]);
    }
  });
});
