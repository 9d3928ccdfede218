import { apiVersionOf, snapshotKinds, type KindInfo, type SnapshotKind } from '../snapshot/kinds.js';

/** An API version Kubernetes removed, for some kinds (all of the version's kinds when `kinds` is absent). */
export interface RemovedApi {
  apiVersion: string;
  kinds?: string[];
  /** The Kubernetes minor release that stopped serving it, e.g. `1.16`. */
  removedIn: string;
  /** What to migrate to. */
  replacement: string;
}

/** API versions removed from Kubernetes (the deprecated-API migration guide), most specific entries first. */
export const removedApis: RemovedApi[] = [
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'],
    removedIn: '1.16',
    replacement: 'apps/v1',
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['NetworkPolicy'],
    removedIn: '1.16',
    replacement: 'networking.k8s.io/v1',
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['PodSecurityPolicy'],
    removedIn: '1.16',
    replacement: 'Pod Security Admission labels on namespaces',
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['Ingress'],
    removedIn: '1.22',
    replacement: 'networking.k8s.io/v1',
  },
  { apiVersion: 'extensions/v1beta1', removedIn: '1.22', replacement: 'apps/v1 or networking.k8s.io/v1' },
  { apiVersion: 'apps/v1beta1', removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'batch/v2alpha1', kinds: ['CronJob'], removedIn: '1.21', replacement: 'batch/v1' },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['Ingress', 'IngressClass'],
    removedIn: '1.22',
    replacement: 'networking.k8s.io/v1',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1',
    removedIn: '1.22',
    replacement: 'rbac.authorization.k8s.io/v1',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1alpha1',
    removedIn: '1.22',
    replacement: 'rbac.authorization.k8s.io/v1',
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    removedIn: '1.22',
    replacement: 'admissionregistration.k8s.io/v1',
  },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', removedIn: '1.22', replacement: 'apiextensions.k8s.io/v1' },
  { apiVersion: 'certificates.k8s.io/v1beta1', removedIn: '1.22', replacement: 'certificates.k8s.io/v1' },
  { apiVersion: 'coordination.k8s.io/v1beta1', removedIn: '1.22', replacement: 'coordination.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', removedIn: '1.22', replacement: 'scheduling.k8s.io/v1' },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIStorageCapacity'],
    removedIn: '1.27',
    replacement: 'storage.k8s.io/v1',
  },
  { apiVersion: 'storage.k8s.io/v1beta1', removedIn: '1.22', replacement: 'storage.k8s.io/v1' },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodSecurityPolicy'],
    removedIn: '1.25',
    replacement: 'Pod Security Admission labels on namespaces',
  },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodDisruptionBudget'],
    removedIn: '1.25',
    replacement: 'policy/v1',
  },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: '1.25', replacement: 'batch/v1' },
  {
    apiVersion: 'discovery.k8s.io/v1beta1',
    kinds: ['EndpointSlice'],
    removedIn: '1.25',
    replacement: 'discovery.k8s.io/v1',
  },
  {
    apiVersion: 'events.k8s.io/v1beta1',
    kinds: ['Event'],
    removedIn: '1.25',
    replacement: 'events.k8s.io/v1',
  },
  {
    apiVersion: 'node.k8s.io/v1beta1',
    kinds: ['RuntimeClass'],
    removedIn: '1.25',
    replacement: 'node.k8s.io/v1',
  },
  { apiVersion: 'autoscaling/v2beta1', removedIn: '1.25', replacement: 'autoscaling/v2' },
  { apiVersion: 'autoscaling/v2beta2', removedIn: '1.26', replacement: 'autoscaling/v2' },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1',
    removedIn: '1.26',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
    removedIn: '1.29',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
    removedIn: '1.32',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
];

/** `removedApis` by API version, in list order: most objects are on a version no entry names. */
const removedByVersion = new Map<string, RemovedApi[]>();
for (const api of removedApis) {
  const list = removedByVersion.get(api.apiVersion);
  if (list) list.push(api);
  else removedByVersion.set(api.apiVersion, [api]);
}

/** The removal entry for an object's apiVersion and kind, or undefined when its version is still served. */
export function removedApiOf(apiVersion: string, kind: string): RemovedApi | undefined {
  const candidates = removedByVersion.get(apiVersion);
  if (!candidates) return undefined;
  for (const api of candidates) if (!api.kinds || api.kinds.includes(kind)) return api;
  return undefined;
}

/** Snapshot kinds by `group/Kind`; core kinds before CRDs of the same name (Calico's NetworkPolicy). */
const byGroupAndKind = new Map<string, SnapshotKind>();
const byKindName = new Map<string, SnapshotKind>();
for (const [plural, info] of Object.entries(snapshotKinds) as [SnapshotKind, KindInfo][]) {
  byGroupAndKind.set(`${info.group}/${info.kind}`, plural);
  const earlier = byKindName.get(info.kind);
  if (!earlier || (isOptional(earlier) && !info.optional)) byKindName.set(info.kind, plural);
}

function isOptional(kind: SnapshotKind): boolean {
  const info: KindInfo = snapshotKinds[kind];
  return info.optional === true;
}

/** How meshguard reads an object of `apiVersion` and `kind`. */
export type KindResolution =
  { kind: SnapshotKind; removed?: RemovedApi } | { unread: true } | { wrongVersion: string };

/**
 * The snapshot kind an object is read as: its own group and kind, or, for a removed API version (extensions/v1beta1
 * Deployment, batch/v1beta1 CronJob…), the current kind of the same name, which has the same fields rules read.
 * `wrongVersion` (the version meshguard reads) when the group and kind are read but the version is neither current
 * nor a known removed one; `unread` for kinds no rule reads.
 */
export function snapshotKindFor(apiVersion: string, kind: string): KindResolution {
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const removed = removedApiOf(apiVersion, kind);
  const own = byGroupAndKind.get(`${group}/${kind}`);
  if (own) {
    const info: KindInfo = snapshotKinds[own];
    if (version === info.version || info.optional) return { kind: own };
    if (removed) return { kind: own, removed };
    return { wrongVersion: apiVersionOf(own) };
  }
  if (removed) {
    const current = byKindName.get(kind);
    if (current) return { kind: current, removed };
  }
  return { unread: true };
}
