import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { MeshguardConfig } from '@meshguard/config';
import {
  queueNames,
  scanJobId,
  scanJobNames,
  scanRunJobOptions,
  scanSchedulerId,
  type ScanJobPayload,
  type ScheduledScanPayload,
} from '@meshguard/jobs';
import { bullConnectionOptions } from '@meshguard/platform';
import { Queue } from 'bullmq';
import { MESHGUARD_CONFIG } from '../app/tokens.js';
import { DomainError } from '../problems/domain-error.js';

/** The API's side of the scans queue: enqueue a scan, keep each cluster's schedule in step with its settings. */
@Injectable()
export class ScanQueue implements OnApplicationShutdown {
  private readonly queue: Queue;

  constructor(@Inject(MESHGUARD_CONFIG) config: MeshguardConfig) {
    this.queue = new Queue(queueNames.scans, {
      connection: { ...bullConnectionOptions(config.redis.url), enableOfflineQueue: false },
      prefix: config.redis.queuePrefix,
    });
    // Redis outages surface per request (503); the connection keeps retrying in the background.
    this.queue.on('error', () => undefined);
  }

  async enqueue(payload: ScanJobPayload): Promise<void> {
    await this.guard(() =>
      this.queue.add(scanJobNames.run, payload, { ...scanRunJobOptions, jobId: scanJobId(payload) }),
    );
  }

  /** Creates or replaces the cluster's schedule; `null` removes it. Takes effect without a restart. */
  async setSchedule(payload: ScheduledScanPayload, schedule: { cron: string; timezone: string } | null): Promise<void> {
    const id = scanSchedulerId(payload);
    await this.guard(async () => {
      if (!schedule) await this.queue.removeJobScheduler(id);
      else await this.queue.upsertJobScheduler(id, { pattern: schedule.cron, tz: schedule.timezone }, { name: scanJobNames.scheduled, data: payload });
    });
  }

  async scheduleOf(payload: ScheduledScanPayload): Promise<{ pattern?: string | null; tz?: string | null; next?: number } | undefined> {
    return (await this.queue.getJobScheduler(scanSchedulerId(payload))) ?? undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new DomainError(
        'unavailable',
        `The job queue is unavailable (${error instanceof Error ? error.message : String(error)}); the change was saved, retry the request to queue it.`,
      );
    }
  }
}
