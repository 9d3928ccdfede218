import type { components } from '@meshguard/api-client';
import { describe, expect, it } from 'vitest';
import { exceptionBodyOf, expiresSoon, expiryOf } from './exception-scope.js';
import { findingQueryOf } from './finding-filters.js';

type Finding = components['schemas']['FindingDto'];
const finding = {
  ruleId: 'container-privileged',
  clusterId: 'c1',
  container: 'app',
  resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'payments', name: 'api' },
} as Finding;
const details = { justification: '  Needed for the CNI until v2.  ', owner: 'net-team', expiresAt: '2027-01-31T23:59:59.000Z', mode: 'except' as const };

describe('exception body', () => {
  it('names the resource and container at resource scope, and less at wider scopes', () => {
    expect(exceptionBodyOf(finding, 'resource', details)).toEqual({
      ruleId: 'container-privileged',
      justification: 'Needed for the CNI until v2.',
      owner: 'net-team',
      mode: 'except',
      expiresAt: '2027-01-31T23:59:59.000Z',
      clusterId: 'c1',
      namespacePattern: 'payments',
      kind: 'Deployment',
      namePattern: 'api',
      container: 'app',
    });
    expect(exceptionBodyOf(finding, 'namespace', details)).not.toHaveProperty('namePattern');
    expect(exceptionBodyOf(finding, 'namespace', details)).toMatchObject({ clusterId: 'c1', namespacePattern: 'payments' });
    expect(exceptionBodyOf(finding, 'cluster', details)).not.toHaveProperty('namespacePattern');
    expect(exceptionBodyOf(finding, 'everywhere', details)).not.toHaveProperty('clusterId');
  });

  it('turns a date into an end-of-day expiry and flags exceptions ending within 14 days', () => {
    expect(expiryOf('2027-01-31')).toBe('2027-01-31T23:59:59.000Z');
    expect(expiryOf('31/01/2027')).toBeNull();
    const now = new Date('2026-12-07T00:00:00.000Z');
    expect(expiresSoon('2026-12-20T00:00:00.000Z', now)).toBe(true);
    expect(expiresSoon('2027-01-20T00:00:00.000Z', now)).toBe(false);
    expect(expiresSoon('2026-12-01T00:00:00.000Z', now)).toBe(false);
  });
});

describe('finding query from the address bar', () => {
  it('keeps known values, splits lists, drops unknown severities and a control without its framework', () => {
    expect(findingQueryOf({ severity: 'critical, high,catastrophic', status: 'new', rule: 'a,b', control: '5.3.2', namespace: 'payments' })).toEqual({
      severity: ['critical', 'high'],
      status: 'new',
      rule: ['a', 'b'],
      namespace: 'payments',
    });
  });
});
