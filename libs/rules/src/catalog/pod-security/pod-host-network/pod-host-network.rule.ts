import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { podFinding } from '../../shared/finding.js';

export const podHostNetworkRule = defineRule({
  id: 'pod-host-network',
  title: 'Pods must not use the host network namespace',
  area: 'pod-security',
  severity: 'high',
  rationale:
    'A pod on the host network sees every interface of the node, can bind node ports, sniff traffic and reach services bound to localhost; NetworkPolicies do not apply to it. Pod Security Standards baseline forbids it.',
  remediation: {
    text: 'Remove hostNetwork (or set it to false) and expose the pod through a Service.',
    example: 'spec:\n  hostNetwork: false',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    kubescape: ['C-0041'],
    polaris: ['hostNetworkSet'],
    trivy: ['KSV009'],
    'kube-linter': ['host-network'],
    checkov: ['CKV_K8S_19'],
  },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec),
});

function checkPodSpec(site: PodSpecSite) {
  return site.spec.hostNetwork === true
    ? podFinding(site, `${site.pointer}/hostNetwork`, 'is true', true)
    : undefined;
}
