import { startSimulator, type K8sObject, type RunningSimulator } from '@meshguard/k8s-sim';
import { startWorker, type RunningWorker } from '@meshguard/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished } from './support/seed-history.js';
import { bearer, startTestApi, type TestApi, type TestTenant } from './support/test-api.js';

// Drift between clusters scanned for real: "prod" isolates its shop namespace with default-deny policies and runs an
// unprivileged pod; "staging" runs the same pod privileged and has no policies.

let api: TestApi;
let worker: RunningWorker;
let prodSim: RunningSimulator;
let stagingSim: RunningSimulator;
let tenant: TestTenant;
let prod: string;
let staging: string;
let idle: string;

const namespace: K8sObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
const pod = (privileged: boolean): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'registry.example.com/web:1.2.3', ...(privileged ? { securityContext: { privileged: true } } : {}) }] },
});
const defaultDeny: K8sObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'default-deny', namespace: 'shop' },
  spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
};

async function register(name: string, labels: Record<string, string>, sim: RunningSimulator): Promise<string> {
  const response = await api.http().post('/v1/clusters').set(bearer(tenant.token)).send({ name, labels, kubeconfig: sim.kubeconfig({ token: 'read-only' }) });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.cluster.id;
}

async function scan(clusterId: string): Promise<void> {
  const requested = await api.http().post(`/v1/clusters/${clusterId}/scans`).set(bearer(tenant.token)).expect(202);
  expect(await finished(api, tenant, requested.body.id)).toBe('succeeded');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read loosely in assertions
async function drift(query: string): Promise<any> {
  const response = await api.http().get(`/v1/fleet/drift?${query}`).set(bearer(tenant.token));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

beforeAll(async () => {
  [api, prodSim, stagingSim] = await Promise.all([
    startTestApi(),
    startSimulator({ objects: [namespace, pod(false), defaultDeny] }),
    startSimulator({ objects: [namespace, pod(true)] }),
  ]);
  worker = await startWorker(api.config, { database: api.database, serveMetrics: false });
  tenant = await api.createTenant('Drift');
  prod = await register('shop-prod', { env: 'prod' }, prodSim);
  staging = await register('shop-staging', { env: 'staging' }, stagingSim);
  idle = await register('shop-staging-2', { env: 'staging' }, stagingSim);
  await Promise.all([scan(prod), scan(staging)]);
}, 240_000);

afterAll(async () => {
  await worker?.stop();
  await Promise.all([api?.close(), prodSim?.stop(), stagingSim?.stop()]);
});

describe('GET /v1/fleet/drift', () => {
  it('names the rules and controls failing on one side only, and the namespaces isolated on one side only', async () => {
    const result = await drift(`base=${prod}&compare=${staging}`);
    expect(result.base).toMatchObject({ id: prod, name: 'shop-prod', scanId: expect.any(String) });
    expect(result.comparisons).toHaveLength(1);
    const [comparison] = result.comparisons;
    expect(comparison.cluster).toMatchObject({ id: staging, name: 'shop-staging' });
    expect(comparison.rules.failingOnlyInCompare).toEqual(expect.arrayContaining(['container-privileged', 'netpol-namespace-default-deny-ingress', 'netpol-namespace-default-deny-egress']));
    expect(comparison.rules.failingOnlyInBase).not.toContain('container-privileged');
    expect(comparison.controls['cis-k8s-v1.10'].failingOnlyInCompare).toContain('5.3.2');
    expect(Object.values(comparison.controls as Record<string, { failingOnlyInCompare: string[] }>).some((divergence) => divergence.failingOnlyInCompare.length > 0)).toBe(true);
    expect(comparison.namespaces).toEqual({
      ingress: { defaultDenyOnlyInBase: ['shop'], defaultDenyOnlyInCompare: [] },
      egress: { defaultDenyOnlyInBase: ['shop'], defaultDenyOnlyInCompare: [] },
    });
    const reversed = await drift(`base=${staging}&compare=${prod}`);
    expect(reversed.comparisons[0].rules).toEqual({ failingOnlyInBase: comparison.rules.failingOnlyInCompare, failingOnlyInCompare: comparison.rules.failingOnlyInBase });
    expect(reversed.comparisons[0].namespaces.ingress).toEqual({ defaultDenyOnlyInBase: [], defaultDenyOnlyInCompare: ['shop'] });
  });

  it('compares with every cluster a selector names, listing those never measured apart', async () => {
    const result = await drift(`base=${prod}&compare=env%3Dstaging`);
    expect(result.comparisons.map((comparison: { cluster: { id: string } }) => comparison.cluster.id)).toEqual([staging]);
    expect(result.unmeasured).toEqual([{ id: idle, name: 'shop-staging-2', scanId: null, collectedAt: null }]);
    const self = await drift(`base=${prod}&compare=env%3Dprod`);
    expect(self.comparisons).toEqual([]);
  });

  it('answers bad input with a 4xx problem and another tenant\'s cluster with 404', async () => {
    const cases: [string, number, string | null][] = [
      [`compare=${staging}`, 400, 'base'],
      [`base=not-a-uuid&compare=${staging}`, 400, 'base'],
      [`base=${prod}`, 400, 'compare'],
      [`base=${prod}&compare=env`, 400, 'compare'],
      [`base=${prod}&compare=env%3Dst%00aging`, 400, 'compare'],
      [`base=00000000-0000-4000-8000-000000000000&compare=${staging}`, 404, null],
      [`base=${prod}&compare=00000000-0000-4000-8000-000000000000`, 404, null],
      [`base=${idle}&compare=${prod}`, 409, null],
    ];
    for (const [query, status, field] of cases) {
      const response = await api.http().get(`/v1/fleet/drift?${query}`).set(bearer(tenant.token));
      expect(response.status, query).toBe(status);
      expect(response.headers['content-type'], query).toMatch(/problem\+json/);
      if (field) expect(response.body.errors.map((error: { field: string }) => error.field), query).toContain(field);
    }
    const other = await api.createTenant('Elsewhere');
    await api.http().get(`/v1/fleet/drift?base=${prod}&compare=${staging}`).set(bearer(other.token)).expect(404);
  });
});
