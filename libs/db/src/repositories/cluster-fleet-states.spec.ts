import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.js';
import { testEngines } from '../testing/test-engines.js';
import { encodeFindings } from './finding-columns.encoding.js';
import { FleetRepository } from './fleet.repository.js';
import { ScanResultsRepository, type ScanOutcomeToStore } from './scan-results.repository.js';

// The fleet overview reads cluster_fleet_states, which triggers on scans and scan_summaries keep current: through every
// scan transition (queued, running, succeeded, partial with gaps, failed, deleted) the facts read must be those of the
// cluster's scans, and a statement on a cluster's scans during another scan's commit must not write back what it read before it.

const fleet = new FleetRepository();
const results = new ScanResultsRepository();
const day = 86_400_000;

function outcome(at: Date, score: number, extra: Partial<ScanOutcomeToStore> = {}): ScanOutcomeToStore {
  return {
    status: 'succeeded', collectedAt: at, coverage: {}, summary: {}, score, rulesVersion: null, serverVersion: 'v1.31.2', baseline: false,
    evaluatedRuleIds: [], phasesMs: { collect: 1, evaluate: 1 },
    trend: { score, open: { critical: 2, high: 3, medium: 4, low: 5, info: 6 }, waived: 0, new: 0, resolved: 0, scoreByFramework: {}, openByArea: {}, controlCounts: {} },
    ...extra,
  };
}

for (const [engine, open] of Object.entries(testEngines)) {
  describe(`cluster fleet states on ${engine}`, () => {
    let database: Database;
    let close: () => Promise<unknown>;
    let tenantId: string;
    let clusterId: string;

    beforeAll(async () => {
      ({ database, close } = await open());
      const suffix = randomBytes(4).toString('hex');
      tenantId = (await database.system.createTenant({ name: 'states', slug: `states-${suffix}`, ownerKey: { name: 'owner', prefix: `fs${suffix}`, secretHash: 'x' } })).tenantId;
      clusterId = await database.withTenant(tenantId, async (tx) => (await tx.cluster.create({ data: { tenantId, name: 'c', serverUrl: 'https://127.0.0.1:1' } })).id);
    }, 120_000);
    afterAll(async () => close?.());

    const facts = async () => {
      const all = await database.withTenant(tenantId, () => fleet.clusterFacts(undefined));
      return all.find((cluster) => cluster.id === clusterId)!;
    };
    const scan = (status: 'queued' | 'running') =>
      database.withTenant(tenantId, (tx) => tx.scan.create({ data: { tenantId, clusterId, trigger: 'schedule', status } }));

    it('follows every scan transition', async () => {
      expect(await facts()).toMatchObject({ lastScan: null, activeScanId: null, latest: null });
      const first = await scan('queued');
      expect(await facts()).toMatchObject({ lastScan: null, activeScanId: first.id, latest: null });
      await database.withTenant(tenantId, (tx) => tx.scan.update({ where: { id: first.id }, data: { status: 'running' } }));
      expect((await facts()).activeScanId).toBe(first.id);
      const firstAt = new Date(Date.now() - 10 * day);
      await database.withTenant(tenantId, () => results.commit(tenantId, first, encodeFindings([]), outcome(firstAt, 71.5)));
      expect(await facts()).toMatchObject({
        activeScanId: null,
        lastScan: { id: first.id, status: 'succeeded', trigger: 'schedule', failureReason: null },
        latest: { scanId: first.id, collectedAt: firstAt, score: 71.5, partial: false, gaps: [], scannedVersion: 'v1.31.2', open: { critical: 2, high: 3, medium: 4, low: 5, info: 6 } },
      });

      const second = await scan('running');
      const gaps = { status: 'partial', gaps: [{ kind: 'Secret', reason: 'forbidden' }, { kind: 'NetworkPolicy', reason: 'forbidden' }, { kind: 'Secret', reason: 'again' }] };
      await database.withTenant(tenantId, () => results.commit(tenantId, second, encodeFindings([]), outcome(new Date(Date.now() - day), 64, { status: 'partial', coverage: gaps })));
      expect((await facts()).latest).toMatchObject({ scanId: second.id, score: 64, partial: true, gaps: ['NetworkPolicy', 'Secret'] });

      const third = await scan('queued');
      await database.withTenant(tenantId, () => results.fail(third.id, 'the API server refused the credentials'));
      const failed = await facts();
      expect(failed.lastScan).toMatchObject({ id: third.id, status: 'failed', failureReason: 'the API server refused the credentials' });
      expect(failed.latest?.scanId).toBe(second.id);
      expect(failed.activeScanId).toBeNull();

      await database.withTenant(tenantId, (tx) => tx.scan.deleteMany({ where: { id: { in: [third.id, second.id] } } }));
      const back = await facts();
      expect(back.lastScan?.id).toBe(first.id);
      expect(back.latest?.scanId).toBe(first.id);
    });

    it('reads the state 7 and 30 days ago for the clusters asked only', async () => {
      const past = await database.withTenant(tenantId, () => fleet.pastStates([clusterId], new Date()));
      expect(past.get(clusterId)).toMatchObject({ weekAgo: { score: 71.5 }, monthAgo: null });
      expect(await database.withTenant(tenantId, () => fleet.pastStates([], new Date()))).toEqual(new Map());
    });

    it.runIf(engine === 'postgres')("a statement on scans during another scan's commit does not write back what it read before that commit", async () => {
      const old = await scan('queued');
      await database.withTenant(tenantId, () => results.fail(old.id, 'timed out'));
      const running = await scan('running');
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let stored!: () => void;
      const committedInTx = new Promise<void>((resolve) => (stored = resolve));
      const commit = database.withTenant(tenantId, async () => {
        await results.commit(tenantId, running, encodeFindings([]), outcome(new Date(), 88));
        stored();
        await held;
      }, { timeoutMs: 30_000 });
      await committedInTx;
      // Another writer (here: removing an old failed scan) touches the same cluster's scans meanwhile.
      const removal = database.withTenant(tenantId, (tx) => tx.scan.deleteMany({ where: { id: old.id } }));
      // Give it time to have read the state before the commit, if it could.
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      await commit;
      expect((await removal).count).toBe(1);
      expect(await facts()).toMatchObject({ activeScanId: null, lastScan: { id: running.id, status: 'succeeded' }, latest: { scanId: running.id, score: 88 } });
    });
  });
}
