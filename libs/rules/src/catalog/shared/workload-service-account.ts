import {
  resolvedBindings,
  ruleGrants,
  type PolicyRule,
  type ResolvedBinding,
} from '../../rbac/rbac-graph.js';
import type { ClusterSnapshot, K8sObject } from '../../snapshot/snapshot.js';
import type { PodSpecSite } from '../../workload/pod-specs.js';

/** The service account a pod runs as: `serviceAccountName`, the deprecated `serviceAccount`, else `default`. */
export function serviceAccountNameOf(site: PodSpecSite): string {
  const spec = site.spec as { serviceAccountName?: string; serviceAccount?: string };
  return spec.serviceAccountName || spec.serviceAccount || 'default';
}

interface AccountIndex {
  accounts: Map<string, K8sObject>;
  bindings: Map<string, ResolvedBinding[]>;
}

const cache = new WeakMap<ClusterSnapshot, AccountIndex>();

function indexOf(snapshot: ClusterSnapshot): AccountIndex {
  const cached = cache.get(snapshot);
  if (cached) return cached;
  const accounts = new Map<string, K8sObject>();
  for (const account of snapshot.resources.serviceaccounts ?? [])
    accounts.set(`${account.metadata.namespace ?? 'default'}/${account.metadata.name}`, account);
  const bindings = new Map<string, ResolvedBinding[]>();
  const add = (key: string, resolved: ResolvedBinding): void => {
    const list = bindings.get(key);
    if (list) list.push(resolved);
    else bindings.set(key, [resolved]);
  };
  for (const resolved of resolvedBindings(snapshot)) {
    for (const subject of resolved.subjects) {
      if (subject.kind === 'ServiceAccount')
        add(`${subject.namespace ?? resolved.scope ?? 'default'}/${subject.name}`, resolved);
      // Groups every service account (of a namespace) belongs to.
      else if (subject.kind === 'Group' && subject.name === 'system:serviceaccounts') add('*', resolved);
      else if (subject.kind === 'Group' && subject.name.startsWith('system:serviceaccounts:'))
        add(`${subject.name.slice('system:serviceaccounts:'.length)}/*`, resolved);
    }
  }
  const index = { accounts, bindings };
  cache.set(snapshot, index);
  return index;
}

/** The ServiceAccount object a pod runs as, when the snapshot holds it. */
export function serviceAccountOf(snapshot: ClusterSnapshot, site: PodSpecSite): K8sObject | undefined {
  return indexOf(snapshot).accounts.get(`${site.namespace}/${serviceAccountNameOf(site)}`);
}

/**
 * True when the pod gets an API token: the pod's `automountServiceAccountToken` wins, then the ServiceAccount's, and
 * Kubernetes mounts one when neither says false.
 */
export function tokenMounted(snapshot: ClusterSnapshot, site: PodSpecSite): boolean {
  const podSetting = (site.spec as { automountServiceAccountToken?: boolean }).automountServiceAccountToken;
  if (podSetting !== undefined) return podSetting;
  const account = serviceAccountOf(snapshot, site) as { automountServiceAccountToken?: boolean } | undefined;
  return account?.automountServiceAccountToken !== false;
}

/**
 * Bindings that name the pod's service account, directly or through the service-account groups. `role` is undefined
 * for roles the snapshot lacks (the built-in cluster-admin, admin, edit and view of a manifest scan among them).
 */
export function bindingsOfPod(snapshot: ClusterSnapshot, site: PodSpecSite): ResolvedBinding[] {
  const { bindings } = indexOf(snapshot);
  return [
    ...(bindings.get(`${site.namespace}/${serviceAccountNameOf(site)}`) ?? []),
    ...(bindings.get(`${site.namespace}/*`) ?? []),
    ...(bindings.get('*') ?? []),
  ];
}

/** One capability that hands over the cluster, as (verb, resource, group) any of which a rule may grant. */
interface Capability {
  name: string;
  accesses: { verb: string; resource: string; group?: string }[];
}

/**
 * What turns a pod's token into control of the cluster: reading Secrets (other tokens), creating pods or workloads
 * (mounting any service account or the host), minting tokens, impersonating, binding or escalating roles, the kubelet
 * API through nodes/proxy, and approving certificates.
 */
export const takeoverCapabilities: readonly Capability[] = [
  { name: 'read Secrets', accesses: ['get', 'list', 'watch'].map((verb) => ({ verb, resource: 'secrets' })) },
  {
    name: 'create pods or workloads',
    accesses: [
      { verb: 'create', resource: 'pods' },
      ...['deployments', 'daemonsets', 'statefulsets', 'replicasets'].map((resource) => ({
        verb: 'create',
        resource,
        group: 'apps',
      })),
      ...['jobs', 'cronjobs'].map((resource) => ({ verb: 'create', resource, group: 'batch' })),
    ],
  },
  { name: 'exec into pods', accesses: [{ verb: 'create', resource: 'pods/exec' }] },
  { name: 'mint service account tokens', accesses: [{ verb: 'create', resource: 'serviceaccounts/token' }] },
  {
    name: 'impersonate',
    accesses: ['users', 'groups', 'serviceaccounts'].map((resource) => ({ verb: 'impersonate', resource })),
  },
  {
    name: 'bind or escalate roles',
    accesses: ['bind', 'escalate'].flatMap((verb) =>
      ['roles', 'clusterroles'].map((resource) => ({ verb, resource, group: 'rbac.authorization.k8s.io' })),
    ),
  },
  { name: 'call the kubelet through nodes/proxy', accesses: [{ verb: 'get', resource: 'nodes/proxy' }] },
];

/** The takeover capabilities a set of policy rules grants, by name. */
export function takeoverGranted(rules: readonly PolicyRule[]): string[] {
  return takeoverCapabilities
    .filter((capability) =>
      capability.accesses.some((access) =>
        rules.some((rule) => ruleGrants(rule, access.verb, access.resource, access.group ?? '')),
      ),
    )
    .map((capability) => capability.name);
}

/** True when a rule grants every verb on every resource (in its API groups): administration of what it covers. */
export function administrativeRule(rule: PolicyRule): boolean {
  return (
    (rule.verbs ?? []).includes('*') &&
    (rule.resources ?? []).includes('*') &&
    (rule.resourceNames ?? []).length === 0
  );
}
