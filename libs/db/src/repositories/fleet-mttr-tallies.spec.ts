import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.js';
import { testEngines } from '../testing/test-engines.js';
import { encodeFindings } from './finding-columns.encoding.js';
import { ScanResultsRepository, type FindingToStore, type ScanOutcomeToStore } from './scan-results.repository.js';
import { TrendsRepository, type LifecycleGrouping } from './trends.repository.js';
import { weightedPercentileCont } from './weighted-percentile.js';

// MTTR over the whole fleet reads finding_lifecycle_tallies, kept by a trigger on finding_lifecycles. It must equal the
// computation over every lifecycle row, through real scan commits: problems found, resolved, re-opened, waived, moved
// to another severity, of a baseline or not, resolved at the same time in several clusters, and a deleted cluster,
// next to a neighbour tenant; on both engines.

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
  describe(`MTTR over the fleet from the lifecycle tallies on ${engine}`, () => {
    let database: Database;
    let close: () => Promise<unknown>;
    let tenantId: string;

    beforeAll(async () => {
      ({ database, close } = await open());
      const seeded = await seedTenant(database, 'mttr', 4, 20_261_207);
      tenantId = seeded.tenantId;
      await seedTenant(database, 'mttr-neighbour', 2, 7);
      // A hard-deleted cluster takes its lifecycle rows, and their tallies, with it.
      await database.withTenant(tenantId, (tx) => tx.cluster.delete({ where: { id: seeded.clusterIds[3]! } }));
    }, 300_000);
    afterAll(async () => close?.());

    const windows = [
      { from: new Date(start), to: new Date(start + 30 * 24 * hour) },
      { from: new Date(start + 3 * 24 * hour + 11 * 60_000), to: new Date(start + 8 * 24 * hour + 5_000) },
      { from: new Date(start + 40 * 24 * hour), to: new Date(start + 50 * 24 * hour) },
    ];
    const now = new Date(start + 20 * 24 * hour + 1234);

    it('equals the computation over every lifecycle row, per severity, rule and area', async () => {
      await database.withTenant(tenantId, async (tx) => {
        const lifecycle = await tx.findingLifecycle.groupBy({ by: ['status'], _count: true, _sum: { reopenCount: true }, where: { resolvedAt: null } });
        expect(lifecycle.find((row) => row.status === 'open')?._count).toBeGreaterThan(20);
        expect(lifecycle.find((row) => row.status === 'excepted')?._count).toBeGreaterThan(0);
        expect(await tx.findingLifecycle.count({ where: { reopenCount: { gt: 0 } } })).toBeGreaterThan(10);
        expect(await tx.findingLifecycle.count({ where: { resolvedAt: { not: null } } })).toBeGreaterThan(10);
        for (const window of windows) {
          for (const groupBy of ['severity', 'rule', 'area'] as LifecycleGrouping[]) {
            const fromTallies = await trends.lifecycleStats({ fleet: true }, window.from, window.to, now, groupBy);
            const fromRows = await trends.lifecycleRowStats({ fleet: true }, window.from, window.to, now, groupBy);
            expect(fromTallies.length, `${groupBy} ${window.from.toISOString()}`).toBeGreaterThan(0);
            expect(fromTallies, `${groupBy} ${window.from.toISOString()}`).toEqual(fromRows);
          }
        }
        const groups = await trends.lifecycleStats({ fleet: true }, windows[0]!.from, windows[0]!.to, now, 'severity');
        expect(groups.reduce((sum, group) => sum + group.resolved.count, 0)).toBeGreaterThan(10);
        expect(groups.reduce((sum, group) => sum + group.open.fromBaseline, 0)).toBeGreaterThan(0);
      });
    });

    it('keeps tallies that equal a recount of the lifecycle rows, holding no empty row', async () => {
      const recount = `SELECT tenant_id::text, resolved_at, severity::text, rule_id, area, first_seen_at, from_baseline, findings FROM (%s) d ORDER BY 1, 2, 3, 4, 5, 6, 7`;
      await database.withTenant(tenantId, async (tx) => {
        const [{ sql }] = await tx.$queryRawUnsafe<{ sql: string }[]>(
          `SELECT format($1, meshguard_lifecycle_tally_delta('SELECT *, 1 AS change FROM finding_lifecycles')) AS sql`,
          recount,
        ) as [{ sql: string }];
        const expected = await tx.$queryRawUnsafe<unknown[]>(sql);
        const kept = await tx.$queryRawUnsafe<unknown[]>(recount.replace('(%s) d', 'finding_lifecycle_tallies'));
        expect(kept.length).toBeGreaterThan(10);
        expect(kept).toEqual(expected);
        expect(await tx.findingLifecycleTally.count({ where: { findings: { lte: 0 } } })).toBe(0);
      });
    });
  });
}

describe('weightedPercentileCont', () => {
  it('interpolates between the repeated values as percentile_cont does', () => {
    expect(weightedPercentileCont([], 0.5)).toBeNull();
    expect(weightedPercentileCont([[4, 1]], 0.9)).toBe(4);
    // 1, 2, 2, 2, 10: median the third value, p90 at position 3.6 between 2 and 10.
    expect(weightedPercentileCont([[1, 1], [2, 3], [10, 1]], 0.5)).toBe(2);
    expect(weightedPercentileCont([[1, 1], [2, 3], [10, 1]], 0.9)).toBeCloseTo(2 + 0.6 * 8, 12);
    expect(weightedPercentileCont([[1, 2], [3, 2]], 0.5)).toBe(2);
  });
});
