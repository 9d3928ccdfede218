import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { unsetResourceFinding } from '../../shared/container-resources.js';

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
  evidenceScope: 'object',
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
  return unsetResourceFinding(site, 'limits', 'memory');
}
