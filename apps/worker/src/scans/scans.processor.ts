import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { MeshguardConfig } from '@meshguard/config';
import { queueNames, scanJobNames, type ScanJobName, type ScanJobPayload, type ScheduledScanPayload } from '@meshguard/jobs';
import type { Job } from 'bullmq';
import { WORKER_CONFIG } from '../app/tokens.js';

export type ScanJobResult = { outcome: 'noop'; scanId: string } | { outcome: 'noop-scheduled'; clusterId: string };

/** Consumes the `scans` queue. The real pipeline (collect, evaluate, store) replaces the no-op body. */
@Processor(queueNames.scans)
export class ScansProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(ScansProcessor.name);

  constructor(@Inject(WORKER_CONFIG) private readonly config: MeshguardConfig) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.worker.concurrency;
  }

  async process(job: Job<ScanJobPayload | ScheduledScanPayload, ScanJobResult, ScanJobName>): Promise<ScanJobResult> {
    switch (job.name) {
      case scanJobNames.run: {
        const { scanId, clusterId, tenantId } = job.data as ScanJobPayload;
        this.logger.log(`scan ${scanId} of cluster ${clusterId} (tenant ${tenantId}): no-op`);
        return { outcome: 'noop', scanId };
      }
      case scanJobNames.scheduled: {
        const { clusterId, tenantId } = job.data as ScheduledScanPayload;
        this.logger.log(`scheduled scan of cluster ${clusterId} (tenant ${tenantId}): no-op until the scan pipeline lands`);
        return { outcome: 'noop-scheduled', clusterId };
      }
      default:
        return assertNever(job.name);
    }
  }
}

function assertNever(name: never): never {
  throw new Error(`unknown job name ${String(name)} on queue ${queueNames.scans}`);
}
