import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { unsetResourceFinding } from '../../shared/container-resources.js';

export const containerCpuLimitRule = defineRule({
  id: 'container-cpu-limit',
  title: 'Containers should set a CPU limit',
  area: 'pod-security',
  severity: 'low',
  rationale:
    'Without a CPU limit a container can monopolise a node’s CPU (cryptomining is the usual abuse) and starve latency-sensitive neighbours.',
  remediation: {
    text: 'Set resources.limits.cpu on every container (or give the namespace a LimitRange with defaults).',
    example: 'resources:\n  limits:\n    cpu: 500m',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    kubescape: ['C-0270'],
    polaris: ['cpuLimitsMissing'],
    trivy: ['KSV011'],
    'kube-score': ['container-resources'],
    'kube-linter': ['unset-cpu-requirements'],
    checkov: ['CKV_K8S_11'],
  },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer, ['initContainers', 'containers']),
});

function checkContainer(site: ContainerSite) {
  return unsetResourceFinding(site, 'limits', 'cpu');
}
