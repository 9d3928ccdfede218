import { defineRule } from '../../../engine/rule.js';
import { ruleGrants, type PolicyRule } from '../../../rbac/rbac-graph.js';
import { evaluateRoleRules } from '../../shared/evaluate-roles.js';

const checks: { verb: string; resource: string; group: string }[] = [
  { verb: 'escalate', resource: 'roles', group: 'rbac.authorization.k8s.io' },
  { verb: 'escalate', resource: 'clusterroles', group: 'rbac.authorization.k8s.io' },
  { verb: 'bind', resource: 'roles', group: 'rbac.authorization.k8s.io' },
  { verb: 'bind', resource: 'clusterroles', group: 'rbac.authorization.k8s.io' },
  { verb: 'impersonate', resource: 'users', group: '' },
  { verb: 'impersonate', resource: 'groups', group: '' },
  { verb: 'impersonate', resource: 'serviceaccounts', group: '' },
];

/** The escalate, bind and impersonate grants of one policy rule, worded; undefined when there are none. */
function escalationGranted(rule: PolicyRule): string | undefined {
  const hits = checks.filter((check) => ruleGrants(rule, check.verb, check.resource, check.group));
  return hits.length > 0
    ? `grants ${[...new Set(hits.map((hit) => `${hit.verb} on ${hit.resource}`))].join(', ')}`
    : undefined;
}

export const rbacEscalateBindImpersonateRule = defineRule({
  id: 'rbac-escalate-bind-impersonate',
  title: 'Roles must not grant escalate, bind or impersonate',
  area: 'rbac',
  severity: 'high',
  rationale:
    'escalate lets a subject write roles with permissions it does not hold, bind lets it bind any role (cluster-admin included), impersonate lets it act as any user or group: each one is a path to full cluster control.',
  remediation: {
    text: 'Remove the verb; grant role management only to cluster administrators and use resourceNames to restrict which roles may be bound.',
    example:
      'rules:\n  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [rolebindings]\n    verbs: [create]\n  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles]\n    resourceNames: [view]\n    verbs: [bind]',
  },
  reads: ['roles', 'clusterroles'],
  equivalents: { kubescape: ['C-0065', 'C-0191'] },
  evidenceScope: 'object',
  // Wildcards count: a rule granting `*` on `*` can escalate, bind and impersonate like one that names the verbs.
  evaluate: ({ snapshot }) => evaluateRoleRules(snapshot, escalationGranted),
});
