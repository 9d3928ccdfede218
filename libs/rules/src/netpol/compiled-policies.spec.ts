import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../snapshot/snapshot.js';
import { compiledOrThrow, compiledPolicyEntries } from './compiled-policies.js';

const policy = (spec: unknown): K8sObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'deny', namespace: 'team' },
  spec: spec as Record<string, unknown>,
});

describe('compiledPolicyEntries', () => {
  it('compiles a list of policy objects once and hands every caller the same results, in list order', () => {
    const list = [
      policy({ podSelector: {}, policyTypes: ['Ingress'] }),
      policy({ podSelector: {}, policyTypes: ['Egress'] }),
    ];
    const first = compiledPolicyEntries('networkpolicies', list);
    expect(first.map((entry) => compiledOrThrow(entry).isolates)).toEqual([['ingress'], ['egress']]);
    expect(compiledPolicyEntries('networkpolicies', list)).toBe(first);
    expect(compiledPolicyEntries('networkpolicies', [...list])).not.toBe(first);
  });

  it('compiles a list again when its length changed since', () => {
    const list = [policy({ podSelector: {}, policyTypes: ['Ingress'] })];
    const first = compiledPolicyEntries('networkpolicies', list);
    list.push(policy({ podSelector: {}, policyTypes: ['Egress'] }));
    const second = compiledPolicyEntries('networkpolicies', list);
    expect(second).not.toBe(first);
    expect(second.map((entry) => compiledOrThrow(entry).isolates)).toEqual([['ingress'], ['egress']]);
  });

  it('keeps the error of a policy that cannot be compiled and throws it again to every caller', () => {
    const list = [
      policy({ podSelector: {}, ingress: 'not a list' }),
      policy({ podSelector: {}, policyTypes: ['Ingress'] }),
    ];
    const [broken, fine] = compiledPolicyEntries('networkpolicies', list);
    expect(broken).toHaveProperty('error');
    const error = (broken as { error: unknown }).error;
    expect(error).toBeInstanceOf(Error);
    expect(() => compiledOrThrow(compiledPolicyEntries('networkpolicies', list)[0]!)).toThrow(error as Error);
    expect(compiledOrThrow(fine!).isolates).toEqual(['ingress']);
  });
});
