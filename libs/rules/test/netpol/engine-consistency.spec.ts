import { generateCluster } from '@meshguard/k8s-sim';
import { describe, expect, it } from 'vitest';
import { connectivitySummary } from '../../src/netpol/connectivity-summary.js';
import { connectivity, peerKey } from '../../src/netpol/connectivity.js';
import { buildReachabilityModel } from '../../src/netpol/reachability-model.js';
import type { ClusterSnapshot, K8sObject } from '../../src/snapshot/snapshot.js';
import { snapshotOf } from './helpers/objects.js';

/** The simulator's preset S cluster (1000 pods, 100 policies), as a snapshot. */
function simulatedSnapshot(): ClusterSnapshot {
  const objects: K8sObject[] = [];
  for (const o of generateCluster('S')) {
    try {
      snapshotOf([o as K8sObject]);
      objects.push(o as K8sObject);
    } catch {
      // kinds a snapshot does not hold (e.g. Events) are left out, as the collector does
    }
  }
  return snapshotOf(objects);
}

describe('engine consistency on a simulated cluster', () => {
  const model = buildReachabilityModel(simulatedSnapshot());

  it('the class graph finds exactly the pairs a brute-force walk over every class pair finds', () => {
    const key = (c: ReturnType<typeof connectivity>[number]): string => `${peerKey(c.src)} => ${peerKey(c.dst)} : ${c.conns.toString()}`;
    const fast = connectivity(model).map(key);
    const brute = connectivity(model, { includeBlocked: true })
      .filter((c) => !c.conns.isEmpty)
      .map(key);
    expect(fast.length).toBeGreaterThan(1000);
    expect(fast).toEqual(brute);
  });

  it('the summary counts what the listing lists', () => {
    const pairs = connectivity(model).filter((c) => c.src.type === 'workload' && c.dst.type === 'workload');
    const summary = connectivitySummary(model);
    expect(summary.workloadPairs).toEqual({ allowed: pairs.length, allConnections: pairs.filter((c) => c.conns.isAll).length });
    expect(summary.classes).toBeLessThanOrEqual(summary.workloads);
  });
});
