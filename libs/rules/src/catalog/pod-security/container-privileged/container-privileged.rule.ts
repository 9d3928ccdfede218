import { defineRule } from '../../../engine/rule.js';
import { fieldPointer, workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const containerPrivilegedRule = defineRule({
  id: 'container-privileged',
  title: 'Containers must not run privileged',
  area: 'pod-security',
  severity: 'critical',
  rationale:
    'A privileged container has every capability and all host devices; it is root on the node in all but name. Pod Security Standards baseline forbids it.',
  remediation: {
    text: 'Remove securityContext.privileged and grant only the specific capabilities the process needs.',
    example: 'securityContext:\n  privileged: false',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    kubescape: ['C-0057'],
    polaris: ['runAsPrivileged'],
    trivy: ['KSV017'],
    'kube-score': ['container-security-context-privileged'],
    'kube-linter': ['privileged-container'],
    checkov: ['CKV_K8S_16'],
  },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});

function checkContainer(site: ContainerSite) {
  return site.container.securityContext?.privileged === true
    ? containerFinding(site, fieldPointer(site.pointer, 'securityContext/privileged'), 'is true', true)
    : undefined;
}
