import {
  reportGenerateJobOptions,
  reportJobId,
  reportJobNames,
  reportSchedulerId,
  type ReportEmailPayload,
  type ReportGeneratePayload,
  type ScheduledReportPayload,
} from '@meshguard/jobs';
import type { Job, Queue } from 'bullmq';
import type { WorkerRuntime } from '../app/worker-runtime.js';
import { ReportDelivery } from './report-delivery.js';
import { ReportGenerator, type ReportGenerateResult } from './report-generator.js';
import { ReportMailer, type ReportEmailResult } from './report-mailer.js';

export type ScheduledReportResult = { outcome: 'queued'; reportIds: string[] } | { outcome: 'schedule-gone' };

/** The report jobs of the `reports` queue: generate a report, run a schedule's tick, email a report. */
export class ReportConsumer {
  readonly generator: ReportGenerator;
  private readonly delivery: ReportDelivery;
  private readonly mailer: ReportMailer;

  constructor(
    private readonly runtime: WorkerRuntime,
    private readonly queue: Queue,
  ) {
    this.generator = new ReportGenerator(runtime);
    this.delivery = new ReportDelivery(runtime, queue);
    this.mailer = new ReportMailer(runtime);
  }

  /** Generates the report; after its last failed attempt the report is marked failed with the reason. */
  async generate(job: Job<ReportGeneratePayload>): Promise<ReportGenerateResult> {
    const { tenantId, reportId } = job.data;
    try {
      const result = await this.generator.generate(tenantId, reportId);
      if (result.outcome === 'ready') await this.delivery.reportReady(tenantId, result.report);
      return result;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.runtime.log.warn(
        { tenantId, reportId, err: error, attempt: job.attemptsMade + 1 },
        'report generation failed',
      );
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await this.generator.fail(tenantId, reportId, `generation failed: ${reason}`);
        return { outcome: 'skipped', reportId };
      }
      throw error;
    }
  }

  /** A schedule's tick: queues one report per format; a deleted schedule's leftover scheduler is removed. */
  async scheduled(job: Job<ScheduledReportPayload>): Promise<ScheduledReportResult> {
    const { tenantId, scheduleId } = job.data;
    const reports = await this.generator.queueScheduled(tenantId, scheduleId, new Date());
    if (!reports) {
      await this.queue.removeJobScheduler(reportSchedulerId(job.data));
      this.runtime.log.info({ tenantId, scheduleId }, 'report schedule deleted; its scheduler removed');
      return { outcome: 'schedule-gone' };
    }
    await this.queue.addBulk(
      reports.map((report) => ({
        name: reportJobNames.generate,
        data: { tenantId, reportId: report.id } satisfies ReportGeneratePayload,
        opts: { ...reportGenerateJobOptions, jobId: reportJobId({ tenantId, reportId: report.id }) },
      })),
    );
    return { outcome: 'queued', reportIds: reports.map((report) => report.id) };
  }

  email(job: Job<ReportEmailPayload>): Promise<ReportEmailResult> {
    const attempt = job.attemptsMade + 1;
    return this.mailer.send(job.data, attempt, attempt >= (job.opts.attempts ?? 1));
  }

  close(): void {
    this.mailer.close();
  }
}
