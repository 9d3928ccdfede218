import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { ComputePool } from '@meshguard/compute';
import type { MeshguardConfig } from '@meshguard/config';
import { createCredentialVault, loadMasterKeyring, openDatabase, type Database } from '@meshguard/db';
import {
  createLogger,
  createMeshguardMetrics,
  PinoNestLogger,
  type MeshguardMetrics,
} from '@meshguard/platform';
import type { Logger } from 'pino';
import { startMetricsServer } from '../observability/metrics-server.js';
import { QueueConsumers } from './queue-consumers.js';
import { WorkerModule } from './worker.module.js';

export interface StartWorkerOptions {
  /** Structured logger (default: a silent one). */
  log?: Logger;
  /** An open database to use (default: opened from the config and closed on stop). */
  database?: Database;
  /** Serve /metrics (default true, on WORKER_METRICS_PORT). */
  serveMetrics?: boolean;
  /** A compute pool to share (default: one sized by SCAN_THREADS, closed on stop). */
  compute?: ComputePool;
}

export interface RunningWorker {
  context: INestApplicationContext;
  consumers: QueueConsumers;
  metrics: MeshguardMetrics;
  /** The worker threads scans are evaluated on. */
  compute: ComputePool;
  /** Port of /metrics, when served. */
  metricsPort?: number;
  /** Stops taking jobs; running scans finish, or go back to the queue after SHUTDOWN_TIMEOUT_MS. */
  stop(): Promise<void>;
}

/** Starts the queue consumers of one worker process (scans, reports, maintenance) and its /metrics endpoint. */
export async function startWorker(config: MeshguardConfig, options: StartWorkerOptions = {}): Promise<RunningWorker> {
  const log = options.log ?? createLogger({ level: 'silent', name: 'meshguard-worker' });
  const database = options.database ?? (await openDatabase(config.database));
  const vault = createCredentialVault(await loadMasterKeyring(config));
  const metrics = createMeshguardMetrics({ service: 'worker' });
  const logger: LoggerService | false = options.log ? new PinoNestLogger(options.log) : false;
  // /metrics first: a taken port stops a worker before it takes any job.
  const server =
    options.serveMetrics === false
      ? undefined
      : await startMetricsServer(metrics, config.http.host, config.worker.metricsPort).catch(async (error: unknown) => {
          if (!options.database) await database.close();
          throw error;
        });
  const compute =
    options.compute ??
    new ComputePool({
      threads: config.worker.scanThreads,
      maxHeapMb: config.worker.scanThreadMemoryMb,
      onThreadError: (error) => log.error({ err: error }, 'a compute thread failed outside any task; it was replaced'),
    });
  const context = await NestFactory.createApplicationContext(
    WorkerModule.with({ config, database, vault, metrics, log, compute }),
    { logger },
  );
  await context.init();
  const consumers = context.get(QueueConsumers);
  return {
    context,
    consumers,
    metrics,
    compute,
    ...(server ? { metricsPort: server.port } : {}),
    async stop() {
      await consumers.close(config.worker.shutdownTimeoutMs);
      await context.close();
      await server?.close();
      if (!options.compute) await compute.destroy();
      if (!options.database) await database.close();
    },
  };
}
