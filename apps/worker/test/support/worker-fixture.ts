import { randomBytes, randomUUID } from 'node:crypto';
import { ComputePool } from '@meshguard/compute';
import { loadConfig, type MeshguardConfig } from '@meshguard/config';
import {
  ClusterRepository,
  createCredentialVault,
  loadMasterKeyring,
  openDatabase,
  ScanRepository,
  type CredentialVault,
  type Database,
} from '@meshguard/db';
import { createTestDatabase, type TestDatabase } from '@meshguard/db/testing';
import { queueNames, scanJobId, scanJobNames, scanRunJobOptions, type QueueName, type ScanJobPayload } from '@meshguard/jobs';
import { bullConnectionOptions } from '@meshguard/platform';
import { Queue, QueueEvents } from 'bullmq';

/** A throwaway PostgreSQL database with migrations, a private Redis key prefix and a config pointing at both. */
export interface WorkerFixture {
  config: MeshguardConfig;
  env: Record<string, string>;
  database: Database;
  vault: CredentialVault;
  /** Worker threads for pipelines a test builds itself (one thread: the CI host has two cores). */
  compute: ComputePool;
  queue(name: QueueName): Queue;
  events(name: QueueName): Promise<QueueEvents>;
  createTenant(retentionDays?: number): Promise<string>;
  createCluster(tenantId: string, kubeconfig: string, name?: string): Promise<string>;
  /** Creates a queued scan row as the API does and enqueues its job; returns the payload. */
  queueScan(tenantId: string, clusterId: string): Promise<ScanJobPayload>;
  close(): Promise<void>;
}

export async function createWorkerFixture(extraEnv: Record<string, string> = {}): Promise<WorkerFixture> {
  const testDatabase: TestDatabase = await createTestDatabase({ migrate: true });
  const env = {
    DATABASE_URL: testDatabase.url,
    QUEUE_PREFIX: `mgtest-${randomUUID().slice(0, 8)}`,
    CLUSTER_ADDRESS_ALLOWLIST: '127.0.0.1',
    WEBHOOK_ADDRESS_ALLOWLIST: '127.0.0.1',
    MASTER_KEYS: `test-1:${randomBytes(32).toString('base64')}`,
    MASTER_KEY_ID: 'test-1',
    WORKER_METRICS_PORT: '0',
    SHUTDOWN_TIMEOUT_MS: '5000',
    ...extraEnv,
  };
  const config = loadConfig(env);
  const database = await openDatabase(config.database);
  const vault = createCredentialVault(await loadMasterKeyring(config));
  const compute = new ComputePool({ threads: 1, maxHeapMb: config.worker.scanThreadMemoryMb });
  const connection = bullConnectionOptions(config.redis.url);
  const queues = new Map<QueueName, Queue>();
  const eventStreams = new Map<QueueName, QueueEvents>();
  const queue = (name: QueueName) => {
    let existing = queues.get(name);
    if (!existing) queues.set(name, (existing = new Queue(name, { connection, prefix: config.redis.queuePrefix })));
    return existing;
  };
  return {
    config,
    env,
    database,
    vault,
    compute,
    queue,
    async events(name) {
      let existing = eventStreams.get(name);
      if (!existing) {
        eventStreams.set(name, (existing = new QueueEvents(name, { connection, prefix: config.redis.queuePrefix })));
        await existing.waitUntilReady();
      }
      return existing;
    },
    async createTenant(retentionDays) {
      const suffix = randomUUID().slice(0, 8);
      const { tenantId } = await database.system.createTenant({
        name: `tenant ${suffix}`,
        slug: `tenant-${suffix}`,
        ownerKey: { name: 'owner', prefix: `mg_${suffix}`, secretHash: randomBytes(32).toString('hex') },
      });
      if (retentionDays !== undefined)
        await database.withTenant(tenantId, (tx) => tx.tenant.update({ where: { id: tenantId }, data: { retentionDays } }));
      return tenantId;
    },
    async createCluster(tenantId, kubeconfig, name = `cluster-${randomUUID().slice(0, 8)}`) {
      return database.withTenant(tenantId, async (tx) => {
        const sealed = await vault.seal(tx, 'cluster-credential', Buffer.from(kubeconfig));
        const cluster = await new ClusterRepository().create(tenantId, {
          name,
          labels: {},
          serverUrl: 'https://127.0.0.1',
          credentialCiphertext: sealed.ciphertext as Uint8Array<ArrayBuffer>,
          credentialKeyId: sealed.dataKeyId,
          accessLevel: 'read-only',
          serverVersion: null,
          schedule: null,
        });
        return cluster.id;
      });
    },
    async queueScan(tenantId, clusterId) {
      const { scan } = await database.withTenant(tenantId, () => new ScanRepository().queue(tenantId, clusterId, 'api', null));
      const payload = { tenantId, clusterId, scanId: scan.id };
      await queue(queueNames.scans).add(scanJobNames.run, payload, { jobId: scanJobId(payload), ...scanRunJobOptions });
      return payload;
    },
    async close() {
      for (const q of queues.values()) await q.obliterate({ force: true }).catch(() => undefined);
      await Promise.all([...queues.values()].map((q) => q.close()));
      await Promise.all([...eventStreams.values()].map((e) => e.close()));
      await compute.destroy();
      await database.close();
      await testDatabase.drop();
    },
  };
}

export async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
