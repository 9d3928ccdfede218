import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifests, startSimulator, type RunningSimulator } from '../src/index.js';
import { call, type ListBody } from './https-client.js';

const fixtures = join(import.meta.dirname, 'fixtures', 'manifests');

describe('serving a folder of manifests', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ manifestsDir: fixtures });
  });
  afterAll(() => sim.stop());

  it('loads multi-document YAML, JSON List kinds and nested folders', async () => {
    const objects = await loadManifests(fixtures);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'CiliumNetworkPolicy/l7',
      'Deployment/web',
      'Namespace/shop',
      'NetworkPolicy/deny-all',
      'Widget/w1',
    ]);
    expect(sim.counts()).toMatchObject({
      namespaces: 1,
      deployments: 1,
      networkpolicies: 1,
      ciliumnetworkpolicies: 1,
      widgets: 1,
      pods: 0,
    });
  });

  it('serves built-in kinds, present CRD kinds and unknown custom kinds, and discovers them', async () => {
    const deployments = (await call(sim, '/apis/apps/v1/namespaces/shop/deployments', { token: 'read-only' }))
      .json as ListBody;
    expect(deployments.items.map((d) => d.metadata.name)).toEqual(['web']);
    const cnp = (
      await call(sim, '/apis/cilium.io/v2/namespaces/shop/ciliumnetworkpolicies/l7', { token: 'read-only' })
    ).json;
    expect(cnp).toMatchObject({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy' });
    const widgets = (await call(sim, '/apis/example.com/v1/widgets', { token: 'read-only' }))
      .json as ListBody;
    expect(widgets.kind).toBe('WidgetList');
    expect(widgets.items[0]).toMatchObject({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      spec: { size: 3 },
    });
    const groups = (
      (await call(sim, '/apis', { token: 'read-only' })).json as { groups: { name: string }[] }
    ).groups.map((g) => g.name);
    expect(groups).toEqual(expect.arrayContaining(['cilium.io', 'example.com']));
    expect(groups).not.toContain('crd.projectcalico.org');
  });
});

describe('bad manifests', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'k8s-sim-manifests-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the file and document index of a document without kind or name', async () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: ok }\n---\napiVersion: v1\nmetadata: { name: nokind }\n',
    );
    await expect(startSimulator({ manifestsDir: dir })).rejects.toThrow(
      `${join(dir, 'bad.yaml')} document 1: apiVersion, kind and metadata.name are required`,
    );
  });

  it('reports YAML syntax errors and missing folders', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'apiVersion: v1\nkind: [unclosed\n');
    await expect(loadManifests(dir)).rejects.toThrow(/bad\.yaml document 0: /);
    await expect(loadManifests(join(dir, 'missing'))).rejects.toThrow(/does not exist/);
  });
});
