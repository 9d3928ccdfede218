import type { RuleEvaluation, RuleFinding, UnassessedSubject } from '../../engine/rule.js';
import {
  describeSubject,
  isSystemObject,
  isSystemSubject,
  resolvedBindings,
  ruleGrants,
  type PolicyRule,
  type ResolvedBinding,
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
  // Ten rules walk every binding: the walk stays small (plain loops, findings built elsewhere) so that V8 compiles it
  // quickly each time it optimises it for a rule's accesses.
  for (let b = 0; b < bindings.length; b++) {
    const resolved = bindings[b]!;
    if (isSystemObject(resolved.binding)) continue;
    if (check.namespace !== undefined && resolved.scope !== undefined && resolved.scope !== check.namespace)
      continue;
    const rules = resolved.role?.rules ?? [];
    let ruleIndex = -1;
    let granted: string[] | undefined;
    for (let a = 0; a < check.accesses.length; a++) {
      const access = check.accesses[a]!;
      const index = firstGrantingRule(rules, access);
      if (index < 0) continue;
      if (ruleIndex < 0) ruleIndex = index;
      (granted ??= []).push(`${access.verb} ${access.resource}`);
    }
    if (granted !== undefined) pushGrantFindings(resolved, check, granted, ruleIndex, findings);
  }
  return withUnresolvedRoles(snapshot, { findings, checked: bindings.length });
}

function firstGrantingRule(rules: PolicyRule[], access: Access): number {
  const group = access.group ?? '';
  for (let i = 0; i < rules.length; i++)
    if (ruleGrants(rules[i]!, access.verb, access.resource, group)) return i;
  return -1;
}

/** A finding per subject (built-in ones aside) that `resolved` grants the accesses of `check`. */
function pushGrantFindings(
  resolved: ResolvedBinding,
  check: BindingGrantCheck,
  granted: string[],
  ruleIndex: number,
  findings: RuleFinding[],
): void {
  const where = resolved.scope ? `in namespace ${resolved.scope}` : 'in every namespace';
  for (let subjectIndex = 0; subjectIndex < resolved.subjects.length; subjectIndex++) {
    const subject = resolved.subjects[subjectIndex]!;
    if (isSystemSubject(subject)) continue;
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
  }
}
