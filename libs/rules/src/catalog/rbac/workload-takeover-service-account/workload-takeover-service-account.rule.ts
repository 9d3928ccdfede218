import { defineRule } from '../../../engine/rule.js';
import type { ResolvedBinding } from '../../../rbac/rbac-graph.js';
import type { ClusterSnapshot } from '../../../snapshot/snapshot.js';
import type { PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { mountedTokenGrantFinding, mountedTokenReads } from '../../shared/mounted-token-grant.js';
import { takeoverGranted } from '../../shared/workload-service-account.js';

/** Built-in roles that include reading Secrets and creating pods. */
const builtInTakeoverRoles = new Set(['cluster-admin', 'admin', 'edit']);

function takeover(resolved: ResolvedBinding): string | undefined {
  const name = resolved.binding.roleRef?.name ?? '';
  const granted =
    resolved.roleKind === 'ClusterRole' && builtInTakeoverRoles.has(name)
      ? ['read Secrets', 'create pods or workloads']
      : takeoverGranted(resolved.role?.rules ?? []);
  return granted.length > 0 ? granted.join(', ') : undefined;
}

function checkPodSpec(site: PodSpecSite, snapshot: ClusterSnapshot) {
  return mountedTokenGrantFinding(snapshot, site, takeover);
}

export const workloadTakeoverServiceAccountRule = defineRule({
  id: 'workload-takeover-service-account',
  title: 'Workloads must not carry a token that can take over the cluster',
  area: 'rbac',
  severity: 'high',
  rationale:
    'Reading Secrets, creating pods, minting tokens, impersonating or binding roles each lead to every other identity in scope. A pod that mounts a token with one of them turns a remote code execution into a cluster takeover.',
  remediation: {
    text: 'Remove the capability from the workload\u2019s role (move it to a controller that needs it), or stop mounting the token with automountServiceAccountToken: false.',
    example:
      "rules:\n  - apiGroups: ['']\n    resources: [configmaps]\n    resourceNames: [worker-config]\n    verbs: [get]",
  },
  reads: mountedTokenReads,
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0267'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec, snapshot),
});
