import { defineRule } from '../../../engine/rule.js';
import { fieldPointer, workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

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
  const resources = site.container.resources;
  const value = resources?.limits?.['cpu'];
  return value === undefined || value === '' || value === 0 || value === '0'
    ? containerFinding(site, fieldPointer(site.pointer, 'resources/limits/cpu'), 'is not set')
    : undefined;
}
