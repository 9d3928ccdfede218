import type { ClusterSnapshot, K8sObject } from '../snapshot/snapshot.js';

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

/** A role or cluster role as the rules read it. */
export interface RoleObject extends K8sObject {
  rules?: PolicyRule[];
  aggregationRule?: unknown;
}

export interface BindingObject extends K8sObject {
  roleRef?: { apiGroup?: string; kind?: string; name?: string };
  subjects?: Subject[];
}

/** A binding resolved to the role it grants; `role` is undefined when the roleRef names a missing role. */
export interface ResolvedBinding {
  binding: BindingObject;
  bindingKind: 'rolebindings' | 'clusterrolebindings';
  role: RoleObject | undefined;
  roleKind: 'Role' | 'ClusterRole';
  subjects: Subject[];
  /** Namespace the grant applies in; undefined for cluster-wide grants. */
  scope: string | undefined;
}

const cache = new WeakMap<ClusterSnapshot, ResolvedBinding[]>();

/** Every (cluster) role binding with its role resolved through `roleRef`, computed once per snapshot. */
export function resolvedBindings(snapshot: ClusterSnapshot): ResolvedBinding[] {
  const cached = cache.get(snapshot);
  if (cached) return cached;
  const clusterRoles = new Map(aggregatedClusterRoles(snapshot).map((role) => [role.metadata.name, role]));
  const roles = new Map(
    (snapshot.resources.roles ?? []).map((role) => [
      `${role.metadata.namespace ?? 'default'}/${role.metadata.name}`,
      role as RoleObject,
    ]),
  );
  const result: ResolvedBinding[] = [];
  for (const binding of (snapshot.resources.clusterrolebindings ?? []) as BindingObject[]) {
    result.push({
      binding,
      bindingKind: 'clusterrolebindings',
      role: clusterRoles.get(binding.roleRef?.name ?? ''),
      roleKind: 'ClusterRole',
      subjects: binding.subjects ?? [],
      scope: undefined,
    });
  }
  for (const binding of (snapshot.resources.rolebindings ?? []) as BindingObject[]) {
    const namespace = binding.metadata.namespace ?? 'default';
    const roleKind = binding.roleRef?.kind === 'Role' ? 'Role' : 'ClusterRole';
    const role =
      roleKind === 'Role'
        ? roles.get(`${namespace}/${binding.roleRef?.name ?? ''}`)
        : clusterRoles.get(binding.roleRef?.name ?? '');
    result.push({
      binding,
      bindingKind: 'rolebindings',
      role,
      roleKind,
      subjects: binding.subjects ?? [],
      scope: namespace,
    });
  }
  cache.set(snapshot, result);
  return result;
}

interface AggregationRule {
  clusterRoleSelectors?: { matchLabels?: Record<string, string> }[];
}

/**
 * ClusterRoles with the rules the controller aggregates into them: an `aggregationRule` role holds the rules of every
 * ClusterRole whose labels match one of its selectors (the built-in admin/edit/view work this way). Copies, never the
 * snapshot's objects.
 */
export function aggregatedClusterRoles(snapshot: ClusterSnapshot): RoleObject[] {
  const roles = (snapshot.resources.clusterroles ?? []) as RoleObject[];
  return roles.map((role) => {
    const selectors = (role.aggregationRule as AggregationRule | undefined)?.clusterRoleSelectors ?? [];
    if (selectors.length === 0) return role;
    const aggregated = roles.filter(
      (candidate) =>
        candidate !== role &&
        selectors.some((selector) =>
          Object.entries(selector.matchLabels ?? {}).every(
            ([key, value]) => candidate.metadata.labels?.[key] === value,
          ),
        ),
    );
    return {
      ...role,
      rules: [...(role.rules ?? []), ...aggregated.flatMap((candidate) => candidate.rules ?? [])],
    };
  });
}

/** True when a policy rule grants `verb` on `resource` (optionally `resource/subresource`) in `apiGroup`, wildcards included. */
export function ruleGrants(rule: PolicyRule, verb: string, resource: string, apiGroup = ''): boolean {
  // Asked for every binding by several rules: no array or string is built unless a subresource needs `base/*`.
  const verbs = rule.verbs ?? [];
  if (!verbs.includes('*') && !verbs.includes(verb)) return false;
  const groups = rule.apiGroups ?? [];
  if (!groups.includes('*') && !groups.includes(apiGroup)) return false;
  const resources = rule.resources ?? [];
  if (resources.includes('*') || resources.includes(resource)) return true;
  const slash = resource.indexOf('/');
  return slash >= 0 && resources.includes(`${resource.slice(0, slash)}/*`);
}

/** Index of the first rule of `role` granting the access, or -1. */
export function roleGrants(
  role: RoleObject | undefined,
  verb: string,
  resource: string,
  apiGroup = '',
): number {
  return (role?.rules ?? []).findIndex((rule) => ruleGrants(rule, verb, resource, apiGroup));
}

/** Built-in subjects (system users, groups and controllers) that cluster-admin style checks leave alone. */
export function isSystemSubject(subject: Subject): boolean {
  return (
    (subject.name.startsWith('system:') &&
      !['system:anonymous', 'system:unauthenticated', 'system:authenticated'].includes(subject.name)) ||
    (subject.kind === 'ServiceAccount' && subject.namespace === 'kube-system')
  );
}

/** Human form of a subject, e.g. `ServiceAccount ci/deployer` or `Group devs`. */
export function describeSubject(subject: Subject): string {
  return `${subject.kind} ${subject.namespace ? `${subject.namespace}/` : ''}${subject.name}`;
}

/** True when the binding or role looks built-in (`system:` names or the bootstrapping label). */
export function isSystemObject(object: K8sObject): boolean {
  return (
    object.metadata.name.startsWith('system:') ||
    object.metadata.labels?.['kubernetes.io/bootstrapping'] === 'rbac-defaults'
  );
}
