import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import type { ResolvedBinding } from '../../../rbac/rbac-graph.js';
import type { ClusterSnapshot } from '../../../snapshot/snapshot.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { refOf } from '../../../workload/resource-ref.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import {
  administrativeRule,
  bindingsOfPod,
  serviceAccountNameOf,
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

/** Roles granting every verb on every resource, or the built-in cluster-admin and admin roles. */
function administrative(resolved: ResolvedBinding): boolean {
  const name = resolved.binding.roleRef?.name ?? '';
  if (resolved.roleKind === 'ClusterRole' && (name === 'cluster-admin' || name === 'admin')) return true;
  return (resolved.role?.rules ?? []).some(administrativeRule);
}

function checkPodSpec(site: PodSpecSite, snapshot: ClusterSnapshot) {
  const resolved = grantsOf(snapshot, site).find(administrative);
  return resolved ? finding(site, resolved, 'do anything (every verb on every resource)') : undefined;
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
  reads: [
    ...workloadKinds,
    'serviceaccounts',
    'clusterrolebindings',
    'rolebindings',
    'clusterroles',
    'roles',
  ],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0272'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec, snapshot),
});
