import { defineRule } from '../../../engine/rule.js';
import type { PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { podFinding } from '../../shared/finding.js';

/** A Pod with no owner is not recreated when its node fails; mirror pods of static pods are owned by their Node. */
function checkPodSpec(site: PodSpecSite) {
  if (site.ownerKind !== 'pods') return undefined;
  if ((site.owner.metadata.ownerReferences ?? []).length > 0) return undefined;
  return podFinding(site, '/metadata', 'is a Pod without a controller (no ownerReferences)');
}

export const podNakedRule = defineRule({
  id: 'pod-naked',
  title: 'Pods should be managed by a controller',
  area: 'pod-security',
  severity: 'low',
  rationale:
    'A naked Pod is not rescheduled when its node fails or is drained, and has no rollout history: it disappears, and so does the service it provided.',
  remediation: {
    text: 'Run the pod through a Deployment, StatefulSet, DaemonSet or Job.',
    example: 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: [...]',
  },
  reads: ['pods'],
  evidenceScope: 'object',
  equivalents: { kubescape: ['C-0073'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec),
});
