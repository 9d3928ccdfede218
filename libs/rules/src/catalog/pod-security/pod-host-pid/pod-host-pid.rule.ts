import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { podFinding } from '../../shared/finding.js';

export const podHostPidRule = defineRule({
  id: 'pod-host-pid',
  title: 'Pods must not share the host process namespace',
  area: 'pod-security',
  severity: 'high',
  rationale:
    'With hostPID a container sees and can signal or ptrace every process on the node, read their environment and escape the pod. Pod Security Standards baseline forbids it.',
  remediation: { text: 'Remove hostPID from the pod spec.', example: 'spec:\n  hostPID: false' },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    kubescape: ['C-0038'],
    polaris: ['hostPIDSet'],
    trivy: ['KSV010'],
    'kube-linter': ['host-pid'],
    checkov: ['CKV_K8S_17'],
  },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec),
});

function checkPodSpec(site: PodSpecSite) {
  return site.spec.hostPID === true
    ? podFinding(site, `${site.pointer}/hostPID`, 'is true', true)
    : undefined;
}
