import { effectiveRules, isAllowed, isNonResourceAllowed, nonResourceRules } from '../auth/authorizer.js';
import type { TokenScope } from '../auth/token-scope.js';

type Body = Record<string, unknown>;
const rec = (v: unknown): Body =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Body) : {};
const optString = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export class ReviewError extends Error {}

function requireKind(body: Body, kind: string): void {
  if (body.kind !== undefined && body.kind !== kind)
    throw new ReviewError(`expected kind ${kind}, got ${String(body.kind)}`);
}

/** Answers a SelfSubjectAccessReview with the same decision function that enforces reads. */
export function selfSubjectAccessReview(scope: TokenScope, body: Body): Body {
  requireKind(body, 'SelfSubjectAccessReview');
  const spec = rec(body.spec);
  let allowed: boolean;
  if (spec.resourceAttributes !== undefined) {
    const a = rec(spec.resourceAttributes);
    const verb = optString(a.verb);
    if (!verb) throw new ReviewError('spec.resourceAttributes.verb: Required value');
    const namespace = optString(a.namespace);
    const name = optString(a.name);
    const subresource = optString(a.subresource);
    allowed = isAllowed(scope, {
      verb,
      group: typeof a.group === 'string' ? a.group : '',
      resource: optString(a.resource) ?? '',
      ...(subresource ? { subresource } : {}),
      ...(namespace ? { namespace } : {}),
      ...(name ? { name } : {}),
    });
  } else if (spec.nonResourceAttributes !== undefined) {
    const a = rec(spec.nonResourceAttributes);
    allowed = isNonResourceAllowed(scope, optString(a.verb) ?? 'get', optString(a.path) ?? '');
  } else {
    throw new ReviewError(
      'spec: Invalid value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
  }
  const status = allowed
    ? { allowed: true, reason: `RBAC: allowed by rules of user "${scope.user}"` }
    : { allowed: false };
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status,
  };
}

/** Answers a SelfSubjectRulesReview: the rules that apply in `spec.namespace` (cluster rules plus that namespace's). */
export function selfSubjectRulesReview(scope: TokenScope, body: Body): Body {
  requireKind(body, 'SelfSubjectRulesReview');
  const spec = rec(body.spec);
  const namespace = optString(spec.namespace);
  const resourceRules = effectiveRules(scope, namespace)
    .filter((r) => r.resources !== undefined)
    .map((r) => ({
      verbs: r.verbs,
      apiGroups: r.apiGroups ?? [],
      resources: r.resources ?? [],
      ...(r.resourceNames && r.resourceNames.length > 0 ? { resourceNames: r.resourceNames } : {}),
    }));
  const nonResource = nonResourceRules(scope).map((r) => ({
    verbs: r.verbs,
    nonResourceURLs: r.nonResourceURLs ?? [],
  }));
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: { ...(namespace ? { namespace } : {}) },
    status: { resourceRules, nonResourceRules: nonResource, incomplete: false },
  };
}

/** Answers a SelfSubjectReview (`kubectl auth whoami`). */
export function selfSubjectReview(scope: TokenScope): Body {
  return {
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null },
    status: { userInfo: { username: scope.user, groups: scope.groups ?? ['system:authenticated'] } },
  };
}
