import type { ComputePool } from '@meshguard/compute';
import type { MeshguardConfig } from '@meshguard/config';
import type { CredentialVault, Database } from '@meshguard/db';
import type { MeshguardMetrics } from '@meshguard/platform';
import type { Logger } from 'pino';

/** What every consumer of the worker shares; built once per process by startWorker. */
export interface WorkerRuntime {
  config: MeshguardConfig;
  database: Database;
  vault: CredentialVault;
  metrics: MeshguardMetrics;
  log: Logger;
  /** The process's worker threads for CPU-bound work (scan evaluation; report rendering can register its tasks). */
  compute: ComputePool;
}
