import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import type { ResolvedBinding } from '../../../rbac/rbac-graph.js';
import type { ClusterSnapshot } from '../../../snapshot/snapshot.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { refOf } from '../../../workload/resource-ref.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { bindingsOfPod, serviceAccountNameOf, tokenMounted } from '../../shared/workload-service-account.js';

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

/** Built-in roles a manifest scan does not hold but whose grants are known. */
const builtInRoles = new Set(['cluster-admin', 'admin', 'edit', 'view']);

function checkPodSpec(site: PodSpecSite, snapshot: ClusterSnapshot) {
  const resolved = grantsOf(snapshot, site).find(
    (binding) =>
      (binding.role?.rules ?? []).length > 0 ||
      (binding.roleKind === 'ClusterRole' && builtInRoles.has(binding.binding.roleRef?.name ?? '')),
  );
  return resolved ? finding(site, resolved, 'call the API with the permissions of that role') : undefined;
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
  reads: [
    ...workloadKinds,
    'serviceaccounts',
    'clusterrolebindings',
    'rolebindings',
    'clusterroles',
    'roles',
  ],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0261'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec, snapshot),
});
