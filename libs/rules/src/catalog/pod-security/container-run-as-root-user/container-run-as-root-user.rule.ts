import { effectiveSecurity, type ContainerSite } from '../../../workload/pod-specs.js';
import { defineRule } from '../../../engine/rule.js';
import { workloadKinds } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const containerRunAsRootUserRule = defineRule({
  id: 'container-run-as-root-user',
  title: 'Containers must not set runAsUser to 0',
  area: 'pod-security',
  severity: 'high',
  rationale:
    'runAsUser: 0 explicitly runs the process as root, overriding a non-root image USER. Pod Security Standards restricted forbids it.',
  remediation: {
    text: 'Set runAsUser to a non-zero UID, or remove it and set runAsNonRoot: true.',
    example: 'securityContext:\n  runAsUser: 10001',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { trivy: ['KSV105'] },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});

function checkContainer(site: ContainerSite) {
  const { value, pointer } = effectiveSecurity(site, 'runAsUser');
  return value === 0 ? containerFinding(site, pointer, 'is 0 (root)', 0) : undefined;
}
