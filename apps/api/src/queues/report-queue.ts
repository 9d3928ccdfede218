import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { MeshguardConfig } from '@meshguard/config';
import {
  queueNames,
  reportGenerateJobOptions,
  reportJobId,
  reportJobNames,
  reportSchedulerId,
  type ReportGeneratePayload,
  type ScheduledReportPayload,
} from '@meshguard/jobs';
import { bullConnectionOptions } from '@meshguard/platform';
import { Queue } from 'bullmq';
import { MESHGUARD_CONFIG } from '../app/tokens.js';
import { DomainError } from '../problems/domain-error.js';

/** The API's side of the reports queue: enqueue a report's generation, keep each report schedule's job scheduler in step. */
@Injectable()
export class ReportQueue implements OnApplicationShutdown {
  private readonly queue: Queue;

  constructor(@Inject(MESHGUARD_CONFIG) config: MeshguardConfig) {
    this.queue = new Queue(queueNames.reports, {
      connection: { ...bullConnectionOptions(config.redis.url), enableOfflineQueue: false },
      prefix: config.redis.queuePrefix,
    });
    this.queue.on('error', () => undefined);
  }

  async enqueue(payload: ReportGeneratePayload): Promise<void> {
    await this.guard(() => this.queue.add(reportJobNames.generate, payload, { ...reportGenerateJobOptions, jobId: reportJobId(payload) }));
  }

  /** Creates or replaces the schedule's job scheduler; `null` removes it, so a deleted schedule stops at once. */
  async setSchedule(payload: ScheduledReportPayload, schedule: { cron: string; timezone: string } | null): Promise<void> {
    const id = reportSchedulerId(payload);
    await this.guard(async () => {
      if (!schedule) await this.queue.removeJobScheduler(id);
      else await this.queue.upsertJobScheduler(id, { pattern: schedule.cron, tz: schedule.timezone }, { name: reportJobNames.scheduled, data: payload });
    });
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
