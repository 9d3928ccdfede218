import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { ConnectivityModelRepository } from '@meshguard/db';
import { connectivityGraph, connectivityModelVersion, reachabilitySubset, type ClusterSnapshot } from '@meshguard/rules';
import { queueNames, scanJobId } from '@meshguard/jobs';
import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { bullConnectionOptions } from '@meshguard/platform';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApi, type TestApi, type TestTenant } from './support/test-api.js';

let api: TestApi;
let simulator: RunningSimulator;
let alpha: TestTenant;
let beta: TestTenant;
let alphaCluster: string;
let alphaScan: string;
let alphaReport: string;
let alphaSchedule: string;
let alphaFinding: string;

beforeAll(async () => {
  [api, simulator] = await Promise.all([startTestApi(), startSimulator({ preset: 'demo' })]);
  [alpha, beta] = await Promise.all([api.createTenant('Alpha'), api.createTenant('Beta')]);
  const registered = await api
    .http()
    .post('/v1/clusters')
    .set(bearer(alpha.token))
    .send({ name: 'alpha-prod', kubeconfig: simulator.kubeconfig({ token: 'read-only' }) })
    .expect(201);
  alphaCluster = registered.body.cluster.id;
  const scan = await api.http().post(`/v1/clusters/${alphaCluster}/scans`).set(bearer(alpha.token)).expect(202);
  alphaScan = scan.body.id;
  await finishScanWithFindings(alpha.tenantId, alphaCluster, alphaScan);
  const report = await api.http().post('/v1/reports').set(bearer(alpha.token)).send({ framework: 'cis-k8s-v1.10', format: 'json', scope: { clusterId: alphaCluster } }).expect(202);
  alphaReport = report.body.id;
  const schedule = await api
    .http()
    .post('/v1/report-schedules')
    .set(bearer(alpha.token))
    .send({ name: 'alpha weekly', cron: '0 6 * * 1', framework: 'cis-k8s-v1.10', scope: { clusterId: alphaCluster }, formats: ['json'] })
    .expect(201);
  alphaSchedule = schedule.body.id;
  await api.http().post('/v1/reports/signing-keys/rotate').set(bearer(alpha.token)).expect(201);
  const findings = await api.http().get(`/v1/findings?scanId=${alphaScan}&limit=1`).set(bearer(alpha.token)).expect(200);
  alphaFinding = findings.body.items[0].id;
});

afterAll(async () => {
  await Promise.all([api?.close(), simulator?.stop()]);
});

describe('scans', () => {
  it('queues a scan with a Location, enqueues its job once, and returns the active scan on a second request', async () => {
    const cluster = await api
      .http()
      .post('/v1/clusters')
      .set(bearer(alpha.token))
      .send({ name: 'alpha-stage', kubeconfig: simulator.kubeconfig({ token: 'read-only' }) })
      .expect(201);
    const id = cluster.body.cluster.id;
    const first = await api.http().post(`/v1/clusters/${id}/scans`).set(bearer(alpha.token)).expect(202);
    expect(first.headers.location).toBe(`/v1/scans/${first.body.id}`);
    expect(first.body).toMatchObject({ status: 'queued', trigger: 'api', clusterId: id });
    const second = await api.http().post(`/v1/clusters/${id}/scans`).set(bearer(alpha.token)).expect(200);
    expect(second.body.id).toBe(first.body.id);
    const queue = new Queue(queueNames.scans, { connection: bullConnectionOptions(api.config.redis.url), prefix: api.config.redis.queuePrefix });
    try {
      const job = await queue.getJob(scanJobId({ tenantId: alpha.tenantId, scanId: first.body.id }));
      expect(job?.data).toEqual({ tenantId: alpha.tenantId, clusterId: id, scanId: first.body.id });
      expect(await queue.count()).toBeGreaterThanOrEqual(1);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
    const listed = await api.http().get(`/v1/clusters/${id}/scans`).set(bearer(alpha.token)).expect(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([first.body.id]);
  });
});

describe('findings', () => {
  it('lists the latest finished scan worst first, filtered by severity and rule, with a stable cursor', async () => {
    const all = await api.http().get(`/v1/findings?clusterId=${alphaCluster}&limit=500`).set(bearer(alpha.token)).expect(200);
    expect(all.body.items).toHaveLength(5);
    expect(all.body.items.map((f: { severity: string }) => f.severity)).toEqual(['critical', 'high', 'high', 'medium', 'low']);
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await api
        .http()
        .get(`/v1/findings?clusterId=${alphaCluster}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(alpha.token))
        .expect(200);
      pages.push(...page.body.items.map((f) => f.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual(all.body.items.map((f: { id: string }) => f.id));
    const high = await api.http().get(`/v1/findings?scanId=${alphaScan}&severity=critical,high&rule=netpol-namespace-default-deny-ingress`).set(bearer(alpha.token)).expect(200);
    expect(high.body.items.map((f: { ruleId: string; severity: string }) => [f.ruleId, f.severity])).toEqual([['netpol-namespace-default-deny-ingress', 'high']]);
    expect(high.body.items[0]).toMatchObject({
      lastSeenScanId: alphaScan,
      firstSeenScanId: alphaScan,
      rule: { title: expect.any(String), remediation: expect.any(String), controls: expect.arrayContaining([{ framework: 'cis-k8s-v1.10', control: '5.3.2' }]) },
    });
  });

  it('returns one finding by id with its rule, and a problem for an unknown or malformed id', async () => {
    const one = await api.http().get(`/v1/findings/${alphaFinding}`).set(bearer(alpha.token)).expect(200);
    expect(one.body).toMatchObject({ id: alphaFinding, scanId: alphaScan, lastSeenScanId: alphaScan, rule: { rationale: expect.any(String) } });
    await api.http().get(`/v1/findings/${randomUUID()}`).set(bearer(alpha.token)).expect(404);
    const malformed = await api.http().get('/v1/findings/not-a-uuid').set(bearer(alpha.token)).expect(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
  });

  it('filters by framework and control through the rules\' framework mappings', async () => {
    const pss = await api.http().get(`/v1/findings?scanId=${alphaScan}&framework=pss-baseline`).set(bearer(alpha.token)).expect(200);
    expect(pss.body.items.map((f: { ruleId: string }) => f.ruleId)).toEqual(['container-privileged']);
    const cis = await api.http().get(`/v1/findings?scanId=${alphaScan}&framework=cis-k8s-v1.10&control=5.3.2`).set(bearer(alpha.token)).expect(200);
    expect(cis.body.items.map((f: { ruleId: string }) => f.ruleId)).toEqual(['netpol-namespace-default-deny-ingress']);
    const retired = await api.http().get(`/v1/findings?scanId=${alphaScan}&severity=low`).set(bearer(alpha.token)).expect(200);
    expect(retired.body.items[0].rule).toBeNull();
    const unknown = await api.http().get('/v1/findings?framework=iso-27001').set(bearer(alpha.token)).expect(400);
    expect(unknown.body.errors[0].field).toBe('framework');
    await api.http().get('/v1/findings?control=5.3.2').set(bearer(alpha.token)).expect(400);
  });

  it('rejects a malformed cursor and filter values with a problem naming the field', async () => {
    const cursor = await api.http().get('/v1/findings?cursor=not-ours').set(bearer(alpha.token)).expect(400);
    expect(cursor.body.errors).toEqual([{ field: 'cursor', message: 'unknown cursor' }]);
    const severity = await api.http().get('/v1/findings?severity=catastrophic').set(bearer(alpha.token)).expect(400);
    expect(severity.body.errors[0].field).toBe('severity');
  });
});

describe('tenant isolation', () => {
  const foreignRoutes = () => [
    ['get', `/v1/clusters/${alphaCluster}`],
    ['patch', `/v1/clusters/${alphaCluster}`],
    ['delete', `/v1/clusters/${alphaCluster}`],
    ['post', `/v1/clusters/${alphaCluster}/verify`],
    ['post', `/v1/clusters/${alphaCluster}/scans`],
    ['get', `/v1/clusters/${alphaCluster}/scans`],
    ['get', `/v1/scans/${alphaScan}`],
    ['get', `/v1/findings?scanId=${alphaScan}`],
    ['get', `/v1/reports/${alphaReport}`],
    ['get', `/v1/reports/${alphaReport}/download`],
    ['get', `/v1/reports/${alphaReport}/signature`],
    ['get', `/v1/reports/${alphaReport}/deliveries`],
    ['delete', `/v1/reports/${alphaReport}`],
    ['get', `/v1/report-schedules/${alphaSchedule}`],
    ['patch', `/v1/report-schedules/${alphaSchedule}`],
    ['delete', `/v1/report-schedules/${alphaSchedule}`],
    ['get', `/v1/trends?clusterId=${alphaCluster}`],
    ['get', `/v1/trends/mttr?clusterId=${alphaCluster}`],
    ['get', `/v1/fleet/drift?base=${alphaCluster}&compare=env%3Dprod`],
    ['get', `/v1/clusters/${alphaCluster}/connectivity`],
    ['get', `/v1/clusters/${alphaCluster}/connectivity/query?from=alpha/web&to=alpha/db`],
    ['get', `/v1/findings/${alphaFinding}`],
    // With DATABASE_URL there is no demo cluster for anyone (its isolation in the embedded mode: demo-cluster.e2e.spec.ts).
    ['get', '/v1/demo-cluster'],
    ['post', '/v1/demo-cluster'],
  ] as const;

  it('answers 404 to every route naming another tenant\'s resource, and changes nothing', async () => {
    for (const [method, path] of foreignRoutes()) {
      const response = await api.http()[method](path).set(bearer(beta.token)).send(method === 'patch' ? { name: 'stolen' } : undefined);
      expect(response.status, `${method.toUpperCase()} ${path}`).toBe(404);
      expect(JSON.stringify(response.body), `${method.toUpperCase()} ${path}`).not.toContain('alpha');
    }
    const still = await api.http().get(`/v1/clusters/${alphaCluster}`).set(bearer(alpha.token)).expect(200);
    expect(still.body.name).toBe('alpha-prod');
    await api.http().get(`/v1/reports/${alphaReport}`).set(bearer(alpha.token)).expect(200);
    const schedule = await api.http().get(`/v1/report-schedules/${alphaSchedule}`).set(bearer(alpha.token)).expect(200);
    expect(schedule.body.name).toBe('alpha weekly');
    const own = await api.http().get(`/v1/clusters/${alphaCluster}/connectivity/query?from=alpha/web&to=alpha/db`).set(bearer(alpha.token)).expect(200);
    expect(own.body.verdict).toBe('allowed');
    const graph = await api.http().get(`/v1/clusters/${alphaCluster}/connectivity`).set(bearer(alpha.token)).expect(200);
    expect(graph.body.workloads.map((w: { key: string }) => w.key).sort()).toEqual(['alpha/db[Deployment]', 'alpha/web[Deployment]']);
  });

  it('shows another tenant nothing in listings: clusters, findings, audit log, keys', async () => {
    await api.http().get('/v1/clusters').set(bearer(beta.token)).expect(200, { items: [], nextCursor: null });
    await api.http().get(`/v1/findings?clusterId=${alphaCluster}`).set(bearer(beta.token)).expect(200, { items: [], nextCursor: null });
    await api.http().get('/v1/findings').set(bearer(beta.token)).expect(200, { items: [], nextCursor: null });
    const fleet = await api.http().get('/v1/fleet?groupBy=env').set(bearer(beta.token)).expect(200);
    expect(fleet.body).toMatchObject({ items: [], total: 0, groups: [], nextCursor: null });
    const trends = await api.http().get('/v1/trends').set(bearer(beta.token)).expect(200);
    expect(trends.body).toMatchObject({ scope: { clusters: 0 }, buckets: [] });
    await api.http().get('/v1/trends/mttr').set(bearer(beta.token)).expect(200).expect((response) => expect(response.body.groups).toEqual([]));
    const alphaFleet = await api.http().get('/v1/fleet').set(bearer(alpha.token)).expect(200);
    expect(alphaFleet.body.items.map((cluster: { id: string }) => cluster.id)).toContain(alphaCluster);
    const audit = await api.http().get('/v1/audit-events').set(bearer(beta.token)).expect(200);
    expect(audit.body.items).toEqual([]);
    const keys = await api.http().get('/v1/api-keys').set(bearer(beta.token)).expect(200);
    expect(keys.body.items).toHaveLength(1);
    await api.http().get('/v1/reports').set(bearer(beta.token)).expect(200, { items: [], nextCursor: null });
    await api.http().get('/v1/report-schedules').set(bearer(beta.token)).expect(200, { items: [], nextCursor: null });
    await api.http().get('/v1/reports/signing-keys').set(bearer(beta.token)).expect(200, { items: [] });
    const alphaKeys = await api.http().get('/v1/reports/signing-keys').set(bearer(alpha.token)).expect(200);
    expect(alphaKeys.body.items).toHaveLength(1);
    // A report or schedule cannot be pointed at another tenant's cluster either.
    const foreign = await api.http().post('/v1/reports').set(bearer(beta.token)).send({ framework: 'cis-k8s-v1.10', format: 'json', scope: { clusterId: alphaCluster } }).expect(400);
    expect(foreign.body.errors).toEqual([{ field: 'scope.clusterId', message: `no cluster ${alphaCluster}` }]);
    const tenant = await api.http().get('/v1/tenant').set(bearer(beta.token)).expect(200);
    expect(tenant.body).toMatchObject({ id: beta.tenantId, name: 'Beta' });
  });

  it('cannot revoke another tenant\'s key', async () => {
    const alphaKeys = await api.http().get('/v1/api-keys').set(bearer(alpha.token)).expect(200);
    await api.http().delete(`/v1/api-keys/${alphaKeys.body.items[0].id}`).set(bearer(beta.token)).expect(404);
  });

  it('the runtime database client sees no tenant rows outside a tenant transaction', async () => {
    expect(await api.database.client.cluster.count()).toBe(0);
    expect(await api.database.client.finding.count()).toBe(0);
    expect(await api.database.client.connectivityModel.count()).toBe(0);
    await expect(
      api.database.client.cluster.create({ data: { tenantId: alpha.tenantId, name: 'sneaky', serverUrl: 'https://x' } }),
    ).rejects.toThrow();
  });
});

describe('authentication and roles', () => {
  it('answers 401 with WWW-Authenticate and a reason, telling revoked or expired only to the holder of the secret', async () => {
    const missing = await api.http().get('/v1/clusters').expect(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(missing.body.reason).toBe('missing');
    const malformed = await api.http().get('/v1/clusters').set({ Authorization: 'Bearer nonsense' }).expect(401);
    expect(malformed.body.reason).toBe('unknown');
    const unknown = await api.http().get('/v1/clusters').set(bearer(`mgk_aaaaaaaaaaaa_${'A'.repeat(43)}`)).expect(401);
    expect(unknown.body.reason).toBe('unknown');
    const created = await api.http().post('/v1/api-keys').set(bearer(alpha.token)).send({ name: 'temp', role: 'admin' }).expect(201);
    await api.http().get('/v1/clusters').set(bearer(created.body.token)).expect(200);
    await api.http().delete(`/v1/api-keys/${created.body.id}`).set(bearer(alpha.token)).expect(200);
    const revoked = await api.http().get('/v1/clusters').set(bearer(created.body.token)).expect(401);
    expect(revoked.body).toMatchObject({ reason: 'revoked', correlationId: expect.any(String) });
    const [, prefix] = created.body.token.split('_');
    const guessed = await api.http().get('/v1/clusters').set(bearer(`mgk_${prefix}_${'B'.repeat(43)}`)).expect(401);
    expect(guessed.body.reason).toBe('unknown');
  });

  it('tells each key its own name and role, whatever the role', async () => {
    const auditor = await api.http().post('/v1/api-keys').set(bearer(alpha.token)).send({ name: 'who-am-i', role: 'auditor' }).expect(201);
    const self = await api.http().get('/v1/api-keys/current').set(bearer(auditor.body.token)).expect(200);
    expect(self.body).toMatchObject({ id: auditor.body.id, name: 'who-am-i', role: 'auditor', revokedAt: null });
    expect(JSON.stringify(self.body)).not.toContain(auditor.body.token);
  });

  it('shows a new key once and stores only its hash', async () => {
    const created = await api.http().post('/v1/api-keys').set(bearer(alpha.token)).send({ name: 'ci', role: 'auditor' }).expect(201);
    expect(created.body.token).toMatch(/^mgk_/);
    const listed = await api.http().get('/v1/api-keys').set(bearer(alpha.token)).expect(200);
    // The secret is the token's last 43 characters (base64url, so it may itself hold '_').
    const secret: string = created.body.token.slice(-43);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(listed.body.items.find((k: { id: string }) => k.id === created.body.id)).toMatchObject({ name: 'ci', role: 'auditor', prefix: created.body.prefix });
  });

  it('lets auditors read but not write, and only owners manage keys', async () => {
    const auditor = await api.http().post('/v1/api-keys').set(bearer(alpha.token)).send({ name: 'audit', role: 'auditor' }).expect(201);
    const admin = await api.http().post('/v1/api-keys').set(bearer(alpha.token)).send({ name: 'ops', role: 'admin' }).expect(201);
    await api.http().get('/v1/clusters').set(bearer(auditor.body.token)).expect(200);
    const denied = await api.http().post(`/v1/clusters/${alphaCluster}/scans`).set(bearer(auditor.body.token)).expect(403);
    expect(denied.body.type).toBe('https://meshguard.dev/problems/forbidden');
    await api.http().get('/v1/api-keys').set(bearer(admin.body.token)).expect(403);
    await api.http().get('/v1/audit-events').set(bearer(admin.body.token)).expect(403);
  });

  it('refuses an expiry in the past, and keeps the last owner key', async () => {
    await api.http().post('/v1/api-keys').set(bearer(alpha.token)).send({ name: 'old', role: 'admin', expiresAt: '2020-01-01T00:00:00Z' }).expect(400);
    const keys = await api.http().get('/v1/api-keys').set(bearer(beta.token)).expect(200);
    const response = await api.http().delete(`/v1/api-keys/${keys.body.items[0].id}`).set(bearer(beta.token)).expect(409);
    expect(response.body.detail).toContain('last owner key');
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the per-key limit', async () => {
    const limited = await startTestApi({ RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const tenant = await limited.createTenant('Limited');
      for (let i = 0; i < 3; i++) await limited.http().get('/v1/tenant').set(bearer(tenant.token)).expect(200);
      const response = await limited.http().get('/v1/tenant').set(bearer(tenant.token)).expect(429);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(response.body.type).toBe('https://meshguard.dev/problems/rate-limited');
    } finally {
      await limited.close();
    }
  });

  it('refuses bodies over the size limit with 413', async () => {
    const response = await api
      .http()
      .post('/v1/clusters')
      .set(bearer(alpha.token))
      .send({ name: 'huge', kubeconfig: 'x'.repeat(2 * 1024 * 1024) })
      .expect(413);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
  });
});

/** Stands in for the worker (its pipeline is a separate issue): finishes the scan with five findings. */
async function finishScanWithFindings(tenantId: string, clusterId: string, scanId: string): Promise<void> {
  const severities = ['low', 'high', 'critical', 'medium', 'high'] as const;
  await api.database.withTenant(tenantId, async (tx) => {
    await tx.scan.update({ where: { id: scanId }, data: { status: 'succeeded', startedAt: new Date(), finishedAt: new Date() } });
    await tx.finding.createMany({
      data: severities.map((severity, index) => ({
        tenantId,
        clusterId,
        scanId,
        ruleId: index === 1 ? 'netpol-namespace-default-deny-ingress' : index === 2 ? 'container-privileged' : `retired-rule-${index}`,
        area: 'networkpolicy',
        severity,
        fingerprint: randomUUID(),
        resourceApiVersion: 'v1',
        resourceKind: 'Namespace',
        resourceName: `alpha-ns-${index}`,
        message: `problem ${index}`,
        firstSeenScanId: scanId,
      })),
    });
    // A real connectivity model, so the isolation test proves 404 comes from the tenant boundary, not from absence.
    const snapshot: ClusterSnapshot = {
      schemaVersion: 1,
      source: { type: 'manifests', location: 'tenancy test' },
      collectedAt: new Date().toISOString(),
      resources: {
        namespaces: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'alpha' } }],
        deployments: ['web', 'db'].map((name) => ({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { namespace: 'alpha', name },
          spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: name }] } } },
        })),
      },
      coverage: { gaps: [] },
    };
    await new ConnectivityModelRepository().store(tenantId, {
      scanId,
      clusterId,
      version: connectivityModelVersion,
      collectedAt: new Date(snapshot.collectedAt),
      graph: gzipSync(JSON.stringify(connectivityGraph(snapshot))),
      subset: gzipSync(JSON.stringify(reachabilitySubset(snapshot))),
    });
  });
}
