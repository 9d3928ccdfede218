import { IdempotencyKeyRepository, ReportRepository, ScanResultsRepository } from '@meshguard/db';
import { maintenanceJobNames, queueNames, reportRequeueSchedulerId, retentionSchedulerId, type MaintenanceJobName } from '@meshguard/jobs';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import type { WorkerRuntime } from '../app/worker-runtime.js';
import { StrandedReports } from '../reports/stranded-reports.js';

export interface RetentionSweepResult {
  tenants: number;
  findingsDeleted: number;
  reportsDeleted: number;
  idempotencyKeysDeleted: number;
}

const dayMs = 24 * 3600 * 1000;

/**
 * The `maintenance` queue: a daily retention sweep (findings older than each tenant's retention, summaries stay;
 * expired reports; Idempotency-Keys older than IDEMPOTENCY_KEY_TTL_HOURS) and, every minute, reports left queued
 * without a job (StrandedReports).
 */
export class MaintenanceConsumer {
  private readonly scans = new ScanResultsRepository();
  private readonly reports = new ReportRepository();
  readonly strandedReports: StrandedReports;
  private readonly idempotencyKeys = new IdempotencyKeyRepository();

  constructor(
    private readonly runtime: WorkerRuntime,
    reportsQueue: Queue,
  ) {
    this.strandedReports = new StrandedReports(runtime, reportsQueue);
  }

  /** Installs the job schedulers (idempotent: every worker process may call it). */
  async ensureSchedules(queue: Queue): Promise<void> {
    await queue.upsertJobScheduler(retentionSchedulerId, { pattern: '17 3 * * *', tz: 'UTC' }, { name: maintenanceJobNames.retention, data: {} });
    await queue.upsertJobScheduler(reportRequeueSchedulerId, { every: 60_000 }, { name: maintenanceJobNames.requeueReports, data: {} });
  }

  async process(job: Job<unknown, RetentionSweepResult | number, MaintenanceJobName>): Promise<RetentionSweepResult | number> {
    const name = job.name;
    switch (name) {
      case maintenanceJobNames.retention:
        return this.sweep(new Date());
      case maintenanceJobNames.requeueReports:
        return this.strandedReports.requeue(new Date());
      default:
        throw new UnrecoverableError(`unknown job name ${String(name satisfies never)} on queue ${queueNames.maintenance}`);
    }
  }

  /**
   * Deletes, tenant by tenant and each in its own transaction, the findings older than that tenant's retention and the
   * compliance reports past their expiry (REPORT_RETENTION_DAYS after creation), and the expired Idempotency-Keys.
   */
  async sweep(now: Date): Promise<RetentionSweepResult> {
    const tenants = await this.runtime.database.system.listTenants();
    let findingsDeleted = 0;
    let reportsDeleted = 0;
    let idempotencyKeysDeleted = 0;
    const keysRememberedSince = new Date(now.getTime() - this.runtime.config.api.idempotencyKeyTtlHours * 3600_000);
    for (const { tenantId, retentionDays } of tenants) {
      const cutoff = new Date(now.getTime() - retentionDays * dayMs);
      const deleted = await this.runtime.database.withTenant(tenantId, () => this.scans.deleteFindingsBefore(cutoff), { timeoutMs: 300_000 });
      if (deleted > 0) this.runtime.log.info({ tenantId, retentionDays, deleted }, 'retention: old findings deleted');
      findingsDeleted += deleted;
      const expired = await this.runtime.database.withTenant(tenantId, () => this.reports.deleteExpired(now), { timeoutMs: 300_000 });
      if (expired > 0) this.runtime.log.info({ tenantId, expired }, 'retention: expired reports deleted');
      reportsDeleted += expired;
      idempotencyKeysDeleted += await this.runtime.database.withTenant(tenantId, () => this.idempotencyKeys.deleteExpired(keysRememberedSince), { timeoutMs: 300_000 });
    }
    return { tenants: tenants.length, findingsDeleted, reportsDeleted, idempotencyKeysDeleted };
  }
}
