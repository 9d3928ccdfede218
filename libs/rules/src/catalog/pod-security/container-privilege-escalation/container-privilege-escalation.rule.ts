import { defineRule } from '../../../engine/rule.js';
import { fieldPointer, workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const containerPrivilegeEscalationRule = defineRule({
  id: 'container-privilege-escalation',
  title: 'Containers must set allowPrivilegeEscalation to false',
  area: 'pod-security',
  severity: 'high',
  rationale:
    'Unless allowPrivilegeEscalation is false, a process can gain more privileges than its parent through setuid binaries or file capabilities (no_new_privs is not set). It defaults to true. Pod Security Standards restricted requires false.',
  remediation: {
    text: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
    example: 'securityContext:\n  allowPrivilegeEscalation: false',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    kubescape: ['C-0016'],
    polaris: ['privilegeEscalationAllowed'],
    trivy: ['KSV001'],
    'kube-linter': ['privilege-escalation-container'],
    checkov: ['CKV_K8S_20'],
  },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});

function checkContainer(site: ContainerSite) {
  const value = site.container.securityContext?.allowPrivilegeEscalation;
  if (value === false) return undefined;
  return containerFinding(
    site,
    fieldPointer(site.pointer, 'securityContext/allowPrivilegeEscalation'),
    value === true ? 'is true' : 'is not set (defaults to true)',
    value ?? null,
  );
}
