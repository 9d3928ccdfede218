import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

/** Capabilities Pod Security Standards baseline allows a container to add. */
const baselineCapabilities = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

export const containerCapabilitiesBaselineRule = defineRule({
  id: 'container-capabilities-baseline',
  title: 'Containers must not add capabilities beyond the baseline set',
  area: 'pod-security',
  severity: 'high',
  rationale:
    'Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE or SYS_MODULE give a container powers over the node kernel and network that lead to escapes. Pod Security Standards baseline allows adding only the default container runtime set.',
  remediation: {
    text: 'Remove the capability from securityContext.capabilities.add, or move the privileged task out of the workload.',
    example: 'securityContext:\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    kubescape: ['C-0046'],
    polaris: ['dangerousCapabilities'],
    trivy: ['KSV005', 'KSV022'],
    checkov: ['CKV_K8S_25', 'CKV_K8S_39'],
  },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});

function checkContainer(site: ContainerSite) {
  return (site.container.securityContext?.capabilities?.add ?? []).flatMap((capability, index) => {
    const name = String(capability).toUpperCase().replace(/^CAP_/, '');
    return baselineCapabilities.has(name)
      ? []
      : [
          containerFinding(
            site,
            `${site.pointer}/securityContext/capabilities/add/${index}`,
            `adds ${capability}`,
            capability,
          ),
        ];
  });
}
