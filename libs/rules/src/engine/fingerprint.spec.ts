import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Evidence } from './rule.js';
import { FingerprintWriter, findingFingerprint } from './fingerprint.js';

// The digest stored fingerprints were made with: JSON of the identity with every evidence value copied with sorted keys.
function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value === undefined ? null : value;
  if (Array.isArray(value)) return value.map(sortedCopy);
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedCopy((value as Record<string, unknown>)[key])]),
  );
}

function referenceFingerprint(evidence: Evidence[], container?: string): string {
  const identity = [
    'rule',
    'Pod',
    'ns',
    'name',
    container ?? '',
    evidence.map((item) => [item.pointer, sortedCopy(item.value)]),
  ];
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 32);
}

const values: unknown[] = [
  undefined,
  null,
  0,
  -0,
  Number.NaN,
  'plain',
  'quote " backslash \\ newline \n tab \t',
  'lone \ud800 surrogate, pair 😀, line separator \u2028',
  [undefined, null, 1, [2, { b: 1, a: 2 }]],
  {
    b: 1,
    a: undefined,
    f: () => 1,
    '10': 'ten',
    '9': 'nine',
    '01': 'padded',
    '4294967295': 'not an index',
    z: { y: [{ d: 1, c: 2 }] },
  },
];

describe('findingFingerprint', () => {
  it.each(values.map((value) => [JSON.stringify(value) ?? String(value), value]))(
    'keeps the digest fingerprints were stored with, for %s',
    (_name, value) => {
      const evidence: Evidence[] = [{ pointer: '/spec' }, { pointer: '/spec/x', value }];
      expect(
        findingFingerprint(
          'rule',
          { apiVersion: 'v1', kind: 'Pod', namespace: 'ns', name: 'name' },
          'app',
          evidence,
        ),
      ).toBe(referenceFingerprint(evidence, 'app'));
    },
  );
});

describe('FingerprintWriter', () => {
  it('gives the digests of findingFingerprint while reusing rule, resource, container and shared evidence parts', () => {
    const writer = new FingerprintWriter();
    const pod = { apiVersion: 'v1', kind: 'Pod', namespace: 'ns', name: 'name' };
    const cluster = { apiVersion: 'meshguard.io/v1', kind: 'Cluster', name: 'quote " name' };
    const shared = Object.freeze([
      Object.freeze({ pointer: '/spec/x', value: 'IfNotPresent' }),
    ]) as Evidence[];
    const calls: [string, typeof pod | typeof cluster, string | undefined, Evidence[]][] = [];
    for (const ruleId of ['rule-a', 'rule-b', 'rule-a'])
      for (const value of values) {
        calls.push([ruleId, pod, 'app', [{ pointer: '/spec' }, { pointer: '/spec/x', value }]]);
        calls.push([ruleId, cluster, undefined, shared]);
        calls.push([ruleId, pod, undefined, shared]);
      }
    // Interleaved rules, resources and containers: a cached part is never handed to another finding's identity.
    expect(calls.map((call) => writer.fingerprint(...call))).toEqual(
      calls.map((call) => findingFingerprint(...call)),
    );
  });
});
