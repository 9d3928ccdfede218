import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../src/index.js';
import { call, listAll, type ListBody } from './https-client.js';
import { namespaces, networkPolicy, pods } from './fixture-objects.js';

describe('list and get', () => {
  let sim: RunningSimulator;
  const allPods = pods(25);
  const expectedOrder = allPods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();

  beforeAll(async () => {
    sim = await startSimulator({
      objects: [...namespaces, ...allPods, networkPolicy],
      faults: { continueTokenTtlMs: 60_000 },
    });
  });
  afterAll(() => sim.stop());

  it('pages a cluster-wide list across page boundaries in namespace/name order, with nothing lost or repeated', async () => {
    const { pages, names } = await listAll(sim, '/api/v1/pods', 10);
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5]);
    expect(names).toEqual(expectedOrder);
    expect(pages[0]?.metadata.remainingItemCount).toBe(15);
    expect(pages[1]?.metadata.remainingItemCount).toBe(5);
    expect(pages[2]?.metadata.continue).toBeUndefined();
    expect(new Set(pages.map((p) => p.metadata.resourceVersion)).size).toBe(1);
  });

  it('pages exactly at the boundary (limit divides the count) without an empty extra page', async () => {
    const { pages } = await listAll(sim, '/api/v1/namespaces/ns-a/pods', 3);
    expect(pages.map((p) => p.items.length)).toEqual([3, 3, 3]);
  });

  it('lists one namespace, and an unlimited list in one response', async () => {
    const res = await call(sim, '/api/v1/namespaces/ns-b/pods', { token: 'read-only' });
    const body = res.json as ListBody;
    expect(body.kind).toBe('PodList');
    expect(body.items.every((i) => i.metadata.namespace === 'ns-b')).toBe(true);
    expect(body.items).toHaveLength(8);
    expect(body.metadata.continue).toBeUndefined();
    const all = (await call(sim, '/api/v1/pods', { token: 'read-only' })).json as ListBody;
    expect(all.items).toHaveLength(25);
  });

  it('omits kind/apiVersion on list items but includes them on a single GET, with complete metadata', async () => {
    const list = (await call(sim, '/api/v1/namespaces/ns-a/pods?limit=1', { token: 'read-only' }))
      .json as ListBody;
    expect(list.items[0]).not.toHaveProperty('kind');
    const one = await call(sim, '/api/v1/namespaces/ns-a/pods/pod-000', { token: 'read-only' });
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'pod-000', namespace: 'ns-a' },
    });
    const meta = (one.json as { metadata: Record<string, string> }).metadata;
    expect(meta.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta.resourceVersion).toMatch(/^\d+$/);
    expect(meta.creationTimestamp).toMatch(/Z$/);
    const ns = await call(sim, '/api/v1/namespaces/ns-c', { token: 'read-only' });
    expect(ns.json).toMatchObject({ kind: 'Namespace', metadata: { name: 'ns-c' } });
  });

  it('answers a missing object with a NotFound Status naming it', async () => {
    const res = await call(sim, '/api/v1/namespaces/ns-a/pods/nope', { token: 'read-only' });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      code: 404,
      details: { name: 'nope', kind: 'pods' },
    });
  });

  it('filters by label and field selectors, paging over the filtered result', async () => {
    const web = await listAll(sim, '/api/v1/pods?labelSelector=app%3Dweb', 4);
    expect(web.names).toHaveLength(13);
    expect(web.pages.every((p) => p.items.every((i) => i.metadata.labels?.app === 'web'))).toBe(true);
    const setBased = (
      await call(sim, `/api/v1/pods?labelSelector=${encodeURIComponent('tier in (edge),app!=api')}`, {
        token: 'read-only',
      })
    ).json as ListBody;
    expect(setBased.items.map((i) => i.metadata.name).sort()).toEqual(['pod-000', 'pod-010', 'pod-020']);
    const pending = (
      await call(sim, '/api/v1/pods?fieldSelector=status.phase%3DPending', { token: 'read-only' })
    ).json as ListBody;
    expect(pending.items.map((i) => i.metadata.name).sort()).toEqual([
      'pod-000',
      'pod-007',
      'pod-014',
      'pod-021',
    ]);
    const byName = (
      await call(sim, '/api/v1/pods?fieldSelector=metadata.name%3Dpod-003', { token: 'read-only' })
    ).json as ListBody;
    expect(byName.items).toHaveLength(1);
    const bad = await call(sim, '/api/v1/pods?fieldSelector=spec.image%3Dx', { token: 'read-only' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      reason: 'BadRequest',
      message: 'field label not supported: spec.image',
    });
  });

  it('rejects malformed limit and continue values with BadRequest', async () => {
    expect((await call(sim, '/api/v1/pods?limit=-1', { token: 'read-only' })).status).toBe(400);
    const res = await call(sim, '/api/v1/pods?limit=5&continue=garbage', { token: 'read-only' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
  });

  it('expires continue tokens older than the configured TTL with 410 Gone / Expired', async () => {
    const first = (await call(sim, '/api/v1/pods?limit=5', { token: 'read-only' })).json as ListBody;
    sim.setFaults({ continueTokenTtlMs: 0 });
    try {
      await new Promise((r) => setTimeout(r, 5));
      const res = await call(
        sim,
        `/api/v1/pods?limit=5&continue=${encodeURIComponent(first.metadata.continue!)}`,
        { token: 'read-only' },
      );
      expect(res.status).toBe(410);
      expect(res.json).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 });
      expect((res.json as { metadata: { continue?: string } }).metadata.continue).toBeTruthy();
    } finally {
      sim.setFaults({});
    }
  });

  it('returns a meta.k8s.io Table when kubectl asks for one, paginated like the list', async () => {
    const accept =
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    const res = await call(sim, '/api/v1/pods?limit=20', { token: 'read-only', accept });
    const table = res.json as {
      kind: string;
      metadata: { continue?: string };
      columnDefinitions: { name: string }[];
      rows: { cells: unknown[]; object: { metadata: { namespace: string } } }[];
    };
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((c) => c.name)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP',
      'Node',
    ]);
    expect(table.rows).toHaveLength(20);
    expect(table.rows[0]?.cells.slice(0, 3)).toEqual(['pod-000', '0/1', 'Pending']);
    expect(table.rows[0]?.object.metadata.namespace).toBe('ns-a');
    expect(table.metadata.continue).toBeTruthy();
  });

  it('answers writes with MethodNotAllowed when permitted and Forbidden when not', async () => {
    const body = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } };
    const allowed = await call(sim, '/api/v1/namespaces/ns-a/pods', {
      token: 'write-capable',
      method: 'POST',
      body,
    });
    expect(allowed.status).toBe(405);
    expect(allowed.json).toMatchObject({ reason: 'MethodNotAllowed' });
    const denied = await call(sim, '/api/v1/namespaces/ns-a/pods/pod-000', {
      token: 'read-only',
      method: 'DELETE',
    });
    expect(denied.status).toBe(403);
    expect(denied.json).toMatchObject({
      reason: 'Forbidden',
      message: expect.stringContaining('cannot delete resource "pods"'),
    });
  });

  it('honours resourceVersion semantics: current and 0 are served, newer is a 504, Exact older is 410', async () => {
    const rv = sim.resourceVersion;
    expect(
      (
        await call(sim, `/api/v1/pods?limit=2&resourceVersion=${rv}&resourceVersionMatch=NotOlderThan`, {
          token: 'read-only',
        })
      ).status,
    ).toBe(200);
    expect((await call(sim, '/api/v1/pods?resourceVersion=0', { token: 'read-only' })).status).toBe(200);
    const tooNew = await call(sim, `/api/v1/pods?resourceVersion=${Number(rv) + 100}`, {
      token: 'read-only',
    });
    expect(tooNew.status).toBe(504);
    expect(tooNew.json).toMatchObject({
      reason: 'Timeout',
      details: { causes: [{ reason: 'ResourceVersionTooLarge' }] },
    });
    const old = await call(sim, `/api/v1/pods?resourceVersion=${Number(rv) - 1}&resourceVersionMatch=Exact`, {
      token: 'read-only',
    });
    expect(old.status).toBe(410);
    expect(old.json).toMatchObject({ reason: 'Expired' });
    expect((await call(sim, '/api/v1/pods?resourceVersionMatch=Exact', { token: 'read-only' })).status).toBe(
      400,
    );
  });

  it('serves watches: ADDED events from scratch, a bookmark, then nothing until the timeout', async () => {
    const fromScratch = await call(
      sim,
      '/api/v1/namespaces/ns-c/pods?watch=true&timeoutSeconds=1&allowWatchBookmarks=true',
      { token: 'read-only' },
    );
    const events = fromScratch.text
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            type: string;
            object: { kind: string; metadata: { name: string; resourceVersion: string } };
          },
      );
    expect(events.filter((e) => e.type === 'ADDED')).toHaveLength(8);
    expect(events[0]?.object.kind).toBe('Pod');
    expect(events.at(-1)).toMatchObject({
      type: 'BOOKMARK',
      object: { metadata: { resourceVersion: sim.resourceVersion } },
    });
    const fromCurrent = await call(
      sim,
      `/api/v1/pods?watch=1&timeoutSeconds=1&resourceVersion=${sim.resourceVersion}`,
      { token: 'read-only' },
    );
    expect(fromCurrent.status).toBe(200);
    expect(fromCurrent.text).toBe('');
    expect(
      (await call(sim, '/api/v1/secrets?watch=true&timeoutSeconds=1', { token: 'forbidden-secrets' })).status,
    ).toBe(403);
  });

  it('counts requests by path and status', async () => {
    sim.resetStats();
    await call(sim, '/api/v1/pods?limit=1', { token: 'read-only' });
    await call(sim, '/api/v1/pods', { token: 'nope' });
    const stats = sim.stats();
    expect(stats.byPath['GET /api/v1/pods']).toEqual({ requests: 2, byStatus: { 200: 1, 401: 1 } });
    expect(stats.listedItems).toBe(1);
  });
});
