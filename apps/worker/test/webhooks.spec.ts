import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { generateEndpointSecret, verifyWebhookSignature } from '@meshguard/webhooks';
import { startWebhookReceiver, type WebhookReceiver } from '@meshguard/webhooks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../src/app/start-worker.js';
import { createWorkerFixture, waitFor, type WorkerFixture } from './support/worker-fixture.js';

let fixture: WorkerFixture;
let simulator: RunningSimulator;
/** The demo cluster a day later: one more namespace, without a default-deny policy (a new high finding). */
let changed: RunningSimulator;
let worker: RunningWorker;
let receiver: WebhookReceiver;

beforeAll(async () => {
  fixture = await createWorkerFixture();
  simulator = await startSimulator({ preset: 'demo' });
  changed = await startSimulator({ preset: 'demo', objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'late-arrival' } }] });
  worker = await startWorker(fixture.config, { database: fixture.database, serveMetrics: false });
  receiver = await startWebhookReceiver((delivery) => (delivery.path === '/gone' ? 410 : 204));
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await simulator?.stop();
  await changed?.stop();
  await receiver?.close();
  await fixture?.close();
});

async function addEndpoint(
  tenantId: string,
  path: string,
  secret: string,
  enabled = true,
  base = receiver.url,
): Promise<string> {
  return fixture.database.withTenant(tenantId, async (tx) => {
    const sealed = await fixture.vault.seal(tx, 'webhook-secret', Buffer.from(secret));
    const endpoint = await tx.webhookEndpoint.create({
      data: {
        tenantId,
        url: `${base}${path}`,
        secretCiphertext: sealed.ciphertext,
        secretKeyId: sealed.dataKeyId,
        enabled,
      },
    });
    return endpoint.id;
  });
}

async function deliveriesOf(tenantId: string) {
  return fixture.database.withTenant(tenantId, (tx) =>
    tx.webhookDelivery.findMany({ orderBy: { createdAt: 'asc' } }),
  );
}

async function scanToEnd(tenantId: string, clusterId: string) {
  const payload = await fixture.queueScan(tenantId, clusterId);
  return waitFor(
    async () => {
      const scan = await fixture.database.withTenant(tenantId, (tx) =>
        tx.scan.findFirstOrThrow({ where: { id: payload.scanId } }),
      );
      return ['succeeded', 'partial', 'failed'].includes(scan.status) ? scan : undefined;
    },
    60_000,
    'the scan to end',
  );
}

/** Scans the demo cluster once (its baseline, which announces nothing), then again after it changed; returns the second scan. */
async function scanAfterChange(tenantId: string) {
  const clusterId = await fixture.createCluster(tenantId, simulator.kubeconfig());
  const baseline = await scanToEnd(tenantId, clusterId);
  expect(baseline).toMatchObject({ status: 'succeeded', baseline: true });
  await fixture.repointCluster(tenantId, clusterId, changed.kubeconfig(), changed.url);
  return { clusterId, baseline, scan: await scanToEnd(tenantId, clusterId) };
}

describe('webhooks', () => {
  it('delivers a signed event for new critical/high findings to enabled endpoints only, and logs each attempt', async () => {
    const tenantId = await fixture.createTenant();
    const secret = generateEndpointSecret();
    const endpointId = await addEndpoint(tenantId, '/hook', secret);
    await addEndpoint(tenantId, '/disabled', generateEndpointSecret(), false);
    const { clusterId, baseline, scan } = await scanAfterChange(tenantId);
    expect(scan.status).toBe('succeeded');
    // The baseline scan found plenty, all of it already there: no event announced it (the second scan's event may
    // name it as its previousScanId, so look for the baseline's own event id).
    expect(receiver.deliveries.some((r) => r.body.includes(`scan-${baseline.id}`))).toBe(false);
    const delivery = await waitFor(
      async () => receiver.deliveries.find((r) => r.path === '/hook' && r.body.includes(scan.id)),
      30_000,
      'the delivery',
    );
    expect(verifyWebhookSignature(delivery.body, delivery.signature, secret)).toMatchObject({ ok: true });
    expect(verifyWebhookSignature(delivery.body, delivery.signature, generateEndpointSecret())).toMatchObject(
      { ok: false },
    );
    const event = JSON.parse(delivery.body);
    expect(event).toMatchObject({
      id: `scan-${scan.id}`,
      type: 'scan.new_findings',
      tenantId,
      data: { cluster: { id: clusterId }, scan: { id: scan.id } },
    });
    expect(event.data.newFindings.critical + event.data.newFindings.high).toBeGreaterThan(0);
    expect(JSON.stringify(event.data.topFindings)).toContain('late-arrival');
    expect(event.data.topFindings.length).toBeGreaterThan(0);
    expect(receiver.deliveries.some((r) => r.path === '/disabled')).toBe(false);
    const log = await waitFor(
      async () => {
        const rows = await deliveriesOf(tenantId);
        return rows.length > 0 ? rows : undefined;
      },
      10_000,
      'the delivery log',
    );
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      endpointId,
      eventId: `scan-${scan.id}`,
      attempt: 1,
      outcome: 'delivered',
      statusCode: 204,
    });

    // Nothing new since: the next scan announces nothing.
    const before = receiver.deliveries.length;
    const second = await scanToEnd(tenantId, clusterId);
    expect((second.summary as { diff: { new: number } }).diff.new).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.deliveries.length).toBe(before);
  }, 90_000);

  it('disables an endpoint whose receiver answers 410 Gone', async () => {
    const tenantId = await fixture.createTenant();
    const endpointId = await addEndpoint(tenantId, '/gone', generateEndpointSecret());
    await scanAfterChange(tenantId);
    const endpoint = await waitFor(
      async () => {
        const row = await fixture.database.withTenant(tenantId, (tx) =>
          tx.webhookEndpoint.findFirstOrThrow({ where: { id: endpointId } }),
        );
        return row.enabled ? undefined : row;
      },
      30_000,
      'the endpoint to be disabled',
    );
    expect(endpoint.disabledReason).toContain('410');
    expect(await deliveriesOf(tenantId)).toMatchObject([{ outcome: 'gone', statusCode: 410, attempt: 1 }]);
  }, 90_000);

  it('never delivers to an address outside the operator allowlist (127.0.0.2 is loopback, only 127.0.0.1 is allowed)', async () => {
    const tenantId = await fixture.createTenant();
    await addEndpoint(
      tenantId,
      '/blocked',
      generateEndpointSecret(),
      true,
      receiver.url.replace('127.0.0.1', '127.0.0.2'),
    );
    await scanAfterChange(tenantId);
    const log = await waitFor(
      async () => {
        const rows = await deliveriesOf(tenantId);
        return rows.length > 0 ? rows : undefined;
      },
      30_000,
      'the refused attempt in the log',
    );
    expect(log).toMatchObject([{ outcome: 'failed', attempt: 1, statusCode: null }]);
    expect(log[0]!.error).toMatch(/127\.0\.0\.2|loopback|allow/i);
    expect(receiver.deliveries.some((r) => r.path === '/blocked')).toBe(false);
  }, 90_000);
});
