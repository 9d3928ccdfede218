import { queueNames, scanJobId } from '@meshguard/jobs';
import { startSimulatorProcess, type SimulatorProcess } from '@meshguard/k8s-sim';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../src/app/start-worker.js';
import { createWorkerFixture, waitFor, type WorkerFixture } from './support/worker-fixture.js';

// Issue 19: BullMQ renews a job's lock from the worker's event loop every half lock duration. Before the compute pool
// a preset-L evaluation blocked that loop for seconds, so with a short lock the job could be declared stalled and run
// twice. With the lock at 5 s, the lock of a preset-L scan must be renewed before it ever expires, from start to end.
const lockDurationMs = 5_000;

let fixture: WorkerFixture;
let simulator: SimulatorProcess;
let worker: RunningWorker;
let redis: Redis;

beforeAll(async () => {
  [fixture, simulator] = await Promise.all([
    createWorkerFixture({ WORKER_LOCK_DURATION_MS: String(lockDurationMs), SCAN_THREADS: '1' }),
    // Its own process: serving preset L must not load this process's event loop, which is the one under test.
    startSimulatorProcess('L'),
  ]);
  redis = new Redis(fixture.config.redis.url);
  worker = await startWorker(fixture.config, { database: fixture.database, serveMetrics: false });
}, 240_000);

afterAll(async () => {
  await worker?.stop();
  redis?.disconnect();
  await simulator?.stop();
  await fixture?.close();
});

describe('job lock renewals during a preset-L scan', () => {
  it('renew the 5 s lock before it ever expires, and the scan runs once', async () => {
    const stalled: string[] = [];
    const events = await fixture.events(queueNames.scans);
    events.on('stalled', ({ jobId }) => stalled.push(jobId));
    const tenantId = await fixture.createTenant();
    const clusterId = await fixture.createCluster(tenantId, simulator.kubeconfig);
    const payload = await fixture.queueScan(tenantId, clusterId);
    const jobId = scanJobId(payload);
    const lockKey = `${fixture.config.redis.queuePrefix}:${queueNames.scans}:${jobId}:lock`;
    const job = await fixture.queue(queueNames.scans).getJob(jobId);
    await waitFor(async () => (await redis.pttl(lockKey)) > 0, 60_000, 'the worker to take the job');

    // Sample the lock's remaining time. A renewal sets it back to the full duration; between renewals it only falls.
    // The lock is intact as long as every sample finds it alive until the job completes.
    const samples: { at: number; ttl: number }[] = [];
    let state = await job!.getState();
    while (state === 'active') {
      samples.push({ at: Date.now(), ttl: await redis.pttl(lockKey) });
      await new Promise((resolve) => setTimeout(resolve, 200));
      state = await job!.getState();
    }
    expect(state).toBe('completed');
    const whileActive = samples.slice(0, -1);
    const renewals = whileActive.filter((sample, index) => index > 0 && sample.ttl > whileActive[index - 1]!.ttl).length;
    const lowest = Math.min(...whileActive.map((sample) => sample.ttl));
    const durationMs = samples.at(-1)!.at - samples[0]!.at;
    console.log('lock during a preset-L scan', { durationMs, samples: samples.length, renewals, lowestTtlMs: lowest });
    // The scan outlived several lock durations, so the lock survived only because it was renewed.
    expect(durationMs).toBeGreaterThan(2 * lockDurationMs);
    expect(renewals).toBeGreaterThanOrEqual(Math.floor(durationMs / lockDurationMs));
    // -2: the key is gone (the lock expired). Every sample while active found it alive.
    expect(lowest).toBeGreaterThan(0);
    expect(stalled).toEqual([]);
    const scan = await fixture.database.withTenant(tenantId, (tx) => tx.scan.findFirstOrThrow({ where: { id: payload.scanId } }));
    expect(scan).toMatchObject({ status: 'succeeded', attempts: 1 });
  }, 900_000);
});
