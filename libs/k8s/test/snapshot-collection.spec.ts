import { generateKeyPairSync } from 'node:crypto';
import { startSimulator, type K8sObject as SimObject, type RunningSimulator } from '@meshguard/k8s-sim';
import {
  decodeSnapshot,
  routeBackends,
  snapshotBuffers,
  type K8sObject,
  type SnapshotSecret,
} from '@meshguard/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectEncodedSnapshot,
  collectSnapshot,
  KubeApiError,
  prepareClusterAccess,
  type ClusterTarget,
  type CollectOptions,
} from '../src/index.js';
import { clusterObjects } from './support/cluster-objects.js';

const fastRetry: CollectOptions['retry'] = { baseDelayMs: 10, maxDelayMs: 50 };
const objects = clusterObjects({ namespaces: 5, podsPerNamespace: 247 });
const podCount = 5 * 247;

let sim: RunningSimulator;
let target: ClusterTarget;

async function targetFor(simulator: RunningSimulator, token = 'read-only'): Promise<ClusterTarget> {
  return prepareClusterAccess(simulator.kubeconfig({ token }), { allowedAddresses: ['127.0.0.1'] });
}

function podNames(pods: K8sObject[] | undefined): string[] {
  return (pods ?? []).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
}

beforeAll(async () => {
  sim = await startSimulator({ objects });
  target = await targetFor(sim);
});
afterAll(() => sim.stop());

describe('snapshot collection', () => {
  it('lists every kind across page boundaries, once each, and records the server version', async () => {
    sim.resetStats();
    const result = await collectSnapshot(target, {
      pageSize: 100,
      now: () => new Date('2026-01-02T03:04:05Z'),
    });
    expect(result.status).toBe('complete');
    expect(result.snapshot.coverage.gaps).toEqual([]);
    expect(result.snapshot.collectedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(result.snapshot.serverVersion).toMatchObject({
      major: '1',
      gitVersion: expect.stringMatching(/^v1\./),
    });
    expect(result.snapshot.source).toEqual({
      type: 'cluster',
      location: sim.url.replace(/\/$/, ''),
      context: 'k8s-sim',
    });

    const pods = result.snapshot.resources.pods!;
    expect(pods).toHaveLength(podCount);
    expect(new Set(podNames(pods)).size).toBe(podCount);
    expect(sim.stats().byPath['GET /api/v1/pods']?.requests).toBe(Math.ceil(podCount / 100));
    expect(result.kinds.find((k) => k.kind === 'pods')).toMatchObject({
      objects: podCount,
      pages: 13,
      outcome: 'collected',
      apiVersion: 'v1',
    });

    expect(result.snapshot.resources.networkpolicies).toHaveLength(5);
    expect(result.snapshot.resources.networkpolicies![0]).toMatchObject({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
    });
    expect(result.snapshot.network).toEqual({ podCidrs: ['10.244.0.0/24'] });
    // Optional kinds the cluster does not serve are skipped without a gap.
    expect(result.snapshot.resources.ciliumnetworkpolicies).toBeUndefined();
  });

  it('strips managedFields, last-applied annotations and node image lists', async () => {
    const { snapshot } = await collectSnapshot(target, { kinds: ['pods', 'nodes'] });
    const text = JSON.stringify(snapshot);
    expect(text).not.toContain('managedFields');
    expect(snapshot.resources.nodes![0]!.status?.images).toBeUndefined();
    expect(snapshot.resources.nodes![0]!.spec).toEqual({ podCIDRs: ['10.244.0.0/24'] });
    expect(snapshot.resources.pods![0]!.status).toMatchObject({ phase: 'Running' });
  });

  it('records a 403 as a coverage gap and completes as partial', async () => {
    sim.resetStats();
    const result = await collectSnapshot(await targetFor(sim, 'forbidden-secrets'));
    // The access review runs alongside other kinds' lists, but a kind it denies is never listed.
    expect(sim.stats().byPath['GET /api/v1/secrets']?.requests ?? 0).toBe(0);
    expect(sim.stats().byPath['GET /api/v1/pods']?.requests).toBeGreaterThan(0);
    // Reviews are asked a few kinds ahead of the lists, still once per served kind (listed or denied).
    const served = result.kinds.filter((k) => k.outcome === 'collected' || k.outcome === 'forbidden');
    expect(sim.stats().byPath['POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews']?.requests).toBe(
      served.length,
    );
    expect(result.status).toBe('partial');
    expect(result.snapshot.coverage.gaps).toEqual([
      { kind: 'secrets', reason: 'forbidden', detail: expect.stringContaining('may not list secrets') },
    ]);
    expect(result.snapshot.resources.secrets).toEqual([]);
    expect(result.snapshot.resources.pods).toHaveLength(podCount);
  });

  it('collects the same snapshot encoded page by page, with gaps, as bytes an evaluation thread decodes', async () => {
    const options: CollectOptions = { pageSize: 100, now: () => new Date('2026-01-02T03:04:05Z') };
    const forbidden = await targetFor(sim, 'forbidden-secrets');
    const plain = await collectSnapshot(forbidden, options);
    const encoded = await collectEncodedSnapshot(forbidden, options);
    expect(encoded.status).toBe('partial');
    expect(encoded.kinds).toEqual(plain.kinds);
    // One chunk per page of pods, and a forbidden kind present with no objects.
    expect(encoded.snapshot.resources.pods).toHaveLength(Math.ceil(podCount / 100));
    expect(encoded.snapshot.resources.secrets).toEqual([]);
    expect(snapshotBuffers(encoded.snapshot).length).toBeGreaterThan(Math.ceil(podCount / 100));
    expect(decodeSnapshot(encoded.snapshot)).toEqual(plain.snapshot);
  });

  it('records a 403 that only the list itself reveals (no preflight)', async () => {
    const result = await collectSnapshot(await targetFor(sim, 'forbidden-rbac'), {
      skipPreflight: true,
      kinds: ['roles', 'pods'],
    });
    expect(result.status).toBe('partial');
    expect(result.snapshot.coverage.gaps).toEqual([
      { kind: 'roles', reason: 'forbidden', detail: expect.stringContaining('403') },
    ]);
  });

  it('fails the scan with 401 when the credential is not accepted', async () => {
    const bad = await prepareClusterAccess(
      sim.kubeconfig({ token: 'read-only' }).replace('token: read-only', 'token: wrong-token'),
      { allowedAddresses: ['127.0.0.1'] },
    );
    await expect(collectSnapshot(bad)).rejects.toMatchObject({ name: 'KubeApiError', status: 401 });
  });

  it('uses a fresh client per cluster: two clusters scanned at once in one process never mix', async () => {
    const other = await startSimulator({
      objects: clusterObjects({ namespaces: 2, podsPerNamespace: 3 }).map(renameTeams),
    });
    try {
      const [a, b] = await Promise.all([collectSnapshot(target), collectSnapshot(await targetFor(other))]);
      expect(a.snapshot.resources.namespaces!.map((n) => n.metadata.name)).toEqual([
        'team-0',
        'team-1',
        'team-2',
        'team-3',
        'team-4',
      ]);
      expect(b.snapshot.resources.namespaces!.map((n) => n.metadata.name)).toEqual(['other-0', 'other-1']);
      expect(b.snapshot.source.location).toBe(other.url);
    } finally {
      await other.stop();
    }
  });
});

describe('limits against a hostile or oversized API server', () => {
  it('refuses a response body larger than the limit and records the kind as failed', async () => {
    const result = await collectSnapshot(target, { kinds: ['pods', 'namespaces'], maxResponseBytes: 20_000 });
    expect(result.snapshot.coverage.gaps).toEqual([
      { kind: 'pods', reason: 'failed', detail: expect.stringContaining('exceeds 20000 bytes') },
    ]);
    expect(result.snapshot.resources.namespaces).toHaveLength(5);
  });

  it('stops listing a kind with more objects than allowed', async () => {
    const result = await collectSnapshot(target, {
      kinds: ['pods', 'services'],
      maxObjectsPerKind: 1000,
      pageSize: 300,
    });
    expect(result.snapshot.coverage.gaps).toEqual([
      { kind: 'pods', reason: 'failed', detail: expect.stringContaining('more than 1000 objects') },
    ]);
    expect(result.snapshot.resources.pods).toEqual([]);
    expect(result.snapshot.resources.services).toHaveLength(5);
  });
});

describe('served APIs', () => {
  it('records a required kind the server does not serve as not-served, and collects optional CRDs that are served', async () => {
    const cilium: SimObject = {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'allow-dns', namespace: 'team-0' },
      spec: {},
    };
    const route = (apiVersion: string, kind: string, name: string, spec: object): SimObject => ({
      apiVersion,
      kind,
      metadata: { name, namespace: 'team-0' },
      spec,
    });
    const routes: SimObject[] = [
      route('gateway.networking.k8s.io/v1', 'GRPCRoute', 'api', {
        parentRefs: [{ name: 'public', namespace: 'gateways' }],
        rules: [{ backendRefs: [{ name: 'api', port: 80 }] }],
      }),
      route('gateway.networking.k8s.io/v1alpha2', 'TLSRoute', 'broker', {
        parentRefs: [{ name: 'public', namespace: 'gateways' }],
        rules: [{ backendRefs: [{ name: 'broker', port: 443 }] }],
      }),
      route('networking.istio.io/v1', 'Gateway', 'public', { selector: { istio: 'ingressgateway' } }),
      route('networking.istio.io/v1', 'VirtualService', 'web', {
        gateways: ['public'],
        http: [{ route: [{ destination: { host: 'web' } }] }],
      }),
    ];
    const calico: SimObject = {
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'GlobalNetworkPolicy',
      metadata: { name: 'deny-all' },
      spec: {},
    };
    const partial = await startSimulator({
      objects: [...clusterObjects({ namespaces: 1, podsPerNamespace: 1 }), cilium, calico, ...routes],
      hideResources: ['ingresses'],
    });
    try {
      const result = await collectSnapshot(await targetFor(partial));
      expect(result.status).toBe('partial');
      expect(result.snapshot.coverage.gaps).toEqual([
        { kind: 'ingresses', reason: 'not-served', detail: expect.any(String) },
      ]);
      expect(result.snapshot.resources.ciliumnetworkpolicies).toEqual([
        expect.objectContaining({ kind: 'CiliumNetworkPolicy', apiVersion: 'cilium.io/v2' }),
      ]);
      expect(result.snapshot.resources.calicoglobalnetworkpolicies).toEqual([
        expect.objectContaining({ kind: 'GlobalNetworkPolicy' }),
      ]);
      // Gateway API routes (TLSRoute at v1alpha2) and Istio's Gateway, whose resource name Gateway API shares.
      expect(
        (['grpcroutes', 'tlsroutes', 'istiogateways', 'virtualservices'] as const).map((kind) =>
          result.snapshot.resources[kind]?.map((object) => `${object.apiVersion} ${object.kind}`),
        ),
      ).toEqual([
        ['gateway.networking.k8s.io/v1 GRPCRoute'],
        ['gateway.networking.k8s.io/v1alpha2 TLSRoute'],
        ['networking.istio.io/v1 Gateway'],
        ['networking.istio.io/v1 VirtualService'],
      ]);
      expect(result.snapshot.resources.gateways).toBeUndefined();
      expect(routeBackends(result.snapshot).map((backend) => `${backend.via} ${backend.route}`)).toEqual([
        'GRPCRoute team-0/api',
        'TLSRoute team-0/broker',
        'VirtualService team-0/web',
      ]);
    } finally {
      await partial.stop();
    }
  });
});

describe('secrets', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const password = 'hunter2-correct-horse-battery-staple';
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJlLWJ5dGVz';
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const secrets: SimObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: {
        name: 'db',
        namespace: 'team-0',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ stringData: { password } }),
          owner: 'payments',
        },
      },
      data: { password: b64(password), 'tls.key': b64(pem), token: b64(jwt) },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: { name: 'copy', namespace: 'team-1' },
      data: { same: b64(password) },
    },
  ];

  it('keeps metadata, type and key names; values become keyed digests and appear nowhere in the snapshot', async () => {
    const withSecrets = await startSimulator({
      objects: [...clusterObjects({ namespaces: 2, podsPerNamespace: 1 }), ...secrets],
    });
    try {
      const first = await collectSnapshot(await targetFor(withSecrets), { kinds: ['secrets'] });
      const [db, copy] = first.snapshot.resources.secrets as SnapshotSecret[];
      expect(db!.metadata).toMatchObject({
        name: 'db',
        namespace: 'team-0',
        annotations: { owner: 'payments' },
      });
      expect(db!.type).toBe('Opaque');
      expect(Object.keys(db!.data!).sort()).toEqual(['password', 'tls.key', 'token']);
      expect(db!.data!.password).toEqual({
        hmac: expect.stringMatching(/^[\w-]{43}$/),
        bytes: password.length,
      });
      expect(db!.data!['tls.key']).toMatchObject({ looksLike: 'pem-private-key', bytes: pem.length });
      expect(db!.data!.token).toMatchObject({ looksLike: 'jwt' });
      expect(copy!.data!.same!.hmac).toBe(db!.data!.password!.hmac);

      const serialized = JSON.stringify(first);
      const pemBody = pem.split('\n')[1]!;
      for (const plaintext of [password, b64(password), pemBody, b64(pem).slice(0, 40), jwt, b64(jwt)])
        expect(serialized).not.toContain(plaintext);

      const second = await collectSnapshot(await targetFor(withSecrets), { kinds: ['secrets'] });
      expect((second.snapshot.resources.secrets![0] as SnapshotSecret).data!.password!.hmac).not.toBe(
        db!.data!.password!.hmac,
      );
    } finally {
      await withSecrets.stop();
    }
  });
});

describe('injected faults', () => {
  async function underFaults(
    faults: Parameters<RunningSimulator['setFaults']>[0],
    options: CollectOptions = {},
  ) {
    sim.setFaults({ seed: 7, ...faults });
    sim.resetStats();
    try {
      const result = await collectSnapshot(target, { pageSize: 100, retry: fastRetry, ...options });
      return { result, sim: sim.stats() };
    } finally {
      sim.setFaults({});
    }
  }

  function expectComplete(result: Awaited<ReturnType<typeof underFaults>>['result']) {
    expect(result.status).toBe('complete');
    expect(result.snapshot.resources.pods).toHaveLength(podCount);
    expect(new Set(podNames(result.snapshot.resources.pods)).size).toBe(podCount);
  }

  // Rate 1 with maxFaultsPerRequest N: every request is faulted exactly N times, then served; deterministic.
  it('survives 500 errors by retrying', async () => {
    const { result, sim: stats } = await underFaults({ serverErrorRate: 1, maxFaultsPerRequest: 2 });
    expect(stats.faults['server-error']).toBeGreaterThan(2 * 30);
    expect(result.stats.retries).toBe(stats.faults['server-error']);
    expectComplete(result);
  });

  it('survives 503 with Retry-After', async () => {
    const { result, sim: stats } = await underFaults(
      { serverErrorRate: 1, maxFaultsPerRequest: 1, serverErrorStatus: 503, retryAfterSeconds: 1 },
      { kinds: ['pods', 'namespaces'], pageSize: 1000 },
    );
    expect(stats.faults['server-error']).toBe(3);
    expectComplete(result);
  });

  it('survives 429 throttling, waiting as long as Retry-After says', async () => {
    const started = Date.now();
    const { result, sim: stats } = await underFaults(
      { throttleRate: 1, maxFaultsPerRequest: 1, retryAfterSeconds: 1 },
      { kinds: ['pods'], pageSize: 1000 },
    );
    expect(stats.faults.throttle).toBe(2);
    expectComplete(result);
    // Two pages, each throttled once: the retries waited the server's Retry-After, not the 10 ms backoff configured here.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  });

  it('survives connections reset mid-body', async () => {
    const { result, sim: stats } = await underFaults({ resetRate: 1, maxFaultsPerRequest: 1 });
    expect(stats.faults.reset).toBeGreaterThan(30);
    expect(result.stats.retries).toBe(stats.faults.reset);
    expectComplete(result);
  });

  it('restarts a list when its continue token expires (410 Gone) and keeps no duplicates', async () => {
    // Continue tokens carry their issue time, so which page expires varies per run: repeat until a restart happened.
    let restarts = 0;
    for (let run = 0; run < 10 && restarts === 0; run++) {
      const { result, sim: stats } = await underFaults(
        { expireContinueRate: 0.25 },
        { pageSize: 250, maxListRestarts: 30, kinds: ['pods', 'namespaces'] },
      );
      expectComplete(result);
      expect(result.stats.listRestarts).toBe(stats.faults['expired-continue']);
      restarts = result.stats.listRestarts;
    }
    expect(restarts).toBeGreaterThan(0);
  });

  it('survives slow pages by timing out and retrying', async () => {
    // Slow pages are random per request (not capped), so repeat until one happened.
    let slow = 0;
    for (let run = 0; run < 8 && slow === 0; run++) {
      const { result, sim: stats } = await underFaults(
        { seed: run, slowPageRate: 0.1, slowPageMs: 1500 },
        { requestTimeoutMs: 300, kinds: ['pods', 'namespaces'], retry: { ...fastRetry, maxAttempts: 8 } },
      );
      expectComplete(result);
      slow = stats.faults['slow-page'];
      expect(result.stats.retries).toBeGreaterThanOrEqual(slow);
    }
    expect(slow).toBeGreaterThan(0);
  });

  it('survives latency', async () => {
    const { result, sim: stats } = await underFaults({ latencyMs: [2, 15] }, { kinds: ['pods'] });
    expect(stats.faults.latency).toBeGreaterThan(0);
    expectComplete(result);
  });

  it('reports kinds that keep failing as gaps and still returns the rest', async () => {
    sim.setFaults({ serverErrorRate: 1, maxFaultsPerRequest: 1000 });
    try {
      const result = await collectSnapshot(target, {
        retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
        kinds: ['pods', 'services'],
      });
      expect(result.status).toBe('partial');
      expect(result.snapshot.coverage.gaps.map((g) => [g.kind, g.reason])).toEqual([
        ['pods', 'failed'],
        ['services', 'failed'],
      ]);
      expect(result.snapshot.coverage.gaps[0]!.detail).toMatch(/HTTP 500/);
    } finally {
      sim.setFaults({});
    }
  });

  it('lists without paging, as kubectl does, when continue tokens keep expiring', async () => {
    sim.setFaults({ expireContinueRate: 1, maxFaultsPerRequest: 1000 });
    try {
      const result = await collectSnapshot(target, {
        pageSize: 100,
        maxListRestarts: 2,
        kinds: ['pods', 'namespaces'],
      });
      // Every pod once: the pages kept before each expiry were dropped, and the last try was one full list.
      expectComplete(result);
      expect(result.snapshot.resources.namespaces).toHaveLength(5);
      expect(result.stats.listRestarts).toBe(3);
    } finally {
      sim.setFaults({});
    }
  });

  it('stops at once when the scan is cancelled', async () => {
    sim.setFaults({ latencyMs: 200 });
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      await expect(collectSnapshot(target, { signal: controller.signal })).rejects.toBeInstanceOf(
        KubeApiError,
      );
    } finally {
      sim.setFaults({});
    }
  });
});

function renameTeams(object: SimObject): SimObject {
  const rename = (name: string) => name.replace(/^team-/, 'other-');
  return {
    ...object,
    metadata: {
      ...object.metadata,
      name: rename(object.metadata.name),
      ...(object.metadata.namespace ? { namespace: rename(object.metadata.namespace) } : {}),
    },
  };
}
