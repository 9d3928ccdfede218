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

/**
 * Finds which of the wanted kinds this cluster serves, fetching only the group versions they live in. Optional kinds
 * (CRDs) fall back to the group's preferred version when the contract version is not served.
 */
export async function discoverServedKinds(
  client: ClusterClient,
  kinds: readonly SnapshotKind[],
): Promise<DiscoveryResult> {
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
  const resourceLists = new Map<string, ApiResourceList | KubeApiError>();
  await runWithConcurrency(groupVersions, 6, async (gv) => {
    try {
      resourceLists.set(
        gv,
        await client.getJson<ApiResourceList>(gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`),
      );
    } catch (error) {
      if (!(error instanceof KubeApiError)) throw error;
      resourceLists.set(gv, error);
    }
  });

  const served: ServedKind[] = [];
  const failed: DiscoveryResult['failed'] = [];
  for (const [kind, { group, version }] of plan) {
    const info: KindInfo = snapshotKinds[kind];
    const apiVersion = groupVersionOf(group, version);
    const list = resourceLists.get(apiVersion);
    if (list instanceof KubeApiError) {
      if (list.status === 404) {
        if (!info.optional) notServed.push(kind);
      } else failed.push({ kind, detail: `discovery of ${apiVersion} failed: ${list.message}` });
      continue;
    }
    const resource = list?.resources?.find((r) => r.name === resourceNameOf(kind));
    if (!resource || !(resource.verbs ?? ['list']).includes('list')) {
      if (!info.optional) notServed.push(kind);
      continue;
    }
    served.push({
      kind,
      group,
      version,
      apiVersion,
      resource: resource.name,
      namespaced: resource.namespaced ?? info.namespaced,
      objectKind: resource.kind ?? info.kind,
    });
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
