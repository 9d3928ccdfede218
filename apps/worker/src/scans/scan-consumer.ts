import type { MeshguardConfig } from '@meshguard/config';
import { ScanRepository, type Database } from '@meshguard/db';
import {
  queueNames,
  scanJobId,
  scanJobNames,
  scanRunJobOptions,
  type ScanJobName,
  type ScanJobPayload,
  type ScheduledScanPayload,
} from '@meshguard/jobs';
import type { MeshguardMetrics } from '@meshguard/platform';
import { DelayedError, UnrecoverableError, WaitingError, type Job, type Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { TenantScanSlots } from '../fairness/tenant-scan-slots.js';
import { classifyScanError, ScanFailure } from './scan-failure.js';
import type { ScanPipeline, ScanRunResult } from './scan-pipeline.js';

export type ScanJobResult =
  | ScanRunResult
  | { outcome: 'queued-scheduled'; scanId: string; clusterId: string }
  | { outcome: 'skipped-scheduled'; clusterId: string; reason: string };

/** Called after a scan committed its results (webhooks hook in here). */
export type ScanFinishedListener = (
  payload: ScanJobPayload,
  result: Extract<ScanRunResult, { summary: unknown }>,
) => Promise<void>;

/** How long a job over its tenant's cap waits before it asks again (plus jitter, so waiting jobs spread out). */
const tenantCapRetryMs = 2_000;

/**
 * Handles the `scans` queue: `scan.run` runs the pipeline under the tenant's cap and the scan's time budget and
 * decides retry versus failure; `scan.scheduled` (a cluster schedule's tick) creates the scan row and queues its run.
 */
export class ScanConsumer {
  /** Aborted when the worker must hand running scans back (shutdown took longer than allowed). */
  readonly handBack = new AbortController();

  constructor(
    private readonly config: MeshguardConfig,
    private readonly database: Database,
    private readonly pipeline: ScanPipeline,
    private readonly slots: TenantScanSlots,
    private readonly scansQueue: Queue,
    private readonly metrics: MeshguardMetrics,
    private readonly log: Logger,
    private readonly onFinished: ScanFinishedListener[] = [],
  ) {}

  async process(
    job: Job<ScanJobPayload | ScheduledScanPayload, ScanJobResult, ScanJobName>,
    token?: string,
  ): Promise<ScanJobResult> {
    switch (job.name) {
      case scanJobNames.run:
        return this.runScan(job as Job<ScanJobPayload, ScanJobResult, ScanJobName>, token);
      case scanJobNames.scheduled:
        return this.queueScheduled(job as Job<ScheduledScanPayload, ScanJobResult, ScanJobName>);
      default:
        return assertNever(job.name);
    }
  }

  private async runScan(
    job: Job<ScanJobPayload, ScanJobResult, ScanJobName>,
    token: string | undefined,
  ): Promise<ScanJobResult> {
    const payload = job.data;
    const jobId = job.id ?? scanJobId(payload);
    const log = this.log.child({
      tenantId: payload.tenantId,
      clusterId: payload.clusterId,
      scanId: payload.scanId,
      jobId,
    });
    if (!(await this.slots.acquire(payload.tenantId, jobId))) {
      log.info(
        { cap: this.config.worker.scansPerTenantMax },
        'tenant at its concurrent scan cap; scan delayed',
      );
      await job.moveToDelayed(Date.now() + tenantCapRetryMs + Math.floor(Math.random() * 1_000), token);
      throw new DelayedError();
    }
    const budget = AbortSignal.timeout(this.config.worker.scanTimeoutMs);
    const signal = AbortSignal.any([budget, this.handBack.signal]);
    log.info({ attempt: job.attemptsMade + 1 }, 'scan started');
    try {
      const result = await this.pipeline.run(payload, { signal, log });
      if (result.outcome === 'already-finished') {
        log.info('scan had already finished; nothing to do');
        return result;
      }
      this.metrics.recordScan(result.outcome);
      this.metrics.recordFindingsStored(result.findings);
      log.info(
        {
          outcome: result.outcome,
          findings: result.findings,
          phasesMs: result.phasesMs,
          diff: result.summary.diff,
        },
        'scan finished',
      );
      for (const listener of this.onFinished) {
        await listener(payload, result).catch((error: unknown) =>
          log.error({ err: error }, 'a scan-finished listener failed; the scan result stands'),
        );
      }
      return result;
    } catch (error) {
      if (this.handBack.signal.aborted && !budget.aborted) {
        log.warn('worker shutting down: scan handed back to the queue');
        await job.moveToWait(token);
        throw new WaitingError();
      }
      const failure = budget.aborted
        ? new ScanFailure(
            'permanent',
            `the scan exceeded its time budget of ${this.config.worker.scanTimeoutMs} ms (SCAN_TIMEOUT_MS); the cluster is too large or too slow for it`,
          )
        : classifyScanError(error);
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (failure.kind === 'permanent' || lastAttempt) {
        if (await this.pipeline.fail(payload, failure.reason)) this.metrics.recordScan('failed');
        log.warn({ reason: failure.reason, kind: failure.kind }, 'scan failed');
      } else {
        log.warn(
          { reason: failure.reason, attempt: job.attemptsMade + 1 },
          'scan attempt failed; retrying with backoff',
        );
      }
      if (failure.kind === 'permanent') throw new UnrecoverableError(failure.reason);
      throw failure;
    } finally {
      await this.slots.release(payload.tenantId, jobId).catch(() => undefined);
    }
  }

  private async queueScheduled(
    job: Job<ScheduledScanPayload, ScanJobResult, ScanJobName>,
  ): Promise<ScanJobResult> {
    const { tenantId, clusterId } = job.data;
    // The tick's job id is unique per firing, so a retried tick finds the scan it already created.
    const idempotencyKey = `schedule:${job.id ?? `${clusterId}:${job.timestamp}`}`;
    const queued = await this.database.withTenant(tenantId, async () => {
      const { scan, created } = await new ScanRepository().queue(
        tenantId,
        clusterId,
        'schedule',
        idempotencyKey,
      );
      return { scan, created };
    });
    const log = this.log.child({ tenantId, clusterId, scanId: queued.scan.id, jobId: job.id });
    if (!queued.created && (queued.scan.trigger !== 'schedule' || queued.scan.status !== 'queued')) {
      log.info(
        { activeScan: queued.scan.id },
        'scheduled scan skipped: the cluster already has an active scan',
      );
      return {
        outcome: 'skipped-scheduled',
        clusterId,
        reason: `scan ${queued.scan.id} is already ${queued.scan.status}`,
      };
    }
    const payload: ScanJobPayload = { tenantId, clusterId, scanId: queued.scan.id };
    await this.scansQueue.add(scanJobNames.run, payload, { jobId: scanJobId(payload), ...scanRunJobOptions });
    log.info('scheduled scan queued');
    return { outcome: 'queued-scheduled', scanId: queued.scan.id, clusterId };
  }
}

function assertNever(name: never): never {
  throw new Error(`unknown job name ${String(name)} on queue ${queueNames.scans}`);
}
