import type { RuleEvaluation, RuleFinding } from '../../engine/rule.js';
import { isSystemObject, type PolicyRule, type RoleObject } from '../../rbac/rbac-graph.js';
import type { ClusterSnapshot } from '../../snapshot/snapshot.js';
import { refOf } from '../../workload/resource-ref.js';

/** Built-in aggregate roles that are powerful by design; granting them is judged at the binding. */
const builtInRoles = new Set(['admin', 'edit', 'view', 'cluster-admin']);

/** Runs `check` on every rule of every non-built-in Role and ClusterRole; a finding per offending rule. */
export function evaluateRoleRules(
  snapshot: ClusterSnapshot,
  check: (rule: PolicyRule) => string | undefined,
): RuleEvaluation {
  const roles = [
    ...(snapshot.resources.roles ?? []),
    ...(snapshot.resources.clusterroles ?? []),
  ] as RoleObject[];
  const findings: RuleFinding[] = [];
  let checked = 0;
  for (const role of roles) {
    if (isSystemObject(role) || (role.kind === 'ClusterRole' && builtInRoles.has(role.metadata.name)))
      continue;
    checked += 1;
    (role.rules ?? []).forEach((rule, index) => {
      const problem = check(rule);
      if (problem)
        findings.push({
          resource: refOf(role),
          message: `rules[${index}] ${problem}`,
          evidence: [{ pointer: `/rules/${index}`, value: rule }],
        });
    });
  }
  return { findings, checked };
}
