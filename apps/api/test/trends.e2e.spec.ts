import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { startWorker, type RunningWorker } from '@meshguard/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, seedCluster, seedScans } from './support/seed-history.js';
import { bearer, startTestApi, type TestApi, type TestTenant } from './support/test-api.js';

// Trends and MTTR: real scans through the worker and the simulator, plus seeded history around the 2026 change to
// summer time in Berlin (29 March, 02:00 → 03:00) for day, week and month buckets in two time zones.

let api: TestApi;
let worker: RunningWorker;
let simulator: RunningSimulator;
let tenant: TestTenant;
let scanned: string;
let berlin: string;
let tokyo: string;

const at = (iso: string) => new Date(iso);
const march = 'from=2026-03-01T00:00:00Z&to=2026-05-01T00:00:00Z';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read loosely in assertions
async function get(path: string): Promise<any> {
  const response = await api.http().get(path).set(bearer(tenant.token));
  expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(200);
  return response.body;
}

beforeAll(async () => {
  [api, simulator] = await Promise.all([startTestApi(), startSimulator({ preset: 'demo' })]);
  worker = await startWorker(api.config, { database: api.database, serveMetrics: false });
  tenant = await api.createTenant('Trends');
  const registered = await api.http().post('/v1/clusters').set(bearer(tenant.token))
    .send({ name: 'live', labels: { env: 'stage' }, kubeconfig: simulator.kubeconfig({ token: 'read-only' }) }).expect(201);
  scanned = registered.body.cluster.id;
  for (let i = 0; i < 2; i++) {
    const scan = await api.http().post(`/v1/clusters/${scanned}/scans`).set(bearer(tenant.token)).expect(202);
    await finished(api, tenant, scan.body.id);
  }
  berlin = await seedCluster(api.database, tenant.tenantId, 'berlin', { env: 'prod', team: 'payments' });
  tokyo = await seedCluster(api.database, tenant.tenantId, 'tokyo', { env: 'prod', team: 'search' });
  const frameworks = (score: number) => ({ 'cis-k8s-v1.10': score, 'nsa-cisa-v1.2': null });
  const controls = (fail: number) => ({ 'cis-k8s-v1.10': { pass: 10 - fail, fail, manual: 3, 'not-applicable': 1, 'not-assessable': 0 } });
  await seedScans(api.database, tenant.tenantId, berlin, [
    // 00:30 on Sunday 29 March in Berlin (CET), still Saturday 28 March in UTC.
    { at: at('2026-03-28T23:30:00Z'), score: 50, open: { critical: 4, high: 6 }, baseline: true, scoreByFramework: frameworks(40), openByArea: { networkpolicy: 10 }, controlCounts: controls(6) },
    // 00:30 on Monday 30 March in Berlin (CEST, a 23-hour Sunday before it), Sunday 29 March in UTC.
    { at: at('2026-03-29T22:30:00Z'), score: 60, open: { critical: 3, high: 5 }, newFindings: 2, resolvedFindings: 3, scoreByFramework: frameworks(50), openByArea: { networkpolicy: 8 }, controlCounts: controls(5) },
    { at: at('2026-03-30T10:00:00Z'), score: 70, open: { critical: 2, high: 4 }, newFindings: 1, resolvedFindings: 2, scoreByFramework: frameworks(60), openByArea: { networkpolicy: 6 }, controlCounts: controls(4) },
    // 00:30 on 1 April in Berlin, still March in UTC.
    { at: at('2026-03-31T22:30:00Z'), score: 80, open: { critical: 1, high: 2 }, newFindings: 0, resolvedFindings: 3, scoreByFramework: frameworks(70), openByArea: { networkpolicy: 3 }, controlCounts: controls(2) },
  ]);
  await seedScans(api.database, tenant.tenantId, tokyo, [
    { at: at('2026-03-30T03:00:00Z'), score: 90, open: { critical: 0, high: 1 }, baseline: true, scoreByFramework: frameworks(90), openByArea: { rbac: 1 }, controlCounts: controls(1) },
  ]);
  // Waivers created and expiring inside the window (one tenant-wide, one for the Berlin cluster).
  await api.database.withTenant(tenant.tenantId, async (tx) => {
    await tx.exception.create({ data: { tenantId: tenant.tenantId, clusterId: berlin, justification: 'migration', owner: 'payments', createdAt: at('2026-03-30T12:00:00Z'), expiresAt: at('2026-03-31T23:30:00Z') } });
    await tx.exception.create({ data: { tenantId: tenant.tenantId, clusterId: tokyo, justification: 'search only', owner: 'search', createdAt: at('2026-03-30T12:00:00Z'), expiresAt: at('2027-01-01T00:00:00Z') } });
  });
}, 240_000);

afterAll(async () => {
  await worker?.stop();
  await Promise.all([api?.close(), simulator?.stop()]);
});

describe('GET /v1/trends', () => {
  it('draws one cluster scan by scan from its stored summaries; the baseline scan adds nothing new', async () => {
    const trend = await get(`/v1/trends?clusterId=${scanned}&bucket=scan`);
    expect(trend.scope).toMatchObject({ kind: 'cluster', clusterId: scanned, clusters: 1 });
    expect(trend.buckets).toHaveLength(2);
    const scans = (await get(`/v1/clusters/${scanned}/scans`)).items.reverse();
    expect(trend.series.score).toEqual(scans.map((scan: { score: number }) => Math.round(scan.score * 100) / 100));
    expect(trend.series.new[0]).toBe(0);
    const latest = scans[1].summary;
    expect(trend.series.open.critical[1]).toBe(latest.findings.openBySeverity.critical);
    expect(trend.series.open.high[1]).toBe(latest.findings.openBySeverity.high);
    expect(trend.series.new[1]).toBe(latest.diff.new);
    expect(Object.keys(trend.series.scoreByFramework)).toContain('cis-k8s-v1.10');
    expect(Object.values(trend.series.openByArea as Record<string, number[]>).reduce((sum, values) => sum + values[1]!, 0)).toBe(
      Object.values(latest.findings.openBySeverity as Record<string, number>).reduce((sum, count) => sum + count, 0),
    );
  });

  it('buckets days in the requested time zone, across the change to summer time', async () => {
    const utc = await get(`/v1/trends?clusterId=${berlin}&bucket=day&timeZone=UTC&${march}`);
    expect(utc.localBuckets).toEqual(['2026-03-28T00:00:00', '2026-03-29T00:00:00', '2026-03-30T00:00:00', '2026-03-31T00:00:00']);
    expect(utc.series.score).toEqual([50, 60, 70, 80]);
    const local = await get(`/v1/trends?clusterId=${berlin}&bucket=day&timeZone=Europe/Berlin&${march}`);
    expect(local.localBuckets).toEqual(['2026-03-29T00:00:00', '2026-03-30T00:00:00', '2026-04-01T00:00:00']);
    // Midnight before and after the 23-hour Sunday.
    expect(local.buckets.slice(0, 2)).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    // A bucket shows the last scan of each cluster in it; new and resolved add up every scan in it.
    expect(local.series.score).toEqual([50, 70, 80]);
    expect(local.series.scans).toEqual([1, 2, 1]);
    expect(local.series.new).toEqual([0, 3, 0]);
    expect(local.series.resolved).toEqual([0, 5, 3]);
    expect(local.series.open.critical).toEqual([4, 2, 1]);
  });

  it('buckets weeks (Monday first) and months in the time zone', async () => {
    const utcWeeks = await get(`/v1/trends?clusterId=${berlin}&bucket=week&${march}`);
    expect(utcWeeks.localBuckets).toEqual(['2026-03-23T00:00:00', '2026-03-30T00:00:00']);
    expect(utcWeeks.series.scans).toEqual([2, 2]);
    const localWeeks = await get(`/v1/trends?clusterId=${berlin}&bucket=week&timeZone=Europe/Berlin&${march}`);
    expect(localWeeks.series.scans).toEqual([1, 3]);
    const utcMonths = await get(`/v1/trends?clusterId=${berlin}&bucket=month&${march}`);
    expect(utcMonths.localBuckets).toEqual(['2026-03-01T00:00:00']);
    expect(utcMonths.series.score).toEqual([80]);
    const localMonths = await get(`/v1/trends?clusterId=${berlin}&bucket=month&timeZone=Europe/Berlin&${march}`);
    expect(localMonths.localBuckets).toEqual(['2026-03-01T00:00:00', '2026-04-01T00:00:00']);
    expect(localMonths.buckets).toEqual(['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
    expect(localMonths.series.score).toEqual([70, 80]);
  });

  it('aggregates a label selector and the fleet: mean score, summed counts, per-framework scores and control statuses', async () => {
    const prod = await get(`/v1/trends?selector=env=prod&bucket=day&framework=cis-k8s-v1.10&${march}`);
    expect(prod.scope).toMatchObject({ kind: 'selector', labels: { env: 'prod' }, clusters: 2 });
    const day30 = prod.localBuckets.indexOf('2026-03-30T00:00:00');
    expect(prod.series.clusters[day30]).toBe(2);
    expect(prod.series.score[day30]).toBe(80);
    expect(prod.series.minScore[day30]).toBe(70);
    expect(prod.series.open.critical[day30]).toBe(2);
    expect(prod.series.open.high[day30]).toBe(5);
    expect(prod.series.scoreByFramework['cis-k8s-v1.10'][day30]).toBe(75);
    expect(prod.series.scoreByFramework['nsa-cisa-v1.2'][day30]).toBeNull();
    expect(prod.series.openByArea.networkpolicy[day30]).toBe(6);
    expect(prod.series.openByArea.rbac[day30]).toBe(1);
    expect(prod.series.controls.fail[day30]).toBe(5);
    expect(prod.series.controls.pass[day30]).toBe(15);
    expect(prod.series.exceptionsAdded[day30]).toBe(2);
    expect(prod.series.exceptionsExpiring[prod.localBuckets.indexOf('2026-03-31T00:00:00')]).toBe(1);
    const payments = await get(`/v1/trends?selector=env%3Dprod,team%3Dpayments&bucket=day&${march}`);
    expect(payments.series.clusters.every((count: number) => count === 1)).toBe(true);
    expect(payments.series.exceptionsAdded[payments.localBuckets.indexOf('2026-03-30T00:00:00')]).toBe(1);
    expect(payments.series.controls).toBeNull();
    const fleet = await get(`/v1/trends?bucket=month&${march}`);
    expect(fleet.scope).toMatchObject({ kind: 'fleet', clusters: 3 });
    expect(fleet.series.clusters).toEqual([2]);
    expect(fleet.series.score).toEqual([85]);
  });

  it('answers bad input with a 400 problem naming the field, and another tenant\'s cluster with 404', async () => {
    const cases: [string, string][] = [
      [`/v1/trends?${march.replace('2026-03-01', '2026-06-01')}`, 'from'],
      ['/v1/trends?from=yesterday', 'from'],
      ['/v1/trends?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
      ['/v1/trends?timeZone=Mars/Olympus', 'timeZone'],
      ['/v1/trends?timeZone=Europe%00Berlin', 'timeZone'],
      ['/v1/trends?bucket=hour', 'bucket'],
      ['/v1/trends?bucket=scan', 'bucket'],
      ['/v1/trends?framework=iso-27001', 'framework'],
      ['/v1/trends?selector=env', 'selector'],
      ['/v1/trends?selector=env%3Dpr%00od', 'selector'],
      [`/v1/trends?clusterId=${berlin}&selector=env=prod`, 'selector'],
      ['/v1/trends?clusterId=not-a-uuid', 'clusterId'],
      ['/v1/trends/mttr?groupBy=namespace', 'groupBy'],
      ['/v1/trends/mttr?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
    ];
    for (const [path, field] of cases) {
      const response = await api.http().get(path).set(bearer(tenant.token));
      expect(response.status, path).toBe(400);
      expect(response.headers['content-type'], path).toMatch(/problem\+json/);
      expect(response.body.errors.map((error: { field: string }) => error.field), path).toContain(field);
    }
    const other = await api.createTenant('Other');
    await api.http().get(`/v1/trends?clusterId=${berlin}`).set(bearer(other.token)).expect(404);
    await api.http().get(`/v1/trends/mttr?clusterId=${berlin}`).set(bearer(other.token)).expect(404);
    const empty = await api.http().get(`/v1/trends?${march}`).set(bearer(other.token)).expect(200);
    expect(empty.body).toMatchObject({ scope: { clusters: 0 }, buckets: [] });
  });
});

describe('GET /v1/trends/mttr', () => {
  it('measures time to resolve and the age of open findings per severity, rule and area from the lifecycle', async () => {
    const now = Date.now();
    const hoursAgo = (hours: number) => new Date(now - hours * 3_600_000);
    const row = (fingerprint: string, severity: 'critical' | 'high', firstSeenHoursAgo: number, resolvedHoursAgo: number | null, ruleId = 'container-privileged') => ({
      tenantId: tenant.tenantId, clusterId: tokyo, fingerprint, ruleId, area: 'workload', severity, status: 'open' as const,
      resourceKind: 'Pod', resourceName: fingerprint, firstSeenAt: hoursAgo(firstSeenHoursAgo), firstSeenScanId: tokyo,
      lastSeenAt: hoursAgo(resolvedHoursAgo ?? 0), lastSeenScanId: tokyo,
      resolvedAt: resolvedHoursAgo === null ? null : hoursAgo(resolvedHoursAgo), resolvedScanId: resolvedHoursAgo === null ? null : tokyo,
    });
    await api.database.withTenant(tenant.tenantId, (tx) => tx.findingLifecycle.createMany({ data: [
      row('r1', 'high', 100, 76), // resolved after 24 h
      row('r2', 'high', 100, 28), // 72 h
      row('r3', 'critical', 20, 10), // 10 h
      row('o1', 'high', 48, null), // open for 48 h
      row('o2', 'critical', 6, null, 'netpol-namespace-default-deny-ingress'),
      { ...row('w1', 'high', 500, null), status: 'excepted' as const }, // waived: not counted as neglected
    ] }));
    const bySeverity = await get(`/v1/trends/mttr?clusterId=${tokyo}&groupBy=severity`);
    expect(bySeverity.groups.map((group: { key: string }) => group.key)).toEqual(['critical', 'high']);
    // One cluster reads its rows: every figure exact. The fleet reads histograms for its medians and p90, and says so.
    expect(bySeverity.approximate).toEqual([]);
    const fleet = await get('/v1/trends/mttr?groupBy=severity');
    expect(fleet.approximate).toEqual(['resolved.medianHours', 'resolved.p90Hours', 'open.medianAgeHours']);
    // The scope's cluster count is read in the same statement as the groups.
    expect(bySeverity.scope).toMatchObject({ kind: 'cluster', clusterId: tokyo, clusters: 1 });
    expect(fleet.scope).toMatchObject({ kind: 'fleet', clusters: (await get('/v1/clusters?limit=100')).items.length });
    const fleetHigh = fleet.groups.find((group: { key: string }) => group.key === 'high');
    expect(fleetHigh.resolved.count).toBeGreaterThanOrEqual(2);
    expect(fleetHigh.open.count).toBeGreaterThanOrEqual(1);
    const [critical, high] = bySeverity.groups;
    expect(high.resolved).toMatchObject({ count: 2, meanHours: 48, medianHours: 48 });
    expect(high.open.count).toBe(1);
    expect(high.open.meanAgeHours).toBeGreaterThanOrEqual(48);
    expect(high.open.meanAgeHours).toBeLessThan(49);
    expect(critical.resolved).toMatchObject({ count: 1, meanHours: 10 });
    expect(critical.open.count).toBe(1);
    const byRule = await get(`/v1/trends/mttr?clusterId=${tokyo}&groupBy=rule`);
    expect(byRule.groups.map((group: { key: string }) => group.key).sort()).toEqual(['container-privileged', 'netpol-namespace-default-deny-ingress']);
    // The live cluster's findings have been open since its baseline: their ages are lower bounds, and say so.
    const live = await get(`/v1/trends/mttr?clusterId=${scanned}&groupBy=area`);
    const open = live.groups.reduce((sum: number, group: { open: { count: number } }) => sum + group.open.count, 0);
    expect(open).toBeGreaterThan(0);
    expect(live.groups.reduce((sum: number, group: { open: { fromBaseline: number } }) => sum + group.open.fromBaseline, 0)).toBe(open);
  });
});
