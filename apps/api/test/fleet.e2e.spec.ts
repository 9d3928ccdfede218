import { ClusterRepository, createCredentialVault, loadMasterKeyring } from '@meshguard/db';
import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { startWorker, type RunningWorker } from '@meshguard/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysAgo, finished, seedCluster, seedScans } from './support/seed-history.js';
import { bearer, startTestApi, type TestApi, type TestTenant } from './support/test-api.js';

// The fleet overview over real scans through the worker and the simulator (current, partial, unreachable, never
// scanned) and one cluster with seeded history (stale, with change since 7 and 30 days and an end-of-life version).

let api: TestApi;
let worker: RunningWorker;
let simulator: RunningSimulator;
let tenant: TestTenant;
const ids = {} as Record<'current' | 'partial' | 'unreachable' | 'never' | 'stale', string>;

interface FleetItem {
  id: string;
  name: string;
  compliance: string;
  score: number | null;
  open: Record<string, number> | null;
  lastScan: { status: string; trigger: string; failureReason: string | null } | null;
  change: { days7: { score: number | null; critical: number; high: number } | null; days30: { score: number | null; critical: number } | null };
  recentScores: (number | null)[];
  kubernetes: { version: string | null; status: string; endOfLife: string | null };
  coverage: { state: string; reason: string | null; missingKinds: string[] };
}

async function register(name: string, labels: Record<string, string>, sim: RunningSimulator, token = 'read-only'): Promise<string> {
  const response = await api.http().post('/v1/clusters').set(bearer(tenant.token)).send({ name, labels, kubeconfig: sim.kubeconfig({ token }) });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.cluster.id;
}

async function scan(clusterId: string): Promise<string> {
  const requested = await api.http().post(`/v1/clusters/${clusterId}/scans`).set(bearer(tenant.token)).expect(202);
  await finished(api, tenant, requested.body.id);
  return requested.body.id;
}

async function fleet(query = ''): Promise<{ items: FleetItem[]; nextCursor: string | null; total: number; groups: unknown[] | null; coverage: Record<string, number> }> {
  const response = await api.http().get(`/v1/fleet${query}`).set(bearer(tenant.token));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

beforeAll(async () => {
  [api, simulator] = await Promise.all([startTestApi(), startSimulator({ preset: 'demo' })]);
  worker = await startWorker(api.config, { database: api.database, serveMetrics: false });
  tenant = await api.createTenant('Fleet');
  ids.current = await register('payments-prod', { env: 'prod', team: 'payments' }, simulator);
  ids.partial = await register('search-prod', { env: 'prod', team: 'search' }, simulator, 'forbidden-secrets');
  ids.unreachable = await register('payments-stage', { env: 'stage', team: 'payments' }, simulator);
  ids.never = await register('sandbox', { env: 'stage' }, simulator);
  // Its credentials are revoked after registration: every scan fails (401), so it was never measured.
  const vault = createCredentialVault(await loadMasterKeyring(api.config));
  await api.database.withTenant(tenant.tenantId, async (tx) => {
    const sealed = await vault.seal(tx, 'cluster-credential', Buffer.from(simulator.kubeconfig({ token: 'read-only' }).replace(/token: .*read-only.*/, 'token: revoked-token')));
    await new ClusterRepository().update(ids.unreachable, {
      credentials: { serverUrl: simulator.url, credentialCiphertext: sealed.ciphertext as Uint8Array<ArrayBuffer>, credentialKeyId: sealed.dataKeyId, accessLevel: 'read-only', serverVersion: null },
    });
  });
  await Promise.all([scan(ids.current), scan(ids.partial), scan(ids.unreachable)]);
  // A cluster scanned daily until ten days ago, on an end-of-life Kubernetes: stale, with history to compare.
  ids.stale = await seedCluster(api.database, tenant.tenantId, 'legacy-prod', { env: 'prod' });
  await seedScans(api.database, tenant.tenantId, ids.stale, [
    { at: daysAgo(40), score: 40, open: { critical: 5, high: 9 }, baseline: true, serverVersion: 'v1.25.3' },
    { at: daysAgo(20), score: 55, open: { critical: 3, high: 8 }, serverVersion: 'v1.25.3' },
    { at: daysAgo(10), score: 70, open: { critical: 1, high: 4 }, serverVersion: 'v1.25.3' },
  ]);
}, 240_000);

afterAll(async () => {
  await worker?.stop();
  await Promise.all([api?.close(), simulator?.stop()]);
});

describe('GET /v1/fleet', () => {
  it('lists every cluster with its coverage state, worst first, and never counts an unmeasured cluster as compliant', async () => {
    const page = await fleet();
    expect(page.total).toBe(5);
    const byName = new Map(page.items.map((item) => [item.name, item]));
    expect(byName.get('payments-prod')).toMatchObject({ compliance: 'measured', coverage: { state: 'current', reason: null }, lastScan: { status: 'succeeded', trigger: 'api' } });
    expect(byName.get('payments-prod')!.score).toEqual(expect.any(Number));
    expect((byName.get('payments-prod')!.open?.critical ?? 0) + (byName.get('payments-prod')!.open?.high ?? 0)).toBeGreaterThan(0);
    expect(byName.get('search-prod')!.coverage).toMatchObject({ state: 'partial', missingKinds: expect.arrayContaining(['secrets']) });
    expect(byName.get('payments-stage')).toMatchObject({ compliance: 'unknown', score: null, open: null, lastScan: { status: 'failed' }, coverage: { state: 'unreachable' } });
    expect(byName.get('payments-stage')!.coverage.reason).toMatch(/last scan failed/);
    expect(byName.get('sandbox')).toMatchObject({ compliance: 'unknown', score: null, lastScan: null, coverage: { state: 'never-scanned' } });
    expect(byName.get('legacy-prod')).toMatchObject({
      score: 70,
      coverage: { state: 'stale' },
      kubernetes: { version: 'v1.25.3', status: 'end-of-life', endOfLife: '2023-10-28' },
      change: { days7: { score: 0, critical: 0, high: 0 }, days30: { score: 30, critical: -4 } },
    });
    expect(byName.get('payments-prod')!.change).toEqual({ days7: null, days30: null });
    // Sparklines: the finished scans' scores oldest first, none for a cluster never measured.
    expect(byName.get('legacy-prod')!.recentScores).toEqual([40, 55, 70]);
    expect(byName.get('sandbox')!.recentScores).toEqual([]);
    expect(byName.get('payments-prod')!.kubernetes.version).toMatch(/^v1\./);
    // Unknown clusters lead, then the lowest score first.
    expect(page.items.slice(0, 2).map((item) => item.compliance)).toEqual(['unknown', 'unknown']);
    const scores = page.items.slice(2).map((item) => item.score!);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(page.coverage).toEqual({ current: 1, stale: 1, unreachable: 1, partial: 1, 'never-scanned': 1 });
  });

  it('filters by label selector, coverage state and severity', async () => {
    const prod = await fleet('?selector=env=prod');
    expect(prod.items.map((item) => item.name).sort()).toEqual(['legacy-prod', 'payments-prod', 'search-prod']);
    const payments = await fleet('?selector=env%3Dprod,team%3Dpayments');
    expect(payments.items.map((item) => item.name)).toEqual(['payments-prod']);
    const troubled = await fleet('?coverage=unreachable,never-scanned');
    expect(troubled.items.map((item) => item.name).sort()).toEqual(['payments-stage', 'sandbox']);
    const critical = await fleet('?severity=critical');
    expect(critical.items.length).toBeGreaterThan(0);
    expect(critical.items.every((item) => (item.open?.critical ?? 0) > 0)).toBe(true);
    expect(critical.items.map((item) => item.name)).toContain('legacy-prod');
  });

  it('groups by a label key with per-group aggregates over every matching cluster', async () => {
    const grouped = await fleet('?groupBy=env&limit=1');
    expect(grouped.items).toHaveLength(1);
    const groups = grouped.groups as { value: string | null; clusters: number; unknown: number; averageScore: number | null; coverage: Record<string, number>; open: Record<string, number> }[];
    const stage = groups.find((group) => group.value === 'stage')!;
    expect(stage).toMatchObject({ clusters: 2, unknown: 2, averageScore: null, coverage: { unreachable: 1, 'never-scanned': 1 } });
    const prod = groups.find((group) => group.value === 'prod')!;
    expect(prod.clusters).toBe(3);
    expect(prod.unknown).toBe(0);
    const all = await fleet('?selector=env=prod');
    const expectedAverage = all.items.reduce((sum, item) => sum + item.score!, 0) / 3;
    expect(prod.averageScore).toBeCloseTo(expectedAverage, 1);
    expect(prod.open.critical).toBe(all.items.reduce((sum, item) => sum + (item.open?.critical ?? 0), 0));
    const byTeam = await fleet('?groupBy=team');
    expect((byTeam.groups as { value: string | null }[]).map((group) => group.value)).toContain(null);
  });

  it('pages with a stable cursor in both sort orders', async () => {
    for (const sort of ['worst', 'name']) {
      const all = await fleet(`?sort=${sort}`);
      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await fleet(`?sort=${sort}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        walked.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(walked).toEqual(all.items.map((item) => item.id));
    }
    const byName = await fleet('?sort=name');
    expect(byName.items.map((item) => item.name)).toEqual(['legacy-prod', 'payments-prod', 'payments-stage', 'sandbox', 'search-prod']);
  });

  it('answers bad input with a 400 problem naming the field, never a 500', async () => {
    const cases: [string, string][] = [
      ['?selector=env', 'selector'],
      ['?selector=env%3Dpr%00od', 'selector'],
      ['?selector=%3Dprod', 'selector'],
      ['?coverage=sunny', 'coverage'],
      ['?severity=catastrophic', 'severity'],
      ['?groupBy=not%20a%20key', 'groupBy'],
      ['?groupBy=env%00', 'groupBy'],
      ['?sort=random', 'sort'],
      ['?cursor=not-ours', 'cursor'],
      ['?limit=0', 'limit'],
    ];
    for (const [query, field] of cases) {
      const response = await api.http().get(`/v1/fleet${query}`).set(bearer(tenant.token));
      expect(response.status, query).toBe(400);
      expect(response.headers['content-type'], query).toMatch(/problem\+json/);
      expect(response.body.errors.map((error: { field: string }) => error.field), query).toContain(field);
    }
  });
});
