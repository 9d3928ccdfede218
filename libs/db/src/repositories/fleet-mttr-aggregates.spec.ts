import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.js';
import { testEngines } from '../testing/test-engines.js';
import { encodeFindings } from './finding-columns.encoding.js';
import { ScanResultsRepository, type FindingToStore, type ScanOutcomeToStore } from './scan-results.repository.js';
import { durationBucketRange, durationBucketRelativeError, rangePercentile } from './duration-histogram.js';
import { TrendsRepository, type LifecycleGrouping, type LifecycleStats } from './trends.repository.js';

// MTTR over the whole fleet reads lifecycle_resolution_days and lifecycle_open_hours, kept by a trigger on
// finding_lifecycles. Its counts, means, max ages and fromBaseline must equal the computation over every lifecycle row,
// and its medians and p90 stay within the documented bound of it, through real scan commits: problems found,
// resolved, re-opened, waived, moved to another severity, of a baseline or not, resolved at the same time in several
// clusters, a deleted cluster, a direct purge and rewrite of lifecycle rows, next to a neighbour tenant; on both engines.

const results = new ScanResultsRepository();
const trends = new TrendsRepository();
const rules = ['netpol-namespace-default-deny', 'pod-run-as-non-root', 'rbac-wildcard-verbs'];
const areas = ['networkpolicy', 'workload', 'rbac'];
const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
const start = Date.parse('2026-01-01T00:00:00Z');
const hour = 3_600_000;

function numbers(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

function finding(index: number, scanId: string, random: () => number): FindingToStore & { firstSeenScanId: string } {
  const rule = index % rules.length;
  return {
    ruleId: rules[rule]!,
    area: areas[rule]!,
    // A few problems change severity between scans (a rule's parameters changed): the tally moves them.
    severity: severities[(index + (random() < 0.05 ? 1 : 0)) % severities.length]!,
    status: random() < 0.1 ? 'excepted' : 'open',
    fingerprint: `fp-${index}`,
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: `ns-${index % 4}`, name: `workload-${index}` },
    container: null,
    message: 'm',
    evidence: [],
    exposure: null,
    exceptionId: null,
    firstSeenScanId: scanId,
  };
}

async function storeScan(database: Database, tenantId: string, clusterId: string, at: Date, baseline: boolean, random: () => number): Promise<void> {
  await database.withTenant(tenantId, async (tx) => {
    const scan = await tx.scan.create({ data: { tenantId, clusterId, trigger: 'schedule', status: 'running' } });
    // Each scan sees five lasting problems and about two thirds of 35 others: those resolve, and come back (re-open) later.
    const present = Array.from({ length: 40 }, (_, index) => index).filter((index) => index < 5 || random() < 0.66);
    const outcome: ScanOutcomeToStore = {
      status: 'succeeded', collectedAt: at, coverage: {}, summary: {}, score: 50, rulesVersion: null, serverVersion: null, baseline,
      evaluatedRuleIds: random() < 0.2 ? rules.slice(0, 2) : rules,
      trend: { score: 50, open: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, waived: 0, new: 0, resolved: 0, scoreByFramework: {}, openByArea: {}, controlCounts: {} },
      phasesMs: { collect: 1, evaluate: 1 },
    };
    expect(await results.commit(tenantId, scan, encodeFindings(present.map((index) => finding(index, scan.id, random))), outcome)).toBe(true);
  });
}

async function seedTenant(database: Database, name: string, clusters: number, seed: number): Promise<{ tenantId: string; clusterIds: string[] }> {
  const suffix = randomBytes(4).toString('hex');
  const { tenantId } = await database.system.createTenant({ name, slug: `${name}-${suffix}`, ownerKey: { name: 'owner', prefix: `mt${suffix}`, secretHash: 'x' } });
  const clusterIds = await database.withTenant(tenantId, async (tx) =>
    Promise.all(Array.from({ length: clusters }, async (_, i) => (await tx.cluster.create({ data: { tenantId, name: `c${i}`, serverUrl: 'https://127.0.0.1:1' } })).id)),
  );
  const random = numbers(seed);
  for (let day = 0; day < 12; day++) {
    for (const [i, clusterId] of clusterIds.entries()) {
      // Two clusters scan at the very same moment: their problems share tally rows.
      const at = new Date(start + day * 24 * hour + (i === 1 ? 0 : i) * 37 * 60_000 + Math.floor(random() * 3) * hour);
      await storeScan(database, tenantId, clusterId, at, day === 0, random);
    }
  }
  return { tenantId, clusterIds };
}

for (const [engine, open] of Object.entries(testEngines)) {
  describe(`MTTR over the fleet from the MTTR aggregates on ${engine}`, () => {
    let database: Database;
    let close: () => Promise<unknown>;
    let tenantId: string;

    beforeAll(async () => {
      ({ database, close } = await open());
      const seeded = await seedTenant(database, 'mttr', 4, 20_261_207);
      tenantId = seeded.tenantId;
      await seedTenant(database, 'mttr-neighbour', 2, 7);
      // A hard-deleted cluster takes its lifecycle rows, and their share of the aggregates, with it.
      await database.withTenant(tenantId, (tx) => tx.cluster.delete({ where: { id: seeded.clusterIds[3]! } }));
      await database.withTenant(tenantId, async (tx) => {
        // A purge of old resolved rows, and rows rewritten outside a scan (severity, first-seen time), move them too.
        expect(await tx.$executeRawUnsafe(`DELETE FROM finding_lifecycles WHERE resolved_at < $1 AND fingerprint IN ('fp-7', 'fp-8', 'fp-9', 'fp-10', 'fp-11')`, new Date(start + 10 * 24 * hour))).toBeGreaterThan(0);
        expect(await tx.$executeRawUnsafe(`UPDATE finding_lifecycles SET severity = 'critical', first_seen_at = first_seen_at - interval '90 minutes' WHERE fingerprint IN ('fp-1', 'fp-12')`)).toBeGreaterThan(0);
      });
    }, 300_000);
    afterAll(async () => close?.());

    const windows = [
      { from: new Date(start), to: new Date(start + 30 * 24 * hour) },
      // Partial edge days at both ends.
      { from: new Date(start + 3 * 24 * hour + 11 * 60_000), to: new Date(start + 8 * 24 * hour + 5_000) },
      // Inside one day, and across one midnight without a whole day.
      { from: new Date(start + 5 * 24 * hour + 2 * hour), to: new Date(start + 5 * 24 * hour + 20 * hour) },
      { from: new Date(start + 6 * 24 * hour + 20 * hour), to: new Date(start + 7 * 24 * hour + 9 * hour) },
      { from: new Date(start + 40 * 24 * hour), to: new Date(start + 50 * 24 * hour) },
    ];
    const now = new Date(start + 20 * 24 * hour + 1234);

    it('gives the exact counts, means and max ages of the lifecycle rows, and percentiles within the documented bound', async () => {
      await database.withTenant(tenantId, async (tx) => {
        const lifecycle = await tx.findingLifecycle.groupBy({ by: ['status'], _count: true, where: { resolvedAt: null } });
        expect(lifecycle.find((row) => row.status === 'open')?._count).toBeGreaterThan(20);
        expect(lifecycle.find((row) => row.status === 'excepted')?._count).toBeGreaterThan(0);
        expect(await tx.findingLifecycle.count({ where: { reopenCount: { gt: 0 } } })).toBeGreaterThan(10);
        expect(await tx.findingLifecycle.count({ where: { resolvedAt: { not: null } } })).toBeGreaterThan(10);
        let percentiles = 0;
        for (const window of windows) {
          for (const groupBy of ['severity', 'rule', 'area'] as LifecycleGrouping[]) {
            const label = `${groupBy} ${window.from.toISOString()} – ${window.to.toISOString()}`;
            const answer = await trends.lifecycleStats({ fleet: true }, window.from, window.to, now, groupBy);
            const fromRows = await trends.lifecycleRowStats({ fleet: true }, window.from, window.to, now, groupBy);
            expect(answer.approximate, label).toEqual(['resolved.medianHours', 'resolved.p90Hours', 'open.medianAgeHours']);
            expect(answer.groups.length, label).toBeGreaterThan(0);
            expect(answer.groups.map(exactPart), label).toEqual(fromRows.map(exactPart));
            for (const [index, group] of answer.groups.entries()) {
              const row = fromRows[index]!;
              percentiles += withinResolvedBound(group.resolved.medianHours, row.resolved.medianHours, `${label} ${group.key} median`);
              percentiles += withinResolvedBound(group.resolved.p90Hours, row.resolved.p90Hours, `${label} ${group.key} p90`);
              percentiles += withinHour(group.open.medianAgeHours, row.open.medianAgeHours, `${label} ${group.key} median age`);
            }
          }
        }
        expect(percentiles).toBeGreaterThan(50);
        const groups = (await trends.lifecycleStats({ fleet: true }, windows[0]!.from, windows[0]!.to, now, 'severity')).groups;
        expect(groups.reduce((sum, group) => sum + group.resolved.count, 0)).toBeGreaterThan(10);
        expect(groups.reduce((sum, group) => sum + group.open.fromBaseline, 0)).toBeGreaterThan(0);
        // One cluster reads its rows: nothing estimated.
        expect((await trends.lifecycleStats({ labels: { none: 'such' } }, windows[0]!.from, windows[0]!.to, now, 'rule')).approximate).toEqual([]);
      });
    });

    it('keeps aggregates that equal a recount of the lifecycle rows, holding no empty row', async () => {
      await database.withTenant(tenantId, async (tx) => {
        const recount = async (deltaFunction: string, table: string, columns: string, order: string) => {
          const [{ sql }] = (await tx.$queryRawUnsafe<{ sql: string }[]>(
            `SELECT ${deltaFunction}('SELECT *, 1 AS change FROM finding_lifecycles') AS sql`,
          )) as [{ sql: string }];
          const expected = await tx.$queryRawUnsafe<unknown[]>(`SELECT ${columns} FROM (${sql}) d ORDER BY ${order}`);
          const kept = await tx.$queryRawUnsafe<unknown[]>(`SELECT ${columns} FROM ${table} d ORDER BY ${order}`);
          expect(kept.length, table).toBeGreaterThan(10);
          expect(kept, table).toEqual(expected);
          expect(await tx.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM ${table} WHERE findings <= 0`), table).toEqual([]);
        };
        await recount('meshguard_resolution_days_delta', 'lifecycle_resolution_days',
          'tenant_id::text, day, severity::text, rule_id, area, bucket, findings, duration_ms::text', '1, 2, 3, 4, 5, 6');
        await recount('meshguard_open_hours_delta', 'lifecycle_open_hours',
          'tenant_id::text, hour, severity::text, rule_id, area, findings, first_seen_ms::text, from_baseline, first_seen_min', '1, 2, 3, 4, 5');
      });
    });
  });
}

/** Everything but the estimated figures. */
function exactPart(group: LifecycleStats): unknown {
  return {
    key: group.key,
    resolved: { count: group.resolved.count, meanHours: group.resolved.meanHours },
    open: { count: group.open.count, meanAgeHours: group.open.meanAgeHours, maxAgeHours: group.open.maxAgeHours, fromBaseline: group.open.fromBaseline },
  };
}

/** Both rounded to 0.01 h: 0.01 h of slack on top of the bound. */
const roundingHours = 0.01 + 1e-9;

function withinResolvedBound(estimate: number | null, exact: number | null, label: string): number {
  if (exact === null) return expect(estimate, label).toBeNull(), 0;
  expect(estimate, label).not.toBeNull();
  expect(Math.abs(estimate! - exact), label).toBeLessThanOrEqual(durationBucketRelativeError * exact + 1 / 60 + roundingHours);
  return 1;
}

function withinHour(estimate: number | null, exact: number | null, label: string): number {
  if (exact === null) return expect(estimate, label).toBeNull(), 0;
  expect(Math.abs(estimate! - exact), label).toBeLessThanOrEqual(1 + roundingHours);
  return 1;
}

describe('rangePercentile', () => {
  it('places each value evenly within its range and interpolates as percentile_cont does', () => {
    expect(rangePercentile([], 0.5)).toBeNull();
    // One value in [0, 10]: placed in the middle.
    expect(rangePercentile([[0, 10, 1]], 0.9)).toBe(5);
    // 4 values in [0, 8] at 1, 3, 5, 7 and one in [10, 20] at 15: median the third, p90 at 3.6 between 7 and 15.
    expect(rangePercentile([[0, 8, 4], [10, 20, 1]], 0.5)).toBe(5);
    expect(rangePercentile([[0, 8, 4], [10, 20, 1]], 0.9)).toBeCloseTo(7 + 0.6 * 8, 12);
  });

  it('stays within the bucket bound of the exact percentile for durations spread over the buckets', () => {
    const random = numbers(42);
    const durations = Array.from({ length: 2_000 }, () => Math.floor(60_000 * 2 ** (random() * 16))).sort((a, b) => a - b);
    const counts = new Map<number, number>();
    for (const ms of durations) {
      const bucket = ms < 60_000 ? 0 : 1 + Math.floor(16 * Math.log2(ms / 60_000));
      counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    }
    const ranges = [...counts].sort(([a], [b]) => a - b).map(([bucket, count]) => [...durationBucketRange(bucket), count] as const);
    for (const fraction of [0.1, 0.5, 0.9, 0.99]) {
      const position = fraction * (durations.length - 1);
      const exact = durations[Math.floor(position)]! + (position % 1) * (durations[Math.ceil(position)]! - durations[Math.floor(position)]!);
      const estimate = rangePercentile(ranges, fraction)!;
      expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(durationBucketRelativeError * exact);
    }
  });
});
