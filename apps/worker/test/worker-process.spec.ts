import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { queueNames, scanJobId } from '@meshguard/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from '../src/app/start-worker.js';
import { createWorkerFixture, waitFor, type WorkerFixture } from './support/worker-fixture.js';
import { spawnWorker, type WorkerProcess } from './support/worker-process.js';

// These tests run the built worker (dist/main.js): `npm run build` first.
let fixture: WorkerFixture;
let simulator: RunningSimulator;
let tenantId: string;
const children: WorkerProcess[] = [];

beforeAll(async () => {
  fixture = await createWorkerFixture({ WORKER_LOCK_DURATION_MS: '2000', SHUTDOWN_TIMEOUT_MS: '20000' });
  // Every list answers slowly, so a scan stays busy long enough to interrupt it.
  simulator = await startSimulator({ preset: 'demo', faults: { latencyMs: 150 } });
  tenantId = await fixture.createTenant();
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.child.exitCode === null) child.child.kill('SIGKILL');
  await simulator?.stop();
  await fixture?.close();
});

function spawn(env: Record<string, string> = {}): WorkerProcess {
  const child = spawnWorker({ ...fixture.env, ...env });
  children.push(child);
  return child;
}

async function statusOf(scanId: string): Promise<{ status: string; attempts: number }> {
  return fixture.database.withTenant(tenantId, (tx) => tx.scan.findFirstOrThrow({ where: { id: scanId }, select: { status: true, attempts: true } }));
}

async function counts(clusterId: string, scanId: string) {
  return fixture.database.withTenant(tenantId, async (tx) => ({
    scans: await tx.scan.count({ where: { clusterId } }),
    findings: await tx.finding.count({ where: { scanId } }),
    distinctFingerprints: (await tx.finding.groupBy({ by: ['fingerprint'], where: { scanId } })).length,
    summaryTotal: ((await tx.scan.findFirstOrThrow({ where: { id: scanId } })).summary as { findings: { total: number } } | null)?.findings.total,
  }));
}

describe('worker processes', () => {
  it('SIGKILL mid-scan: another worker recovers the stalled job; one scan record, no half-written findings', async () => {
    const doomed = spawn();
    await doomed.waitForOutput('worker consuming queues', 20_000);
    const clusterId = await fixture.createCluster(tenantId, simulator.kubeconfig());
    const payload = await fixture.queueScan(tenantId, clusterId);
    await waitFor(async () => (await statusOf(payload.scanId)).status === 'running', 20_000, 'the scan to start');
    await new Promise((resolve) => setTimeout(resolve, 300));
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    expect(await counts(clusterId, payload.scanId)).toMatchObject({ scans: 1, findings: 0 });

    const rescuer = await startWorker(fixture.config, { database: fixture.database, serveMetrics: false });
    try {
      await waitFor(async () => (await statusOf(payload.scanId)).status === 'succeeded', 60_000, 'the recovered scan to finish');
    } finally {
      await rescuer.stop();
    }
    const after = await counts(clusterId, payload.scanId);
    expect(after.scans).toBe(1);
    expect(after.findings).toBeGreaterThan(0);
    expect(after.findings).toBe(after.distinctFingerprints);
    expect(after.findings).toBe(after.summaryTotal);
    expect((await statusOf(payload.scanId)).attempts).toBeGreaterThanOrEqual(2);
    expect(await (await fixture.queue(queueNames.scans).getJob(scanJobId(payload)))?.getState()).toBe('completed');
  }, 120_000);

  it('SIGTERM mid-scan: stops taking jobs, finishes the running scan, exits 0', async () => {
    const worker = spawn();
    await worker.waitForOutput('worker consuming queues', 20_000);
    const clusterId = await fixture.createCluster(tenantId, simulator.kubeconfig());
    const payload = await fixture.queueScan(tenantId, clusterId);
    await waitFor(async () => (await statusOf(payload.scanId)).status === 'running', 20_000, 'the scan to start');
    worker.child.kill('SIGTERM');
    await worker.waitForOutput('stopping: no new jobs', 10_000);
    const queuedLater = await fixture.queueScan(tenantId, await fixture.createCluster(tenantId, simulator.kubeconfig()));
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain('stopping: no new jobs');
    expect((await statusOf(payload.scanId)).status).toBe('succeeded');
    expect((await statusOf(queuedLater.scanId)).status).toBe('queued');
  }, 120_000);

  it('SIGTERM with a scan longer than SHUTDOWN_TIMEOUT_MS: hands it back to the queue, and the next worker finishes it', async () => {
    const worker = spawn({ SHUTDOWN_TIMEOUT_MS: '1000' });
    await worker.waitForOutput('worker consuming queues', 20_000);
    const slow = await startSimulator({ preset: 'demo', faults: { latencyMs: 1500 } });
    try {
      const clusterId = await fixture.createCluster(tenantId, slow.kubeconfig());
      const payload = await fixture.queueScan(tenantId, clusterId);
      await waitFor(async () => (await statusOf(payload.scanId)).status === 'running', 20_000, 'the scan to start');
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect(worker.output()).toContain('handed back');
      const job = await fixture.queue(queueNames.scans).getJob(scanJobId(payload));
      expect(await job?.getState()).toBe('waiting');
      slow.setFaults({});
      const next = await startWorker(fixture.config, { database: fixture.database, serveMetrics: false });
      try {
        await waitFor(async () => (await statusOf(payload.scanId)).status === 'succeeded', 60_000, 'the handed-back scan to finish');
      } finally {
        await next.stop();
      }
      expect((await counts(clusterId, payload.scanId)).scans).toBe(1);
    } finally {
      await slow.stop();
    }
  }, 120_000);

  it('two worker processes share one queue: every scan runs exactly once, both take part', async () => {
    // A generous lock: on a loaded machine a 2 s lock can lapse during evaluation and a job legitimately runs twice.
    const first = spawn({ WORKER_CONCURRENCY: '1', WORKER_LOCK_DURATION_MS: '15000' });
    const second = spawn({ WORKER_CONCURRENCY: '1', WORKER_LOCK_DURATION_MS: '15000' });
    await Promise.all([first.waitForOutput('worker consuming queues', 20_000), second.waitForOutput('worker consuming queues', 20_000)]);
    const scans: { tenant: string; scanId: string }[] = [];
    for (let i = 0; i < 4; i += 1) {
      const tenant = await fixture.createTenant();
      scans.push({ tenant, ...(await fixture.queueScan(tenant, await fixture.createCluster(tenant, simulator.kubeconfig()))) });
    }
    for (const scan of scans)
      await waitFor(
        async () => (await fixture.database.withTenant(scan.tenant, (tx) => tx.scan.findFirstOrThrow({ where: { id: scan.scanId } }))).status === 'succeeded',
        60_000,
        'every scan to finish',
      );
    const ranBy = (worker: WorkerProcess) => scans.filter((scan) => worker.output().includes(`"scanId":"${scan.scanId}"`) && worker.output().includes('scan finished')).length;
    expect(ranBy(first)).toBeGreaterThan(0);
    expect(ranBy(second)).toBeGreaterThan(0);
    const finishedLines = (first.output() + second.output()).split('\n').filter((line) => line.includes('"msg":"scan finished"'));
    expect(finishedLines).toHaveLength(4);
    for (const scan of scans) {
      const rows = await fixture.database.withTenant(scan.tenant, async (tx) => ({ scans: await tx.scan.count(), attempts: (await tx.scan.findFirstOrThrow({ where: { id: scan.scanId } })).attempts }));
      expect(rows).toEqual({ scans: 1, attempts: 1 });
    }
    first.child.kill('SIGTERM');
    second.child.kill('SIGTERM');
    expect(await Promise.all([first.exited, second.exited])).toEqual([0, 0]);
  }, 120_000);

  it('refuses to start alone on the embedded database, saying what to do', async () => {
    const { DATABASE_URL: _ignored, ...env } = fixture.env;
    const worker = spawnWorker({ ...env, DATABASE_URL: '' });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain('needs DATABASE_URL');
    expect(worker.output()).toContain('npm start');
  });
});
