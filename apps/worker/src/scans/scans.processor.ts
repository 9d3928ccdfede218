import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { MeshguardConfig } from '@meshguard/config';
import { queueNames, scanJobNames, type ScanJobName, type ScanJobPayload } from '@meshguard/jobs';
import type { Job } from 'bullmq';
import { WORKER_CONFIG } from '../app/tokens.js';

export interface ScanJobResult {
  outcome: 'noop';
  scanId: string;
}

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

  async process(job: Job<ScanJobPayload, ScanJobResult, ScanJobName>): Promise<ScanJobResult> {
    switch (job.name) {
      case scanJobNames.run:
        this.logger.log(`scan ${job.data.scanId} of cluster ${job.data.clusterId} (tenant ${job.data.tenantId}): no-op`);
        return { outcome: 'noop', scanId: job.data.scanId };
      default:
        return assertNever(job.name);
    }
  }
}

function assertNever(name: never): never {
  throw new Error(`unknown job name ${String(name)} on queue ${queueNames.scans}`);
}
