import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@meshguard/config';
import { queueNames, scanJobId, scanJobNames, type ScanJobPayload } from '@meshguard/jobs';
import { bullConnectionOptions } from '@meshguard/platform';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from '../src/app/start-worker.js';

// A private key prefix per run keeps this test's queues apart from anything else on the shared Redis.
const config = loadConfig({ QUEUE_PREFIX: `mgtest-${randomUUID().slice(0, 8)}`, WORKER_CONCURRENCY: '3', SHUTDOWN_TIMEOUT_MS: '5000' });
const connection = bullConnectionOptions(config.redis.url);
let queue: Queue<ScanJobPayload>;
let events: QueueEvents;

beforeAll(async () => {
  queue = new Queue(queueNames.scans, { connection, prefix: config.redis.queuePrefix });
  events = new QueueEvents(queueNames.scans, { connection, prefix: config.redis.queuePrefix });
  await events.waitUntilReady();
});

afterAll(async () => {
  await queue.obliterate({ force: true });
  await Promise.all([queue.close(), events.close()]);
});

describe('scans worker', () => {
  it('consumes a scan job from the real Redis with the configured concurrency, and stops cleanly', async () => {
    const worker = await startWorker(config);
    const payload = { tenantId: randomUUID(), clusterId: randomUUID(), scanId: randomUUID() };
    const job = await queue.add(scanJobNames.run, payload, { jobId: scanJobId(payload) });
    const result = await job.waitUntilFinished(events, 10_000);
    expect(result).toEqual({ outcome: 'noop', scanId: payload.scanId });
    await worker.stop();
    expect(await queue.getJobCounts('active', 'waiting', 'completed')).toEqual({ active: 0, waiting: 0, completed: 1 });
  });

  it('does not enqueue a second job for the same scan', async () => {
    const payload = { tenantId: randomUUID(), clusterId: randomUUID(), scanId: randomUUID() };
    await queue.add(scanJobNames.run, payload, { jobId: scanJobId(payload) });
    await queue.add(scanJobNames.run, payload, { jobId: scanJobId(payload) });
    expect(await queue.getJobCountByTypes('waiting')).toBe(1);
  });

  it('runs as its own process and exits 0 on SIGTERM after closing its consumers', async () => {
    const entry = fileURLToPath(new URL('../dist/main.js', import.meta.url));
    const child = spawn(process.execPath, [entry], {
      env: { ...process.env, DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres', QUEUE_PREFIX: config.redis.queuePrefix, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('worker consuming queues'), 15_000);
    const payload = { tenantId: randomUUID(), clusterId: randomUUID(), scanId: randomUUID() };
    const job = await queue.add(scanJobNames.run, payload, { jobId: scanJobId(payload) });
    await job.waitUntilFinished(events, 10_000);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(output).toContain('stopping: no new jobs');
  });

  it('refuses to start alone on the embedded database, saying what to do', async () => {
    const entry = fileURLToPath(new URL('../dist/main.js', import.meta.url));
    const { DATABASE_URL: _ignored, ...env } = process.env;
    const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('needs DATABASE_URL');
    expect(stderr).toContain('npm start');
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the worker process');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
