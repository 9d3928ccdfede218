import { ScanRepository } from '@meshguard/db';
import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { queueNames, scanJobId, scanJobNames, type ScanJobPayload } from '@meshguard/jobs';
import { createLogger } from '@meshguard/platform';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScanPipeline } from '../src/scans/scan-pipeline.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { createWorkerFixture, waitFor, type WorkerFixture } from './support/worker-fixture.js';
import { spawnWorker, type WorkerProcess } from './support/worker-process.js';

// The built worker (dist/main.js) runs behind a TCP proxy to the shared Postgres or Redis; the proxy, never the
// shared server, goes away. `npm run build` first.
let fixture: WorkerFixture;
let simulator: RunningSimulator;
let tenantId: string;
let findingsWithoutOutage: number;
const children: WorkerProcess[] = [];
const proxies: TcpProxy[] = [];

beforeAll(async () => {
  fixture = await createWorkerFixture({ WORKER_LOCK_DURATION_MS: '5000' });
  // Lists answer slowly, so a scan is still collecting when Redis goes away.
  simulator = await startSimulator({ preset: 'demo', faults: { latencyMs: 100 } });
  tenantId = await fixture.createTenant();
  const clusterId = await fixture.createCluster(tenantId, simulator.kubeconfig());
  const payload = await queueScanRow(clusterId);
  const log = createLogger({ level: 'silent', name: 'outage-baseline' });
  const baseline = await new ScanPipeline(fixture.database, fixture.vault, fixture.config, fixture.compute).run(payload, { log });
  if (baseline.outcome === 'already-finished') throw new Error('the baseline scan was already finished');
  findingsWithoutOutage = baseline.findings;
}, 60_000);

// Each test's worker is the only consumer of the queue while the next test runs.
afterEach(async () => {
  for (const worker of children.splice(0)) {
    if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await worker.exited;
  }
  for (const proxy of proxies.splice(0)) await proxy.close();
});

afterAll(async () => {
  await simulator?.stop();
  await fixture?.close();
});

async function queueScanRow(clusterId: string): Promise<ScanJobPayload> {
  const { scan } = await fixture.database.withTenant(tenantId, () => new ScanRepository().queue(tenantId, clusterId, 'api', null));
  return { tenantId, clusterId, scanId: scan.id };
}

/** Queues a scan whose retries come quickly (the product's backoff starts at 10 s). */
async function queueScan(clusterId: string): Promise<ScanJobPayload> {
  const payload = await queueScanRow(clusterId);
  await fixture.queue(queueNames.scans).add(scanJobNames.run, payload, { jobId: scanJobId(payload), attempts: 6, backoff: { type: 'exponential', delay: 300 } });
  return payload;
}

async function spawnBehind(env: Record<string, string>): Promise<WorkerProcess> {
  const worker = spawnWorker({ ...fixture.env, ...env });
  children.push(worker);
  await worker.waitForOutput('worker consuming queues', 30_000);
  return worker;
}

async function proxyTo(url: string, onClientData?: (chunk: Buffer) => void): Promise<{ proxy: TcpProxy; url: string }> {
  const target = new URL(url);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) }, { onClientData });
  proxies.push(proxy);
  target.host = `127.0.0.1:${proxy.port}`;
  return { proxy, url: target.toString() };
}

async function scanState(clusterId: string, scanId: string) {
  return fixture.database.withTenant(tenantId, async (tx) => {
    const scan = await tx.scan.findFirstOrThrow({ where: { id: scanId } });
    return {
      status: scan.status,
      attempts: scan.attempts,
      scansOfCluster: await tx.scan.count({ where: { clusterId } }),
      findings: await tx.finding.count({ where: { scanId } }),
      summaryTotal: (scan.summary as { findings?: { total: number } } | null)?.findings?.total ?? null,
    };
  });
}

async function finished(clusterId: string, scanId: string) {
  return waitFor(async () => {
    const state = await scanState(clusterId, scanId);
    return ['succeeded', 'partial', 'failed'].includes(state.status) ? state : undefined;
  }, 45_000, `scan ${scanId} to finish`);
}

async function attemptsMade(payload: ScanJobPayload): Promise<number> {
  return (await fixture.queue(queueNames.scans).getJob(scanJobId(payload)))?.attemptsMade ?? 0;
}

/** The worker survived the outage: still running and still taking new work. */
async function expectStillConsuming(worker: WorkerProcess): Promise<void> {
  const clusterId = await fixture.createCluster(tenantId, simulator.kubeconfig());
  const after = await queueScan(clusterId);
  expect(await finished(clusterId, after.scanId)).toMatchObject({ status: 'succeeded', findings: findingsWithoutOutage });
  expect(worker.child.exitCode).toBeNull();
  expect(worker.output()).not.toMatch(/uncaught|unhandled/i);
}

describe('transient infrastructure outages', () => {
  it('Postgres drops mid-commit: the transaction rolls back, the scan retries with backoff and commits once', async () => {
    let cutAtInsert = false;
    const { proxy, url } = await proxyTo(fixture.env.DATABASE_URL!, (chunk) => {
      if (!cutAtInsert && chunk.includes('INSERT INTO findings')) {
        cutAtInsert = true;
        proxy.cut();
      }
    });
    const worker = await spawnBehind({ DATABASE_URL: url });
    const clusterId = await fixture.createCluster(tenantId, simulator.kubeconfig());
    const payload = await queueScan(clusterId);

    await waitFor(async () => cutAtInsert, 30_000, 'the worker to start writing findings');
    // Away long enough for a retry to find it still gone.
    await waitFor(async () => (await attemptsMade(payload)) >= 2, 30_000, 'two failed attempts');
    expect(await scanState(clusterId, payload.scanId)).toMatchObject({ status: 'running', findings: 0, summaryTotal: null });
    proxy.restore();

    const state = await finished(clusterId, payload.scanId);
    expect(state).toMatchObject({ status: 'succeeded', scansOfCluster: 1, findings: findingsWithoutOutage, summaryTotal: findingsWithoutOutage });
    // The rolled-back attempt and the one that committed reached the database; the one in between could not.
    expect(state.attempts).toBeGreaterThanOrEqual(2);
    await expectStillConsuming(worker);
  }, 90_000);

  it('Redis drops mid-scan: the worker reconnects, the scan completes once and new scans still run', async () => {
    const { proxy, url } = await proxyTo(fixture.config.redis.url);
    const worker = await spawnBehind({ REDIS_URL: url });
    const clusterId = await fixture.createCluster(tenantId, simulator.kubeconfig());
    const payload = await queueScan(clusterId);

    await waitFor(async () => (await scanState(clusterId, payload.scanId)).status === 'running', 20_000, 'the scan to start');
    const acceptedBefore = proxy.accepted;
    proxy.cut();
    await waitFor(async () => proxy.refused >= 2, 20_000, 'the worker to try reconnecting');
    proxy.restore();
    await waitFor(async () => proxy.accepted > acceptedBefore, 20_000, 'the worker to reconnect');

    const state = await finished(clusterId, payload.scanId);
    expect(state).toMatchObject({ status: 'succeeded', scansOfCluster: 1, findings: findingsWithoutOutage, summaryTotal: findingsWithoutOutage });
    await waitFor(async () => (await fixture.queue(queueNames.scans).getJob(scanJobId(payload)))?.finishedOn, 20_000, 'the job to complete');
    await expectStillConsuming(worker);
  }, 90_000);

  it('Redis away longer than the job lock: the stalled scan is taken again and still commits once', async () => {
    const { proxy, url } = await proxyTo(fixture.config.redis.url);
    const worker = await spawnBehind({ REDIS_URL: url });
    const clusterId = await fixture.createCluster(tenantId, simulator.kubeconfig());
    const payload = await queueScan(clusterId);
    const scans = fixture.queue(queueNames.scans);
    const lockKey = `${scans.toKey(scanJobId(payload))}:lock`;

    await waitFor(async () => (await scanState(clusterId, payload.scanId)).status === 'running', 20_000, 'the scan to start');
    proxy.cut();
    // The worker cannot renew its lock while cut off; once Redis expires it, the job counts as stalled.
    const redis = new Redis(fixture.config.redis.url);
    try {
      await waitFor(async () => (await redis.exists(lockKey)) === 0, 20_000, 'the job lock to expire');
    } finally {
      redis.disconnect();
    }
    proxy.restore();

    await waitFor(async () => worker.output().includes('stalled job recovered'), 30_000, 'the stalled job to be recovered');
    await waitFor(async () => (await scans.getJob(scanJobId(payload)))?.finishedOn, 30_000, 'the job to complete');
    const state = await finished(clusterId, payload.scanId);
    expect(state).toMatchObject({ status: 'succeeded', scansOfCluster: 1, findings: findingsWithoutOutage, summaryTotal: findingsWithoutOutage });
    await expectStillConsuming(worker);
  }, 90_000);
});
