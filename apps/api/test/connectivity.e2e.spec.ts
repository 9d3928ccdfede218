import { gunzipSync } from 'node:zlib';
import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { startWorker, type RunningWorker } from '@meshguard/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectivityService } from '../src/connectivity/connectivity.service.js';
import { bearer, startTestApi, type TestApi, type TestTenant } from './support/test-api.js';

// The connectivity model is computed by a real scan (worker, compute pool) of a simulated cluster whose policies we
// know, stored per scan, and served from the stored model alone: the simulator is stopped before the queries.

const secretValue = 'hunter2-do-not-store';
const envValue = 'literal-env-value-do-not-store';

const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { team: name } } });
const deployment = (namespace: string, name: string, port: number, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { namespace, name, uid: `uid-${namespace}-${name}` },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [{ name, image: `registry.example/${name}:1.0`, ports: [{ containerPort: port }], env: [{ name: 'TOKEN', value: envValue }] }],
        ...extra,
      },
    },
  },
});
const objects = [
  ns('shop'),
  deployment('shop', 'web', 8080),
  deployment('shop', 'api', 8000),
  deployment('shop', 'db', 5432, { volumes: [{ name: 'creds', secret: { secretName: 'db-creds' } }] }),
  { apiVersion: 'v1', kind: 'Secret', metadata: { namespace: 'shop', name: 'db-creds' }, type: 'Opaque', data: { password: Buffer.from(secretValue).toString('base64') } },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace: 'shop', name: 'web' },
    spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { namespace: 'shop', name: 'db-from-api' },
    spec: {
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 5432, protocol: 'TCP' }] }],
    },
  },
];

let api: TestApi;
let worker: RunningWorker;
let simulator: RunningSimulator;
let tenant: TestTenant;
let other: TestTenant;
let clusterId: string;
let scanId: string;

beforeAll(async () => {
  [api, simulator] = await Promise.all([startTestApi(), startSimulator({ objects })]);
  worker = await startWorker(api.config, { database: api.database, serveMetrics: false });
  [tenant, other] = await Promise.all([api.createTenant('Net'), api.createTenant('Other')]);
  const registered = await api.http().post('/v1/clusters').set(bearer(tenant.token)).send({ name: 'shop', kubeconfig: simulator.kubeconfig() }).expect(201);
  clusterId = registered.body.cluster.id;
  await api.http().get(`/v1/clusters/${clusterId}/connectivity`).set(bearer(tenant.token)).expect(404);
  scanId = (await api.http().post(`/v1/clusters/${clusterId}/scans`).set(bearer(tenant.token)).expect(202)).body.id;
  let status = 'queued';
  while (status === 'queued' || status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const scan = await api.http().get(`/v1/scans/${scanId}`).set(bearer(tenant.token));
    status = scan.body.status;
    if (status === 'failed') throw new Error(`scan failed: ${scan.body.failureReason}`);
  }
  expect(status).toBe('succeeded');
  // Everything below is answered from the stored model.
  await simulator.stop();
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

describe('GET /v1/clusters/{id}/connectivity', () => {
  it('serves the latest scan\'s graph: workloads with labels and kind, allowed edges, exposure, lateral paths', async () => {
    const { body } = await api.http().get(`/v1/clusters/${clusterId}/connectivity`).set(bearer(tenant.token)).expect(200);
    expect(body).toMatchObject({ scanId, policies: 1 });
    expect(body.namespaces.map((n: { name: string }) => n.name)).toContain('shop');
    const keys = body.workloads.map((w: { key: string }) => w.key);
    expect(keys).toEqual(expect.arrayContaining(['shop/web[Deployment]', 'shop/api[Deployment]', 'shop/db[Deployment]']));
    expect(body.workloads.find((w: { key: string }) => w.key === 'shop/web[Deployment]')).toMatchObject({ namespace: 'shop', name: 'web', kind: 'Deployment', labels: { app: 'web' }, internetExposed: true });
    expect(body.workloads.find((w: { key: string }) => w.key === 'shop/db[Deployment]').internetExposed).toBe(false);
    const edge = (src: string, dst: string) => body.edges.find((e: { src: string; dst: string }) => e.src === src && e.dst === dst);
    expect(edge('shop/api[Deployment]', 'shop/db[Deployment]')?.ports).toBe('TCP 5432');
    expect(edge('shop/web[Deployment]', 'shop/db[Deployment]')).toBeUndefined();
    expect(edge('shop/web[Deployment]', 'shop/api[Deployment]')?.ports).toBe('All Connections');
    expect(body.exposure.map((e: { workload: string }) => e.workload)).toEqual(['shop/web[Deployment]']);
    // web (exposed) → api → db (mounts a Secret): a lateral path.
    expect(body.lateralPaths).toEqual(
      expect.arrayContaining([expect.objectContaining({ source: 'shop/web[Deployment]', target: 'shop/db[Deployment]', reasons: expect.arrayContaining(['mounts-secrets']) })]),
    );
  });

  it('stores the model compressed and without secret values, environment literals or Secrets', async () => {
    const stored = await api.database.withTenant(tenant.tenantId, (tx) => tx.connectivityModel.findUniqueOrThrow({ where: { scanId } }));
    const text = gunzipSync(stored.graph).toString('utf8') + gunzipSync(stored.subset).toString('utf8');
    expect(text).toContain('db-from-api');
    for (const forbidden of [secretValue, Buffer.from(secretValue).toString('base64'), envValue, '"kind":"Secret"']) expect(text).not.toContain(forbidden);
  });
});

describe('GET /v1/clusters/{id}/connectivity/query', () => {
  const query = (params: Record<string, string>, token = tenant.token) =>
    api.http().get(`/v1/clusters/${clusterId}/connectivity/query`).query(params).set(bearer(token));

  it('answers allowed with the policy that allows it', async () => {
    const { body } = await query({ from: 'shop/api', to: 'shop/db', port: '5432/TCP' }).expect(200);
    expect(body).toMatchObject({ scanId, src: 'shop/api[Deployment]', dst: 'shop/db[Deployment]', verdict: 'allowed', query: 'TCP 5432' });
    expect(body.steps).toEqual(expect.arrayContaining([expect.objectContaining({ direction: 'ingress', action: 'allow', policy: 'NetworkPolicy shop/db-from-api' })]));
  });

  it('answers denied, naming the isolating policy', async () => {
    const { body } = await query({ from: 'shop/web[Deployment]', to: 'shop/db[Deployment]', port: '5432/TCP' }).expect(200);
    expect(body.verdict).toBe('denied');
    expect(body.allowed).toBe('No Connections');
    expect(JSON.stringify(body.steps)).toContain('db-from-api');
  });

  it('answers partially-allowed when no port is given', async () => {
    const { body } = await query({ from: 'shop/api', to: 'shop/db' }).expect(200);
    expect(body).toMatchObject({ verdict: 'partially-allowed', allowed: 'TCP 5432' });
  });

  it('refuses unknown workloads, bad ports and missing fields with a problem naming the field', async () => {
    const unknown = await query({ from: 'shop/nope', to: 'shop/db' }).expect(400);
    expect(unknown.headers['content-type']).toMatch(/problem\+json/);
    expect(unknown.body.errors[0].field).toBe('from');
    expect(unknown.body.errors[0].message).toContain('shop/api[Deployment]');
    const port = await query({ from: 'shop/api', to: 'shop/db', port: '99999/TCP' }).expect(400);
    expect(port.body.errors[0].field).toBe('port');
    const missing = await query({ from: 'shop/api' }).expect(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('to');
  });

  it('builds the query model once per scan: later questions reuse it and answer the same', async () => {
    const models = api.app.get(ConnectivityService).queryModels;
    const cached = models.get(scanId);
    expect(cached).toBeDefined();
    const { body } = await query({ from: 'shop/api', to: 'shop/db', port: '5432/TCP' }).expect(200);
    expect(body.verdict).toBe('allowed');
    expect(models.get(scanId)).toBe(cached);
    expect(models.size).toBe(1);
  });

  it('answers 404 for a cluster without a model, and to another tenant', async () => {
    await api.http().get(`/v1/clusters/00000000-0000-4000-8000-000000000000/connectivity`).set(bearer(tenant.token)).expect(404);
    await api.http().get(`/v1/clusters/${clusterId}/connectivity`).set(bearer(other.token)).expect(404);
    await query({ from: 'shop/api', to: 'shop/db' }, other.token).expect(404);
  });
});
