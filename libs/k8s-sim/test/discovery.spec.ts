import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../src/index.js';
import { call } from './https-client.js';
import { namespaces, networkPolicy, pods } from './fixture-objects.js';

interface ResourceList {
  groupVersion: string;
  resources: { name: string; namespaced: boolean; kind: string; verbs: string[]; shortNames?: string[] }[];
}

describe('discovery', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({
      objects: [...namespaces, ...pods(3), networkPolicy],
      serverVersion: { major: '1', minor: '31', gitVersion: 'v1.31.2' },
    });
  });
  afterAll(() => sim.stop());

  it('serves /version with the configured server version', async () => {
    const res = await call(sim, '/version', { token: 'read-only' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      major: '1',
      minor: '31',
      gitVersion: 'v1.31.2',
      platform: 'linux/amd64',
    });
  });

  it('lists the core version and named groups', async () => {
    expect((await call(sim, '/api', { token: 'read-only' })).json).toMatchObject({
      kind: 'APIVersions',
      versions: ['v1'],
    });
    const groups = (await call(sim, '/apis', { token: 'read-only' })).json as {
      kind: string;
      groups: { name: string; preferredVersion: { groupVersion: string } }[];
    };
    expect(groups.kind).toBe('APIGroupList');
    const names = groups.groups.map((g) => g.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'apps',
        'batch',
        'networking.k8s.io',
        'rbac.authorization.k8s.io',
        'authorization.k8s.io',
        'discovery.k8s.io',
      ]),
    );
    expect(groups.groups.find((g) => g.name === 'networking.k8s.io')?.preferredVersion.groupVersion).toBe(
      'networking.k8s.io/v1',
    );
    expect((await call(sim, '/apis/apps', { token: 'read-only' })).json).toMatchObject({
      kind: 'APIGroup',
      name: 'apps',
    });
  });

  it('describes resources with verbs, scope, kind and short names', async () => {
    const core = (await call(sim, '/api/v1', { token: 'read-only' })).json as ResourceList;
    const podType = core.resources.find((r) => r.name === 'pods');
    expect(podType).toMatchObject({ namespaced: true, kind: 'Pod', shortNames: ['po'] });
    expect(podType?.verbs).toEqual(expect.arrayContaining(['get', 'list', 'watch']));
    expect(core.resources.find((r) => r.name === 'namespaces')).toMatchObject({
      namespaced: false,
      kind: 'Namespace',
    });
    const net = (await call(sim, '/apis/networking.k8s.io/v1', { token: 'read-only' })).json as ResourceList;
    expect(net.groupVersion).toBe('networking.k8s.io/v1');
    expect(net.resources.find((r) => r.name === 'networkpolicies')).toMatchObject({
      kind: 'NetworkPolicy',
      namespaced: true,
      shortNames: ['netpol'],
    });
    const authz = (await call(sim, '/apis/authorization.k8s.io/v1', { token: 'read-only' }))
      .json as ResourceList;
    expect(authz.resources.find((r) => r.name === 'selfsubjectrulesreviews')?.verbs).toEqual(['create']);
  });

  it('answers aggregated discovery when asked for it', async () => {
    const res = await call(sim, '/apis', {
      token: 'read-only',
      accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
    });
    expect(res.headers['content-type']).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    const body = res.json as {
      kind: string;
      items: {
        metadata: { name: string };
        versions: { version: string; resources: { resource: string; scope: string }[] }[];
      }[];
    };
    expect(body.kind).toBe('APIGroupDiscoveryList');
    const apps = body.items.find((i) => i.metadata.name === 'apps');
    expect(apps?.versions[0]?.resources.find((r) => r.resource === 'deployments')?.scope).toBe('Namespaced');
  });

  it('does not serve optional kinds (CRDs, PSP) that the data lacks', async () => {
    const groups = (await call(sim, '/apis', { token: 'read-only' })).json as { groups: { name: string }[] };
    const names = groups.groups.map((g) => g.name);
    for (const g of [
      'cilium.io',
      'crd.projectcalico.org',
      'gateway.networking.k8s.io',
      'policy.networking.k8s.io',
    ])
      expect(names).not.toContain(g);
    expect((await call(sim, '/apis/policy/v1beta1', { token: 'read-only' })).status).toBe(404);
    expect((await call(sim, '/apis/cilium.io/v2/ciliumnetworkpolicies', { token: 'read-only' })).status).toBe(
      404,
    );
  });

  it('answers unknown paths with a NotFound Status', async () => {
    const res = await call(sim, '/apis/nope.example.com/v1/things', { token: 'read-only' });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
    });
  });
});

describe('optional kinds', () => {
  it('serves generated CRD families and kinds asked for, and hides resources on request', async () => {
    const sim = await startSimulator({
      preset: 'demo',
      extras: ['cilium', 'gateway-api'],
      serveOptionalKinds: ['podsecuritypolicies'],
      hideResources: ['ingresses'],
    });
    try {
      const groups = (
        (await call(sim, '/apis', { token: 'read-only' })).json as {
          groups: { name: string; versions: { version: string }[] }[];
        }
      ).groups;
      expect(groups.map((g) => g.name)).toEqual(
        expect.arrayContaining(['cilium.io', 'gateway.networking.k8s.io']),
      );
      expect(groups.map((g) => g.name)).not.toContain('crd.projectcalico.org');
      expect(groups.find((g) => g.name === 'policy')?.versions.map((v) => v.version)).toContain('v1beta1');
      const cnp = await call(sim, '/apis/cilium.io/v2/ciliumnetworkpolicies', { token: 'read-only' });
      expect(cnp.status).toBe(200);
      expect((cnp.json as { items: unknown[] }).items.length).toBeGreaterThan(0);
      const psp = await call(sim, '/apis/policy/v1beta1/podsecuritypolicies', { token: 'read-only' });
      expect((psp.json as { items: unknown[] }).items).toEqual([]);
      expect((await call(sim, '/apis/networking.k8s.io/v1/ingresses', { token: 'read-only' })).status).toBe(
        404,
      );
      const net = (await call(sim, '/apis/networking.k8s.io/v1', { token: 'read-only' }))
        .json as ResourceList;
      expect(net.resources.map((r) => r.name)).not.toContain('ingresses');
    } finally {
      await sim.stop();
    }
  });
});
