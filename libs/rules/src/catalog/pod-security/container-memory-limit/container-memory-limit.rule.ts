import { defineRule } from '../../../engine/rule.js';
import { fieldPointer, workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const containerMemoryLimitRule = defineRule({
  id: 'container-memory-limit',
  title: 'Containers must set a memory limit',
  area: 'pod-security',
  severity: 'medium',
  rationale:
    'Without a memory limit one container can take all of a node’s memory, getting neighbours OOM-killed or evicted: a denial of service any compromised or leaking workload can cause.',
  remediation: {
    text: 'Set resources.limits.memory on every container (or give the namespace a LimitRange with defaults).',
    example: 'resources:\n  limits:\n    memory: 256Mi',
  },
  reads: workloadKinds,
  equivalents: {
    kubescape: ['C-0271'],
    polaris: ['memoryLimitsMissing'],
    trivy: ['KSV018'],
    'kube-score': ['container-resources'],
    'kube-linter': ['unset-memory-requirements'],
    checkov: ['CKV_K8S_13'],
  },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer, ['initContainers', 'containers']),
});

function checkContainer(site: ContainerSite) {
  const resources = site.container.resources;
  const value = resources?.limits?.['memory'];
  return value === undefined || value === '' || value === 0 || value === '0'
    ? containerFinding(site, fieldPointer(site.pointer, 'resources/limits/memory'), 'is not set')
    : undefined;
}
