import type { components } from '@meshguard/api-client';
import { describe, expect, it } from 'vitest';
import { endpointChoices, lateralHops, networkGraphOf, outsideCategory } from './network-graph.js';

type Connectivity = components['schemas']['ConnectivityDto'];

const workload = (namespace: string, name: string, internetExposed = false) => ({
  key: `${namespace}/${name}[Deployment]`,
  namespace,
  name,
  kind: 'Deployment',
  labels: {},
  pods: 2,
  internetExposed,
});

const model = {
  scanId: 's',
  collectedAt: '2026-12-07T00:00:00.000Z',
  policies: 1,
  namespaces: [
    { name: 'shop', labels: {} },
    { name: 'data', labels: {} },
  ],
  workloads: [workload('shop', 'web', true), workload('shop', 'api'), workload('data', 'db')],
  edges: [
    { src: '{ingress-controller}', dst: 'shop/web[Deployment]', ports: 'TCP 8080' },
    { src: 'shop/web[Deployment]', dst: 'shop/api[Deployment]', ports: 'TCP 8000' },
    { src: 'shop/api[Deployment]', dst: 'data/db[Deployment]', ports: 'TCP 5432' },
    { src: 'shop/web[Deployment]', dst: 'data/db[Deployment]', ports: 'All Connections' },
  ],
  exposure: [{ workload: 'shop/web[Deployment]', entryPoints: [{ via: 'loadbalancer', object: 'Service shop/web', allowed: 'TCP 8080' }] }],
  lateralPaths: [
    {
      source: 'shop/web[Deployment]',
      target: 'data/db[Deployment]',
      reasons: ['data-store'],
      hops: [
        { workload: 'shop/api[Deployment]', ports: 'TCP 8000' },
        { workload: 'data/db[Deployment]', ports: 'TCP 5432' },
      ],
    },
  ],
} as Connectivity;

describe('network graph', () => {
  it('draws every workload by namespace, outside endpoints apart, and marks exposure and lateral paths', () => {
    const graph = networkGraphOf(model);
    expect(graph.level).toBe('workload');
    expect(graph.categories).toEqual(['data', 'shop', outsideCategory]);
    const node = (id: string) => graph.nodes.find((candidate) => candidate.id === id);
    expect(node('shop/web[Deployment]')).toMatchObject({ label: 'shop/web', category: 1, exposed: true, onPath: true, weight: 2 });
    expect(node('data/db[Deployment]')).toMatchObject({ category: 0, exposed: false, onPath: true });
    expect(node('{ingress-controller}')).toMatchObject({ category: 2, onPath: false });
    expect(graph.nodes).toHaveLength(4);
    expect(graph.links.filter((link) => link.onPath).map((link) => `${link.source}>${link.target}`)).toEqual([
      'shop/web[Deployment]>shop/api[Deployment]',
      'shop/api[Deployment]>data/db[Deployment]',
    ]);
    // The direct web → db connection is allowed but not a hop of the path.
    expect(graph.links.find((link) => link.label === 'All Connections')?.onPath).toBe(false);
  });

  it('follows each path hop by hop from its exposed source', () => {
    expect([...lateralHops(model)]).toEqual(['shop/web[Deployment]\u0000shop/api[Deployment]', 'shop/api[Deployment]\u0000data/db[Deployment]']);
  });

  it('falls back to namespaces past the workload limit, counting connections per namespace pair', () => {
    const graph = networkGraphOf(model, 2);
    expect(graph.level).toBe('namespace');
    expect(graph.nodes.map((node) => [node.id, node.weight, node.exposed, node.onPath])).toEqual([
      ['data', 1, false, true],
      ['shop', 2, true, true],
      [outsideCategory, 1, false, false],
    ]);
    expect(graph.links.map((link) => [link.source, link.target, link.label, link.onPath])).toEqual([
      [outsideCategory, 'shop', '1 connection', false],
      ['shop', 'shop', '1 connection', true],
      ['shop', 'data', '2 connections', true],
    ]);
  });

  it('offers workload keys, sorted, for the query form', () => {
    expect(endpointChoices(model)).toEqual(['data/db[Deployment]', 'shop/api[Deployment]', 'shop/web[Deployment]']);
  });
});
