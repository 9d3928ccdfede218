import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.js';
import { testEngines } from '../testing/test-engines.js';
import { DuplicateFingerprintError, encodeFindings } from './finding-columns.encoding.js';
import { ScanResultsRepository, type FindingToStore, type ScanOutcomeToStore } from './scan-results.repository.js';

// Storing a scan's findings: every value arrives as written, whatever characters it holds, across insert chunks,
// all or nothing, on PostgreSQL and on the embedded database.

const repository = new ScanResultsRepository();
const trend = { score: 80, open: { critical: 1, high: 2, medium: 0, low: 0, info: 0 }, waived: 0, new: 0, resolved: 0, scoreByFramework: {}, openByArea: { network: 3 }, controlCounts: {} };
const outcome: ScanOutcomeToStore = {
  status: 'succeeded',
  collectedAt: new Date(),
  coverage: {},
  summary: {},
  score: null,
  rulesVersion: null,
  serverVersion: null,
  baseline: true,
  evaluatedRuleIds: ['netpol-namespace-default-deny'],
  trend,
  phasesMs: { collect: 1, evaluate: 2 },
};
/** Values an array literal must quote or escape, and the string "NULL", which is not a null. */
const awkward = ['say "hi"', 'back\\slash', '{braces},commas', '  spaced  ', '', 'NULL', 'ünïcødé ✓', 'line\nbreak'];

async function runningScan(database: Database, existing?: { tenantId: string; clusterId: string }): Promise<{ tenantId: string; scan: { id: string; clusterId: string } }> {
  const suffix = randomBytes(4).toString('hex');
  const tenantId =
    existing?.tenantId ??
    (await database.system.createTenant({ name: 'store', slug: `store-${suffix}`, ownerKey: { name: 'owner', prefix: `st${suffix}`, secretHash: 'x' } })).tenantId;
  const scan = await database.withTenant(tenantId, async (tx) => {
    const clusterId = existing?.clusterId ?? (await tx.cluster.create({ data: { tenantId, name: 'c', serverUrl: 'https://127.0.0.1:6443' } })).id;
    return tx.scan.create({ data: { tenantId, clusterId, trigger: 'manual', status: 'running' } });
  });
  return { tenantId, scan: { id: scan.id, clusterId: scan.clusterId } };
}

function finding(index: number, firstSeenScanId: string): FindingToStore & { firstSeenScanId: string } {
  const text = awkward[index % awkward.length]!;
  return {
    ruleId: 'netpol-namespace-default-deny',
    area: 'network',
    severity: index % 2 ? 'high' : 'critical',
    status: 'open',
    fingerprint: `fp-${index}`,
    resource: { apiVersion: 'v1', kind: 'Pod', namespace: index % 3 ? text : null, name: `pod ${text}` },
    container: index % 4 ? null : text,
    message: `message ${text}`,
    evidence: [{ path: 'spec', value: text, index }],
    exposure: index % 5 ? null : 'internet',
    exceptionId: null,
    firstSeenScanId,
  };
}

for (const [engine, open] of Object.entries(testEngines)) {
  describe(`ScanResultsRepository.commit on ${engine}`, () => {
    let database: Database;
    let close: () => Promise<unknown>;

    beforeAll(async () => {
      ({ database, close } = await open());
    }, 120_000);
    afterAll(async () => close?.());

    it('stores every value as given, across insert chunks', async () => {
      const { tenantId, scan } = await runningScan(database);
      const rows = Array.from({ length: 10_050 }, (_, index) => finding(index, scan.id));
      expect(await database.withTenant(tenantId, () => repository.commit(tenantId, scan, encodeFindings(rows), outcome), { timeoutMs: 60_000 })).toBe(true);
      const stored = await database.withTenant(tenantId, (tx) => tx.finding.findMany({ where: { scanId: scan.id }, orderBy: { fingerprint: 'asc' } }));
      expect(stored).toHaveLength(rows.length);
      const byFingerprint = new Map(stored.map((row) => [row.fingerprint, row]));
      for (const index of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10_049]) {
        const expected = rows[index]!;
        expect(byFingerprint.get(expected.fingerprint)).toMatchObject({
          tenantId,
          clusterId: scan.clusterId,
          scanId: scan.id,
          severity: expected.severity,
          resourceNamespace: expected.resource.namespace,
          resourceName: expected.resource.name,
          container: expected.container,
          message: expected.message,
          evidence: expected.evidence,
          exposure: expected.exposure,
          firstSeenScanId: scan.id,
        });
      }
    }, 120_000);

    it('writes nothing when one row is refused', async () => {
      const { tenantId, scan } = await runningScan(database);
      const rows = Array.from({ length: 10_001 }, (_, index) => finding(index, scan.id));
      rows[10_000] = { ...rows[10_000]!, exceptionId: 'not-a-uuid' };
      await expect(database.withTenant(tenantId, () => repository.commit(tenantId, scan, encodeFindings(rows), outcome), { timeoutMs: 60_000 })).rejects.toThrow();
      const after = await database.withTenant(tenantId, async (tx) => ({
        findings: await tx.finding.count({ where: { scanId: scan.id } }),
        status: (await tx.scan.findFirstOrThrow({ where: { id: scan.id } })).status,
      }));
      expect(after).toEqual({ findings: 0, status: 'running' });
    }, 120_000);

    it('refuses findings that repeat a fingerprint, naming them, and writes nothing', async () => {
      const { tenantId, scan } = await runningScan(database);
      const rows = [finding(0, scan.id), finding(1, scan.id), { ...finding(2, scan.id), fingerprint: 'fp-0' }];
      const attempt = database.withTenant(tenantId, () => repository.commit(tenantId, scan, encodeFindings(rows), outcome));
      await expect(attempt).rejects.toThrow(DuplicateFingerprintError);
      await expect(attempt).rejects.toThrow(/1 finding\(s\) repeat a fingerprint .*netpol-namespace-default-deny on Pod .*\(fp-0\)/);
      const after = await database.withTenant(tenantId, async (tx) => ({
        findings: await tx.finding.count({ where: { scanId: scan.id } }),
        status: (await tx.scan.findFirstOrThrow({ where: { id: scan.id } })).status,
      }));
      expect(after).toEqual({ findings: 0, status: 'running' });
    });

    it('keeps one lifecycle row per fingerprint: resolved when an evaluated rule no longer finds it, reopened when it returns', async () => {
      const first = await runningScan(database);
      const { tenantId } = first;
      const clusterId = first.scan.clusterId;
      const at = (day: number) => new Date(Date.UTC(2026, 0, day));
      const commit = async (scan: { id: string; clusterId: string }, indexes: number[], day: number, extra: Partial<ScanOutcomeToStore> = {}) => {
        const rows = indexes.map((index) => finding(index, scan.id));
        rows.push({ ...finding(99, scan.id), ruleId: 'unread-rule', fingerprint: 'fp-unread' });
        if (extra.evaluatedRuleIds?.includes('unread-rule')) rows.pop();
        const done = await database.withTenant(tenantId, () =>
          repository.commit(tenantId, scan, encodeFindings(rows), { ...outcome, collectedAt: at(day), baseline: day === 1, ...extra }),
        );
        expect(done).toBe(true);
      };
      await commit(first.scan, [0, 1, 2], 1);
      const second = (await runningScan(database, { tenantId, clusterId })).scan;
      // The second scan could not evaluate unread-rule (a coverage gap) and does not find fp-unread or fp-0.
      await database.withTenant(tenantId, () =>
        repository.commit(tenantId, second, encodeFindings([1, 2, 3].map((index) => finding(index, second.id))), { ...outcome, collectedAt: at(3), baseline: false }),
      );
      const third = (await runningScan(database, { tenantId, clusterId })).scan;
      await commit(third, [0, 1, 2, 3], 6, { baseline: false, evaluatedRuleIds: ['netpol-namespace-default-deny', 'unread-rule'] });
      const rows = await database.withTenant(tenantId, (tx) => tx.findingLifecycle.findMany({ orderBy: { fingerprint: 'asc' } }));
      const byFingerprint = new Map(rows.map((row) => [row.fingerprint, row]));
      expect(byFingerprint.get('fp-0')).toMatchObject({ firstSeenAt: at(6), firstSeenScanId: third.id, resolvedAt: null, reopenCount: 1, fromBaseline: false });
      expect(byFingerprint.get('fp-1')).toMatchObject({ firstSeenAt: at(1), fromBaseline: true, lastSeenAt: at(6), lastSeenScanId: third.id, resolvedAt: null });
      expect(byFingerprint.get('fp-3')).toMatchObject({ firstSeenAt: at(3), fromBaseline: false, resolvedAt: null });
      // Not resolved by the scan that could not read it; resolved by the one that evaluated its rule.
      expect(byFingerprint.get('fp-unread')).toMatchObject({ lastSeenAt: at(1), resolvedAt: at(6), resolvedScanId: third.id });
      const summaries = await database.withTenant(tenantId, (tx) => tx.scanSummary.findMany({ orderBy: { collectedAt: 'asc' } }));
      expect(summaries.map((row) => [row.scanId, row.baseline, row.openHigh])).toEqual([
        [first.scan.id, true, 2],
        [second.id, false, 2],
        [third.id, false, 2],
      ]);
      const other = await runningScan(database);
      const hidden = await database.withTenant(other.tenantId, (tx) => tx.findingLifecycle.count());
      expect(hidden).toBe(0);
    }, 120_000);
  });
}
