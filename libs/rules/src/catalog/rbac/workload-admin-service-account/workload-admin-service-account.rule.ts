import { defineRule } from '../../../engine/rule.js';
import type { ResolvedBinding } from '../../../rbac/rbac-graph.js';
import type { ClusterSnapshot } from '../../../snapshot/snapshot.js';
import type { PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { mountedTokenGrantFinding, mountedTokenReads } from '../../shared/mounted-token-grant.js';
import { administrativeRule } from '../../shared/workload-service-account.js';

/** Roles granting every verb on every resource, or the built-in cluster-admin and admin roles. */
function administrative(resolved: ResolvedBinding): string | undefined {
  const name = resolved.binding.roleRef?.name ?? '';
  const builtIn = resolved.roleKind === 'ClusterRole' && (name === 'cluster-admin' || name === 'admin');
  return builtIn || (resolved.role?.rules ?? []).some(administrativeRule)
    ? 'do anything (every verb on every resource)'
    : undefined;
}

function checkPodSpec(site: PodSpecSite, snapshot: ClusterSnapshot) {
  return mountedTokenGrantFinding(snapshot, site, administrative);
}

export const workloadAdminServiceAccountRule = defineRule({
  id: 'workload-admin-service-account',
  title: 'Workloads must not run with an administrative service account token',
  area: 'rbac',
  severity: 'critical',
  rationale:
    'A pod whose mounted token carries an administrative role hands that role to anyone who gets code execution in the pod: one vulnerable dependency becomes control of the namespace or the cluster.',
  remediation: {
    text: 'Give the workload its own service account bound to a role with only the verbs and resources it uses; set automountServiceAccountToken: false where it needs no API access.',
    example: 'spec:\n  serviceAccountName: worker\n  automountServiceAccountToken: false',
  },
  reads: mountedTokenReads,
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0272'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec, snapshot),
});
