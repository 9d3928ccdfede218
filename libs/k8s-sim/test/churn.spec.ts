import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { churnedObjects, generateCluster, startSimulator, type RunningSimulator } from '../src/index.js';
import { call } from './https-client.js';

const base = [...generateCluster('demo', { seed: 42 })];
const fingerprint = (objects: unknown[]) => JSON.stringify(objects);

describe('churn', () => {
  it('is deterministic for a seed and differs between seeds and generations', () => {
    const a = churnedObjects(base, 4, { seed: 11 });
    const b = churnedObjects(base, 4, { seed: 11 });
    expect(fingerprint(a.objects)).toBe(fingerprint(b.objects));
    expect(a.changes).toEqual(b.changes);
    expect(a.changes).toHaveLength(3);
    expect(fingerprint(churnedObjects(base, 4, { seed: 12 }).objects)).not.toBe(fingerprint(a.objects));
    expect(fingerprint(churnedObjects(base, 5, { seed: 11 }).objects)).not.toBe(fingerprint(a.objects));
    expect(fingerprint(churnedObjects(base, 0, { seed: 11 }).objects)).toBe(fingerprint(base));
  });

  it('breaks and later fixes things: privileged containers and NetworkPolicies come and go, images are retagged', () => {
    const kinds = new Set<string>();
    for (let g = 1; g <= 12; g++) for (const change of churnedObjects(base, g, { seed: 11 }).changes) kinds.add(change.kind);
    expect([...kinds].sort()).toEqual(['image-retagged', 'policy-removed', 'policy-restored', 'privileged-off', 'privileged-on']);
    const privilegedAt = (g: number) =>
      churnedObjects(base, g, { seed: 11 }).objects.filter((o) => JSON.stringify(o.spec ?? {}).includes('"privileged":true')).length;
    const counts = Array.from({ length: 12 }, (_, g) => privilegedAt(g));
    expect(new Set(counts).size).toBeGreaterThan(1);
    // The base objects are never modified by churn.
    expect(fingerprint(base)).toBe(fingerprint([...generateCluster('demo', { seed: 42 })]));
  });
});

describe('a simulator with churn', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ preset: 'demo', churn: { seed: 11 } });
  });
  afterAll(() => sim.stop());

  const listed = async (path: string) => (await call(sim, path, { token: 'read-only' })).text;

  it('serves the next generation after advanceGeneration, and what it serves matches churnedObjects', async () => {
    expect(sim.generation()).toBe(0);
    const before = (await listed('/apis/networking.k8s.io/v1/networkpolicies')) + (await listed('/apis/apps/v1/deployments'));
    let changes = sim.advanceGeneration();
    // Advance until a generation touched something listed here (an image retag of a StatefulSet lists elsewhere).
    while (!changes.some((c) => c.kind.startsWith('policy') || c.object.startsWith('Deployment'))) changes = sim.advanceGeneration();
    const after = (await listed('/apis/networking.k8s.io/v1/networkpolicies')) + (await listed('/apis/apps/v1/deployments'));
    expect(after).not.toBe(before);
    const expectedPolicies = churnedObjects(base, sim.generation(), { seed: 11 }).objects.filter((o) => o.kind === 'NetworkPolicy').length;
    const served = JSON.parse(await listed('/apis/networking.k8s.io/v1/networkpolicies')) as { items: unknown[] };
    expect(served.items).toHaveLength(expectedPolicies);
  });

  it('refuses to advance without the churn option', async () => {
    const plain = await startSimulator({ objects: [] });
    try {
      expect(() => plain.advanceGeneration()).toThrow(/churn/);
    } finally {
      await plain.stop();
    }
  });
});
