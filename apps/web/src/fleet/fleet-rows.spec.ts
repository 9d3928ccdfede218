import type { components } from '@meshguard/api-client';
import { describe, expect, it } from 'vitest';
import { fleetQueryOf, fleetRowOf, groupByLabel, kubernetesSupportOf, labelKeysOf, noFilter } from './fleet-rows.js';

type FleetCluster = components['schemas']['FleetClusterDto'];
const now = new Date('2026-12-07T12:00:00.000Z');

function clusterOf(name: string, overrides: Partial<FleetCluster> = {}): FleetCluster {
  return {
    id: name,
    name,
    labels: {},
    lastScan: null,
    scanning: false,
    compliance: 'unknown',
    score: null,
    open: null,
    change: { days7: null, days30: null },
    kubernetes: { version: null, minor: null, endOfLife: null, status: 'unknown', patchesBehind: null },
    coverage: { state: 'never-scanned', reason: 'no scan has run yet', missingKinds: [], lastSuccessAt: null, staleAfter: null },
    recentScores: [],
    ...overrides,
  } as FleetCluster;
}

describe('fleet rows', () => {
  it('take score, open counts, sparkline, coverage and Kubernetes support from the fleet overview', () => {
    const row = fleetRowOf(
      clusterOf('payments', {
        labels: { env: 'prod' },
        score: 70,
        open: { critical: 1, high: 3, medium: 0, low: 0, info: 0 },
        recentScores: [55, null, 70],
        coverage: { state: 'partial', reason: 'the last scan could not read: secrets', missingKinds: ['secrets'], lastSuccessAt: null, staleAfter: null },
        kubernetes: { version: 'v1.25.3', minor: '1.25', endOfLife: '2023-10-28', status: 'end-of-life', patchesBehind: 2 },
        lastScan: { id: 's', status: 'partial', trigger: 'schedule', requestedAt: '2026-12-07T10:00:00.000Z', finishedAt: '2026-12-07T10:01:00.000Z', failureReason: null },
      }),
    );
    expect(row).toEqual({
      id: 'payments',
      name: 'payments',
      labels: { env: 'prod' },
      score: 70,
      trend: [55, null, 70],
      critical: 1,
      high: 3,
      coverage: 'partial',
      coverageNote: 'the last scan could not read: secrets',
      kubernetes: { version: 'v1.25.3', support: 'end-of-life', endOfLife: '2023-10-28' },
      lastScanAt: '2026-12-07T10:01:00.000Z',
      scanning: false,
    });
  });

  it('count nothing open for a cluster never measured, and read an unknown coverage state as never scanned', () => {
    const coverage = { state: 'something-new', reason: null, missingKinds: [], lastSuccessAt: null, staleAfter: null } as unknown as FleetCluster['coverage'];
    const row = fleetRowOf(clusterOf('new', { coverage }));
    expect(row).toMatchObject({ score: null, critical: 0, high: 0, coverage: 'never-scanned', lastScanAt: null, trend: [] });
  });

  it('mark a Kubernetes minor past its upstream end of life, and an unknown version as unknown', () => {
    expect(kubernetesSupportOf('v1.25.3', now)).toMatchObject({ support: 'end-of-life', endOfLife: '2023-10-28' });
    expect(kubernetesSupportOf('v9.99.0', now).support).toBe('unknown');
    expect(kubernetesSupportOf(null, now).support).toBe('unknown');
  });
});

describe('fleet query', () => {
  it('asks for one page worst first, with no filter parameters when nothing is filtered', () => {
    expect(fleetQueryOf(noFilter, null, null)).toEqual({ limit: 50, sort: 'worst' });
  });

  it('turns labels into a selector, "has critical or high" into both severities, and passes group and cursor', () => {
    expect(fleetQueryOf({ labels: ['env=prod', 'team=pay'], coverage: 'stale', severity: 'high' }, 'env', 'abc')).toEqual({
      limit: 50,
      sort: 'worst',
      selector: 'env=prod,team=pay',
      coverage: ['stale'],
      severity: ['critical', 'high'],
      groupBy: 'env',
      cursor: 'abc',
    });
    expect(fleetQueryOf({ ...noFilter, severity: 'critical' }, null, null).severity).toEqual(['critical']);
  });
});

describe('grouping', () => {
  it('groups by a label key, unlabelled last, keeping row order within groups', () => {
    const rows = ['x', 'y', 'z', 'w'].map((name, index) => fleetRowOf(clusterOf(name, { labels: index === 3 ? {} : { env: index === 1 ? 'dev' : 'prod' } })));
    expect(groupByLabel(rows, 'env').map((group) => [group.value, group.rows.map((row) => row.name)])).toEqual([
      ['dev', ['y']],
      ['prod', ['x', 'z']],
      [null, ['w']],
    ]);
  });

  it('never takes an inherited property for a label, and offers the chosen key even when no row has it', () => {
    const rows = [fleetRowOf(clusterOf('a', { labels: { team: 'x' } }))];
    expect(groupByLabel(rows, 'toString').map((group) => group.value)).toEqual([null]);
    expect(labelKeysOf(rows, 'env')).toEqual(['env', 'team']);
  });
});
