import { defineRule } from '../../../engine/rule.js';
import type { ResolvedBinding } from '../../../rbac/rbac-graph.js';
import type { ClusterSnapshot } from '../../../snapshot/snapshot.js';
import type { PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { mountedTokenGrantFinding, mountedTokenReads } from '../../shared/mounted-token-grant.js';

/** Built-in roles a manifest scan does not hold but whose grants are known. */
const builtInRoles = new Set(['cluster-admin', 'admin', 'edit', 'view']);

function grantsAnything(resolved: ResolvedBinding): string | undefined {
  const builtIn = resolved.roleKind === 'ClusterRole' && builtInRoles.has(resolved.binding.roleRef?.name ?? '');
  return builtIn || (resolved.role?.rules ?? []).length > 0
    ? 'call the API with the permissions of that role'
    : undefined;
}

function checkPodSpec(site: PodSpecSite, snapshot: ClusterSnapshot) {
  return mountedTokenGrantFinding(snapshot, site, grantsAnything);
}

export const workloadTokenWithRbacRule = defineRule({
  id: 'workload-token-with-rbac',
  title: 'Service account tokens should be mounted only where the workload uses its RBAC grants',
  area: 'rbac',
  severity: 'medium',
  rationale:
    'A mounted token is only useful to the workload if it calls the API, but it is always useful to an attacker in the pod. When the account holds RBAC grants, every pod that mounts its token by default exposes them.',
  remediation: {
    text: 'Set automountServiceAccountToken: false on pods that do not call the API; mount a projected token only in those that do.',
    example: 'spec:\n  automountServiceAccountToken: false',
  },
  reads: mountedTokenReads,
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0261'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec, snapshot),
});
