import { withUnresolvedRoles } from '../../shared/evaluate-roles.js';
import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import {
  describeSubject,
  isSystemObject,
  isSystemSubject,
  resolvedBindings,
  type RoleObject,
} from '../../../rbac/rbac-graph.js';
import { refOf } from '../../../workload/resource-ref.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

export const rbacClusterAdminBindingRule = defineRule({
  id: 'rbac-cluster-admin-binding',
  title: 'Only system components may be bound to cluster-admin',
  area: 'rbac',
  severity: 'critical',
  rationale:
    'cluster-admin (or any role granting * on *) is unrestricted control of the cluster: every Secret, every node via privileged pods. Bindings to people, groups or application service accounts turn one stolen credential into a full compromise.',
  remediation: {
    text: 'Bind a narrowly scoped Role instead; keep cluster-admin for break-glass access through a short-lived, audited mechanism.',
    example: 'roleRef:\n  kind: ClusterRole\n  name: view',
  },
  reads: ['clusterrolebindings', 'rolebindings', 'clusterroles', 'roles'],
  evidenceScope: 'related',
  equivalents: {
    kubescape: ['C-0035'],
    polaris: [
      'clusterrolebindingClusterAdmin',
      'rolebindingClusterAdminClusterRole',
      'rolebindingClusterAdminRole',
    ],
    trivy: ['KSV111'],
    'kube-linter': ['cluster-admin-role-binding'],
  },
  evaluate: ({ snapshot }) => {
    const bindings = resolvedBindings(snapshot);
    const findings: RuleFinding[] = [];
    for (const resolved of bindings) {
      if (isSystemObject(resolved.binding)) continue;
      const isAdmin =
        (resolved.roleKind === 'ClusterRole' && resolved.binding.roleRef?.name === 'cluster-admin') ||
        grantsEverything(resolved.role);
      if (!isAdmin) continue;
      resolved.subjects.forEach((subject, index) => {
        if (isSystemSubject(subject)) return;
        findings.push(
          ruleFinding(
            refOf(resolved.binding),
            `subjects[${index}] (${describeSubject(subject)}) is granted ${resolved.roleKind} ${resolved.binding.roleRef?.name ?? '?'} (full control${resolved.scope ? ` of namespace ${resolved.scope}` : ' of the cluster'})`,
            [
              { pointer: `/subjects/${index}`, value: subject },
              { pointer: '/roleRef', value: resolved.binding.roleRef },
            ],
          ),
        );
      });
    }
    return withUnresolvedRoles(snapshot, { findings, checked: bindings.length });
  },
});

const everyVerb = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/** A rule on every resource of every API group with `*` or every read and write verb spelled out. */
function grantsEverything(role: RoleObject | undefined): boolean {
  return (role?.rules ?? []).some(
    (rule) =>
      (rule.apiGroups ?? []).includes('*') &&
      (rule.resources ?? []).includes('*') &&
      ((rule.verbs ?? []).includes('*') || everyVerb.every((verb) => (rule.verbs ?? []).includes(verb))),
  );
}
