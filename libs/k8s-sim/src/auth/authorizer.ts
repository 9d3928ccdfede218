import type { PolicyRule, TokenScope } from './token-scope.js';

/** A resource request as RBAC sees it. `namespace` is undefined for cluster-wide requests. */
export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** What every authenticated user may do in a real cluster (the system:basic-user and system:discovery roles). */
export const basicUserRules: readonly PolicyRule[] = [
  {
    verbs: ['create'],
    apiGroups: ['authorization.k8s.io'],
    resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
  },
  { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
];

const basicNonResourceRule: PolicyRule = {
  verbs: ['get'],
  nonResourceURLs: [
    '/api',
    '/api/*',
    '/apis',
    '/apis/*',
    '/healthz',
    '/livez',
    '/readyz',
    '/openapi',
    '/openapi/*',
    '/version',
    '/version/',
  ],
};

function includesOrStar(list: readonly string[] | undefined, value: string): boolean {
  return list !== undefined && (list.includes('*') || list.includes(value));
}

function ruleAllows(rule: PolicyRule, attrs: ResourceAttributes): boolean {
  if (!includesOrStar(rule.verbs, attrs.verb)) return false;
  if (!includesOrStar(rule.apiGroups, attrs.group)) return false;
  const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  if (!rule.resources || !(rule.resources.includes('*') || rule.resources.includes(combined))) return false;
  if (rule.resourceNames && rule.resourceNames.length > 0) {
    // As in RBAC, resourceNames never grant list or a cluster-wide collection request.
    if (attrs.name === undefined || !rule.resourceNames.includes(attrs.name)) return false;
  }
  return true;
}

/** The rules that apply in a namespace (undefined: cluster scope), including the built-in basic-user rules. */
export function effectiveRules(scope: TokenScope, namespace: string | undefined): PolicyRule[] {
  const namespaced = namespace === undefined ? [] : (scope.namespaceRules?.[namespace] ?? []);
  return [...basicUserRules, ...scope.clusterRules, ...namespaced];
}

/** RBAC's decision for a resource request; the same function backs enforcement and both access reviews. */
export function isAllowed(scope: TokenScope, attrs: ResourceAttributes): boolean {
  return effectiveRules(scope, attrs.namespace).some(
    (rule) => rule.resources !== undefined && ruleAllows(rule, attrs),
  );
}

function urlMatches(pattern: string, path: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  return pattern === path;
}

/** RBAC's decision for a non-resource URL such as `/version` or `/apis`. */
export function isNonResourceAllowed(scope: TokenScope, verb: string, path: string): boolean {
  return [basicNonResourceRule, ...scope.clusterRules].some(
    (rule) =>
      rule.nonResourceURLs !== undefined &&
      includesOrStar(rule.verbs, verb) &&
      rule.nonResourceURLs.some((p) => urlMatches(p, path)),
  );
}

/** Non-resource rules for SelfSubjectRulesReview. */
export function nonResourceRules(scope: TokenScope): PolicyRule[] {
  return [basicNonResourceRule, ...scope.clusterRules].filter((r) => r.nonResourceURLs !== undefined);
}
