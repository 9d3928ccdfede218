import { ReportRepository } from '@meshguard/db';
import { reportGenerateJobOptions, reportJobId, reportJobNames, type ReportGeneratePayload } from '@meshguard/jobs';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { WorkerRuntime } from '../app/worker-runtime.js';

/** A report queued longer ago than this without being picked up lost its job (the queue was down when it was asked for). */
export const strandedReportAgeMs = 60_000;
const batch = 500;

/**
 * Re-queues reports that are still `queued` a while after they were requested: the API stores the report and then
 * queues its job, and when Redis was down at that moment the job never existed. The job id is the report's
 * (reportJobId), so a report whose job does exist is never queued twice.
 */
export class StrandedReports {
  private readonly reports = new ReportRepository();

  constructor(
    private readonly runtime: Pick<WorkerRuntime, 'database'> & { log: Pick<Logger, 'info'> },
    private readonly queue: Queue,
  ) {}

  /** Returns how many reports were handed to the queue (an existing job with the same id makes that a no-op). */
  async requeue(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - strandedReportAgeMs);
    let requeued = 0;
    for (const { tenantId } of await this.runtime.database.system.listTenants()) {
      const ids = await this.runtime.database.withTenant(tenantId, () => this.reports.queuedBefore(cutoff, batch));
      if (ids.length === 0) continue;
      await this.queue.addBulk(
        ids.map((reportId) => ({
          name: reportJobNames.generate,
          data: { tenantId, reportId } satisfies ReportGeneratePayload,
          opts: { ...reportGenerateJobOptions, jobId: reportJobId({ tenantId, reportId }) },
        })),
      );
      this.runtime.log.info({ tenantId, reports: ids.length }, 'queued reports handed to the queue again');
      requeued += ids.length;
    }
    return requeued;
  }
}
