import type { RuleEvaluation, RuleFinding, UnassessedSubject } from '../../engine/rule.js';
import {
  describeSubject,
  isSystemObject,
  isSystemSubject,
  resolvedBindings,
  ruleGrants,
  type PolicyRule,
  type RoleObject,
} from '../../rbac/rbac-graph.js';
import type { ClusterSnapshot } from '../../snapshot/snapshot.js';
import { refOf } from '../../workload/resource-ref.js';
import { ruleFinding } from '../../engine/rule-finding.js';

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
        findings.push(
          ruleFinding(refOf(role), `rules[${index}] ${problem}`, [
            { pointer: `/rules/${index}`, value: rule },
          ]),
        );
    });
  }
  return { findings, checked };
}

const unresolvedCache = new WeakMap<ClusterSnapshot, UnassessedSubject[]>();

/**
 * Bindings whose role is not in the snapshot (built-in roles aside): on a cluster such a binding grants nothing, but in
 * manifests the role may live in another repository, so rules resolving roles cannot judge these bindings.
 */
export function unresolvedRoleRefs(snapshot: ClusterSnapshot): UnassessedSubject[] {
  const cached = unresolvedCache.get(snapshot);
  if (cached) return cached;
  const unresolved: UnassessedSubject[] = [];
  for (const resolved of resolvedBindings(snapshot)) {
    const name = resolved.binding.roleRef?.name ?? '';
    if (resolved.role || isSystemObject(resolved.binding) || name.startsWith('system:')) continue;
    if (resolved.roleKind === 'ClusterRole' && builtInRoles.has(name)) continue;
    unresolved.push({
      resource: refOf(resolved.binding),
      reason: `${resolved.roleKind} \`${name}\` is not in the inputs${resolved.roleKind === 'Role' ? ` (namespace ${resolved.scope ?? 'default'})` : ''}`,
    });
  }
  unresolvedCache.set(snapshot, unresolved);
  return unresolved;
}

/** `evaluation` plus the bindings whose role the snapshot lacks (see unresolvedRoleRefs). */
export function withUnresolvedRoles(snapshot: ClusterSnapshot, evaluation: RuleEvaluation): RuleEvaluation {
  const unresolved = unresolvedRoleRefs(snapshot);
  return unresolved.length > 0 ? { ...evaluation, unresolved } : evaluation;
}

/** One access a binding may grant: a verb on a resource (`pods/portforward` for a subresource) in an API group. */
export interface Access {
  verb: string;
  resource: string;
  group?: string;
}

export interface BindingGrantCheck {
  /** Any of these accesses makes the binding a finding. */
  accesses: readonly Access[];
  /** Only grants that apply in this namespace (cluster-wide grants included). */
  namespace?: string;
  /** What the access lets the subject do, for the message, e.g. `forward ports of pods`. */
  describe: string;
}

/**
 * Reports every subject that a (cluster) role binding grants one of the accesses, with wildcards and aggregated
 * ClusterRoles resolved: a role granting `*` on `*` grants each access. Built-in system bindings and subjects are left
 * alone; a finding names the binding, the subject, the role and the rule index.
 */
export function evaluateBindingGrants(snapshot: ClusterSnapshot, check: BindingGrantCheck): RuleEvaluation {
  const bindings = resolvedBindings(snapshot);
  const findings: RuleFinding[] = [];
  for (const resolved of bindings) {
    if (isSystemObject(resolved.binding)) continue;
    if (check.namespace !== undefined && resolved.scope !== undefined && resolved.scope !== check.namespace)
      continue;
    const rules = resolved.role?.rules ?? [];
    let ruleIndex = -1;
    const granted: string[] = [];
    for (const access of check.accesses) {
      const index = rules.findIndex((rule) =>
        ruleGrants(rule, access.verb, access.resource, access.group ?? ''),
      );
      if (index < 0) continue;
      if (ruleIndex < 0) ruleIndex = index;
      granted.push(`${access.verb} ${access.resource}`);
    }
    if (granted.length === 0) continue;
    const where = resolved.scope ? `in namespace ${resolved.scope}` : 'in every namespace';
    resolved.subjects.forEach((subject, subjectIndex) => {
      if (isSystemSubject(subject)) return;
      findings.push(
        ruleFinding(
          refOf(resolved.binding),
          `subjects[${subjectIndex}] (${describeSubject(subject)}) can ${check.describe} ${where} (${granted.join(', ')}) via ${resolved.roleKind} ${resolved.binding.roleRef?.name ?? '?'} rules[${ruleIndex}]`,
          [
            { pointer: `/subjects/${subjectIndex}`, value: subject },
            { pointer: '/roleRef', value: resolved.binding.roleRef },
          ],
        ),
      );
    });
  }
  return withUnresolvedRoles(snapshot, { findings, checked: bindings.length });
}
