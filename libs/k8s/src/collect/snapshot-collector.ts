import {
  allSnapshotKinds,
  SnapshotEncoder,
  type ClusterSnapshot,
  type CoverageGap,
  type EncodedSnapshot,
  type K8sObject,
  type ServerVersion,
  type SnapshotHeader,
  type SnapshotKind,
} from '@meshguard/rules';
import { ClusterClient, type ClientStats, type ClusterClientOptions } from '../client/cluster-client.js';
import { KubeApiError } from '../client/kube-api.error.js';
import { runWithConcurrency } from '../client/run-with-concurrency.js';
import type { ClusterTarget } from '../network/server-address-pinning.js';
import { networkFactsOf } from '../normalize/network-facts.js';
import { normalizeObject } from '../normalize/object-normalizer.js';
import { SecretDigester } from '../normalize/secret-digester.js';
import { forbiddenListGap } from './access-preflight.js';
import { AccessReviewsAhead } from './access-reviews-ahead.js';
import { listPathOf, startDiscovery } from './api-discovery.js';
import { byKind } from './kind-order.js';
import { listAllPages } from './list-pager.js';

export interface CollectOptions extends ClusterClientOptions {
  /** Kinds to collect (default: every snapshot kind; optional ones only where served). */
  kinds?: readonly SnapshotKind[];
  /** Objects per list page (default 500). */
  pageSize?: number;
  /** Kinds listed in parallel (default 4). */
  listConcurrency?: number;
  /** Restarts of one list after its continue token expired (default 3). */
  maxListRestarts?: number;
  /** A kind with more objects than this is recorded as failed instead of filling memory (default 500,000). */
  maxObjectsPerKind?: number;
  /** Skip the SelfSubjectAccessReview per kind and find out by listing (default false). */
  skipPreflight?: boolean;
  /** Clock for `collectedAt` (tests). */
  now?: () => Date;
  /** Told after every page: the kind, its objects and pages so far (a restarted list counts from zero again). */
  onProgress?: (progress: KindProgress) => void;
}

/** How far the list of one kind has come. */
export interface KindProgress {
  kind: SnapshotKind;
  objects: number;
  pages: number;
  /** Kinds being listed in all: served ones, less those whose access review was denied so far. */
  kindsToList: number;
}

/** How one kind's collection went. */
export interface KindCollection {
  kind: SnapshotKind;
  apiVersion?: string;
  objects: number;
  pages: number;
  restarts: number;
  outcome: 'collected' | CoverageGap['reason'];
}

export interface CollectionResult<Snapshot = ClusterSnapshot> {
  snapshot: Snapshot;
  /** `partial` when any kind is missing; `snapshot.coverage.gaps` says which and why. */
  status: 'complete' | 'partial';
  kinds: KindCollection[];
  stats: ClientStats & { durationMs: number; pages: number; listRestarts: number; objects: number };
}

/** A collection whose snapshot is serialised page by page, ready to move to another thread (see EncodedSnapshot). */
export type EncodedCollectionResult = CollectionResult<EncodedSnapshot>;

/** Where collected objects go, kind by kind and page by page. */
interface ResourceSink<Snapshot> {
  add(kind: SnapshotKind, objects: K8sObject[]): void;
  /** The list of `kind` starts over: forget its objects. */
  reset(kind: SnapshotKind): void;
  finish(header: SnapshotHeader): Snapshot;
}

/**
 * Collects a snapshot from a cluster with a client made for this scan alone: discovery, then per kind an access review
 * and a paginated list, normalized page by page (Secret values digested, noise stripped).
 * Unreadable or unserved kinds become coverage gaps and the result is `partial`; the scan itself still succeeds.
 * Throws KubeApiError only when the cluster cannot be reached or discovery is refused (e.g. 401).
 */
export async function collectSnapshot(
  target: ClusterTarget,
  options: CollectOptions = {},
): Promise<CollectionResult> {
  const resources: Partial<Record<SnapshotKind, K8sObject[]>> = {};
  return collect(target, options, {
    add: (kind, objects) => {
      const kept = (resources[kind] ??= []);
      for (const object of objects) kept.push(object);
    },
    reset: (kind) => void (resources[kind] = []),
    finish: (header) => ({ ...header, resources: orderedByKind(resources) }),
  });
}

/**
 * Like collectSnapshot, but each page's normalized objects are serialised as they arrive: nothing but bytes is kept,
 * and the snapshot moves to an evaluation thread without a copy. The objects are parsed there (decodeSnapshot).
 */
export async function collectEncodedSnapshot(
  target: ClusterTarget,
  options: CollectOptions = {},
): Promise<EncodedCollectionResult> {
  const encoder = new SnapshotEncoder();
  return collect(target, options, {
    add: (kind, objects) => encoder.add(kind, objects),
    reset: (kind) => encoder.reset(kind),
    finish: (header) => encoder.finish(header, allSnapshotKinds),
  });
}

async function collect<Snapshot>(
  target: ClusterTarget,
  options: CollectOptions,
  sink: ResourceSink<Snapshot>,
): Promise<CollectionResult<Snapshot>> {
  const started = performance.now();
  const collectedAt = (options.now ?? (() => new Date()))().toISOString();
  const client = await ClusterClient.open(target, options);
  const digester = new SecretDigester();
  try {
    // Large kinds first, so the long lists overlap instead of one trailing at the end; their group versions are
    // discovered first too.
    const wanted = [...(options.kinds ?? allSnapshotKinds)].sort((a, b) => rank(listOrder, a) - rank(listOrder, b));
    const listConcurrency = options.listConcurrency ?? 4;
    // Reviews run one kind ahead for each list running in parallel.
    const reviews = options.skipPreflight ? undefined : new AccessReviewsAhead(client, listConcurrency);
    const versionRead = readServerVersion(client);
    const discoveryStarted = startDiscovery(client, wanted);
    // The three discovery requests leave the fourth connection free: the first (longest) list's review takes it.
    reviews?.askFirst(wanted, 1);
    const [serverVersion, discovery] = await Promise.all([versionRead, discoveryStarted]);
    const gaps: CoverageGap[] = [];
    const kinds: KindCollection[] = [];
    const noteGap = (gap: CoverageGap) => {
      gaps.push(gap);
      kinds.push({ kind: gap.kind, objects: 0, pages: 0, restarts: 0, outcome: gap.reason });
    };
    // A kind missed before any list is in the snapshot with no objects.
    const skipKind = (gap: CoverageGap) => {
      noteGap(gap);
      sink.add(gap.kind, []);
    };
    for (const kind of discovery.notServed)
      skipKind({ kind, reason: 'not-served', detail: `the cluster does not serve ${kind}` });

    // Kinds not (yet) known to be unserved or unreadable: what the progress line counts down to.
    let kindsToList = discovery.planned.length;
    const maxObjects = options.maxObjectsPerKind ?? 500_000;
    // Node facts (pod CIDRs) are read from the nodes as they pass, so the snapshot needs no second look at them.
    let nodes: K8sObject[] | undefined;

    await runWithConcurrency(discovery.planned, listConcurrency, async (kind) => {
      // Each kind starts as soon as its own group version is discovered and its access review (asked ahead) answers,
      // while the other kinds' lists keep the connections busy. A denied kind is still never listed.
      const found = await discovery.resolve(kind);
      if (found.outcome !== 'served') {
        kindsToList--;
        if (found.outcome === 'not-served')
          skipKind({ kind, reason: 'not-served', detail: `the cluster does not serve ${kind}` });
        if (found.outcome === 'failed') skipKind({ kind, reason: 'failed', detail: found.detail });
        return;
      }
      const served = found.served;
      if (reviews && (await reviews.answer(served, discovery)) === 'denied') {
        kindsToList--;
        skipKind(forbiddenListGap(served));
        return;
      }
      let objects = 0;
      let pages = 0;
      const type = { apiVersion: served.apiVersion, kind: served.objectKind };
      try {
        const outcome = await listAllPages(
          client,
          listPathOf(served),
          { pageSize: options.pageSize ?? 500, maxRestarts: options.maxListRestarts ?? 3 },
          (items) => {
            if (objects + items.length > maxObjects) {
              throw new KubeApiError(
                0,
                'too-many-objects',
                listPathOf(served),
                `more than ${maxObjects} objects; raise maxObjectsPerKind if this cluster is really that large`,
              );
            }
            const page = items.map((item) => normalizeObject(item, type, digester));
            objects += page.length;
            if (served.kind === 'nodes') (nodes ??= []).push(...page);
            sink.add(served.kind, page);
            pages++;
            options.onProgress?.({ kind: served.kind, objects, pages, kindsToList });
          },
          () => {
            objects = 0;
            pages = 0;
            if (served.kind === 'nodes') nodes = [];
            sink.reset(served.kind);
          },
        );
        if (objects === 0) sink.add(served.kind, []);
        kinds.push({
          kind: served.kind,
          apiVersion: served.apiVersion,
          objects,
          pages: outcome.pages,
          restarts: outcome.restarts,
          outcome: 'collected',
        });
      } catch (error) {
        if (!(error instanceof KubeApiError) || error.reason === 'aborted') throw error;
        const reason: CoverageGap['reason'] =
          error.status === 403 ? 'forbidden' : error.status === 404 ? 'not-served' : 'failed';
        noteGap({ kind: served.kind, reason, detail: `listing ${served.resource} failed: ${error.message}` });
        sink.reset(served.kind);
        if (served.kind === 'nodes') nodes = [];
      }
    });

    const network = networkFactsOf(nodes);
    const snapshot = sink.finish({
      schemaVersion: 1,
      source: {
        type: 'cluster',
        location: target.kubeconfig.server.url,
        context: target.kubeconfig.contextName,
      },
      collectedAt,
      ...(serverVersion ? { serverVersion } : {}),
      coverage: { gaps: gaps.sort(byKind) },
      ...(network ? { network } : {}),
    });
    kinds.sort(byKind);
    const pages = kinds.reduce((sum, k) => sum + k.pages, 0);
    return {
      snapshot,
      status: gaps.length > 0 ? 'partial' : 'complete',
      kinds,
      stats: {
        ...client.stats,
        durationMs: Math.round(performance.now() - started),
        pages,
        listRestarts: kinds.reduce((sum, k) => sum + k.restarts, 0),
        objects: kinds.reduce((sum, k) => sum + k.objects, 0),
      },
    };
  } finally {
    client.close();
  }
}

async function readServerVersion(client: ClusterClient): Promise<ServerVersion | undefined> {
  try {
    const version = await client.getJson<Partial<ServerVersion>>('/version');
    if (typeof version.gitVersion !== 'string') return undefined;
    return {
      major: String(version.major ?? ''),
      minor: String(version.minor ?? ''),
      gitVersion: version.gitVersion,
      ...(typeof version.platform === 'string' ? { platform: version.platform } : {}),
    };
  } catch (error) {
    if (error instanceof KubeApiError && error.status !== 401) return undefined;
    throw error;
  }
}

// Large kinds first, so the long lists overlap instead of one trailing at the end.
const listOrder: SnapshotKind[] = [
  'pods',
  'configmaps',
  'secrets',
  'replicasets',
  'endpointslices',
  'services',
  'rolebindings',
  'networkpolicies',
];

function rank(order: SnapshotKind[], kind: SnapshotKind): number {
  const index = order.indexOf(kind);
  return index === -1 ? order.length : index;
}

function orderedByKind(
  resources: Partial<Record<SnapshotKind, K8sObject[]>>,
): Partial<Record<SnapshotKind, K8sObject[]>> {
  const ordered: Partial<Record<SnapshotKind, K8sObject[]>> = {};
  for (const kind of allSnapshotKinds) if (resources[kind]) ordered[kind] = resources[kind];
  return ordered;
}
