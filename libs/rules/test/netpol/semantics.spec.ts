import { describe, expect, it } from 'vitest';
import { can } from '../../src/netpol/can-query.js';
import { buildReachabilityModel } from '../../src/netpol/reachability-model.js';
import { snapshotOf } from './helpers/objects.js';
import { base, semanticCases } from './semantics.cases.js';

describe('NetworkPolicy semantics table', () => {
  it('has at least 60 cases with distinct names', () => {
    expect(semanticCases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(semanticCases.map((c) => c.name)).size).toBe(semanticCases.length);
  });

  for (const c of semanticCases) {
    it(c.name, () => {
      const model = buildReachabilityModel(snapshotOf(c.replaceBase ? c.objects : [...base, ...c.objects]), c.hostNetworkPods ? { hostNetworkPods: c.hostNetworkPods } : {});
      for (const p of model.policies) expect(p.warnings, `${p.ref.name} warnings`).toEqual([]);
      for (const line of c.expect) {
        const m = /^(\S+) => (\S+) : (.+)$/.exec(line);
        if (!m) throw new Error(`bad expectation "${line}"`);
        const result = can(model, m[1]!, m[2]!);
        expect(`${m[1]} => ${m[2]} : ${result.allowed.toString()}`).toBe(line);
      }
    });
  }
});
