import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import type { ResolvedBinding } from '../../../rbac/rbac-graph.js';
import type { ClusterSnapshot } from '../../../snapshot/snapshot.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { refOf } from '../../../workload/resource-ref.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import {
  bindingsOfPod,
  serviceAccountNameOf,
  takeoverGranted,
  tokenMounted,
} from '../../shared/workload-service-account.js';

/** The bindings of the pod's service account and the role rules each grants (built-in admin roles by name). */
function grantsOf(snapshot: ClusterSnapshot, site: PodSpecSite): ResolvedBinding[] {
  return tokenMounted(snapshot, site) ? bindingsOfPod(snapshot, site) : [];
}

function finding(site: PodSpecSite, resolved: ResolvedBinding, what: string): RuleFinding {
  const role = `${resolved.roleKind} ${resolved.binding.roleRef?.name ?? '?'}`;
  return {
    resource: site.ref,
    message: `runs as ServiceAccount ${site.namespace}/${serviceAccountNameOf(site)} with its API token mounted; ${resolved.binding.kind} ${resolved.binding.metadata.name} grants it ${role}, which can ${what}`,
    evidence: [
      { pointer: `${site.pointer}/serviceAccountName`, value: serviceAccountNameOf(site) },
      { pointer: `/roleRef`, value: refOf(resolved.binding) },
    ],
  };
}

/** Built-in roles that include reading Secrets and creating pods. */
const builtInTakeoverRoles = new Set(['cluster-admin', 'admin', 'edit']);

function checkPodSpec(site: PodSpecSite, snapshot: ClusterSnapshot) {
  for (const resolved of grantsOf(snapshot, site)) {
    const name = resolved.binding.roleRef?.name ?? '';
    const granted =
      resolved.roleKind === 'ClusterRole' && builtInTakeoverRoles.has(name)
        ? ['read Secrets', 'create pods or workloads']
        : takeoverGranted(resolved.role?.rules ?? []);
    if (granted.length > 0) return finding(site, resolved, granted.join(', '));
  }
  return undefined;
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
  reads: [
    ...workloadKinds,
    'serviceaccounts',
    'clusterrolebindings',
    'rolebindings',
    'clusterroles',
    'roles',
  ],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0267'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec, snapshot),
});
