import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.js';
import { testEngines } from '../testing/test-engines.js';
import { ClusterRepository } from './cluster.repository.js';
import { encodeFindings } from './finding-columns.encoding.js';
import { ScanResultsRepository, type ScanOutcomeToStore } from './scan-results.repository.js';
import { TrendRollupRepository } from './trend-rollup.repository.js';
import { TrendsRepository, type TrendBucket, type TrendScope, type TrendWindow } from './trends.repository.js';

// Fleet and label-pair trends read rollups kept current scan by scan; they must equal the same numbers computed per
// cluster at each bucket's end, whatever the order scans are stored in, across a relabelled cluster, a deleted one, a
// late scan of the deleted one, the change to summer time in Berlin and a zone 5:45 off UTC, on both engines.

const trends = new TrendsRepository();
const rollups = new TrendRollupRepository();
const results = new ScanResultsRepository();
const hour = 3_600_000;
const start = Date.parse('2026-03-24T00:00:00Z');

/** A small deterministic generator, so a failure can be replayed. */
function numbers(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

async function storeScan(database: Database, tenantId: string, clusterId: string, at: Date, random: () => number): Promise<void> {
  const score = Math.round(random() * 1000) / 10;
  const trend: ScanOutcomeToStore['trend'] = {
    score: random() < 0.1 ? null : score,
    open: { critical: Math.floor(random() * 4), high: Math.floor(random() * 9), medium: 3, low: 1, info: 0 },
    waived: Math.floor(random() * 3),
    new: Math.floor(random() * 5),
    resolved: Math.floor(random() * 5),
    scoreByFramework: { 'cis-k8s-v1.10': Math.round(random() * 1000) / 10, 'nsa-cisa-v1.2': random() < 0.5 ? null : 42.5 },
    openByArea: (random() < 0.5 ? { networkpolicy: Math.floor(random() * 7) } : { networkpolicy: 2, rbac: Math.floor(random() * 3) }) as Record<string, number>,
    controlCounts: { 'cis-k8s-v1.10': { pass: Math.floor(random() * 20), fail: Math.floor(random() * 10), manual: 3, 'not-applicable': 1, 'not-assessable': 0 } },
  };
  const outcome: ScanOutcomeToStore = {
    status: 'succeeded', collectedAt: at, coverage: {}, summary: {}, score: trend.score, rulesVersion: null, serverVersion: null,
    baseline: false, evaluatedRuleIds: [], trend, phasesMs: { collect: 1, evaluate: 1 },
  };
  await database.withTenant(tenantId, async (tx) => {
    const scan = await tx.scan.create({ data: { tenantId, clusterId, trigger: 'schedule', status: 'running' } });
    expect(await results.commit(tenantId, scan, encodeFindings([]), outcome)).toBe(true);
  });
}

const windows: Omit<TrendWindow, 'scope'>[] = [
  { from: new Date('2026-03-24T00:00:00Z'), to: new Date('2026-04-04T00:00:00Z'), bucket: 'day', timeZone: 'UTC', framework: 'cis-k8s-v1.10' },
  { from: new Date('2026-03-24T00:00:00Z'), to: new Date('2026-04-04T00:00:00Z'), bucket: 'day', timeZone: 'Europe/Berlin' },
  { from: new Date('2026-03-25T10:07:13Z'), to: new Date('2026-04-02T08:01:00Z'), bucket: 'day', timeZone: 'Asia/Kathmandu' },
  { from: new Date('2026-03-20T00:00:00Z'), to: new Date('2026-04-10T00:00:00Z'), bucket: 'week', timeZone: 'America/New_York' },
  { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-05-01T00:00:00Z'), bucket: 'month' as TrendBucket, timeZone: 'Europe/Berlin', framework: 'cis-k8s-v1.10' },
];
const scopes: TrendScope[] = [{ fleet: true }, { labels: { env: 'prod' } }, { labels: { env: 'staging' } }, { labels: { team: 'payments' } }];

for (const [engine, open] of Object.entries(testEngines)) {
  describe(`trend rollups on ${engine}`, () => {
    let database: Database;
    let close: () => Promise<unknown>;
    let tenantId: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      ({ database, close } = await open());
      const suffix = randomBytes(4).toString('hex');
      tenantId = (await database.system.createTenant({ name: 'rollups', slug: `rollups-${suffix}`, ownerKey: { name: 'owner', prefix: `ru${suffix}`, secretHash: 'x' } })).tenantId;
      const labels: Record<string, Record<string, string>> = {
        a: { env: 'prod', team: 'payments' },
        b: { env: 'staging', team: 'payments' },
        c: { env: 'prod', team: 'search' },
        d: { env: 'staging' },
        e: {},
      };
      await database.withTenant(tenantId, async (tx) => {
        for (const [name, value] of Object.entries(labels)) {
          ids[name] = (await tx.cluster.create({ data: { tenantId, name, labels: value, serverUrl: 'https://127.0.0.1:1' } })).id;
        }
      });
      const random = numbers(20_260_329);
      // Scans every 5 to 31 hours per cluster, stored mostly in time order, every seventh one late (after the next).
      const plan: { cluster: string; at: number }[] = [];
      for (const name of Object.keys(labels)) {
        for (let at = start + random() * 10 * hour; at < start + 10 * 24 * hour; at += (5 + random() * 26) * hour) plan.push({ cluster: name, at: Math.round(at) });
      }
      plan.sort((x, y) => x.at - y.at);
      for (let i = 6; i + 1 < plan.length; i += 7) [plan[i], plan[i + 1]] = [plan[i + 1]!, plan[i]!];
      const relabelAt = start + 4 * 24 * hour;
      const deleteAt = new Date(start + 6 * 24 * hour + 17 * 60_000);
      let relabelled = false;
      let deleted = false;
      for (const { cluster, at } of plan) {
        if (!relabelled && at >= relabelAt) {
          // b moves to prod: the label groups count it so from its next scan on.
          await database.withTenant(tenantId, () => new ClusterRepository().update(ids.b!, { labels: { env: 'prod', team: 'payments' } }));
          relabelled = true;
        }
        if (!deleted && at >= deleteAt.getTime()) {
          await database.withTenant(tenantId, async (tx) => {
            await tx.cluster.update({ where: { id: ids.c! }, data: { deletedAt: deleteAt } });
            await rollups.recordClusterDeletion(tenantId, ids.c!, deleteAt);
          });
          deleted = true;
        }
        if (cluster === 'c' && deleted) continue;
        await storeScan(database, tenantId, ids[cluster]!, new Date(at), random);
      }
      // A scan of the deleted cluster that finished after the deletion, taken before it.
      await storeScan(database, tenantId, ids.c!, new Date(deleteAt.getTime() - 5 * 60_000), random);
    }, 300_000);
    afterAll(async () => close?.());

    it('answers fleet and label-pair trends from the rollups exactly as the per-cluster computation', async () => {
      await database.withTenant(tenantId, async () => {
        for (const window of windows) {
          for (const scope of scopes) {
            const fromRollups = await trends.series({ ...window, scope });
            const perCluster = await trends.perClusterSeries({ ...window, scope });
            expect(fromRollups.length, `${JSON.stringify(scope)} ${window.bucket} ${window.timeZone}`).toBeGreaterThan(0);
            expect(fromRollups, `${JSON.stringify(scope)} ${window.bucket} ${window.timeZone}`).toEqual(perCluster);
          }
        }
      });
    });

    it('keeps rows scan by scan that equal a rebuild from the summaries', async () => {
      const read = () => database.withTenant(tenantId, (tx) => tx.trendRollup.findMany({ orderBy: [{ scope: 'asc' }, { slot: 'asc' }] }));
      const kept = await read();
      expect(kept.length).toBeGreaterThan(50);
      await database.withTenant(tenantId, () => rollups.rebuild(tenantId));
      expect(await read()).toEqual(kept);
    });

    it('counts a relabelled cluster in its new group from its next scan, and a deleted one until its deletion', async () => {
      await database.withTenant(tenantId, async () => {
        const window = { from: new Date(start), to: new Date(start + 11 * 24 * hour), bucket: 'day' as const, timeZone: 'UTC' };
        const prod = await trends.series({ ...window, scope: { labels: { env: 'prod' } } });
        const fleet = await trends.series({ ...window, scope: { fleet: true } });
        // Before the relabel: a and c (once both scanned); at the end: a and b, c having been deleted.
        expect(prod.at(-1)!.clusters).toBe(2);
        expect(Math.max(...prod.map((point) => point.clusters))).toBe(3);
        expect(fleet.at(-1)!.clusters).toBe(4);
        expect(fleet.find((point) => point.local === '2026-03-29T00:00:00')!.clusters).toBe(5);
        const staging = await trends.series({ ...window, scope: { labels: { env: 'staging' } } });
        expect(staging.at(-1)!.clusters).toBe(1);
        // Several pairs: intersected per cluster.
        const both = await trends.series({ ...window, scope: { labels: { env: 'prod', team: 'payments' } } });
        expect(both.at(-1)!.clusters).toBe(2);
        expect(both[0]!.clusters).toBe(1);
      });
    });
  });
}
