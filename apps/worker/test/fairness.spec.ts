import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { createLogger } from '@meshguard/platform';
import { queueNames, scanJobId } from '@meshguard/jobs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../src/app/start-worker.js';
import { createWorkerFixture, waitFor, type WorkerFixture } from './support/worker-fixture.js';

let fixture: WorkerFixture;
let simulator: RunningSimulator;
let worker: RunningWorker;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  fixture = await createWorkerFixture({ SCANS_PER_TENANT_MAX: '1', WORKER_CONCURRENCY: '4', SCAN_TIMEOUT_MS: '10000' });
  simulator = await startSimulator({ preset: 'demo', faults: { latencyMs: 40 } });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  worker = await startWorker(fixture.config, { database: fixture.database, log: createLogger({ level: 'info', name: 'worker-test', destination: sink }) });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await simulator?.stop();
  await fixture?.close();
});

describe('fairness and limits', () => {
  it('caps concurrent scans per tenant (the rest are delayed, not failed) without starving another tenant', async () => {
    const busy = await fixture.createTenant();
    const other = await fixture.createTenant();
    const busyScans = [];
    for (let i = 0; i < 3; i += 1) busyScans.push(await fixture.queueScan(busy, await fixture.createCluster(busy, simulator.kubeconfig())));
    const otherScan = await fixture.queueScan(other, await fixture.createCluster(other, simulator.kubeconfig()));
    let maxRunningBusy = 0;
    const finishedAt = new Map<string, number>();
    await waitFor(async () => {
      const rows = await fixture.database.withTenant(busy, (tx) => tx.scan.findMany({ select: { id: true, status: true } }));
      maxRunningBusy = Math.max(maxRunningBusy, rows.filter((row) => row.status === 'running').length);
      for (const row of rows) if (row.status === 'succeeded' && !finishedAt.has(row.id)) finishedAt.set(row.id, Date.now());
      const otherRow = await fixture.database.withTenant(other, (tx) => tx.scan.findFirstOrThrow({ where: { id: otherScan.scanId } }));
      if (otherRow.status === 'succeeded' && !finishedAt.has(otherRow.id)) finishedAt.set(otherRow.id, Date.now());
      return finishedAt.size === 4 || rows.some((row) => row.status === 'failed');
    }, 90_000, 'every scan to finish');
    expect(maxRunningBusy).toBe(1);
    expect(finishedAt.size).toBe(4);
    // The other tenant's scan did not wait behind the busy tenant's queue.
    const lastBusy = Math.max(...busyScans.map((scan) => finishedAt.get(scan.scanId) ?? Infinity));
    expect(finishedAt.get(otherScan.scanId)).toBeLessThan(lastBusy);
    expect(logLines.some((line) => line.msg === 'tenant at its concurrent scan cap; scan delayed' && line.tenantId === busy)).toBe(true);
    for (const scan of busyScans) expect((await (await fixture.queue(queueNames.scans).getJob(scanJobId(scan)))?.attemptsMade)).toBe(1);
  }, 120_000);

  it('fails a scan that exceeds its time budget (SCAN_TIMEOUT_MS), without retrying it', async () => {
    const tenantId = await fixture.createTenant();
    const slow = await startSimulator({ preset: 'demo', faults: { latencyMs: 4000 } });
    try {
      const payload = await fixture.queueScan(tenantId, await fixture.createCluster(tenantId, slow.kubeconfig()));
      const scan = await waitFor(async () => {
        const row = await fixture.database.withTenant(tenantId, (tx) => tx.scan.findFirstOrThrow({ where: { id: payload.scanId } }));
        return row.status === 'failed' ? row : undefined;
      }, 60_000, 'the scan to fail');
      expect(scan.failureReason).toContain('time budget of 10000 ms');
      expect(scan.finishedAt!.getTime() - scan.startedAt!.getTime()).toBeLessThan(20_000);
      // The scan row is marked failed just before BullMQ records the job's failure: wait for the job to be failed too.
      const job = await waitFor(async () => {
        const found = await fixture.queue(queueNames.scans).getJob(scanJobId(payload));
        return found && (await found.isFailed()) ? found : undefined;
      }, 10_000, 'the job to be failed');
      expect(job.attemptsMade).toBe(1);
    } finally {
      await slow.stop();
    }
  }, 90_000);

  it('serves Prometheus metrics and logs with tenant, cluster, scan and job ids, never credentials', async () => {
    const response = await fetch(`http://127.0.0.1:${worker.metricsPort}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/meshguard_scans_total\{[^}]*outcome="succeeded"[^}]*\} [1-9]/);
    expect(text).toMatch(/meshguard_scans_total\{[^}]*outcome="failed"[^}]*\} 1/);
    expect(text).toMatch(/meshguard_findings_stored_total\{[^}]*\} [1-9]/);
    expect(text).toMatch(/meshguard_job_duration_seconds_count\{[^}]*queue="scans"[^}]*name="scan.run"[^}]*\} [1-9]/);
    expect(text).toMatch(/meshguard_queue_jobs\{[^}]*queue="scans"[^}]*state="completed"[^}]*\} [1-9]/);
    const finished = logLines.find((line) => line.msg === 'scan finished');
    expect(finished).toMatchObject({ tenantId: expect.any(String), clusterId: expect.any(String), scanId: expect.any(String), jobId: expect.any(String) });
    expect(JSON.stringify(logLines)).not.toContain('token: read-only');
    expect(JSON.stringify(logLines)).not.toContain('BEGIN CERTIFICATE');
  });
});
