import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startSimulator, type RunningSimulator } from '../src/index.js';
import { call, type ListBody } from './https-client.js';

describe('virtual clusters: many clusters from one server', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ preset: 'demo', seed: 5, virtualClusters: { count: 6, distinctStates: 3 }, maxPageSize: 7 });
  });
  afterAll(() => sim.stop());

  const podNames = async (index: number) => {
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await call(sim, `/clusters/${index}/api/v1/pods?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`, {
        token: 'read-only',
      });
      expect(res.status).toBe(200);
      const body = res.json as ListBody & { items: { metadata: { namespace: string; name: string } }[] };
      expect(body.items.length).toBeLessThanOrEqual(7);
      names.push(...body.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
      token = body.metadata.continue;
      pages++;
    } while (token);
    return { names, pages };
  };

  it('serves each cluster under its path: same state for the same index modulo distinctStates, another seed otherwise', async () => {
    const [zero, one, three] = await Promise.all([podNames(0), podNames(1), podNames(3)]);
    expect(zero.names).toHaveLength(60);
    expect(zero.pages).toBeGreaterThan(8);
    expect(three.names).toEqual(zero.names);
    expect(one.names).not.toEqual(zero.names);
    const plain = await startSimulator({ preset: 'demo', seed: 6 });
    try {
      const res = await call(plain, '/api/v1/pods?limit=500', { token: 'read-only' });
      const body = res.json as { items: { metadata: { namespace: string; name: string } }[] };
      expect(one.names).toEqual(body.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
    } finally {
      await plain.stop();
    }
  });

  it('answers 404 for a cluster it does not serve and writes kubeconfigs that point at one cluster', async () => {
    expect((await call(sim, '/clusters/6/api/v1/pods', { token: 'read-only' })).status).toBe(404);
    expect((await call(sim, '/api/v1/pods', { token: 'read-only' })).status).toBe(404);
    const kubeconfig = parse(sim.kubeconfig({ virtualCluster: 4 })) as { clusters: { cluster: { server: string } }[] };
    expect(kubeconfig.clusters[0]!.cluster.server).toBe(`${sim.url}/clusters/4`);
    expect(() => sim.kubeconfig({ virtualCluster: 6 })).toThrow(/not served/);
  });

  it('decides faults per cluster: one cluster used up its faults, another still gets them', async () => {
    sim.setFaults({ serverErrorRate: 1, maxFaultsPerRequest: 1 });
    expect((await call(sim, '/clusters/2/api/v1/namespaces?limit=5', { token: 'read-only' })).status).toBe(500);
    expect((await call(sim, '/clusters/2/api/v1/namespaces?limit=5', { token: 'read-only' })).status).toBe(200);
    expect((await call(sim, '/clusters/5/api/v1/namespaces?limit=5', { token: 'read-only' })).status).toBe(500);
    sim.setFaults({});
  });
});
