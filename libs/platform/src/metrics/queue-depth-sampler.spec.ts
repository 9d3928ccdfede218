import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeshguardMetrics } from './meshguard-metrics.js';
import { sampleQueueDepths, type QueueDepthSource } from './queue-depth-sampler.js';
import { parseExposition, sampleValue } from './testing/exposition-parser.js';

const redisUrl = 'redis://127.0.0.1:6379';
const prefix = `mgtest-${randomBytes(6).toString('hex')}`;
const connection = { url: redisUrl, maxRetriesPerRequest: null };

describe('sampleQueueDepths against the local Redis', () => {
  let scans: Queue;
  let reports: Queue;
  const redis = new Redis(redisUrl);

  beforeAll(async () => {
    scans = new Queue('scans', { connection, prefix });
    reports = new Queue('reports', { connection, prefix });
    await scans.addBulk([
      { name: 'scan.run', data: { tenantId: 't1' } },
      { name: 'scan.run', data: { tenantId: 't1' } },
      { name: 'scan.run', data: { tenantId: 't2' } },
      { name: 'scan.run', data: { tenantId: 't2' }, opts: { delay: 3_600_000 } },
      { name: 'scan.run', data: { tenantId: 't3' }, opts: { delay: 3_600_000 } },
      { name: 'scan.run', data: { tenantId: 't3' }, opts: { priority: 5 } },
    ]);
  });

  afterAll(async () => {
    for (const queue of [scans, reports]) {
      await queue.obliterate({ force: true });
      await queue.close();
    }
    const leftovers = await redis.keys(`${prefix}:*`);
    if (leftovers.length > 0) await redis.del(...leftovers);
    await redis.quit();
  });

  it('sets meshguard_queue_jobs per queue and state', async () => {
    const metrics = createMeshguardMetrics({ service: 'worker', processMetrics: false });
    const result = await sampleQueueDepths(metrics, [scans, reports]);
    expect(result).toEqual({ sampled: ['scans', 'reports'], failed: [] });

    const exposition = parseExposition(await metrics.registry.metrics());
    const depth = (queue: string, state: string) =>
      sampleValue(exposition, 'meshguard_queue_jobs', { queue, state });
    expect(depth('scans', 'waiting')).toBe(3);
    expect(depth('scans', 'delayed')).toBe(2);
    expect(depth('scans', 'prioritized')).toBe(1);
    expect(depth('scans', 'active')).toBe(0);
    expect(depth('reports', 'waiting')).toBe(0);
  });

  it('samples watched queues at scrape time', async () => {
    const metrics = createMeshguardMetrics({ service: 'worker', processMetrics: false });
    metrics.watchQueues([reports]);
    const before = parseExposition(await metrics.registry.metrics());
    expect(sampleValue(before, 'meshguard_queue_jobs', { queue: 'reports', state: 'waiting' })).toBe(0);
    await reports.add('report.render', { tenantId: 't1' });
    const after = parseExposition(await metrics.registry.metrics());
    expect(sampleValue(after, 'meshguard_queue_jobs', { queue: 'reports', state: 'waiting' })).toBe(1);
  });

  it('drops the series of a queue that cannot be read instead of keeping stale numbers', async () => {
    const metrics = createMeshguardMetrics({ service: 'worker', processMetrics: false });
    let reachable = true;
    const flaky: QueueDepthSource = {
      name: 'maintenance',
      getJobCounts: async () => {
        if (!reachable) throw new Error('Connection is closed.');
        return { waiting: 4 };
      },
    };
    await sampleQueueDepths(metrics, [flaky, scans]);
    reachable = false;
    const result = await sampleQueueDepths(metrics, [flaky, scans]);
    expect(result).toEqual({
      sampled: ['scans'],
      failed: [{ queue: 'maintenance', error: 'Connection is closed.' }],
    });
    const exposition = parseExposition(await metrics.registry.metrics());
    expect(exposition.samples.filter((sample) => sample.labels.queue === 'maintenance')).toEqual([]);
    expect(sampleValue(exposition, 'meshguard_queue_jobs', { queue: 'scans', state: 'waiting' })).toBe(3);
  });
});
