import type { RuleFinding } from '../../engine/rule.js';
import type { ResolvedBinding } from '../../rbac/rbac-graph.js';
import type { SnapshotKind } from '../../snapshot/kinds.js';
import type { ClusterSnapshot } from '../../snapshot/snapshot.js';
import { workloadKinds, type PodSpecSite } from '../../workload/pod-specs.js';
import { refOf } from '../../workload/resource-ref.js';
import { bindingsOfPod, serviceAccountNameOf, tokenMounted } from './workload-service-account.js';
import { ruleFinding } from '../../engine/rule-finding.js';

/** What the rules judging a pod's mounted token read: the workloads, their accounts and every RBAC kind. */
export const mountedTokenReads: SnapshotKind[] = [
  ...workloadKinds,
  'serviceaccounts',
  'clusterrolebindings',
  'rolebindings',
  'clusterroles',
  'roles',
];

/**
 * What a binding lets the token do, worded for the message ("read Secrets, create pods"), or undefined when the rule
 * does not care about it. Must be a module-level function, like every check (libs/rules/README.md).
 */
export type GrantJudge = (resolved: ResolvedBinding) => string | undefined;

/**
 * The finding for the first binding of the pod's service account that `judge` objects to, when the pod mounts the
 * account's API token; undefined otherwise.
 */
export function mountedTokenGrantFinding(
  snapshot: ClusterSnapshot,
  site: PodSpecSite,
  judge: GrantJudge,
): RuleFinding | undefined {
  if (!tokenMounted(snapshot, site)) return undefined;
  for (const resolved of bindingsOfPod(snapshot, site)) {
    const what = judge(resolved);
    if (what !== undefined) return grantFinding(site, resolved, what);
  }
  return undefined;
}

function grantFinding(site: PodSpecSite, resolved: ResolvedBinding, what: string): RuleFinding {
  const account = serviceAccountNameOf(site);
  const role = `${resolved.roleKind} ${resolved.binding.roleRef?.name ?? '?'}`;
  return ruleFinding(
    site.ref,
    `runs as ServiceAccount ${site.namespace}/${account} with its API token mounted; ${resolved.binding.kind} ${resolved.binding.metadata.name} grants it ${role}, which can ${what}`,
    [
      { pointer: `${site.pointer}/serviceAccountName`, value: account },
      { pointer: `/roleRef`, value: refOf(resolved.binding) },
    ],
  );
}
