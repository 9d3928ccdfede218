import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApi, type TestApi, type TestTenant } from './support/test-api.js';

let api: TestApi;
let simulator: RunningSimulator;
let owner: TestTenant;

beforeAll(async () => {
  [api, simulator] = await Promise.all([startTestApi(), startSimulator({ preset: 'demo' })]);
  owner = await api.createTenant('Payments');
});

afterAll(async () => {
  await Promise.all([api?.close(), simulator?.stop()]);
});

const register = (token: string, body: Record<string, unknown>) => api.http().post('/v1/clusters').set(bearer(token)).send(body);

describe('registering a cluster', () => {
  it('verifies a read-only kubeconfig against the cluster and stores it sealed', async () => {
    const kubeconfig = simulator.kubeconfig({ token: 'read-only' });
    const response = await register(owner.token, { name: 'prod-eu-1', labels: { env: 'prod', team: 'payments' }, kubeconfig }).expect(201);
    expect(response.body).toMatchObject({ classification: 'read-only', error: null, cluster: { name: 'prod-eu-1', accessLevel: 'read-only', hasCredentials: true } });
    expect(JSON.stringify(response.body)).not.toContain('certificate-authority-data');
    const stored = await rawCredential(response.body.cluster.id);
    expect(stored).not.toBeNull();
    expect(Buffer.from(stored!).toString('utf8')).not.toContain('certificate-authority-data');
  });

  it('refuses a write-capable credential with the offending permissions, storing nothing', async () => {
    const response = await register(owner.token, { name: 'writer', kubeconfig: simulator.kubeconfig({ token: 'write-capable' }) }).expect(422);
    expect(response.body.type).toBe('https://meshguard.dev/problems/cluster-write-capable');
    expect(response.body.writePermissions.length).toBeGreaterThan(0);
    await api.http().get('/v1/clusters?name=writer').set(bearer(owner.token)).expect(200, { items: [], nextCursor: null });
  });

  it('reports a TLS failure as unreachable, not as write-capable (issue 16)', async () => {
    const stranger = await startSimulator({ preset: 'demo' });
    try {
      // Our simulator's CA does not sign the stranger's serving certificate: the TLS handshake fails.
      const response = await register(owner.token, { name: 'tls-broken', kubeconfig: simulator.kubeconfig({ server: stranger.url }) }).expect(502);
      expect(response.body).toMatchObject({ type: 'https://meshguard.dev/problems/cluster-unreachable', classification: 'unreachable' });
    } finally {
      await stranger.stop();
    }
  });

  it('reports a credential the cluster refuses as unauthorized', async () => {
    const response = await register(owner.token, { name: 'bad-token', kubeconfig: simulator.kubeconfig({ token: 'read-only' }).replace(/token: *"?read-only"?/, 'token: no-such-token') }).expect(422);
    expect(response.body).toMatchObject({ type: 'https://meshguard.dev/problems/cluster-unauthorized', classification: 'unauthorized' });
  });

  it('rejects an exec kubeconfig naming the field, without contacting anything', async () => {
    const kubeconfig = `apiVersion: v1
kind: Config
current-context: c
contexts: [{ name: c, context: { cluster: k, user: u } }]
clusters: [{ name: k, cluster: { server: "${simulator.url}" } }]
users: [{ name: u, user: { exec: { command: "/bin/sh", apiVersion: client.authentication.k8s.io/v1 } } }]
`;
    const response = await register(owner.token, { name: 'exec', kubeconfig }).expect(422);
    expect(response.body.type).toBe('https://meshguard.dev/problems/kubeconfig-rejected');
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain('kubeconfig.users[0].user.exec');
  });

  it('answers bad fields with every problem at once', async () => {
    const response = await register(owner.token, { name: 'Not A Name', labels: { 'bad key!': 'x' }, kubeconfig: 'x', schedule: { cron: 'every day' }, extra: 1 }).expect(400);
    const fields = response.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'extra']));
  });

  it('refuses a schedule more often than every 5 minutes (issue 16)', async () => {
    for (const cron of ['* * * * *', '*/2 * * * *', '0,3 4 * * *']) {
      const response = await register(owner.token, { name: 'too-often', kubeconfig: simulator.kubeconfig(), schedule: { cron } }).expect(400);
      expect(response.body.errors).toEqual([{ field: 'schedule.cron', message: expect.stringContaining('5 minutes') }]);
    }
  });

  it('rejects a second cluster with the same name', async () => {
    const response = await register(owner.token, { name: 'prod-eu-1', kubeconfig: simulator.kubeconfig({ token: 'read-only' }) }).expect(409);
    expect(response.body.errors).toEqual([{ field: 'name', message: 'already in use' }]);
  });
});

describe('listing, updating and deleting clusters', () => {
  it('filters by label and name, with cursor pagination in a stable order', async () => {
    for (const name of ['staging-a', 'staging-b', 'staging-c']) {
      await register(owner.token, { name, labels: { env: 'staging' }, kubeconfig: simulator.kubeconfig({ token: 'read-only' }) }).expect(201);
    }
    const first = await api.http().get('/v1/clusters?label=env=staging&limit=2').set(bearer(owner.token)).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await api.http().get(`/v1/clusters?label=env=staging&limit=2&cursor=${first.body.nextCursor}`).set(bearer(owner.token)).expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const names = [...first.body.items, ...second.body.items].map((c: { name: string }) => c.name).sort();
    expect(names).toEqual(['staging-a', 'staging-b', 'staging-c']);
    const byName = await api.http().get('/v1/clusters?name=PROD').set(bearer(owner.token)).expect(200);
    expect(byName.body.items.map((c: { name: string }) => c.name)).toEqual(['prod-eu-1']);
  });

  it('renames, relabels and schedules a cluster; the schedule lands in BullMQ', async () => {
    const cluster = await clusterNamed('staging-a');
    const response = await api
      .http()
      .patch(`/v1/clusters/${cluster.id}`)
      .set(bearer(owner.token))
      .send({ name: 'staging-renamed', labels: { env: 'staging', tier: 'web' }, schedule: { cron: '0 3 * * *', timezone: 'Europe/Berlin' } })
      .expect(200);
    expect(response.body).toMatchObject({ name: 'staging-renamed', schedule: { cron: '0 3 * * *', timezone: 'Europe/Berlin' } });
    const scheduler = await schedulerOf(cluster.id);
    expect(scheduler).toMatchObject({ pattern: '0 3 * * *', tz: 'Europe/Berlin' });
  });

  it('rejects an invalid schedule and time zone', async () => {
    const cluster = await clusterNamed('staging-b');
    const response = await api.http().patch(`/v1/clusters/${cluster.id}`).set(bearer(owner.token)).send({ schedule: { cron: '61 * * * *', timezone: 'Mars/Olympus' } }).expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['schedule.cron', 'schedule.timezone']);
  });

  it('re-verifies a cluster with its stored credentials', async () => {
    const cluster = await clusterNamed('prod-eu-1');
    const response = await api.http().post(`/v1/clusters/${cluster.id}/verify`).set(bearer(owner.token)).expect(200);
    expect(response.body).toMatchObject({ classification: 'read-only', error: null });
    expect(new Date(response.body.cluster.lastVerifiedAt).getTime()).toBeGreaterThanOrEqual(new Date(cluster.lastVerifiedAt).getTime());
  });

  it('deletes a cluster: credentials purged at once, schedule removed, name free again', async () => {
    const cluster = await clusterNamed('staging-renamed');
    await api.http().delete(`/v1/clusters/${cluster.id}`).set(bearer(owner.token)).expect(204);
    await api.http().get(`/v1/clusters/${cluster.id}`).set(bearer(owner.token)).expect(404);
    expect(await rawCredential(cluster.id)).toBeNull();
    expect(await schedulerOf(cluster.id)).toBeUndefined();
    await register(owner.token, { name: 'staging-renamed', kubeconfig: simulator.kubeconfig({ token: 'read-only' }) }).expect(201);
  });
});

describe('audit log', () => {
  it('records who registered, changed and deleted clusters, from where', async () => {
    const response = await api.http().get('/v1/audit-events?limit=100').set(bearer(owner.token)).expect(200);
    const actions = response.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['cluster.register', 'cluster.update', 'cluster.verify', 'cluster.delete']));
    const event = response.body.items.find((e: { action: string }) => e.action === 'cluster.delete');
    expect(event).toMatchObject({ actor: expect.stringMatching(/^api-key:/), sourceIp: expect.any(String), correlationId: expect.any(String) });
    expect(JSON.stringify(response.body)).not.toMatch(/token|BEGIN CERTIFICATE/);
  });
});

async function clusterNamed(name: string) {
  const response = await api.http().get(`/v1/clusters?name=${name}`).set(bearer(owner.token)).expect(200);
  const cluster = response.body.items.find((c: { name: string }) => c.name === name);
  if (!cluster) throw new Error(`no cluster ${name}`);
  return cluster;
}

async function rawCredential(clusterId: string): Promise<Uint8Array | null> {
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: api.testDatabase!.url });
  await client.connect();
  try {
    const result = await client.query('SELECT credential_ciphertext FROM clusters WHERE id = $1', [clusterId]);
    return result.rows[0]?.credential_ciphertext ?? null;
  } finally {
    await client.end();
  }
}

async function schedulerOf(clusterId: string) {
  const { ScanQueue } = await import('../src/queues/scan-queue.js');
  return api.app.get(ScanQueue).scheduleOf({ tenantId: owner.tenantId, clusterId });
}
