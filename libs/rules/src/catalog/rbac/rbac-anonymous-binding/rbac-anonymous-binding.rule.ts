import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { resolvedBindings } from '../../../rbac/rbac-graph.js';
import { refOf } from '../../../workload/resource-ref.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

/** Default discovery bindings that legitimately include unauthenticated users. */
const defaultPublicBindings = new Set(['system:public-info-viewer', 'system:discovery', 'system:basic-user']);

export const rbacAnonymousBindingRule = defineRule({
  id: 'rbac-anonymous-binding',
  title: 'Nothing may be granted to anonymous or unauthenticated users',
  area: 'rbac',
  severity: 'critical',
  rationale:
    'A binding to system:anonymous or system:unauthenticated grants its permissions to anyone who can reach the API server, no credential needed.',
  remediation: {
    text: 'Delete the subject from the binding; grant the access to authenticated identities only.',
    example: 'subjects:\n  - kind: Group\n    name: team-a\n    apiGroup: rbac.authorization.k8s.io',
  },
  reads: ['clusterrolebindings', 'rolebindings'],
  evidenceScope: 'object',
  equivalents: { kubescape: ['C-0262'] },
  evaluate: ({ snapshot }) => {
    const bindings = resolvedBindings(snapshot);
    const findings: RuleFinding[] = [];
    for (const resolved of bindings) {
      if (defaultPublicBindings.has(resolved.binding.metadata.name)) continue;
      resolved.subjects.forEach((subject, index) => {
        if (subject.name === 'system:anonymous' || subject.name === 'system:unauthenticated') {
          findings.push(
            ruleFinding(
              refOf(resolved.binding),
              `subjects[${index}].name is ${subject.name}: ${resolved.roleKind} ${resolved.binding.roleRef?.name ?? '?'} is granted without authentication`,
              [{ pointer: `/subjects/${index}/name`, value: subject.name }],
              undefined,
              'internet',
            ),
          );
        }
      });
    }
    return { findings, checked: bindings.length };
  },
});
