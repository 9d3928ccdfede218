import { ClusterRepository } from '@meshguard/db';
import { defaultTokenScopes, readOnlyScope, startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { queueNames, scanJobNames } from '@meshguard/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../src/app/start-worker.js';
import { ScanPipeline } from '../src/scans/scan-pipeline.js';
import { createLogger } from '@meshguard/platform';
import { createWorkerFixture, waitFor, type WorkerFixture } from './support/worker-fixture.js';

let fixture: WorkerFixture;
let simulator: RunningSimulator;
let worker: RunningWorker;
let tenantId: string;
// A distinctive token: a test proves it never reaches the database.
const secretToken = 'sekrit-token-7f3a9c1e';

beforeAll(async () => {
  fixture = await createWorkerFixture();
  simulator = await startSimulator({ preset: 'demo', tokens: { ...defaultTokenScopes(), [secretToken]: readOnlyScope('scanner') } });
  worker = await startWorker(fixture.config, { database: fixture.database });
  tenantId = await fixture.createTenant();
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await simulator?.stop();
  await fixture?.close();
});

interface ScanRow {
  status: string;
  failure_reason: string | null;
  attempts: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON columns, read loosely in assertions
  summary: Record<string, any> | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON columns, read loosely in assertions
  coverage: Record<string, any>;
  score: number | null;
  trigger: string;
  started_at: Date | null;
  finished_at: Date | null;
  collect_ms: number | null;
  evaluate_ms: number | null;
  store_ms: number | null;
}

async function scanRow(scanId: string): Promise<ScanRow> {
  const rows = await fixture.database.withTenant(tenantId, (tx) =>
    tx.$queryRaw<ScanRow[]>`SELECT status::text, failure_reason, attempts, summary, coverage, score, trigger::text, started_at, finished_at,
      collect_ms, evaluate_ms, store_ms FROM scans WHERE id = ${scanId}::uuid`,
  );
  if (!rows[0]) throw new Error(`scan ${scanId} not found`);
  return rows[0];
}

async function finished(scanId: string): Promise<ScanRow> {
  return waitFor(async () => {
    const row = await scanRow(scanId);
    return ['succeeded', 'partial', 'failed'].includes(row.status) ? row : undefined;
  }, 60_000, `scan ${scanId} to finish`);
}

async function findingsOf(scanId: string) {
  return fixture.database.withTenant(tenantId, (tx) => tx.finding.findMany({ where: { scanId } }));
}

describe('scan pipeline', () => {
  let clusterId: string;
  let firstScanId: string;

  it('scans a simulated cluster end to end and stores findings, summary, score and coverage in one go', async () => {
    clusterId = await fixture.createCluster(tenantId, simulator.kubeconfig({ token: secretToken }));
    const payload = await fixture.queueScan(tenantId, clusterId);
    firstScanId = payload.scanId;
    const scan = await finished(payload.scanId);
    expect(scan.status).toBe('succeeded');
    expect(scan.failure_reason).toBeNull();
    expect(scan.attempts).toBe(1);
    expect(scan.coverage.status).toBe('complete');
    expect(scan.coverage.gaps).toEqual([]);
    const findings = await findingsOf(payload.scanId);
    expect(findings.length).toBeGreaterThan(10);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(findings.length);
    expect(findings.every((f) => f.firstSeenScanId === payload.scanId)).toBe(true);
    const summary = scan.summary!;
    expect(summary.findings.total).toBe(findings.length);
    const bySeverity: Record<string, number> = {};
    for (const finding of findings) bySeverity[finding.severity] = (bySeverity[finding.severity] ?? 0) + 1;
    for (const [severity, count] of Object.entries(summary.findings.bySeverity)) expect(count).toBe(bySeverity[severity] ?? 0);
    expect(Object.values(summary.findings.byRule as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(findings.length);
    expect(Object.keys(summary.scoreByFramework)).toContain('cis-k8s-v1.10');
    expect(Object.keys(summary.findings.byControl).length).toBeGreaterThan(0);
    expect(summary.diff).toMatchObject({ previousScanId: null, new: findings.length, resolved: 0, stillOpen: 0 });
    expect(typeof scan.score).toBe('number');
    expect(scan.score).toBe(summary.score);
    // Timing truth (issue 17): every phase is recorded, and finished_at is read when the results were written, after the
    // store phase, not when its transaction began; so started → finished spans at least the three phases.
    expect(scan.collect_ms).toBeGreaterThan(0);
    expect(scan.evaluate_ms).toBeGreaterThan(0);
    expect(scan.store_ms).toBeGreaterThan(0);
    const spanMs = scan.finished_at!.getTime() - scan.started_at!.getTime();
    expect(spanMs + 2).toBeGreaterThanOrEqual(scan.collect_ms! + scan.evaluate_ms! + scan.store_ms!);
    // No secret value from the cluster reaches the database.
    const dump = await fixture.database.withTenant(tenantId, (tx) =>
      tx.$queryRaw<{ dump: string }[]>`SELECT (SELECT json_agg(f)::text FROM findings f) || (SELECT json_agg(s)::text FROM scans s) AS dump`,
    );
    expect(dump[0]!.dump.length).toBeGreaterThan(1000);
    expect(dump[0]!.dump).not.toContain(secretToken);
  }, 90_000);

  it('carries first-seen over, applies the tenant\'s waivers, and counts new, resolved and still-open findings', async () => {
    const first = await findingsOf(firstScanId);
    const waived = first[0]!;
    const exceptionId = await fixture.database.withTenant(tenantId, async (tx) => {
      const exception = await tx.exception.create({
        data: {
          tenantId,
          ruleId: waived.ruleId,
          clusterId,
          justification: 'accepted by the platform team until the migration',
          owner: 'platform',
          expiresAt: new Date(Date.now() + 86_400_000),
        },
      });
      // An expired waiver must not apply.
      await tx.exception.create({
        data: { tenantId, ruleId: first[1]!.ruleId, justification: 'expired long ago, must not apply', owner: 'x', expiresAt: new Date(Date.now() - 1000) },
      });
      return exception.id;
    });
    // forbidden-secrets: Secrets cannot be read, so secret rules go to `error` and their findings resolve.
    await fixture.database.withTenant(tenantId, async (tx) => {
      const sealed = await fixture.vault.seal(tx, 'cluster-credential', Buffer.from(simulator.kubeconfig({ token: 'forbidden-secrets' })));
      await new ClusterRepository().update(clusterId, {
        credentials: { serverUrl: simulator.url, credentialCiphertext: sealed.ciphertext, credentialKeyId: sealed.dataKeyId, accessLevel: 'read-only', serverVersion: null },
      });
    });
    const payload = await fixture.queueScan(tenantId, clusterId);
    const scan = await finished(payload.scanId);
    expect(scan.status).toBe('partial');
    expect(scan.coverage.gaps.map((gap: { kind: string }) => gap.kind)).toContain('secrets');
    const second = await findingsOf(payload.scanId);
    const firstByFingerprint = new Map(first.map((f) => [f.fingerprint, f]));
    const still = second.filter((f) => firstByFingerprint.has(f.fingerprint));
    expect(still.length).toBeGreaterThan(0);
    expect(still.every((f) => f.firstSeenScanId === firstScanId)).toBe(true);
    expect(second.filter((f) => !firstByFingerprint.has(f.fingerprint)).every((f) => f.firstSeenScanId === payload.scanId)).toBe(true);
    const resolved = first.filter((f) => !second.some((s) => s.fingerprint === f.fingerprint)).length;
    expect(resolved).toBeGreaterThan(0);
    expect(scan.summary!.diff).toMatchObject({ previousScanId: firstScanId, stillOpen: still.length, resolved, new: second.length - still.length });
    const ofWaivedRule = second.filter((f) => f.ruleId === waived.ruleId);
    expect(ofWaivedRule.length).toBeGreaterThan(0);
    expect(ofWaivedRule.every((f) => f.status === 'excepted' && f.exceptionId === exceptionId)).toBe(true);
    expect(second.filter((f) => f.ruleId === first[1]!.ruleId && f.ruleId !== waived.ruleId).every((f) => f.status === 'open')).toBe(true);
  }, 90_000);

  it('treats a re-run of a committed scan as a no-op', async () => {
    const before = (await findingsOf(firstScanId)).length;
    const pipeline = new ScanPipeline(fixture.database, fixture.vault, fixture.config, fixture.compute);
    const result = await pipeline.run({ tenantId, clusterId, scanId: firstScanId }, { log: createLogger({ level: 'silent', name: 'test' }) });
    expect(result).toEqual({ outcome: 'already-finished', scanId: firstScanId });
    expect((await findingsOf(firstScanId)).length).toBe(before);
    expect((await scanRow(firstScanId)).attempts).toBe(1);
  });

  it('runs a scheduled tick: creates the scan row with trigger schedule and runs it', async () => {
    const scheduledCluster = await fixture.createCluster(tenantId, simulator.kubeconfig({ token: 'read-only' }));
    const events = await fixture.events(queueNames.scans);
    const job = await fixture.queue(queueNames.scans).add(scanJobNames.scheduled, { tenantId, clusterId: scheduledCluster }, { jobId: `tick-${scheduledCluster}` });
    const result = (await job.waitUntilFinished(events, 30_000)) as { outcome: string; scanId: string };
    expect(result.outcome).toBe('queued-scheduled');
    const scan = await finished(result.scanId);
    expect(scan).toMatchObject({ status: 'succeeded', trigger: 'schedule' });
    // The same tick again finds its scan and queues nothing new.
    const again = await worker.consumers.scans.process(Object.assign(job, { name: scanJobNames.scheduled }) as never);
    expect(again).toMatchObject({ outcome: 'skipped-scheduled' });
    const scans = await fixture.database.withTenant(tenantId, (tx) => tx.scan.count({ where: { clusterId: scheduledCluster } }));
    expect(scans).toBe(1);
  }, 90_000);
});
