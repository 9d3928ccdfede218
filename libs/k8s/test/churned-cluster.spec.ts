import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { catalog, evaluateRules } from '@meshguard/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSnapshot, prepareClusterAccess } from '../src/index.js';

// The demo cluster's churn, seen the way a scan sees it: collected over HTTPS and evaluated by the rule catalog.

let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await startSimulator({ preset: 'demo', churn: { seed: 11 } });
});
afterAll(() => simulator.stop());

async function openFindings(): Promise<Set<string>> {
  const target = await prepareClusterAccess(simulator.kubeconfig(), { allowedAddresses: ['127.0.0.1'] });
  const { snapshot } = await collectSnapshot(target);
  const report = evaluateRules(snapshot, catalog);
  return new Set(report.findings.filter((f) => f.status === 'open').map((f) => f.fingerprint));
}

describe('a churned demo cluster', () => {
  it('has findings appear and disappear between generations, the same for the same seed', async () => {
    const generations = [await openFindings()];
    for (let g = 1; g <= 4; g++) {
      simulator.advanceGeneration();
      generations.push(await openFindings());
    }
    const appeared = generations.slice(1).map((now, i) => [...now].filter((f) => !generations[i]!.has(f)).length);
    const resolved = generations.slice(1).map((now, i) => [...generations[i]!].filter((f) => !now.has(f)).length);
    expect(appeared.some((n) => n > 0)).toBe(true);
    expect(resolved.some((n) => n > 0)).toBe(true);

    const again = await startSimulator({ preset: 'demo', churn: { seed: 11 } });
    try {
      for (let g = 1; g <= 4; g++) again.advanceGeneration();
      const target = await prepareClusterAccess(again.kubeconfig(), { allowedAddresses: ['127.0.0.1'] });
      const report = evaluateRules((await collectSnapshot(target)).snapshot, catalog);
      const replayed = new Set(report.findings.filter((f) => f.status === 'open').map((f) => f.fingerprint));
      expect([...replayed].sort()).toEqual([...generations[4]!].sort());
    } finally {
      await again.stop();
    }
  });
});
