import { snapshotKinds, type KindInfo, type SnapshotKind } from '@meshguard/rules';
import type { ClusterClient } from '../client/cluster-client.js';
import { KubeApiError } from '../client/kube-api.error.js';
import { runWithConcurrency } from '../client/run-with-concurrency.js';
import { resourceNameOf } from './kind-resource.js';

/** Where a snapshot kind is served on this cluster. */
export interface ServedKind {
  kind: SnapshotKind;
  group: string;
  version: string;
  /** `apps/v1`-style apiVersion the objects are listed at (may differ from the contract for optional CRDs). */
  apiVersion: string;
  resource: string;
  namespaced: boolean;
  objectKind: string;
}

export interface DiscoveryResult {
  served: ServedKind[];
  /** Required kinds the cluster does not serve (optional kinds that are missing are simply skipped). */
  notServed: SnapshotKind[];
  /** Kinds whose group version could not be discovered (e.g. an aggregated API that is down). */
  failed: { kind: SnapshotKind; detail: string }[];
}

interface ApiGroupList {
  groups?: {
    name: string;
    versions?: { groupVersion: string; version: string }[];
    preferredVersion?: { version: string };
  }[];
}
interface ApiResourceList {
  resources?: { name: string; namespaced?: boolean; kind?: string; verbs?: string[] }[];
}

/** Where one planned kind stands once its group version's resource list has arrived. */
export type KindDiscovery =
  | { outcome: 'served'; served: ServedKind }
  /** A required kind the cluster does not serve. */
  | { outcome: 'not-served' }
  /** An optional kind the cluster does not serve: no gap. */
  | { outcome: 'absent' }
  | { outcome: 'failed'; detail: string };

/** Discovery under way: the kinds whose group version is served, each resolved once its resource list arrives. */
export interface StartedDiscovery {
  /** Kinds whose group version the cluster serves, in the order asked for. */
  planned: SnapshotKind[];
  /** Required kinds whose group version the cluster does not serve at all. */
  notServed: SnapshotKind[];
  resolve(kind: SnapshotKind): Promise<KindDiscovery>;
}

/**
 * Reads the served groups, then fetches the resource lists of only the group versions the wanted kinds live in,
 * without waiting for them: a kind can be listed as soon as its own group version is known. Optional kinds (CRDs)
 * fall back to the group's preferred version when the contract version is not served.
 */
export async function startDiscovery(
  client: ClusterClient,
  kinds: readonly SnapshotKind[],
): Promise<StartedDiscovery> {
  const [core, groups] = await Promise.all([
    client.getJson<{ versions?: string[] }>('/api'),
    client.getJson<ApiGroupList>('/apis'),
  ]);
  const servedVersions = new Map<string, { versions: string[]; preferred?: string }>();
  servedVersions.set('', { versions: core.versions ?? [] });
  for (const group of groups.groups ?? []) {
    servedVersions.set(group.name, {
      versions: (group.versions ?? []).map((v) => v.version),
      ...(group.preferredVersion ? { preferred: group.preferredVersion.version } : {}),
    });
  }

  const plan = new Map<SnapshotKind, { group: string; version: string }>();
  const notServed: SnapshotKind[] = [];
  for (const kind of kinds) {
    const info: KindInfo = snapshotKinds[kind];
    const group = servedVersions.get(info.group);
    const version = group?.versions.includes(info.version)
      ? info.version
      : info.optional
        ? group?.preferred
        : undefined;
    if (version) plan.set(kind, { group: info.group, version });
    else if (!info.optional) notServed.push(kind);
  }

  const groupVersions = [
    ...new Set([...plan.values()].map(({ group, version }) => groupVersionOf(group, version))),
  ];
  // Fetched in the background, at most 6 at a time, in the order the kinds were asked for; each kind waits for its own.
  type Answer = ApiResourceList | KubeApiError;
  const settlers = new Map<string, { resolve(answer: Answer): void; reject(error: unknown): void }>();
  const resourceLists = new Map<string, Promise<Answer>>();
  for (const gv of groupVersions) {
    const promise = new Promise<Answer>((resolve, reject) => settlers.set(gv, { resolve, reject }));
    // A failure nobody awaits (the scan stopped first) must not become an unhandled rejection.
    promise.catch(() => undefined);
    resourceLists.set(gv, promise);
  }
  void runWithConcurrency(groupVersions, 6, async (gv) => {
    const settle = settlers.get(gv)!;
    await fetchResourceList(client, gv).then(settle.resolve, settle.reject);
  });

  return {
    planned: [...plan.keys()],
    notServed,
    resolve: async (kind) => {
      const { group, version } = plan.get(kind)!;
      const info: KindInfo = snapshotKinds[kind];
      const apiVersion = groupVersionOf(group, version);
      const list = await resourceLists.get(apiVersion)!;
      if (list instanceof KubeApiError) {
        if (list.status === 404) return { outcome: info.optional ? 'absent' : 'not-served' };
        return { outcome: 'failed', detail: `discovery of ${apiVersion} failed: ${list.message}` };
      }
      const resource = list.resources?.find((r) => r.name === resourceNameOf(kind));
      if (!resource || !(resource.verbs ?? ['list']).includes('list'))
        return { outcome: info.optional ? 'absent' : 'not-served' };
      return {
        outcome: 'served',
        served: {
          kind,
          group,
          version,
          apiVersion,
          resource: resource.name,
          namespaced: resource.namespaced ?? info.namespaced,
          objectKind: resource.kind ?? info.kind,
        },
      };
    },
  };
}

/** The resource list of one group version, or the API error that answered instead. */
async function fetchResourceList(client: ClusterClient, gv: string): Promise<ApiResourceList | KubeApiError> {
  try {
    return await client.getJson<ApiResourceList>(gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`);
  } catch (error) {
    if (!(error instanceof KubeApiError)) throw error;
    return error;
  }
}

/** Finds which of the wanted kinds this cluster serves (startDiscovery, waiting for every group version). */
export async function discoverServedKinds(
  client: ClusterClient,
  kinds: readonly SnapshotKind[],
): Promise<DiscoveryResult> {
  const discovery = await startDiscovery(client, kinds);
  const served: ServedKind[] = [];
  const notServed = [...discovery.notServed];
  const failed: DiscoveryResult['failed'] = [];
  for (const kind of discovery.planned) {
    const found = await discovery.resolve(kind);
    if (found.outcome === 'served') served.push(found.served);
    else if (found.outcome === 'not-served') notServed.push(kind);
    else if (found.outcome === 'failed') failed.push({ kind, detail: found.detail });
  }
  return { served, notServed, failed };
}

export function groupVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** Collection URL of a served kind across all namespaces. */
export function listPathOf(kind: Pick<ServedKind, 'group' | 'version' | 'resource'>): string {
  return kind.group === ''
    ? `/api/${kind.version}/${kind.resource}`
    : `/apis/${kind.group}/${kind.version}/${kind.resource}`;
}
