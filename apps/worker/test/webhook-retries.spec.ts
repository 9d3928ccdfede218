import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { generateEndpointSecret, verifyWebhookSignature } from '@meshguard/webhooks';
import { startWebhookReceiver, type WebhookReceiver } from '@meshguard/webhooks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../src/app/start-worker.js';
import { createWorkerFixture, waitFor, type WorkerFixture } from './support/worker-fixture.js';

/** Nominal delays 0.8 s, 2.4 s, 7.2 s; jitter takes up to half of each, so each still exceeds the one before. */
const retryBaseDelayMs = 800;
const failuresBeforeSuccess = 3;

let fixture: WorkerFixture;
let simulator: RunningSimulator;
/** An empty cluster: the baseline before the demo workloads arrive. */
let empty: RunningSimulator;
let worker: RunningWorker;
let receiver: WebhookReceiver;

beforeAll(async () => {
  fixture = await createWorkerFixture({ WEBHOOK_RETRY_BASE_DELAY_MS: String(retryBaseDelayMs) });
  [simulator, empty] = await Promise.all([startSimulator({ preset: 'demo' }), startSimulator({})]);
  worker = await startWorker(fixture.config, { database: fixture.database, serveMetrics: false });
  // The first attempt finds the connection reset, the next ones a 503, then the receiver is back.
  receiver = await startWebhookReceiver((_delivery, index) =>
    index === 0 ? 'reset' : index < failuresBeforeSuccess ? 503 : 200,
  );
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await simulator?.stop();
  await empty?.stop();
  await receiver?.close();
  await fixture?.close();
});

describe('webhook retries', () => {
  it('retries a failing receiver with growing delays, logs every attempt, and the final delivery verifies', async () => {
    const tenantId = await fixture.createTenant();
    const secret = generateEndpointSecret();
    const endpointId = await fixture.database.withTenant(tenantId, async (tx) => {
      const sealed = await fixture.vault.seal(tx, 'webhook-secret', Buffer.from(secret));
      const endpoint = await tx.webhookEndpoint.create({
        data: {
          tenantId,
          url: `${receiver.url}/hook`,
          secretCiphertext: sealed.ciphertext,
          secretKeyId: sealed.dataKeyId,
        },
      });
      return endpoint.id;
    });
    // The empty cluster's scan is its baseline; then the demo workloads arrive and their findings are new.
    const clusterId = await fixture.createCluster(tenantId, empty.kubeconfig());
    const baseline = await fixture.queueScan(tenantId, clusterId);
    await waitFor(
      async () => (await fixture.database.withTenant(tenantId, (tx) => tx.scan.findFirstOrThrow({ where: { id: baseline.scanId } }))).finishedAt,
      45_000,
      'the baseline scan',
    );
    await fixture.repointCluster(tenantId, clusterId, simulator.kubeconfig(), simulator.url);
    const { scanId } = await fixture.queueScan(tenantId, clusterId);

    const log = await waitFor(
      async () => {
        const rows = await fixture.database.withTenant(tenantId, (tx) =>
          tx.webhookDelivery.findMany({ where: { endpointId }, orderBy: { attempt: 'asc' } }),
        );
        return rows.some((row) => row.outcome === 'delivered') ? rows : undefined;
      },
      45_000,
      'the delivery to succeed',
    );

    expect(log.map((row) => [row.attempt, row.outcome, row.statusCode])).toEqual([
      [1, 'retryable', null],
      [2, 'retryable', 503],
      [3, 'retryable', 503],
      [4, 'delivered', 200],
    ]);
    expect(log.every((row) => row.eventId === `scan-${scanId}`)).toBe(true);
    expect(log[0]!.error).toMatch(/failed/);
    const gaps = log.slice(1).map((row, index) => row.createdAt.getTime() - log[index]!.createdAt.getTime());
    for (const [index, gap] of gaps.entries()) {
      // Never sooner than the schedule's shortest jittered delay; every wait longer than the one before.
      expect(gap).toBeGreaterThanOrEqual((retryBaseDelayMs * 3 ** index) / 2);
      if (index > 0) expect(gap).toBeGreaterThan(gaps[index - 1]!);
    }

    expect(receiver.deliveries.map((request) => request.attempt)).toEqual([1, 2, 3, 4]);
    const final = receiver.deliveries.at(-1)!;
    expect(verifyWebhookSignature(final.body, final.signature, secret)).toMatchObject({ ok: true });
    expect(JSON.parse(final.body)).toMatchObject({ id: `scan-${scanId}`, tenantId });
  }, 60_000);
});
