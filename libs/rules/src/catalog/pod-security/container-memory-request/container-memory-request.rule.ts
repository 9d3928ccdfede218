import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { unsetResourceFinding } from '../../shared/container-resources.js';

export const containerMemoryRequestRule = defineRule({
  id: 'container-memory-request',
  title: 'Containers should set a memory request',
  area: 'pod-security',
  severity: 'low',
  rationale:
    'Requests drive scheduling and eviction order; a container without one (and without a limit it defaults from) is scheduled onto full nodes and evicted first under memory pressure.',
  remediation: {
    text: 'Set resources.requests.memory on every container (or give the namespace a LimitRange with defaults).',
    example: 'resources:\n  requests:\n    memory: 256Mi',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    polaris: ['memoryRequestsMissing'],
    trivy: ['KSV016'],
    'kube-score': ['container-resources'],
    'kube-linter': ['unset-memory-requirements'],
    checkov: ['CKV_K8S_12'],
  },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer, ['initContainers', 'containers']),
});

function checkContainer(site: ContainerSite) {
  return unsetResourceFinding(site, 'requests', 'memory');
}
