import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.js';
import { testEngines } from '../testing/test-engines.js';
import { encodeFindings } from './finding-columns.encoding.js';
import { ScanResultsRepository, type FindingToStore } from './scan-results.repository.js';

// Storing a scan's findings: every value arrives as written, whatever characters it holds, across insert chunks,
// all or nothing, on PostgreSQL and on the embedded database.

const repository = new ScanResultsRepository();
const outcome = { status: 'succeeded', collectedAt: new Date(), coverage: {}, summary: {}, score: null, rulesVersion: null, serverVersion: null, phasesMs: { collect: 1, evaluate: 2 } } as const;
/** Values an array literal must quote or escape, and the string "NULL", which is not a null. */
const awkward = ['say "hi"', 'back\\slash', '{braces},commas', '  spaced  ', '', 'NULL', 'ünïcødé ✓', 'line\nbreak'];

async function runningScan(database: Database): Promise<{ tenantId: string; scan: { id: string; clusterId: string } }> {
  const suffix = randomBytes(4).toString('hex');
  const { tenantId } = await database.system.createTenant({ name: 'store', slug: `store-${suffix}`, ownerKey: { name: 'owner', prefix: `st${suffix}`, secretHash: 'x' } });
  const scan = await database.withTenant(tenantId, async (tx) => {
    const cluster = await tx.cluster.create({ data: { tenantId, name: 'c', serverUrl: 'https://127.0.0.1:6443' } });
    return tx.scan.create({ data: { tenantId, clusterId: cluster.id, trigger: 'manual', status: 'running' } });
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
  });
}
