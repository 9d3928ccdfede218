import type { components } from '@meshguard/api-client';
import { describe, expect, it } from 'vitest';
import { scanOf } from '../test-scans.js';
import { countsDescending, driftBetween, meanTimeToRemediateHours, newVsResolved, scoreTrend, summaryOf } from './cluster-trends.js';

type Finding = components['schemas']['FindingDto'];

const scans = [
  scanOf({ id: 's3', finishedAt: '2026-12-03T00:00:00.000Z', score: 80, summary: { scoreByFramework: { 'cis-k8s-v1.10': 75, 'pss-baseline': 90 }, diff: { new: 1, resolved: 4 } } }),
  scanOf({ id: 'f', status: 'failed', finishedAt: '2026-12-02T12:00:00.000Z' }),
  scanOf({ id: 's2', status: 'partial', finishedAt: '2026-12-02T00:00:00.000Z', score: 70, summary: { scoreByFramework: { 'cis-k8s-v1.10': 65 }, diff: { new: 2, resolved: 0 } } }),
  scanOf({ id: 's1', finishedAt: '2026-12-01T00:00:00.000Z', score: 60, summary: { scoreByFramework: { 'cis-k8s-v1.10': 50 }, diff: { new: 10, resolved: 0 } } }),
];

describe('trend series', () => {
  it('puts scored scans oldest first, one line per framework, with gaps where a framework was not scored', () => {
    const trend = scoreTrend(scans);
    expect(trend.times).toEqual(['2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z', '2026-12-03T00:00:00.000Z']);
    expect(trend.series).toEqual([
      { name: 'overall', values: [60, 70, 80] },
      { name: 'cis-k8s-v1.10', values: [50, 65, 75] },
      { name: 'pss-baseline', values: [null, null, 90] },
    ]);
  });

  it('counts new and resolved per scan, null for scans stored without a diff', () => {
    const withoutDiff = [...scans, scanOf({ id: 's0', finishedAt: '2026-11-30T00:00:00.000Z', score: 10 })];
    expect(newVsResolved(withoutDiff).series).toEqual([
      { name: 'new', values: [null, 10, 2, 1] },
      { name: 'resolved', values: [null, 0, 0, 4] },
    ]);
  });
});

describe('mean time to remediate', () => {
  const resolved = (firstSeenScanId: string | null) => ({ firstSeenScanId }) as Finding;

  it('averages from first seen to the scan that no longer saw it, ignoring findings first seen out of reach', () => {
    const latest = scans[0];
    expect(meanTimeToRemediateHours([resolved('s1'), resolved('s2'), resolved('gone'), resolved(null)], scans, latest)).toBe(36);
  });

  it('is null with nothing resolved', () => {
    expect(meanTimeToRemediateHours([], scans, scans[0])).toBeNull();
    expect(meanTimeToRemediateHours([resolved('s1')], scans, undefined)).toBeNull();
  });
});

describe('drift and counts', () => {
  it('lists rules whose counts differ, largest difference first', () => {
    const here = summaryOf(scanOf({ id: 'a', summary: { findings: { byRule: { r1: 3, r2: 1, r3: 2 } } } }));
    const there = summaryOf(scanOf({ id: 'b', summary: { findings: { byRule: { r1: 3, r3: 7, r4: 1 } } } }));
    expect(driftBetween(here, there)).toEqual([
      { ruleId: 'r3', here: 2, there: 7 },
      { ruleId: 'r2', here: 1, there: 0 },
      { ruleId: 'r4', here: 0, there: 1 },
    ]);
  });

  it('orders counts largest first and drops zeros', () => {
    expect(countsDescending({ pod: 2, rbac: 0, networkpolicy: 5, image: 2 })).toEqual([
      ['networkpolicy', 5],
      ['image', 2],
      ['pod', 2],
    ]);
  });
});
