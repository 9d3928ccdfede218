import { resourceCatalog } from '../api/resource-catalog.js';

/** An RBAC PolicyRule, as in a Role or ClusterRole. */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/**
 * The identity and permissions behind one credential. `clusterRules` apply everywhere (ClusterRoleBindings);
 * `namespaceRules` apply only inside the named namespace (RoleBindings).
 */
export interface TokenScope {
  user: string;
  groups?: string[];
  clusterRules: PolicyRule[];
  namespaceRules?: Record<string, PolicyRule[]>;
}

/** Names of the scopes every simulator knows; each is also the bearer token that carries it by default. */
export type DefaultScopeName =
  | 'read-only'
  | 'write-capable'
  | 'forbidden-secrets'
  | 'forbidden-rbac'
  | 'limited-writer'
  | 'namespace-reader'
  | 'no-access';

/** `get/list/watch` on every kind in the catalog except the `except` resources (named the way RBAC names them). */
export function readRules(except: readonly string[] = []): PolicyRule[] {
  if (except.length === 0) return [{ verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*'] }];
  const byGroup = new Map<string, Set<string>>();
  for (const type of resourceCatalog) {
    if (except.includes(type.resource) || except.includes(`${type.resource}.${type.group}`)) continue;
    const set = byGroup.get(type.group) ?? new Set<string>();
    set.add(type.resource);
    byGroup.set(type.group, set);
  }
  return [...byGroup.entries()].map(([group, resources]) => ({
    verbs: ['get', 'list', 'watch'],
    apiGroups: [group],
    resources: [...resources].sort(),
  }));
}

/** A read-only scope over every kind except the given resources (`secrets`, `networkpolicies`, `roles.rbac.authorization.k8s.io`). */
export function readOnlyScope(user: string, except: readonly string[] = []): TokenScope {
  return { user, groups: ['system:authenticated'], clusterRules: readRules(except) };
}

/**
 * The default credentials: bearer token = scope name. Every scope also gets what any authenticated user has in a
 * real cluster (discovery URLs and creating self-subject access/rules reviews).
 */
export function defaultTokenScopes(): Record<DefaultScopeName, TokenScope> {
  return {
    'read-only': readOnlyScope('sim:read-only'),
    'write-capable': {
      user: 'sim:write-capable',
      groups: ['system:masters', 'system:authenticated'],
      clusterRules: [
        { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
        { verbs: ['*'], nonResourceURLs: ['*'] },
      ],
    },
    'forbidden-secrets': readOnlyScope('sim:forbidden-secrets', ['secrets']),
    'forbidden-rbac': readOnlyScope('sim:forbidden-rbac', [
      'roles',
      'rolebindings',
      'clusterroles',
      'clusterrolebindings',
    ]),
    'limited-writer': {
      ...readOnlyScope('sim:limited-writer'),
      namespaceRules: {
        default: [
          { verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] },
          { verbs: ['patch', 'update'], apiGroups: ['apps'], resources: ['deployments'] },
          { verbs: ['delete'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-settings'] },
        ],
      },
    },
    'namespace-reader': {
      user: 'sim:namespace-reader',
      groups: ['system:authenticated'],
      clusterRules: [],
      namespaceRules: { default: readRules() },
    },
    'no-access': { user: 'sim:no-access', groups: ['system:authenticated'], clusterRules: [] },
  };
}
