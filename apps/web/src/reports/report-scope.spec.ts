import { describe, expect, it } from 'vitest';
import { describeScope, frameworkChoices, fleetScope, scopeOf, shortDigest } from './report-scope.js';

describe('report scope', () => {
  it('sends exactly one of fleet, clusterId or a tidied selector', () => {
    expect(scopeOf(fleetScope)).toEqual({ scope: { fleet: true } });
    expect(scopeOf({ kind: 'cluster', clusterId: 'c1', selector: 'ignored' })).toEqual({ scope: { clusterId: 'c1' } });
    expect(scopeOf({ kind: 'selector', clusterId: 'ignored', selector: ' env=prod , team=pay ,' })).toEqual({ scope: { selector: 'env=prod,team=pay' } });
  });

  it('says what is missing instead of sending an empty scope', () => {
    expect(scopeOf({ kind: 'cluster', clusterId: '', selector: '' })).toEqual({ problem: 'Choose a cluster.' });
    expect(scopeOf({ kind: 'selector', clusterId: '', selector: ' , ' })).toHaveProperty('problem');
  });

  it('describes a scope in words, with the cluster name when known', () => {
    const names = new Map([['c1', 'payments-prod']]);
    expect(describeScope({ kind: 'cluster', clusterId: 'c1' }, names)).toBe('payments-prod');
    expect(describeScope({ kind: 'cluster', clusterId: 'c2' }, names)).toBe('c2');
    expect(describeScope({ kind: 'selector', selector: 'env=prod' }, names)).toBe('clusters with env=prod');
    expect(describeScope({ kind: 'fleet' }, names)).toBe('whole fleet');
  });

  it('shortens digests and key ids, keeping the algorithm', () => {
    expect(shortDigest(`sha256:${'ab'.repeat(32)}`)).toBe('sha256:abababababab…');
    expect(shortDigest(null)).toBe('—');
  });

  it('offers the scored frameworks and the default, once each, in order', () => {
    expect(frameworkChoices(['pss-baseline', 'cis-k8s-v1.10'])).toEqual(['cis-k8s-v1.10', 'pss-baseline']);
  });
});
