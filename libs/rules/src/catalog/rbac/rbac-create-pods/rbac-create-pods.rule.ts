import { withUnresolvedRoles } from '../../shared/evaluate-roles.js';
import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import {
  describeSubject,
  isSystemObject,
  isSystemSubject,
  resolvedBindings,
  roleGrants,
} from '../../../rbac/rbac-graph.js';
import { refOf } from '../../../workload/resource-ref.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

const workloadResources: [string, string][] = [
  ['', 'pods'],
  ['apps', 'deployments'],
  ['apps', 'daemonsets'],
  ['apps', 'statefulsets'],
  ['batch', 'jobs'],
  ['batch', 'cronjobs'],
];

export const rbacCreatePodsRule = defineRule({
  id: 'rbac-create-pods',
  title: 'Creating pods in kube-system or cluster-wide must be limited to system components',
  area: 'rbac',
  severity: 'high',
  rationale:
    'Whoever can create a pod (or a workload that creates pods) in a namespace can mount any Secret and run as any service account of that namespace; in kube-system that includes controller tokens with cluster-wide power.',
  remediation: {
    text: 'Grant workload creation only in the application’s own namespace, through a Role and RoleBinding there.',
    example:
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: deployer, namespace: shop }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }\nsubjects: [{ kind: ServiceAccount, name: ci, namespace: ci }]',
  },
  reads: ['clusterrolebindings', 'rolebindings', 'clusterroles', 'roles'],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0188'], 'kube-linter': ['access-to-create-pods'] },
  evaluate: ({ snapshot }) => {
    const bindings = resolvedBindings(snapshot);
    const findings: RuleFinding[] = [];
    for (const resolved of bindings) {
      if (
        isSystemObject(resolved.binding) ||
        (resolved.scope !== undefined && resolved.scope !== 'kube-system')
      )
        continue;
      if (resolved.roleKind === 'ClusterRole' && resolved.binding.roleRef?.name === 'cluster-admin') continue;
      const granted = workloadResources
        .filter(([group, resource]) => roleGrants(resolved.role, 'create', resource, group) >= 0)
        .map(([, resource]) => resource);
      if (granted.length === 0) continue;
      resolved.subjects.forEach((subject, index) => {
        if (isSystemSubject(subject)) return;
        findings.push(
          ruleFinding(
            refOf(resolved.binding),
            `subjects[${index}] (${describeSubject(subject)}) can create ${granted.join(', ')} ${resolved.scope ? 'in kube-system' : 'in every namespace'}`,
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
