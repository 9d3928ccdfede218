import { ClusterRepository } from '@meshguard/db';
import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { queueNames, scanJobId, scanJobNames, type ScanJobPayload } from '@meshguard/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../src/app/start-worker.js';
import { createWorkerFixture, waitFor, type WorkerFixture } from './support/worker-fixture.js';

let fixture: WorkerFixture;
let simulator: RunningSimulator;
let worker: RunningWorker;
let tenantId: string;

beforeAll(async () => {
  fixture = await createWorkerFixture();
  simulator = await startSimulator({ preset: 'demo' });
  worker = await startWorker(fixture.config, { database: fixture.database });
  tenantId = await fixture.createTenant();
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await simulator?.stop();
  await fixture?.close();
});

async function scanOf(scanId: string) {
  return fixture.database.withTenant(tenantId, (tx) => tx.scan.findFirstOrThrow({ where: { id: scanId } }));
}

async function ended(payload: ScanJobPayload) {
  return waitFor(async () => {
    const scan = await scanOf(payload.scanId);
    return ['succeeded', 'partial', 'failed'].includes(scan.status) ? scan : undefined;
  }, 60_000, `scan ${payload.scanId} to end`);
}

async function jobOf(payload: ScanJobPayload) {
  return fixture.queue(queueNames.scans).getJob(scanJobId(payload));
}

describe('permanent failures fail fast with a reason the API shows', () => {
  it('credentials the cluster rejects (401): failed after one attempt, no retry', async () => {
    const clusterId = await fixture.createCluster(tenantId, simulator.kubeconfig({ token: 'read-only' }).replace('token: read-only', 'token: revoked-token-that-the-cluster-does-not-know'));
    const payload = await fixture.queueScan(tenantId, clusterId);
    const scan = await ended(payload);
    expect(scan.status).toBe('failed');
    expect(scan.failureReason).toContain('401');
    expect(scan.failureReason).toContain('replace the cluster');
    expect(scan.failureReason).not.toContain('revoked-token-that');
    const job = await waitFor(async () => ((await jobOf(payload))?.finishedOn ? jobOf(payload) : undefined), 10_000, 'the job to fail');
    expect(job?.attemptsMade).toBe(1);
    expect(await job?.getState()).toBe('failed');
  }, 60_000);

  it('a kubeconfig the intake rejects: failed, naming the field', async () => {
    const clusterId = await fixture.createCluster(tenantId, 'apiVersion: v1\nkind: Config\nclusters: []\n');
    const payload = await fixture.queueScan(tenantId, clusterId);
    const scan = await ended(payload);
    expect(scan.status).toBe('failed');
    expect(scan.failureReason).toMatch(/kubeconfig rejected/);
    expect((await jobOf(payload))?.attemptsMade).toBe(1);
  }, 60_000);

  it('a deleted cluster: failed, saying so', async () => {
    const clusterId = await fixture.createCluster(tenantId, simulator.kubeconfig());
    await fixture.database.withTenant(tenantId, () => new ClusterRepository().delete(clusterId));
    const payload = await fixture.queueScan(tenantId, clusterId);
    const scan = await ended(payload);
    expect(scan.status).toBe('failed');
    expect(scan.failureReason).toContain('deleted');
  }, 60_000);
});

describe('transient failures retry with backoff', () => {
  const unreachable = () => simulator.kubeconfig().replace(simulator.url, 'https://127.0.0.1:9'); // nothing listens on port 9

  async function queueWithFastBackoff(clusterId: string, attempts: number): Promise<ScanJobPayload> {
    const { scan } = await fixture.database.withTenant(tenantId, async () => {
      const { ScanRepository } = await import('@meshguard/db');
      return new ScanRepository().queue(tenantId, clusterId, 'api', null);
    });
    const payload = { tenantId, clusterId, scanId: scan.id };
    await fixture.queue(queueNames.scans).add(scanJobNames.run, payload, { jobId: scanJobId(payload), attempts, backoff: { type: 'exponential', delay: 500 } });
    return payload;
  }

  it('an unreachable cluster is retried, and the retry succeeds once it answers: one scan, two attempts', async () => {
    const clusterId = await fixture.createCluster(tenantId, unreachable());
    const payload = await queueWithFastBackoff(clusterId, 4);
    await waitFor(async () => ((await jobOf(payload))?.attemptsMade ?? 0) >= 1, 60_000, 'the first attempt to fail');
    const afterFirst = await scanOf(payload.scanId);
    expect(afterFirst.status).toBe('running');
    // The operator fixes the address; the next attempt reaches the cluster.
    await fixture.database.withTenant(tenantId, async (tx) => {
      const sealed = await fixture.vault.seal(tx, 'cluster-credential', Buffer.from(simulator.kubeconfig()));
      await new ClusterRepository().update(clusterId, {
        credentials: { serverUrl: simulator.url, credentialCiphertext: sealed.ciphertext, credentialKeyId: sealed.dataKeyId, accessLevel: 'read-only', serverVersion: null },
      });
    });
    const scan = await ended(payload);
    expect(scan.status).toBe('succeeded');
    expect(scan.attempts).toBeGreaterThanOrEqual(2);
    expect(scan.failureReason).toBeNull();
    expect(await fixture.database.withTenant(tenantId, (tx) => tx.scan.count({ where: { clusterId } }))).toBe(1);
  }, 90_000);

  it('fails the scan with the last error once the attempts are used up', async () => {
    const clusterId = await fixture.createCluster(tenantId, unreachable());
    const payload = await queueWithFastBackoff(clusterId, 2);
    const scan = await ended(payload);
    expect(scan.status).toBe('failed');
    expect(scan.attempts).toBe(2);
    expect(scan.failureReason).toMatch(/could not be reached|ECONNREFUSED/);
    expect(await fixture.database.withTenant(tenantId, (tx) => tx.finding.count({ where: { scanId: payload.scanId } }))).toBe(0);
  }, 90_000);
});
