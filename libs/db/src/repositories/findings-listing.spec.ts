import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.js';
import type { ScanStatus, Severity } from '../generated/prisma/enums.js';
import { testEngineNames, testEngines, type TestEngine } from '../testing/test-engines.js';
import { FindingRepository, type FindingFilter } from './finding.repository.js';
import { ScanRepository } from './scan.repository.js';

// The raw-SQL reads behind the findings pages: the latest finished scan per cluster and one page of findings.
// Both run under row-level security like every tenant query, on PostgreSQL and on the embedded database.

const scans = new ScanRepository();
const findings = new FindingRepository();
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

interface Tenant {
  tenantId: string;
  /** Per cluster name, its id. */
  clusters: Record<string, string>;
  /** Per label, a scan id. */
  scans: Record<string, string>;
}

async function createTenant(database: Database, label: string): Promise<string> {
  const suffix = randomBytes(4).toString('hex');
  const { tenantId } = await database.system.createTenant({
    name: label,
    slug: `${label}-${suffix}`,
    ownerKey: { name: 'owner', prefix: `${label}${suffix}`, secretHash: 'x' },
  });
  return tenantId;
}

/** Clusters with scans `[label, status, finished minutes ago]`; findings come separately. */
async function seed(database: Database, label: string, layout: Record<string, [string, ScanStatus, number | null][]>): Promise<Tenant> {
  const tenantId = await createTenant(database, label);
  return database.withTenant(tenantId, async (tx) => {
    const tenant: Tenant = { tenantId, clusters: {}, scans: {} };
    for (const [name, clusterScans] of Object.entries(layout)) {
      const cluster = await tx.cluster.create({ data: { tenantId, name, serverUrl: 'https://127.0.0.1:6443' } });
      tenant.clusters[name] = cluster.id;
      for (const [scanLabel, status, finished] of clusterScans) {
        const scan = await tx.scan.create({
          data: { tenantId, clusterId: cluster.id, trigger: 'manual', status, finishedAt: finished === null ? null : minutesAgo(finished) },
        });
        tenant.scans[scanLabel] = scan.id;
      }
    }
    return tenant;
  });
}

describe.each(testEngineNames)('findings listing on %s', (engineName) => {
  let engine: TestEngine;
  let database: Database;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    engine = await testEngines[engineName]();
    database = engine.database;
    a = await seed(database, 'alpha', {
      // The newest finished scan is the partial one; the failed and the running scans are newer but unfinished.
      prod: [
        ['prod-old', 'succeeded', 60],
        ['prod-partial', 'partial', 30],
        ['prod-failed', 'failed', 10],
        ['prod-running', 'running', null],
      ],
      stage: [['stage-only', 'succeeded', 45]],
      fresh: [['fresh-queued', 'queued', null]],
    });
    b = await seed(database, 'beta', { other: [['other-latest', 'succeeded', 1]] });
    await database.withTenant(a.tenantId, async (tx) => {
      const clusterId = a.clusters.prod as string;
      const severities: Severity[] = ['low', 'critical', 'high', 'info', 'medium', 'high', 'critical', 'low', 'high', 'medium'];
      await tx.finding.createMany({
        data: severities.map((severity, i) => ({
          tenantId: a.tenantId,
          clusterId,
          scanId: a.scans['prod-partial'] as string,
          ruleId: i % 2 === 0 ? 'rule-even' : 'rule-odd',
          area: i % 3 === 0 ? 'rbac' : 'workload',
          severity,
          status: i === 4 ? 'excepted' : 'open',
          fingerprint: `fp-${i}`,
          resourceApiVersion: 'apps/v1',
          resourceKind: i % 2 === 0 ? 'Deployment' : 'DaemonSet',
          resourceNamespace: i < 5 ? 'payments' : null,
          resourceName: `workload-${i}`,
          message: `problem ${i}`,
          evidence: [{ pointer: '/spec', value: '[redacted]' }],
          exposure: i === 0 ? 'internet' : null,
          // Findings 0-2 were already seen in the older scan; the rest are new in this one.
          firstSeenScanId: i < 3 ? (a.scans['prod-old'] as string) : (a.scans['prod-partial'] as string),
        })),
      });
      await tx.finding.create({
        data: {
          tenantId: a.tenantId,
          clusterId: a.clusters.stage as string,
          scanId: a.scans['stage-only'] as string,
          ruleId: 'rule-even',
          area: 'rbac',
          severity: 'critical',
          fingerprint: 'fp-stage',
          resourceApiVersion: 'v1',
          resourceKind: 'Namespace',
          resourceName: 'stage',
          message: 'stage problem',
        },
      });
    });
    await database.withTenant(b.tenantId, (tx) =>
      tx.finding.create({
        data: {
          tenantId: b.tenantId,
          clusterId: b.clusters.other as string,
          scanId: b.scans['other-latest'] as string,
          ruleId: 'rule-even',
          area: 'rbac',
          severity: 'critical',
          fingerprint: 'fp-b',
          resourceApiVersion: 'v1',
          resourceKind: 'Namespace',
          resourceName: 'beta',
          message: 'beta problem',
        },
      }),
    );
  });
  afterAll(() => engine?.close());

  const listA = (filter: Partial<FindingFilter>) =>
    database.withTenant(a.tenantId, () => findings.list({ scanIds: [a.scans['prod-partial'] as string], limit: 50, ...filter } as FindingFilter));

  describe('ScanRepository.latestFinishedIds', () => {
    it('returns the newest succeeded or partial scan of every cluster, ignoring failed, running and queued ones', async () => {
      const ids = await database.withTenant(a.tenantId, () => scans.latestFinishedIds());
      expect(ids.sort()).toEqual([a.scans['prod-partial'], a.scans['stage-only']].sort());
    });

    it('narrows to the given clusters', async () => {
      const ids = await database.withTenant(a.tenantId, () => scans.latestFinishedIds([a.clusters.prod as string, a.clusters.fresh as string]));
      expect(ids).toEqual([a.scans['prod-partial']]);
    });

    it("sees nothing of another tenant, even given that tenant's cluster ids", async () => {
      expect(await database.withTenant(a.tenantId, () => scans.latestFinishedIds([b.clusters.other as string]))).toEqual([]);
      expect(await database.withTenant(b.tenantId, () => scans.latestFinishedIds())).toEqual([b.scans['other-latest']]);
    });
  });

  describe('FindingRepository.listJson over the whole fleet (read path)', () => {
    const fleetPage = (tenantId: string, limit: number, cursor?: string) =>
      database.withTenantReads(tenantId, () => findings.listJson({ latestScanOf: 'every-cluster', limit, cursor }));

    it("lists the latest finished scan of every cluster, worst first across clusters, never an older scan's or another tenant's", async () => {
      const ids: string[] = [];
      const scanIds = new Set<string>();
      const severitiesSeen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await fleetPage(a.tenantId, 4, cursor);
        for (const json of page.items) {
          const item = JSON.parse(json) as { id: string; scanId: string; severity: string };
          ids.push(item.id);
          scanIds.add(item.scanId);
          severitiesSeen.push(item.severity);
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(ids).toHaveLength(11);
      expect(new Set(ids).size).toBe(11);
      expect([...scanIds].sort()).toEqual([a.scans['prod-partial'], a.scans['stage-only']].sort());
      const order = ['critical', 'high', 'medium', 'low', 'info'];
      expect(severitiesSeen).toEqual([...severitiesSeen].sort((x, y) => order.indexOf(x) - order.indexOf(y)));
      const beta = await fleetPage(b.tenantId, 50);
      expect(beta.items.map((json) => (JSON.parse(json) as { scanId: string }).scanId)).toEqual([b.scans['other-latest']]);
    });
  });

  describe('FindingRepository.list', () => {
    it('returns whole records worst first, then by id', async () => {
      const page = await listA({});
      expect(page.nextCursor).toBeNull();
      expect(page.items).toHaveLength(10);
      const order: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
      const sorted = [...page.items].sort((x, y) => order.indexOf(x.severity) - order.indexOf(y.severity) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
      expect(page.items.map((item) => item.id)).toEqual(sorted.map((item) => item.id));
      const first = page.items.find((item) => item.fingerprint === 'fp-0');
      expect(first).toEqual({
        id: expect.any(String),
        clusterId: a.clusters.prod,
        scanId: a.scans['prod-partial'],
        ruleId: 'rule-even',
        area: 'rbac',
        severity: 'low',
        status: 'open',
        fingerprint: 'fp-0',
        resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'payments', name: 'workload-0' },
        container: null,
        message: 'problem 0',
        evidence: [{ pointer: '/spec', value: '[redacted]' }],
        exposure: 'internet',
        exceptionId: null,
        firstSeenScanId: a.scans['prod-old'],
        createdAt: expect.any(Date),
      });
      const stored = await database.withTenant(a.tenantId, (tx) => tx.finding.findFirstOrThrow({ where: { id: first?.id } }));
      expect(first?.createdAt.toISOString()).toBe(stored.createdAt.toISOString());
    });

    it('walks every row exactly once by cursor, across severities', async () => {
      const all = (await listA({})).items.map((item) => item.id);
      const walked: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listA({ limit: 3, cursor });
        walked.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(walked).toEqual(all);
    });

    it('filters by severity, rule, area, status, new, namespace, kind and name', async () => {
      const fingerprints = async (filter: Partial<FindingFilter>) => (await listA(filter)).items.map((item) => item.fingerprint).sort();
      expect(await fingerprints({ severities: ['critical', 'high'] })).toEqual(['fp-1', 'fp-2', 'fp-5', 'fp-6', 'fp-8']);
      expect(await fingerprints({ ruleIds: ['rule-odd'], areas: ['workload'] })).toEqual(['fp-1', 'fp-5', 'fp-7']);
      expect(await fingerprints({ statuses: ['excepted'] })).toEqual(['fp-4']);
      expect(await fingerprints({ onlyNew: true, severities: ['high'] })).toEqual(['fp-5', 'fp-8']);
      expect(await fingerprints({ namespace: 'payments', kind: 'DaemonSet' })).toEqual(['fp-1', 'fp-3']);
      expect(await fingerprints({ name: 'workload-9' })).toEqual(['fp-9']);
    });

    it('lists several scans together, and none when given none', async () => {
      const both = await listA({ scanIds: [a.scans['prod-partial'] as string, a.scans['stage-only'] as string], severities: ['critical'] });
      expect(both.items.map((item) => item.fingerprint).sort()).toEqual(['fp-1', 'fp-6', 'fp-stage']);
      expect(await listA({ scanIds: [] })).toEqual({ items: [], nextCursor: null });
    });

    it("returns nothing of another tenant's scan", async () => {
      expect(await listA({ scanIds: [b.scans['other-latest'] as string] })).toEqual({ items: [], nextCursor: null });
    });

    it('refuses a cursor whose position is not a severity and an id', async () => {
      const forged = Buffer.from(JSON.stringify({ severity: "critical' OR 1=1", id: 'x' })).toString('base64url');
      await expect(listA({ cursor: forged })).rejects.toMatchObject({ code: 'invalid-cursor' });
    });
  });
});
