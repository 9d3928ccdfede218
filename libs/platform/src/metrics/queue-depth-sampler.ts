import type { MeshguardMetrics } from './meshguard-metrics.js';

/** Job states reported per queue (BullMQ 6 names; a paused queue keeps its jobs in `waiting`). */
export const queueJobStates = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'completed',
  'failed',
] as const;
export type QueueJobState = (typeof queueJobStates)[number];

/** What the sampler needs of a BullMQ `Queue`; a Queue object satisfies it as is. */
export interface QueueDepthSource {
  readonly name: string;
  getJobCounts(...types: QueueJobState[]): Promise<Record<string, number>>;
}

export interface QueueSampleResult {
  sampled: string[];
  /** Queues whose counts could not be read; their series are removed rather than left stale. */
  failed: { queue: string; error: string }[];
}

/**
 * Reads each queue's job counts from Redis and sets `meshguard_queue_jobs{queue,state}`. Never throws: a queue that
 * cannot be read loses its series (an absent series alerts; a stale one would lie) and is listed in `failed`.
 */
export async function sampleQueueDepths(
  metrics: MeshguardMetrics,
  queues: readonly QueueDepthSource[],
): Promise<QueueSampleResult> {
  const results = await Promise.allSettled(queues.map((queue) => queue.getJobCounts(...queueJobStates)));
  const outcome: QueueSampleResult = { sampled: [], failed: [] };
  results.forEach((result, index) => {
    const queue = queues[index]!.name;
    if (result.status === 'fulfilled') {
      for (const state of queueJobStates) metrics.queueJobs.set({ queue, state }, result.value[state] ?? 0);
      outcome.sampled.push(queue);
    } else {
      for (const state of queueJobStates) metrics.queueJobs.remove({ queue, state });
      const reason: unknown = result.reason;
      outcome.failed.push({ queue, error: reason instanceof Error ? reason.message : String(reason) });
    }
  });
  return outcome;
}
