import { withUnresolvedRoles } from '../../shared/evaluate-roles.js';
import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import {
  describeSubject,
  isSystemObject,
  isSystemSubject,
  resolvedBindings,
  ruleGrants,
} from '../../../rbac/rbac-graph.js';
import { refOf } from '../../../workload/resource-ref.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

export const secretRbacBroadReadRule = defineRule({
  id: 'secret-rbac-broad-read',
  title: 'Secrets must not be listable or watchable by non-system subjects',
  area: 'secret',
  severity: 'high',
  rationale:
    'list and watch on secrets return every Secret’s value in the scope (get without resourceNames is as broad for anyone who can guess names). One such grant to a CI account or an application turns its compromise into the compromise of every credential in the namespace — or cluster.',
  remediation: {
    text: 'Grant get on the specific Secrets (resourceNames) the subject needs, or mount them into its pods instead.',
    example:
      'rules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    resourceNames: ["app-db"]\n    verbs: ["get"]',
  },
  reads: ['clusterrolebindings', 'rolebindings', 'clusterroles', 'roles'],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0015'], trivy: ['KSV041'], 'kube-linter': ['access-to-secrets'] },
  evaluate: ({ snapshot }) => {
    const bindings = resolvedBindings(snapshot);
    const findings: RuleFinding[] = [];
    for (const resolved of bindings) {
      if (
        isSystemObject(resolved.binding) ||
        (resolved.roleKind === 'ClusterRole' && resolved.binding.roleRef?.name === 'cluster-admin')
      )
        continue;
      const index = (resolved.role?.rules ?? []).findIndex(
        (rule) =>
          (rule.resourceNames ?? []).length === 0 &&
          ['list', 'watch', 'get'].some((verb) => ruleGrants(rule, verb, 'secrets')),
      );
      if (index < 0) continue;
      const verbs = ['get', 'list', 'watch'].filter((verb) =>
        ruleGrants(resolved.role?.rules?.[index] ?? {}, verb, 'secrets'),
      );
      resolved.subjects.forEach((subject, subjectIndex) => {
        if (isSystemSubject(subject)) return;
        findings.push(
          ruleFinding(
            refOf(resolved.binding),
            `subjects[${subjectIndex}] (${describeSubject(subject)}) can ${verbs.join('/')} all secrets ${resolved.scope ? `in namespace ${resolved.scope}` : 'in every namespace'} via ${resolved.roleKind} ${resolved.binding.roleRef?.name ?? '?'} rules[${index}]`,
            [
              { pointer: `/subjects/${subjectIndex}`, value: subject },
              { pointer: '/roleRef', value: resolved.binding.roleRef },
            ],
          ),
        );
      });
    }
    return withUnresolvedRoles(snapshot, { findings, checked: bindings.length });
  },
});
