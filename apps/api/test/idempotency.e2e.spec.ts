import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApi, type TestApi, type TestTenant } from './support/test-api.js';

let api: TestApi;
let simulator: RunningSimulator;
let owner: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  [api, simulator] = await Promise.all([startTestApi(), startSimulator({ preset: 'demo' })]);
  [owner, other] = await Promise.all([api.createTenant('Keys'), api.createTenant('Other keys')]);
});

afterAll(async () => {
  await Promise.all([api?.close(), simulator?.stop()]);
});

async function registerCluster(tenant: TestTenant, name: string): Promise<string> {
  const response = await api
    .http()
    .post('/v1/clusters')
    .set(bearer(tenant.token))
    .send({ name, kubeconfig: simulator.kubeconfig() })
    .expect(201);
  return response.body.cluster.id;
}

const requestScan = (tenant: TestTenant, clusterId: string, key?: string) => {
  const call = api.http().post(`/v1/clusters/${clusterId}/scans`).set(bearer(tenant.token));
  return key === undefined ? call : call.set('Idempotency-Key', key);
};

describe('Idempotency-Key (issue 16, break 6)', () => {
  it('answers a repeat with the same scan, and the same key on another cluster with 422, scanning nothing', async () => {
    const [first, second] = [await registerCluster(owner, 'idem-a'), await registerCluster(owner, 'idem-b')];
    const created = await requestScan(owner, first, 'nightly-2026-12-07').expect(202);
    const repeated = await requestScan(owner, first, 'nightly-2026-12-07').expect(200);
    expect(repeated.body.id).toBe(created.body.id);

    const reused = await requestScan(owner, second, 'nightly-2026-12-07').expect(422);
    expect(reused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(reused.body.type).toBe('https://meshguard.dev/problems/idempotency-key-reused');
    expect(reused.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    const secondScans = await api
      .http()
      .get(`/v1/clusters/${second}/scans`)
      .set(bearer(owner.token))
      .expect(200);
    expect(secondScans.body.items).toEqual([]);
  });

  it('scopes keys to the tenant: another tenant may use the same key', async () => {
    const theirs = await registerCluster(other, 'idem-other');
    await requestScan(other, theirs, 'nightly-2026-12-07').expect(202);
  });

  it('burns no key on a failed request', async () => {
    await requestScan(owner, '00000000-0000-4000-8000-000000000000', 'after-404').expect(404);
    const cluster = await registerCluster(owner, 'idem-c');
    await requestScan(owner, cluster, 'after-404').expect(202);
  });

  it('answers a repeated report request with the same report, queuing one, and a changed request with 422', async () => {
    const tenant = await api.createTenant('Report keys');
    const body = { framework: 'cis-k8s-v1.10', format: 'json', scope: { fleet: true } };
    const request = (key: string, sent: object = body) => api.http().post('/v1/reports').set(bearer(tenant.token)).set('Idempotency-Key', key).send(sent);
    const created = await request('weekly-cis').expect(202);
    const repeated = await request('weekly-cis').expect(200);
    expect(repeated.body.id).toBe(created.body.id);
    expect(repeated.headers.location).toBe(`/v1/reports/${created.body.id}`);
    const reused = await request('weekly-cis', { ...body, format: 'pdf' }).expect(422);
    expect(reused.body.type).toBe('https://meshguard.dev/problems/idempotency-key-reused');
    const listed = await api.http().get('/v1/reports').set(bearer(tenant.token)).expect(200);
    expect(listed.body.items.map((report: { id: string }) => report.id)).toEqual([created.body.id]);
    // Another key is another report; a request without a key always queues one.
    const other = await request('weekly-cis-2').expect(202);
    expect(other.body.id).not.toBe(created.body.id);
    await api.http().post('/v1/reports').set(bearer(tenant.token)).send(body).expect(202);
    await api.http().post('/v1/reports').set(bearer(tenant.token)).send(body).expect(202);
    expect((await api.http().get('/v1/reports').set(bearer(tenant.token)).expect(200)).body.items).toHaveLength(4);
  });

  it('forgets a key after IDEMPOTENCY_KEY_TTL_HOURS (24): the same key then starts a new request', async () => {
    const [first, second] = [await registerCluster(owner, 'idem-d'), await registerCluster(owner, 'idem-e')];
    const earlier = await requestScan(owner, first, 'weekly').expect(202);
    await requestScan(owner, second, 'weekly').expect(422);
    await api.database.withTenant(owner.tenantId, async (tx) => {
      await tx.$executeRaw`UPDATE idempotency_keys SET created_at = created_at - interval '25 hours' WHERE key = 'weekly'`;
      await tx.$executeRaw`UPDATE scans SET requested_at = requested_at - interval '25 hours' WHERE idempotency_key = 'weekly'`;
    });
    const later = await requestScan(owner, second, 'weekly').expect(202);
    expect(later.body.id).not.toBe(earlier.body.id);
    expect(later.body.clusterId).toBe(second);
    const repeated = await requestScan(owner, second, 'weekly').expect(200);
    expect(repeated.body.id).toBe(later.body.id);
    await api.http().get(`/v1/scans/${earlier.body.id}`).set(bearer(owner.token)).expect(200);
  });

  it('refuses a malformed key naming the header', async () => {
    const response = await requestScan(owner, '00000000-0000-4000-8000-000000000000', 'has spaces').expect(
      400,
    );
    expect(response.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
  });
});
