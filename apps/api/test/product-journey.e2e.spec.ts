import type { AddressInfo } from 'node:net';
import { createMeshguardClient, type MeshguardApi } from '@meshguard/api-client';
import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { verifyReport, type ReportSignature } from '@meshguard/reports';
import { verifyWebhookSignature } from '@meshguard/webhooks';
import { startWebhookReceiver, type WebhookReceiver } from '@meshguard/webhooks/testing';
import { startWorker, type RunningWorker } from '@meshguard/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi, type TestTenant } from './support/test-api.js';

// A team's first day with meshguard, through the typed client generated from the committed OpenAPI document, with a
// real worker scanning the simulated cluster: every endpoint is called the way a client would call it.

let api: TestApi;
let worker: RunningWorker;
let simulator: RunningSimulator;
/** The same cluster a day later: one more namespace, without a default-deny policy. */
let changed: RunningSimulator;
let receiver: WebhookReceiver;
let tenant: TestTenant;
let client: MeshguardApi;
let baseUrl: string;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  [api, simulator, changed] = await Promise.all([
    startTestApi({ WEBHOOK_ADDRESS_ALLOWLIST: '127.0.0.1' }),
    startSimulator({ preset: 'demo' }),
    startSimulator({ preset: 'demo', objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'late-arrival' } }] }),
  ]);
  worker = await startWorker(api.config, { database: api.database, serveMetrics: false });
  tenant = await api.createTenant('Journey');
  await api.app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
  client = createMeshguardClient(baseUrl, tenant.token);
});

afterAll(async () => {
  await worker?.stop();
  await Promise.all([api?.close(), simulator?.stop(), changed?.stop()]);
  await receiver?.close();
});

async function scanToCompletion(clusterId: string): Promise<string> {
  const requested = await client.POST('/v1/clusters/{id}/scans', { params: { path: { id: clusterId } } });
  expect(requested.response.status).toBe(202);
  expect(requested.response.headers.get('location')).toBe(`/v1/scans/${requested.data!.id}`);
  const scanId = requested.data!.id;
  await expect
    .poll(
      async () => (await client.GET('/v1/scans/{id}', { params: { path: { id: scanId } } })).data?.status,
      { timeout: 90_000, interval: 250 },
    )
    .toMatch(/^(succeeded|partial|failed)$/);
  const finished = await client.GET('/v1/scans/{id}', { params: { path: { id: scanId } } });
  expect(finished.data, JSON.stringify(finished.data)).toMatchObject({
    status: 'succeeded',
    failureReason: null,
  });
  return scanId;
}

describe('a team onboarding a cluster through the typed client', () => {
  let clusterId: string;
  let webhookId: string;
  let webhookSecret: string;
  let firstScanId: string;
  let waivedFingerprint: string;
  let exceptionId: string;

  it('checks the service and its own tenant', async () => {
    expect((await client.GET('/healthz')).data).toEqual({ status: 'ok' });
    const ready = await client.GET('/readyz');
    expect(ready.data).toMatchObject({ status: 'ready', failing: [] });
    const self = await client.GET('/v1/tenant');
    expect(self.data).toMatchObject({ id: tenant.tenantId, name: 'Journey' });
  });

  it('issues an auditor key that can read but not write, then revokes it', async () => {
    const created = await client.POST('/v1/api-keys', { body: { name: 'dashboards', role: 'auditor' } });
    expect(created.response.status).toBe(201);
    const auditor = createMeshguardClient(baseUrl, created.data!.token);
    expect((await auditor.GET('/v1/clusters')).response.status).toBe(200);
    const refused = await auditor.POST('/v1/webhooks', { body: { url: 'http://127.0.0.1:9/x' } });
    expect(refused.response.status).toBe(403);
    const listed = await client.GET('/v1/api-keys');
    expect(listed.data!.items.map((key) => key.name)).toContain('dashboards');
    const revoked = await client.DELETE('/v1/api-keys/{id}', { params: { path: { id: created.data!.id } } });
    expect(revoked.data!.revokedAt).not.toBeNull();
    expect((await auditor.GET('/v1/clusters')).response.status).toBe(401);
  });

  it('registers the cluster read-only, labels and schedules it, and re-verifies it', async () => {
    const registered = await client.POST('/v1/clusters', {
      body: {
        name: 'payments-prod',
        labels: { env: 'prod' },
        kubeconfig: simulator.kubeconfig({ token: 'read-only' }),
      },
    });
    expect(registered.response.status).toBe(201);
    expect(registered.data).toMatchObject({ classification: 'read-only', error: null });
    clusterId = registered.data!.cluster.id;
    expect(JSON.stringify(registered.data)).not.toContain('read-only-token');

    const updated = await client.PATCH('/v1/clusters/{id}', {
      params: { path: { id: clusterId } },
      body: {
        labels: { env: 'prod', team: 'payments' },
        schedule: { cron: '0 3 * * *', timezone: 'Europe/Berlin' },
      },
    });
    expect(updated.data).toMatchObject({
      labels: { env: 'prod', team: 'payments' },
      schedule: { cron: '0 3 * * *', timezone: 'Europe/Berlin' },
    });
    const fetched = await client.GET('/v1/clusters/{id}', { params: { path: { id: clusterId } } });
    expect(fetched.data).toMatchObject({
      name: 'payments-prod',
      hasCredentials: true,
      accessLevel: 'read-only',
    });
    const verified = await client.POST('/v1/clusters/{id}/verify', { params: { path: { id: clusterId } } });
    expect(verified.data).toMatchObject({ classification: 'read-only', error: null });
    const byTeam = await client.GET('/v1/clusters', { params: { query: { label: 'team=payments' } } });
    expect(byTeam.data!.items.map((cluster) => cluster.id)).toEqual([clusterId]);
  });

  it('subscribes a webhook endpoint, seeing its secret once', async () => {
    const created = await client.POST('/v1/webhooks', { body: { url: `${receiver.url}/meshguard` } });
    expect(created.response.status).toBe(201);
    webhookId = created.data!.id;
    webhookSecret = created.data!.secret;
    expect(webhookSecret).toMatch(/^whsec_/);
    const listed = await client.GET('/v1/webhooks');
    expect(JSON.stringify(listed.data)).not.toContain(webhookSecret);
  });

  it('scans the cluster (its baseline, which announces nothing) and lists findings filtered the way a reviewer would', async () => {
    firstScanId = await scanToCompletion(clusterId);
    const history = await client.GET('/v1/clusters/{id}/scans', { params: { path: { id: clusterId } } });
    expect(history.data!.items.map((scan) => scan.id)).toEqual([firstScanId]);

    const all = await client.GET('/v1/findings', { params: { query: { clusterId, limit: 500 } } });
    expect(all.data!.items.length).toBeGreaterThan(0);
    expect(all.data!.items.every((finding) => finding.scanId === firstScanId)).toBe(true);

    const serious = await client.GET('/v1/findings', {
      params: { query: { clusterId, severity: ['critical', 'high'], area: ['networkpolicy'] } },
    });
    expect(serious.response.status).toBe(200);
    expect(serious.data!.items.length).toBeGreaterThan(0);
    for (const finding of serious.data!.items) {
      expect(['critical', 'high']).toContain(finding.severity);
      expect(finding.area).toBe('networkpolicy');
      expect(finding.rule?.remediation).toEqual(expect.stringMatching(/\S/));
      expect(finding.rule?.controls.length).toBeGreaterThan(0);
    }
    const expected = all.data!.items.filter(
      (finding) => ['critical', 'high'].includes(finding.severity) && finding.area === 'networkpolicy',
    );
    expect(serious.data!.items.map((finding) => finding.id).sort()).toEqual(
      expected.map((finding) => finding.id).sort(),
    );

    const baseline = await client.GET('/v1/scans/{id}', { params: { path: { id: firstScanId } } });
    expect(baseline.data!.summary).toMatchObject({ diff: { baseline: true, new: 0 } });
    const log = await client.GET('/v1/webhooks/{id}/deliveries', { params: { path: { id: webhookId } } });
    expect(log.data!.items).toEqual([]);
  });

  it('waives one finding; the next scan of the changed cluster shows it excepted and a signed webhook tells of the new findings', async () => {
    const [target] = (
      await client.GET('/v1/findings', { params: { query: { clusterId, severity: ['high'] } } })
    ).data!.items;
    expect(target).toBeDefined();
    waivedFingerprint = target!.fingerprint;
    const created = await client.POST('/v1/exceptions', {
      body: {
        ruleId: target!.ruleId,
        clusterId,
        ...(target!.resource.namespace ? { namespacePattern: target!.resource.namespace } : {}),
        namePattern: target!.resource.name,
        justification: 'Accepted until the payments team moves this workload behind the mesh gateway.',
        owner: 'payments-team@example.com',
        expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      },
    });
    expect(created.response.status).toBe(201);
    exceptionId = created.data!.id;
    expect(
      (await client.GET('/v1/exceptions/{id}', { params: { path: { id: exceptionId } } })).data,
    ).toMatchObject({
      id: exceptionId,
      ruleId: target!.ruleId,
    });

    // A namespace arrived since the baseline: the next scan finds its new problems and a webhook announces them.
    const replaced = await client.PATCH('/v1/clusters/{id}', {
      params: { path: { id: clusterId } },
      body: { kubeconfig: changed.kubeconfig({ token: 'read-only' }) },
    });
    expect(replaced.response.status).toBe(200);
    const secondScanId = await scanToCompletion(clusterId);
    await expect.poll(() => receiver.deliveries.length, { timeout: 60_000 }).toBeGreaterThan(0);
    const [delivery] = receiver.deliveries;
    expect(delivery!.eventType).toBe('scan.new_findings');
    expect(verifyWebhookSignature(delivery!.body, delivery!.signature, webhookSecret)).toMatchObject({ ok: true });
    expect(JSON.parse(delivery!.body)).toMatchObject({ tenantId: tenant.tenantId, data: { scan: { id: secondScanId } } });
    expect(delivery!.body).toContain('late-arrival');
    const log = await client.GET('/v1/webhooks/{id}/deliveries', { params: { path: { id: webhookId } } });
    expect(log.data!.items[0]).toMatchObject({ outcome: 'delivered', statusCode: 204, eventType: 'scan.new_findings' });
    const excepted = await client.GET('/v1/findings', {
      params: { query: { clusterId, status: 'excepted' } },
    });
    expect(excepted.data!.items.map((finding) => finding.fingerprint)).toContain(waivedFingerprint);
    expect(excepted.data!.items.every((finding) => finding.exceptionId === exceptionId)).toBe(true);
    expect(excepted.data!.items.every((finding) => finding.scanId === secondScanId)).toBe(true);
    const stillOpen = await client.GET('/v1/findings', { params: { query: { clusterId, status: 'open' } } });
    expect(stillOpen.data!.items.map((finding) => finding.fingerprint)).not.toContain(waivedFingerprint);
    const firstOnly = await client.GET('/v1/findings', {
      params: { query: { scanId: firstScanId, status: 'excepted' } },
    });
    expect(firstOnly.data!.items).toEqual([]);
    const active = await client.GET('/v1/exceptions', { params: { query: { state: 'active', clusterId } } });
    expect(active.data!.items.map((exception) => exception.id)).toEqual([exceptionId]);
  });

  it('reports the cluster\'s CIS status in every format, signed, and schedules a weekly report', async () => {
    const formats = ['json', 'csv', 'html', 'pdf', 'sarif', 'oscal'] as const;
    const ids: string[] = [];
    for (const format of formats) {
      const requested = await client.POST('/v1/reports', { body: { framework: 'cis-k8s-v1.10', format, scope: { clusterId } } });
      expect(requested.response.status).toBe(202);
      expect(requested.response.headers.get('location')).toBe(`/v1/reports/${requested.data!.id}`);
      ids.push(requested.data!.id);
    }
    const keys = await client.GET('/v1/reports/signing-keys');
    for (const id of ids) {
      await expect
        .poll(async () => (await client.GET('/v1/reports/{id}', { params: { path: { id } } })).data?.status, { timeout: 60_000, interval: 250 })
        .toMatch(/^(ready|failed)$/);
      const report = (await client.GET('/v1/reports/{id}', { params: { path: { id } } })).data!;
      expect(report, JSON.stringify(report)).toMatchObject({ status: 'ready', scans: [{ clusterId }] });
      const downloaded = await client.GET('/v1/reports/{id}/download', { params: { path: { id } }, parseAs: 'arrayBuffer' });
      const bytes = Buffer.from(downloaded.data as ArrayBuffer);
      expect(downloaded.response.headers.get('content-type')).toContain(report.mediaType!.split(';')[0]);
      const signature = (await client.GET('/v1/reports/{id}/signature', { params: { path: { id } } })).data as unknown as ReportSignature;
      const signingKeys = keys.data?.items.length ? keys.data.items : (await client.GET('/v1/reports/signing-keys')).data!.items;
      const key = signingKeys.find((candidate) => candidate.keyId === signature.keyId)!;
      expect({ format: report.format, verified: verifyReport(bytes, signature, key.publicKeyPem) }).toMatchObject({ format: report.format, verified: { ok: true } });
    }
    const schedule = await client.POST('/v1/report-schedules', {
      body: { name: 'weekly CIS', cron: '0 6 * * 1', timezone: 'Europe/Berlin', framework: 'cis-k8s-v1.10', scope: { selector: 'env=prod' }, formats: ['pdf'] },
    });
    expect(schedule.response.status).toBe(201);
    expect(schedule.data!.nextRuns).toHaveLength(5);
    const removed = await client.DELETE('/v1/report-schedules/{id}', { params: { path: { id: schedule.data!.id } } });
    expect(removed.response.status).toBe(204);
  });

  it('follows the cluster in the fleet overview, its trend and MTTR, and its drift from a staging twin', async () => {
    const overview = await client.GET('/v1/fleet', { params: { query: { selector: 'team=payments', groupBy: 'env' } } });
    expect(overview.response.status).toBe(200);
    const [listed] = overview.data!.items;
    expect(listed).toMatchObject({ id: clusterId, compliance: 'measured', coverage: { state: 'current' }, lastScan: { status: 'succeeded' } });
    expect(listed!.score).toEqual(expect.any(Number));
    expect(overview.data!.groups).toEqual([expect.objectContaining({ key: 'env', value: 'prod', clusters: 1, unknown: 0 })]);

    const trend = await client.GET('/v1/trends', { params: { query: { clusterId, bucket: 'scan', framework: 'cis-k8s-v1.10' } } });
    expect(trend.response.status).toBe(200);
    expect(trend.data!.buckets).toHaveLength(2);
    expect(trend.data!.series.new[0]).toBe(0);
    expect(trend.data!.series.new[1]).toBeGreaterThan(0);
    expect(trend.data!.series.score.at(-1)).toBeCloseTo(listed!.score!, 1);
    expect(trend.data!.series.controls!.fail!.at(-1)).toBeGreaterThan(0);
    const mttr = await client.GET('/v1/trends/mttr', { params: { query: { clusterId, groupBy: 'severity' } } });
    expect(mttr.data!.groups.reduce((sum, group) => sum + group.open.count, 0)).toBeGreaterThan(0);

    const twin = await client.POST('/v1/clusters', {
      body: { name: 'payments-staging', labels: { env: 'staging', team: 'payments' }, kubeconfig: simulator.kubeconfig({ token: 'read-only' }) },
    });
    expect(twin.response.status).toBe(201);
    const unmeasured = await client.GET('/v1/fleet/drift', { params: { query: { base: clusterId, compare: 'env=staging' } } });
    expect(unmeasured.data).toMatchObject({ comparisons: [], unmeasured: [{ id: twin.data!.cluster.id }] });
    await scanToCompletion(twin.data!.cluster.id);
    const drift = await client.GET('/v1/fleet/drift', { params: { query: { base: clusterId, compare: 'env=staging' } } });
    expect(drift.response.status).toBe(200);
    expect(drift.data!.comparisons.map((comparison) => comparison.cluster.id)).toEqual([twin.data!.cluster.id]);
    expect(drift.data!.comparisons[0]!.namespaces.ingress).not.toBeNull();
    const fleetNow = await client.GET('/v1/fleet', { params: { query: { selector: 'team=payments', sort: 'name' } } });
    expect(fleetNow.data!.items.map((cluster) => cluster.name)).toEqual(['payments-prod', 'payments-staging']);
  });

  it('revokes the waiver, unsubscribes, deletes the cluster, and finds every change in the audit log', async () => {
    const revoked = await client.DELETE('/v1/exceptions/{id}', { params: { path: { id: exceptionId } } });
    expect(revoked.data!.revokedAt).not.toBeNull();
    expect(
      (await client.DELETE('/v1/webhooks/{id}', { params: { path: { id: webhookId } } })).response.status,
    ).toBe(204);
    expect(
      (await client.DELETE('/v1/clusters/{id}', { params: { path: { id: clusterId } } })).response.status,
    ).toBe(204);
    expect(
      (await client.GET('/v1/clusters/{id}', { params: { path: { id: clusterId } } })).response.status,
    ).toBe(404);

    const audit = await client.GET('/v1/audit-events', { params: { query: { limit: 100 } } });
    const actions = audit.data!.items.map((event) => event.action);
    const everyMutation = [
      'api-key.create',
      'api-key.revoke',
      'cluster.register',
      'cluster.update',
      'cluster.verify',
    ];
    everyMutation.push(
      'webhook.create',
      'scan.request',
      'exception.create',
      'exception.revoke',
      'webhook.delete',
    );
    everyMutation.push('report.create', 'report-schedule.create', 'report-schedule.delete');
    everyMutation.push('cluster.delete');
    expect(actions.filter((action) => everyMutation.includes(action)).reverse()).toEqual(
      expect.arrayContaining(everyMutation),
    );
    const ofCluster = await client.GET('/v1/audit-events', { params: { query: { targetId: clusterId } } });
    expect(ofCluster.data!.items.every((event) => event.targetId === clusterId)).toBe(true);
  });
});
