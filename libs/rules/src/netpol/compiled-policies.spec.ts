import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../snapshot/snapshot.js';
import { compiledPolicy } from './compiled-policies.js';

const policy = (spec: unknown): K8sObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'deny', namespace: 'team' },
  spec: spec as Record<string, unknown>,
});

describe('compiledPolicy', () => {
  it('compiles a policy object once and hands every caller the same result', () => {
    const object = policy({ podSelector: {}, policyTypes: ['Ingress'] });
    const first = compiledPolicy('networkpolicies', object);
    expect(first.isolates).toEqual(['ingress']);
    expect(compiledPolicy('networkpolicies', object)).toBe(first);
    expect(compiledPolicy('networkpolicies', policy({ podSelector: {}, policyTypes: ['Ingress'] }))).not.toBe(
      first,
    );
  });

  it('throws the same error again for a policy that cannot be compiled', () => {
    const object = policy({ podSelector: {}, ingress: 'not a list' });
    let first: unknown;
    try {
      compiledPolicy('networkpolicies', object);
    } catch (error) {
      first = error;
    }
    expect(first).toBeInstanceOf(Error);
    expect(() => compiledPolicy('networkpolicies', object)).toThrow(first as Error);
  });
});
