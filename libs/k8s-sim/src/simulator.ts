import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { DiscoveryDocuments, type ServerVersionInfo } from './api/discovery.js';
import type { K8sObject } from './api/k8s-object.js';
import { resourceCatalog, type ResourceType } from './api/resource-catalog.js';
import { Authenticator, type BasicAuthUser } from './auth/authenticator.js';
import { defaultTokenScopes, type TokenScope } from './auth/token-scope.js';
import { FaultInjector, type FaultOptions } from './faults/fault-injector.js';
import { churnedObjects, type ChurnChange, type ChurnOptions } from './generator/churn.js';
import { generateCluster } from './generator/cluster-generator.js';
import type { PresetName } from './generator/presets.js';
import type { OptionalKindFamily } from './generator/optional-kinds-builder.js';
import { writeKubeconfig } from './kubeconfig/kubeconfig-writer.js';
import { loadManifests } from './manifests/manifest-loader.js';
import { ObjectStore } from './store/object-store.js';
import {
  CertificateAuthority,
  type ClientIdentity,
  type IssuedCertificate,
} from './tls/certificate-authority.js';
import { RequestStats, type SimulatorStats } from './server/request-stats.js';
import { createRequestHandler } from './server/sim-request-handler.js';
import { virtualClusterHandler } from './server/virtual-cluster-handler.js';

export interface SimulatorOptions {
  /** Deterministic synthetic cluster of this size. */
  preset?: PresetName;
  /** Seed of the synthetic generator (default 42). */
  seed?: number;
  /** Optional API families the generator adds (Gateway API, Cilium, Calico, ANP/BANP, PSP); their kinds are then served. */
  extras?: OptionalKindFamily[];
  /** Serve every YAML/JSON manifest under this folder (multi-document files and List kinds are expanded). */
  manifestsDir?: string;
  /** Serve these objects (added after preset and manifests). */
  objects?: K8sObject[];
  /** 0 = ephemeral (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Bearer token → permissions. Default: `defaultTokenScopes()`, where each token equals its scope name (`read-only`, …). */
  tokens?: Record<string, TokenScope>;
  /** Username → password and permissions for basic auth (none by default). */
  basicAuth?: Record<string, BasicAuthUser>;
  faults?: FaultOptions;
  serverVersion?: Partial<ServerVersionInfo>;
  /**
   * Optional kinds (PSP, Gateway API, Cilium, Calico, ANP/BANP) are served only when the data holds them;
   * list resource names here (`podsecuritypolicies`, `gateways`, …) or `'all'` to serve them empty as well.
   */
  serveOptionalKinds?: string[] | 'all';
  /** Change the cluster over time (deterministic from a seed), so scans see findings appear and get resolved. */
  churn?: ChurnOptions;
  /** Hide these resources (and their objects) from discovery and answer 404, as a cluster without the API would (`ingresses`, …). */
  hideResources?: string[];
  /** List pages hold at most this many items whatever `limit` asks, with a continue token for the rest (as a real server may). */
  maxPageSize?: number;
  /**
   * Serve this many clusters from one server, each under its own path (`<url>/clusters/<index>`, see
   * `kubeconfig({ virtualCluster })`): cluster i holds the preset generated with seed `seed + (i % distinctStates)`.
   * Faults and stats are shared; fault decisions are per URL, so per cluster. Not combinable with `churn`.
   */
  virtualClusters?: { count: number; distinctStates?: number };
}

export interface KubeconfigOptions {
  /** Bearer token to embed (default `read-only`). With `clientCert`, the certificate gets this token's identity. */
  token?: string;
  /** Use a client certificate (issued by the simulator's CA) instead of a token. */
  clientCert?: boolean;
  /** Basic-auth user from `basicAuth` instead of a token. */
  basicAuthUser?: string;
  /** Context (and cluster) name (default `k8s-sim`). */
  context?: string;
  namespace?: string;
  /** Server URL to write (default: the simulator's URL), e.g. `https://localhost:port`. */
  server?: string;
  /** With the `virtualClusters` option: the cluster (index) the kubeconfig points at. */
  virtualCluster?: number;
}

export interface RunningSimulator {
  /** `https://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** The CA that signed the serving certificate and client certificates. */
  caPem: string;
  /** Ready kubeconfig YAML with inline CA and credentials. */
  kubeconfig(options?: KubeconfigOptions): string;
  /** A client certificate for a user (CN) and groups (O), signed by the simulator's CA. */
  issueClientCertificate(identity: ClientIdentity): Promise<IssuedCertificate>;
  /** Tokens the simulator accepts and their scopes. */
  tokens: Readonly<Record<string, TokenScope>>;
  /** Object counts per resource (`pods`, `networkpolicies`, …). */
  counts(): Record<string, number>;
  /** The list resourceVersion (constant within a generation). */
  readonly resourceVersion: string;
  /** The churn generation served now (0 = the initial objects). */
  generation(): number;
  /** With the churn option: moves to the next generation (a few things broken, fixed or changed) and says what changed. */
  advanceGeneration(): ChurnChange[];
  stats(): SimulatorStats;
  resetStats(): void;
  /** Replaces the fault configuration (and its per-request counters) for the next requests. */
  setFaults(faults: FaultOptions): void;
  stop(): Promise<void>;
}

const defaultVersion: ServerVersionInfo = { major: '1', minor: '32', gitVersion: 'v1.32.4-meshguard-sim' };

/** The objects a simulator serves before any churn: preset, then manifests, then given objects. */
async function baseObjects(options: SimulatorOptions): Promise<{ objects: K8sObject[]; generated: number }> {
  const objects: K8sObject[] = [];
  if (options.preset) {
    for (const obj of generateCluster(options.preset, {
      seed: options.seed ?? 42,
      ...(options.extras ? { extras: options.extras } : {}),
    }))
      objects.push(obj);
  }
  const generated = objects.length;
  if (options.manifestsDir) objects.push(...(await loadManifests(options.manifestsDir)));
  objects.push(...(options.objects ?? []));
  return { objects, generated };
}

/** `owned`: the first `owned` objects may be completed in place (generated, served once); the rest are copied. */
function buildStore(objects: readonly K8sObject[], owned: number, options: SimulatorOptions): ObjectStore {
  const store = new ObjectStore();
  for (let i = 0; i < objects.length; i++) store.add(objects[i]!, i < owned);
  const hidden = new Set(options.hideResources ?? []);
  const optional = options.serveOptionalKinds;
  for (const type of resourceCatalog) {
    if (hidden.has(type.resource)) continue;
    if (!type.optional || optional === 'all' || optional?.includes(type.resource)) store.collectionFor(type);
  }
  store.seal();
  return store;
}

function servedTypes(store: ObjectStore, hidden: readonly string[]): ResourceType[] {
  return store
    .allCollections()
    .map((c) => c.type)
    .filter((t) => !hidden.includes(t.resource));
}

/**
 * Starts a simulated Kubernetes API server over HTTPS on loopback: discovery, list/get with pagination,
 * selectors and Table output, bearer-token/basic/client-certificate auth with per-credential RBAC, access reviews,
 * and seeded fault injection. Data comes from a synthetic preset, a manifests folder and/or given objects.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  if (options.virtualClusters && options.churn)
    throw new Error('startSimulator: virtualClusters and churn cannot be combined');
  const host = options.host ?? '127.0.0.1';
  const caReady = CertificateAuthority.create();
  const initial = await baseObjects(options);
  // With churn, every generation is a new store built from the unchanged base objects, so none is completed in place.
  let store = buildStore(initial.objects, options.churn ? 0 : initial.generated, options);
  let generation = 0;
  const hidden = options.hideResources ?? [];
  const discovery = new DiscoveryDocuments(servedTypes(store, hidden), {
    ...defaultVersion,
    ...options.serverVersion,
  });
  const tokens: Record<string, TokenScope> = options.tokens ?? defaultTokenScopes();
  const ca = await caReady;
  const serving = await ca.issueServerCertificate({
    dns: ['localhost'],
    ips: ['127.0.0.1', '::1', ...(host.includes(':') || /^[\d.]+$/.test(host) ? [host] : [])],
  });
  const stats = new RequestStats();
  const faults = new FaultInjector(options.faults ?? {});
  let address = '';
  const server: Server = createServer(
    {
      key: serving.keyPem,
      cert: serving.certPem,
      ca: ca.caPem,
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => handler(req, res),
  );
  const authenticator = new Authenticator(tokens, options.basicAuth);
  const handlerFor = (served: ObjectStore, faultScope?: string) =>
    createRequestHandler({
      store: served,
      ...(faultScope !== undefined ? { faultScope } : {}),
      discovery,
      authenticator,
      faults,
      stats,
      ...(options.maxPageSize !== undefined ? { maxPageSize: options.maxPageSize } : {}),
      serverAddress: () => address,
    });
  let handler = handlerFor(store);
  if (options.virtualClusters) {
    const stateZero = store;
    handler = virtualClusterHandler(
      options.virtualClusters,
      async (state) => {
        if (state === 0) return stateZero;
        const seeded = await baseObjects({ ...options, seed: (options.seed ?? 42) + state });
        return buildStore(seeded.objects, seeded.generated, options);
      },
      (served, index) => handlerFor(served, `/clusters/${index}`),
    );
  }
  const advanceGeneration = (): ChurnChange[] => {
    if (!options.churn) throw new Error('advanceGeneration: the simulator was started without the churn option');
    generation++;
    const churned = churnedObjects(initial.objects, generation, options.churn);
    store = buildStore(churned.objects, 0, options);
    handler = handlerFor(store);
    return churned.changes;
  };
  const timer =
    options.churn?.intervalMs !== undefined ? setInterval(() => advanceGeneration(), options.churn.intervalMs) : undefined;
  timer?.unref();
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  address = `${urlHost}:${port}`;
  const url = `https://${address}`;
  const tokenNames = Object.keys(tokens);

  return {
    url,
    port,
    caPem: ca.caPem,
    tokens,
    get resourceVersion() {
      return store.resourceVersion;
    },
    generation: () => generation,
    advanceGeneration,
    kubeconfig(opts = {}) {
      const context = opts.context ?? 'k8s-sim';
      if (opts.virtualCluster !== undefined && !(opts.virtualCluster < (options.virtualClusters?.count ?? 0)))
        throw new Error(`kubeconfig: virtual cluster ${opts.virtualCluster} is not served`);
      const server = opts.server ?? (opts.virtualCluster !== undefined ? `${url}/clusters/${opts.virtualCluster}` : url);
      const token = opts.token ?? (tokens['read-only'] ? 'read-only' : tokenNames[0]);
      const base = {
        server,
        caPem: ca.caPem,
        context,
        ...(opts.namespace ? { namespace: opts.namespace } : {}),
      };
      if (opts.basicAuthUser !== undefined) {
        const user = options.basicAuth?.[opts.basicAuthUser];
        if (!user)
          throw new Error(
            `kubeconfig: basic-auth user "${opts.basicAuthUser}" is not configured in basicAuth`,
          );
        return writeKubeconfig({
          ...base,
          userName: opts.basicAuthUser,
          credentials: { username: opts.basicAuthUser, password: user.password },
        });
      }
      if (token === undefined || !tokens[token])
        throw new Error(
          `kubeconfig: unknown token "${String(token)}"; known tokens: ${tokenNames.join(', ')}`,
        );
      const scope = tokens[token];
      if (opts.clientCert) {
        const cert = ca.issueClientCertificateSync({
          user: scope.user,
          ...(scope.groups ? { groups: scope.groups } : {}),
        });
        return writeKubeconfig({
          ...base,
          userName: scope.user,
          credentials: { clientCertPem: cert.certPem, clientKeyPem: cert.keyPem },
        });
      }
      return writeKubeconfig({ ...base, userName: scope.user, credentials: { token } });
    },
    issueClientCertificate: (identity) => ca.issueClientCertificate(identity),
    counts: () => store.counts(),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    setFaults: (f) => faults.configure(f),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        if (timer) clearInterval(timer);
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
