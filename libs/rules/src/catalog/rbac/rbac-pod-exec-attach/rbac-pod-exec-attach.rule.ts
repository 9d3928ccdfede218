import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import {
  describeSubject,
  isSystemObject,
  isSystemSubject,
  resolvedBindings,
  ruleGrants,
  type PolicyRule,
} from '../../../rbac/rbac-graph.js';
import { refOf } from '../../../workload/resource-ref.js';
import { evaluateRoleRules, withUnresolvedRoles } from '../../shared/evaluate-roles.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

export const rbacPodExecAttachRule = defineRule({
  id: 'rbac-pod-exec-attach',
  title: 'Roles should not grant pods/exec or pods/attach',
  area: 'rbac',
  severity: 'high',
  rationale:
    'exec and attach give a shell inside running containers: their secrets, service account tokens and network position. Both create and get (the WebSocket upgrade) open a session.',
  remediation: {
    text: 'Remove pods/exec and pods/attach from the role; use ephemeral debug tooling behind an approval flow.',
    example: 'rules:\n  - apiGroups: [""]\n    resources: [pods, pods/log]\n    verbs: [get, list, watch]',
  },
  reads: ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'],
  evidenceScope: 'related',
  equivalents: {
    kubescape: ['C-0002'],
    polaris: [
      'clusterrolePodExecAttach',
      'rolePodExecAttach',
      'clusterrolebindingPodExecAttach',
      'rolebindingClusterRolePodExecAttach',
      'rolebindingRolePodExecAttach',
    ],
    trivy: ['KSV053'],
  },
  evaluate: ({ snapshot }) => {
    const roleLevel = evaluateRoleRules(snapshot, (rule) => {
      const hits = execResources(rule);
      return hits.length > 0 ? `grants ${hits.join(' and ')}` : undefined;
    });
    // Roles with system: names are skipped above as built-in; a user binding to one is still reported.
    const bindingLevel: RuleFinding[] = [];
    for (const resolved of resolvedBindings(snapshot)) {
      if (isSystemObject(resolved.binding) || !resolved.role || !isSystemObject(resolved.role)) continue;
      const index = (resolved.role.rules ?? []).findIndex((rule) => execResources(rule).length > 0);
      const subjects = resolved.subjects.filter((subject) => !isSystemSubject(subject));
      if (index < 0 || subjects.length === 0) continue;
      bindingLevel.push(
        ruleFinding(
          refOf(resolved.binding),
          `roleRef ${resolved.roleKind} ${resolved.role.metadata.name} grants ${execResources(resolved.role.rules?.[index] ?? {}).join(' and ')} to ${subjects.map(describeSubject).join(', ')}`,
          [{ pointer: '/roleRef', value: resolved.binding.roleRef }],
        ),
      );
    }
    return withUnresolvedRoles(snapshot, {
      findings: [...roleLevel.findings, ...bindingLevel],
      checked: roleLevel.checked + resolvedBindings(snapshot).length,
    });
  },
});

function execResources(rule: PolicyRule): string[] {
  return ['pods/exec', 'pods/attach'].filter(
    (resource) => ruleGrants(rule, 'create', resource) || ruleGrants(rule, 'get', resource),
  );
}
