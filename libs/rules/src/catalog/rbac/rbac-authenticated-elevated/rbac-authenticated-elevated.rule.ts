import { defineRule, type RuleEvaluation, type RuleFinding } from '../../../engine/rule.js';
import { resolvedBindings, type ResolvedBinding } from '../../../rbac/rbac-graph.js';
import type { ClusterSnapshot } from '../../../snapshot/snapshot.js';
import { refOf } from '../../../workload/resource-ref.js';
import { withUnresolvedRoles } from '../../shared/evaluate-roles.js';
import { administrativeRule, takeoverGranted } from '../../shared/workload-service-account.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

/**
 * Groups every authenticated caller belongs to (any user, any node) or every pod's token does. Unauthenticated
 * callers are `rbac-anonymous-binding`'s: anything granted to them is reported there.
 */
const everyoneGroups = new Set(['system:authenticated', 'system:serviceaccounts']);

/** Built-in ClusterRoles a manifest scan does not hold, with what they grant. */
const builtInElevated = new Map([
  ['cluster-admin', 'do anything (every verb on every resource)'],
  ['admin', 'read Secrets, create pods or workloads, bind roles'],
  ['edit', 'read Secrets, create pods or workloads'],
]);

function elevatedGrant(resolved: ResolvedBinding): string | undefined {
  const name = resolved.binding.roleRef?.name ?? '';
  if (resolved.roleKind === 'ClusterRole' && builtInElevated.has(name)) return builtInElevated.get(name);
  const rules = resolved.role?.rules ?? [];
  if (rules.some(administrativeRule)) return 'do anything (every verb on every resource)';
  const granted = takeoverGranted(rules);
  return granted.length > 0 ? granted.join(', ') : undefined;
}

function evaluateEveryoneGrants(snapshot: ClusterSnapshot): RuleEvaluation {
  const bindings = resolvedBindings(snapshot);
  const findings: RuleFinding[] = [];
  for (const resolved of bindings) {
    const index = resolved.subjects.findIndex(
      (subject) => subject.kind === 'Group' && everyoneGroups.has(subject.name),
    );
    if (index < 0) continue;
    const what = elevatedGrant(resolved);
    if (!what) continue;
    const group = resolved.subjects[index]?.name ?? '';
    findings.push(
      ruleFinding(
        refOf(resolved.binding),
        `subjects[${index}] is the group ${group}: ${resolved.roleKind} ${resolved.binding.roleRef?.name ?? '?'} lets every ${group === 'system:authenticated' ? 'authenticated user, node and service account' : 'service account token'}${resolved.scope ? ` in namespace ${resolved.scope}` : ''} ${what}`,
        [
          { pointer: `/subjects/${index}/name`, value: group },
          { pointer: '/roleRef', value: resolved.binding.roleRef },
        ],
      ),
    );
  }
  return withUnresolvedRoles(snapshot, { findings, checked: bindings.length });
}

export const rbacAuthenticatedElevatedRule = defineRule({
  id: 'rbac-authenticated-elevated',
  title: 'Every authenticated identity must not be granted cluster-takeover permissions',
  area: 'rbac',
  severity: 'critical',
  rationale:
    'system:authenticated holds every user of every configured identity provider, every node and every service account; system:serviceaccounts holds every pod’s token. Reading Secrets, creating pods, minting tokens, impersonating, binding roles or administering granted to either group is granted to the least trusted of them: one compromised pod or one guest account from the identity provider takes over the cluster.',
  remediation: {
    text: 'Bind the role to the groups or service accounts that need it instead of system:authenticated or system:serviceaccounts; leave those groups only the built-in discovery roles.',
    example: 'subjects:\n  - kind: Group\n    name: platform-admins\n    apiGroup: rbac.authorization.k8s.io',
  },
  reads: ['clusterrolebindings', 'rolebindings', 'clusterroles', 'roles'],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0265'] },
  evaluate: ({ snapshot }) => evaluateEveryoneGrants(snapshot),
});
