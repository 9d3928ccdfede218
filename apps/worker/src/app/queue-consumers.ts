import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { queueNames, reportJobNames, type QueueName, type ReportJobName } from '@meshguard/jobs';
import { bullConnectionOptions } from '@meshguard/platform';
import { Queue, UnrecoverableError, Worker, type Job, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { defaultWebhookRetryPolicy, webhookBackoffStrategyFor } from '@meshguard/webhooks';
import { TenantScanSlots } from '../fairness/tenant-scan-slots.js';
import { MaintenanceConsumer } from '../maintenance/maintenance-consumer.js';
import { ReportConsumer } from '../reports/report-consumer.js';
import { ScanConsumer } from '../scans/scan-consumer.js';
import { ScanPipeline } from '../scans/scan-pipeline.js';
import { WebhookConsumer } from '../webhooks/webhook-consumer.js';
import { WebhookNotifier } from '../webhooks/webhook-notifier.js';
import { WORKER_RUNTIME } from './tokens.js';
import type { WorkerRuntime } from './worker-runtime.js';

/**
 * The BullMQ workers of this process, one per queue, sharing Redis with every other worker process: any number of
 * processes on any number of machines consume the same queues. Closing stops taking jobs and waits for running ones.
 */
@Injectable()
export class QueueConsumers implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly queues: Record<QueueName, Queue>;
  readonly scans: ScanConsumer;
  private readonly workers: Worker[] = [];
  private readonly redis: Redis;
  private readonly maintenance: MaintenanceConsumer;
  private readonly webhooks: WebhookConsumer;
  readonly reports: ReportConsumer;

  constructor(@Inject(WORKER_RUNTIME) private readonly runtime: WorkerRuntime) {
    const { config } = runtime;
    const connection = bullConnectionOptions(config.redis.url);
    const prefix = config.redis.queuePrefix;
    this.queues = {
      scans: new Queue(queueNames.scans, { connection, prefix }),
      reports: new Queue(queueNames.reports, { connection, prefix }),
      maintenance: new Queue(queueNames.maintenance, { connection, prefix }),
    };
    for (const queue of Object.values(this.queues)) queue.on('error', (error) => runtime.log.warn({ err: error }, 'queue connection error'));
    this.redis = new Redis(config.redis.url, { maxRetriesPerRequest: null });
    this.redis.on('error', (error) => runtime.log.warn({ err: error }, 'redis connection error'));
    const slots = new TenantScanSlots(this.redis, prefix, config.worker.scansPerTenantMax, config.worker.scanTimeoutMs + 60_000);
    const notifier = new WebhookNotifier(runtime, this.queues.reports);
    this.scans = new ScanConsumer(
      config,
      runtime.database,
      new ScanPipeline(runtime.database, runtime.vault, config, runtime.compute),
      slots,
      this.queues.scans,
      runtime.metrics,
      runtime.log,
      [async (payload, result) => void (await notifier.scanFinished(payload, result))],
    );
    this.webhooks = new WebhookConsumer(runtime);
    this.reports = new ReportConsumer(runtime, this.queues.reports);
    this.maintenance = new MaintenanceConsumer(runtime, this.queues.reports);
    runtime.metrics.watchQueues(Object.values(this.queues));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.maintenance.ensureSchedules(this.queues.maintenance);
    // Reports requested while Redis was down get their job now, not only at the next minute's sweep.
    await this.maintenance.strandedReports.requeue(new Date()).catch((error: unknown) => this.runtime.log.warn({ err: error }, 'could not re-queue queued reports'));
    this.start(queueNames.scans, (job, token) => this.scans.process(job, token), this.runtime.config.worker.concurrency);
    const webhookRetries = { ...defaultWebhookRetryPolicy, baseDelayMs: this.runtime.config.webhooks.retryBaseDelayMs };
    this.start(queueNames.reports, (job) => this.processReportJob(job), 4, { settings: { backoffStrategy: webhookBackoffStrategyFor(webhookRetries) } });
    this.start(queueNames.maintenance, (job) => this.maintenance.process(job), 1);
  }

  /** The `reports` queue carries report generation, schedule ticks, report emails and every webhook delivery. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler narrows its own payload
  private processReportJob(job: Job<any, any, ReportJobName>): Promise<unknown> {
    const name = job.name;
    switch (name) {
      case reportJobNames.webhookDeliver:
        return this.webhooks.process(job);
      case reportJobNames.generate:
        return this.reports.generate(job);
      case reportJobNames.scheduled:
        return this.reports.scheduled(job);
      case reportJobNames.email:
        return this.reports.email(job);
      default:
        return Promise.reject(new UnrecoverableError(`unknown job name ${String(name satisfies never)} on queue ${queueNames.reports}`));
    }
  }

  /** Stops taking jobs; running scans finish, or are handed back to the queue when `handBackAfterMs` passes first. */
  async close(handBackAfterMs?: number): Promise<void> {
    const timer = handBackAfterMs === undefined ? undefined : setTimeout(() => this.scans.handBack.abort(), handBackAfterMs);
    try {
      await Promise.all(this.workers.map((worker) => worker.close()));
    } finally {
      clearTimeout(timer);
    }
    await Promise.all(Object.values(this.queues).map((queue) => queue.close()));
    this.reports.close();
    this.redis.disconnect();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.workers.length > 0 && !this.closed) await this.close(this.runtime.config.worker.shutdownTimeoutMs);
  }

  private get closed(): boolean {
    return this.workers.every((worker) => worker.closing !== undefined);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each consumer narrows its own job type
  private start(name: QueueName, processor: (job: Job<any, any, any>, token?: string) => Promise<unknown>, concurrency: number, extra: Partial<WorkerOptions> = {}): void {
    const { config, metrics, log } = this.runtime;
    const options: WorkerOptions = {
      connection: bullConnectionOptions(config.redis.url),
      prefix: config.redis.queuePrefix,
      concurrency,
      lockDuration: config.worker.lockDurationMs,
      stalledInterval: config.worker.lockDurationMs,
      maxStalledCount: 2,
      ...extra,
    };
    const worker = new Worker(
      name,
      async (job, token) => {
        const end = metrics.startJobTimer({ queue: name, name: job.name });
        try {
          const result = await processor(job, token);
          end('completed');
          return result;
        } catch (error) {
          const final = error instanceof Error && error.name === 'UnrecoverableError' ? true : job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
          if (!['DelayedError', 'WaitingError'].includes((error as Error).name)) end(final ? 'failed' : 'retrying');
          throw error;
        }
      },
      options,
    );
    worker.on('error', (error) => log.warn({ err: error, queue: name }, 'worker connection error'));
    worker.on('stalled', (jobId) => log.warn({ jobId, queue: name }, 'stalled job recovered: its worker stopped renewing the lock'));
    this.workers.push(worker);
  }
}
