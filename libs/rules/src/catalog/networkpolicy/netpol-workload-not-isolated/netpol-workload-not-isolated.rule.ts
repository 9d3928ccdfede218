import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import type { ClusterSnapshot } from '../../../snapshot/snapshot.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { isIsolated, policyKinds } from '../../shared/network-policies.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

export const netpolWorkloadNotIsolatedRule = defineRule({
  id: 'netpol-workload-not-isolated',
  title: 'Every workload must be selected by a policy in both directions',
  area: 'networkpolicy',
  severity: 'high',
  rationale:
    'A pod that no policy selects for ingress accepts connections from every pod in the cluster (and from outside, if exposed); one not selected for egress can connect anywhere. Selection is computed per pod with full selector semantics (matchExpressions, policyTypes defaults) and counts Cilium and Calico policies.',
  remediation: {
    text: 'Select the workload with a NetworkPolicy (or rely on a namespace default-deny) that lists the flows it needs.',
    example:
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector:\n    matchLabels: { app: web }\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n        - podSelector: { matchLabels: { app: frontend } }',
  },
  reads: ['networkpolicies', ...workloadKinds],
  evidenceScope: 'namespace-inventory',
  equivalents: {
    polaris: ['missingNetworkPolicy'],
    'kube-score': ['pod-networkpolicy'],
    'kube-linter': ['non-isolated-pod'],
    kubescape: ['C-0260'],
  },
  evaluate: ({ snapshot }) => {
    const present = policyKinds.some((kind) => snapshot.resources[kind] !== undefined);
    return evaluatePodSpecs(snapshot, notIsolatedFinding, { snapshot, present });
  },
});

/** `present`: whether the snapshot read any policy kind at all. */
function notIsolatedFinding(
  site: PodSpecSite,
  { snapshot, present }: { snapshot: ClusterSnapshot; present: boolean },
): RuleFinding | undefined {
  if (site.spec.hostNetwork) return undefined;
  const open = openDirections(isIsolated(snapshot, site, 'ingress'), isIsolated(snapshot, site, 'egress'));
  if (open === undefined) return undefined;
  return ruleFinding(
    site.ref,
    `pods of ${site.ref.kind} ${site.ref.name} (labels ${JSON.stringify(site.podLabels)}) are selected by no policy isolating ${open}${present ? '' : ' (no policies in the snapshot)'}`,
    [{ pointer: labelsPointer(site.pointer), value: site.podLabels }],
  );
}

/** The directions left open, as the message words them; undefined when both are isolated. */
function openDirections(ingressIsolated: boolean, egressIsolated: boolean): string | undefined {
  if (!ingressIsolated) return egressIsolated ? 'ingress' : 'ingress or egress';
  return egressIsolated ? undefined : 'egress';
}

// Pod specs sit at a few pointers (`/spec`, `/spec/template/spec`, ...): each is rewritten once, not once per finding.
const labelsPointers = new Map<string, string>();

function labelsPointer(specPointer: string): string {
  let labels = labelsPointers.get(specPointer);
  if (labels === undefined) {
    labels = specPointer.replace(/\/spec$/, '/metadata/labels');
    if (labelsPointers.size < 64) labelsPointers.set(specPointer, labels);
  }
  return labels;
}
