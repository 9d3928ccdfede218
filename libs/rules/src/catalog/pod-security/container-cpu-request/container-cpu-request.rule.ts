import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { unsetResourceFinding } from '../../shared/container-resources.js';

export const containerCpuRequestRule = defineRule({
  id: 'container-cpu-request',
  title: 'Containers should set a CPU request',
  area: 'pod-security',
  severity: 'low',
  rationale:
    'Without a CPU request (or a limit it defaults from) the scheduler assumes the container needs nothing, packing nodes until latency-critical workloads starve.',
  remediation: {
    text: 'Set resources.requests.cpu on every container (or give the namespace a LimitRange with defaults).',
    example: 'resources:\n  requests:\n    cpu: 500m',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    polaris: ['cpuRequestsMissing'],
    trivy: ['KSV015'],
    'kube-score': ['container-resources'],
    'kube-linter': ['unset-cpu-requirements'],
    checkov: ['CKV_K8S_10'],
  },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer, ['initContainers', 'containers']),
});

function checkContainer(site: ContainerSite) {
  return unsetResourceFinding(site, 'requests', 'cpu');
}
