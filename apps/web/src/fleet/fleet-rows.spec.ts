import type { components } from '@meshguard/api-client';
import { describe, expect, it } from 'vitest';
import { scanOf } from '../test-scans.js';
import { coverageOf, fleetRowOf, groupByLabel, kubernetesSupportOf, matchesFilter, noFilter, worstFirst } from './fleet-rows.js';

type Cluster = components['schemas']['ClusterDto'];
const now = new Date('2026-12-07T12:00:00.000Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();

function clusterOf(name: string, labels: Record<string, string> = {}, serverVersion: string | null = 'v1.34.1'): Cluster {
  return { id: name, name, labels, serverVersion } as unknown as Cluster;
}

const summary = (critical: number, high: number) => ({ findings: { bySeverity: { critical, high, medium: 0, low: 0, info: 0 } } });

describe('coverage state', () => {
  it('is never-scanned without a finished scan, even with one queued', () => {
    expect(coverageOf([scanOf({ id: 'q', status: 'queued' })], now).state).toBe('never-scanned');
  });

  it('is unreachable when the latest finished scan failed, with its reason', () => {
    const scans = [scanOf({ id: 'f', status: 'failed', finishedAt: hoursAgo(1), failureReason: 'connection refused' }), scanOf({ id: 'ok', finishedAt: hoursAgo(30) })];
    expect(coverageOf(scans, now)).toEqual({ state: 'unreachable', note: 'connection refused' });
  });

  it('is partial with the kinds that could not be read', () => {
    const partial = scanOf({ id: 'p', status: 'partial', finishedAt: hoursAgo(1), coverage: { gaps: [{ kind: 'NetworkPolicy', reason: 'forbidden', detail: '' }] } });
    expect(coverageOf([partial], now)).toEqual({ state: 'partial', note: 'NetworkPolicy (forbidden)' });
  });

  it('is stale past 48 hours and current before', () => {
    expect(coverageOf([scanOf({ id: 'old', finishedAt: hoursAgo(49) })], now).state).toBe('stale');
    expect(coverageOf([scanOf({ id: 'new', finishedAt: hoursAgo(47) })], now).state).toBe('current');
  });
});

describe('fleet rows', () => {
  it('take score and counts from the latest scored scan and the trend oldest first, skipping failed scans', () => {
    const scans = [
      scanOf({ id: 's3', status: 'failed', finishedAt: hoursAgo(1) }),
      scanOf({ id: 's2', finishedAt: hoursAgo(2), score: 70, summary: summary(1, 3) }),
      scanOf({ id: 's1', finishedAt: hoursAgo(26), score: 55, summary: summary(2, 5) }),
    ];
    const row = fleetRowOf(clusterOf('a'), scans, now);
    expect(row).toMatchObject({ score: 70, trend: [55, 70], critical: 1, high: 3, coverage: 'unreachable', lastScanAt: hoursAgo(1) });
  });

  it('mark a Kubernetes minor past its upstream end of life, and an unknown version as unknown', () => {
    expect(kubernetesSupportOf('v1.25.3', now)).toMatchObject({ support: 'end-of-life', endOfLife: '2023-10-28' });
    expect(kubernetesSupportOf('v9.99.0', now).support).toBe('unknown');
    expect(kubernetesSupportOf(null, now).support).toBe('unknown');
  });

  it('sort worst first: unscored, then lowest score, then most criticals, then name', () => {
    const rows = [
      fleetRowOf(clusterOf('b'), [scanOf({ id: '1', finishedAt: hoursAgo(1), score: 40, summary: summary(0, 1) })], now),
      fleetRowOf(clusterOf('a'), [scanOf({ id: '2', finishedAt: hoursAgo(1), score: 40, summary: summary(2, 0) })], now),
      fleetRowOf(clusterOf('c'), [], now),
      fleetRowOf(clusterOf('d'), [scanOf({ id: '3', finishedAt: hoursAgo(1), score: 90, summary: summary(0, 0) })], now),
    ];
    expect([...rows].sort(worstFirst).map((row) => row.name)).toEqual(['c', 'a', 'b', 'd']);
  });

  it('filter by labels (key=value and bare key), coverage, severity and name', () => {
    const prod = fleetRowOf(clusterOf('payments', { env: 'prod', team: 'pay' }), [scanOf({ id: '1', finishedAt: hoursAgo(1), score: 50, summary: summary(0, 2) })], now);
    expect(matchesFilter(prod, { ...noFilter, labels: ['env=prod', 'team'] })).toBe(true);
    expect(matchesFilter(prod, { ...noFilter, labels: ['env=staging'] })).toBe(false);
    expect(matchesFilter(prod, { ...noFilter, severity: 'high' })).toBe(true);
    expect(matchesFilter(prod, { ...noFilter, severity: 'critical' })).toBe(false);
    expect(matchesFilter(prod, { ...noFilter, coverage: 'stale' })).toBe(false);
    expect(matchesFilter(prod, { ...noFilter, text: 'PAY' })).toBe(true);
  });

  it('group by a label key, unlabelled last, keeping row order within groups', () => {
    const rows = ['x', 'y', 'z', 'w'].map((name, index) => fleetRowOf(clusterOf(name, index === 3 ? {} : { env: index === 1 ? 'dev' : 'prod' }), [], now));
    expect(groupByLabel(rows, 'env').map((group) => [group.value, group.rows.map((row) => row.name)])).toEqual([
      ['dev', ['y']],
      ['prod', ['x', 'z']],
      [null, ['w']],
    ]);
  });
});
