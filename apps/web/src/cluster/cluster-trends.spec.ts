import type { components } from '@meshguard/api-client';
import { describe, expect, it } from 'vitest';
import { countsDescending, latestByArea, latestBySeverity, mttrSummary, newVsResolved, scoreTrend } from './cluster-trends.js';

type Trend = components['schemas']['TrendDto'];
type Mttr = components['schemas']['MttrDto'];

const zeros = [0, 0, 0];
const trend = {
  buckets: ['2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z', '2026-12-03T00:00:00.000Z'],
  series: {
    score: [60, 70, 80],
    scoreByFramework: { 'pss-baseline': [null, null, 90], 'cis-k8s-v1.10': [50, 65, 75] },
    open: { critical: [2, 1, 1], high: [5, 4, 3], medium: zeros, low: zeros, info: zeros },
    openByArea: { pod: [3, 2, 2], networkpolicy: [4, 3, 2], rbac: [0, 0, 0] },
    new: [0, 2, 1],
    resolved: [0, 0, 4],
  },
} as unknown as Trend;

describe('trend series', () => {
  it('draws the overall score and one line per framework in name order, with gaps where a framework was not scored', () => {
    expect(scoreTrend(trend)).toEqual({
      times: trend.buckets,
      series: [
        { name: 'overall', values: [60, 70, 80] },
        { name: 'cis-k8s-v1.10', values: [50, 65, 75] },
        { name: 'pss-baseline', values: [null, null, 90] },
      ],
    });
  });

  it('pads a framework series shorter than the buckets with gaps, never shifting points', () => {
    const short = { ...trend, series: { ...trend.series, scoreByFramework: { 'nsa-cisa-v1.2': [40] } } } as unknown as Trend;
    expect(scoreTrend(short).series[1]).toEqual({ name: 'nsa-cisa-v1.2', values: [40, null, null] });
  });

  it('counts new and resolved per point', () => {
    expect(newVsResolved(trend).series).toEqual([
      { name: 'new', values: [0, 2, 1] },
      { name: 'resolved', values: [0, 0, 4] },
    ]);
  });

  it('reads the latest point by severity and by area, largest area first and empty areas dropped', () => {
    expect(latestBySeverity(trend)).toEqual({ critical: 1, high: 3, medium: 0, low: 0, info: 0 });
    expect(latestByArea(trend)).toEqual([
      ['networkpolicy', 2],
      ['pod', 2],
    ]);
    const empty = { buckets: [], series: { ...trend.series, openByArea: {} } } as unknown as Trend;
    expect(latestByArea(empty)).toEqual([]);
    expect(latestBySeverity(empty).critical).toBe(0);
  });
});

describe('mean time to resolve', () => {
  const group = (key: string, count: number, meanHours: number | null, open = 0) => ({
    key,
    resolved: { count, meanHours, medianHours: null, p90Hours: null },
    open: { count: open, meanAgeHours: open ? 5 : null, medianAgeHours: null, maxAgeHours: null, fromBaseline: 0 },
  });

  it('weights each group\'s mean by how many findings it resolved', () => {
    const mttr = { groups: [group('critical', 1, 10), group('high', 3, 30, 2), group('low', 0, null, 4)] } as unknown as Mttr;
    const summary = mttrSummary(mttr);
    expect(summary.overallHours).toBe(25);
    expect(summary.resolved).toBe(4);
    expect(summary.rows.map((row) => [row.key, row.resolved, row.open])).toEqual([
      ['critical', 1, 0],
      ['high', 3, 2],
      ['low', 0, 4],
    ]);
  });

  it('is null when nothing was resolved', () => {
    expect(mttrSummary({ groups: [group('high', 0, null, 3)] } as unknown as Mttr).overallHours).toBeNull();
  });
});

describe('counts', () => {
  it('orders counts largest first and drops zeros', () => {
    expect(countsDescending({ pod: 2, rbac: 0, networkpolicy: 5, image: 2 })).toEqual([
      ['networkpolicy', 5],
      ['image', 2],
      ['pod', 2],
    ]);
  });
});
