import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { maintenanceJobNames, queueNames, retentionSchedulerId } from '@meshguard/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../src/app/start-worker.js';
import { createWorkerFixture, waitFor, type WorkerFixture } from './support/worker-fixture.js';

let fixture: WorkerFixture;
let simulator: RunningSimulator;
let worker: RunningWorker;

beforeAll(async () => {
  fixture = await createWorkerFixture();
  simulator = await startSimulator({ preset: 'demo' });
  worker = await startWorker(fixture.config, { database: fixture.database, serveMetrics: false });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await simulator?.stop();
  await fixture?.close();
});

async function scanned(tenantId: string, clusterId: string, ageDays: number): Promise<string> {
  const payload = await fixture.queueScan(tenantId, clusterId);
  await waitFor(async () => {
    const scan = await fixture.database.withTenant(tenantId, (tx) => tx.scan.findFirstOrThrow({ where: { id: payload.scanId } }));
    return scan.status === 'succeeded';
  }, 60_000, 'the scan');
  if (ageDays > 0)
    await fixture.database.withTenant(tenantId, (tx) =>
      tx.$executeRaw`UPDATE findings SET created_at = now() - make_interval(days => ${ageDays}) WHERE scan_id = ${payload.scanId}::uuid`,
    );
  return payload.scanId;
}

describe('retention', () => {
  it('installs a daily sweep that deletes findings older than each tenant\'s retention and keeps scans with their summaries', async () => {
    const scheduler = await fixture.queue(queueNames.maintenance).getJobScheduler(retentionSchedulerId);
    expect(scheduler).toMatchObject({ pattern: '17 3 * * *' });

    const shortLived = await fixture.createTenant(30);
    const longLived = await fixture.createTenant(90);
    const shortCluster = await fixture.createCluster(shortLived, simulator.kubeconfig());
    const oldScan = await scanned(shortLived, shortCluster, 40);
    const recentScan = await scanned(shortLived, shortCluster, 0);
    const longCluster = await fixture.createCluster(longLived, simulator.kubeconfig());
    const keptScan = await scanned(longLived, longCluster, 40);
    const summaryBefore = await fixture.database.withTenant(shortLived, (tx) => tx.scan.findFirstOrThrow({ where: { id: oldScan } }));
    // Reports expire on their own date (REPORT_RETENTION_DAYS after creation), whatever the tenant's findings retention.
    const report = (expiresAt: Date) => ({ tenantId: longLived, framework: 'cis-k8s-v1.10', scope: { kind: 'fleet' }, asOf: new Date(), format: 'json' as const, trigger: 'api' as const, expiresAt });
    const [expiredReport, liveReport] = await fixture.database.withTenant(longLived, async (tx) => {
      const expired = await tx.report.create({ data: report(new Date(Date.now() - 60_000)) });
      await tx.reportChunk.create({ data: { tenantId: longLived, reportId: expired.id, seq: 0, data: Buffer.from('{}') } });
      const live = await tx.report.create({ data: report(new Date(Date.now() + 86_400_000)) });
      return [expired.id, live.id];
    });

    const events = await fixture.events(queueNames.maintenance);
    const job = await fixture.queue(queueNames.maintenance).add(maintenanceJobNames.retention, {});
    const result = (await job.waitUntilFinished(events, 30_000)) as { tenants: number; findingsDeleted: number; reportsDeleted: number };
    expect(result.tenants).toBe(2);
    expect(result.reportsDeleted).toBe(1);
    const reportsLeft = await fixture.database.withTenant(longLived, async (tx) => ({
      reports: (await tx.report.findMany({ select: { id: true } })).map((row) => row.id),
      chunks: await tx.reportChunk.count({ where: { reportId: expiredReport } }),
    }));
    expect(reportsLeft).toEqual({ reports: [liveReport], chunks: 0 });

    const count = (tenantId: string, scanId: string) => fixture.database.withTenant(tenantId, (tx) => tx.finding.count({ where: { scanId } }));
    expect(await count(shortLived, oldScan)).toBe(0);
    expect(await count(shortLived, recentScan)).toBeGreaterThan(0);
    expect(await count(longLived, keptScan)).toBeGreaterThan(0);
    expect(result.findingsDeleted).toBe((summaryBefore.summary as { findings: { total: number } }).findings.total);
    const summaryAfter = await fixture.database.withTenant(shortLived, (tx) => tx.scan.findFirstOrThrow({ where: { id: oldScan } }));
    expect(summaryAfter.status).toBe('succeeded');
    expect(summaryAfter.summary).toEqual(summaryBefore.summary);
    expect(summaryAfter.score).toBe(summaryBefore.score);
    // Trends and MTTR do not read raw findings: the typed summaries and the finding lifecycle outlive them.
    const kept = await fixture.database.withTenant(shortLived, async (tx) => ({
      summaries: await tx.scanSummary.count({ where: { clusterId: shortCluster } }),
      lifecycle: await tx.findingLifecycle.count({ where: { clusterId: shortCluster } }),
    }));
    expect(kept.summaries).toBe(2);
    expect(kept.lifecycle).toBe((summaryBefore.summary as { findings: { total: number } }).findings.total);
  }, 120_000);

  it('deletes Idempotency-Keys older than IDEMPOTENCY_KEY_TTL_HOURS (24) and releases them from the scans and reports they named', async () => {
    const tenantId = await fixture.createTenant(30);
    const clusterId = await fixture.createCluster(tenantId, simulator.kubeconfig());
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000);
    await fixture.database.withTenant(tenantId, async (tx) => {
      for (const [key, age] of [['expired', 25], ['fresh', 23]] as const) {
        await tx.idempotencyKey.create({ data: { tenantId, scope: 'POST /v1/clusters/:id/scans', key, fingerprint: 'f', createdAt: hoursAgo(age) } });
        await tx.scan.create({ data: { tenantId, clusterId, trigger: 'api', status: 'failed', failureReason: 'test', idempotencyKey: key, requestedAt: hoursAgo(age) } });
        await tx.report.create({
          data: { tenantId, framework: 'cis-k8s-v1.10', scope: { kind: 'fleet' }, asOf: hoursAgo(age), format: 'json', trigger: 'api', expiresAt: new Date(Date.now() + 86_400_000), idempotencyKey: key, createdAt: hoursAgo(age) },
        });
      }
    });

    const events = await fixture.events(queueNames.maintenance);
    const job = await fixture.queue(queueNames.maintenance).add(maintenanceJobNames.retention, {});
    const result = (await job.waitUntilFinished(events, 30_000)) as { idempotencyKeysDeleted: number };
    expect(result.idempotencyKeysDeleted).toBe(1);
    const left = await fixture.database.withTenant(tenantId, async (tx) => ({
      keys: (await tx.idempotencyKey.findMany({ select: { key: true } })).map((row) => row.key),
      scanKeys: (await tx.scan.findMany({ select: { idempotencyKey: true }, orderBy: { requestedAt: 'asc' } })).map((row) => row.idempotencyKey),
      reportKeys: (await tx.report.findMany({ select: { idempotencyKey: true }, orderBy: { createdAt: 'asc' } })).map((row) => row.idempotencyKey),
    }));
    expect(left).toEqual({ keys: ['fresh'], scanKeys: [null, 'fresh'], reportKeys: [null, 'fresh'] });
  }, 60_000);
});
