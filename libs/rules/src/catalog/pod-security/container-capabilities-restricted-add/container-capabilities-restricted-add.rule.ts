import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const containerCapabilitiesRestrictedAddRule = defineRule({
  id: 'container-capabilities-restricted-add',
  title: 'Containers may add back only NET_BIND_SERVICE',
  area: 'pod-security',
  severity: 'medium',
  rationale:
    'Pod Security Standards restricted allows a container to add back exactly one capability, NET_BIND_SERVICE, after dropping ALL; anything else widens what a compromised process can do to the kernel.',
  remediation: {
    text: 'Remove every capability other than NET_BIND_SERVICE from securityContext.capabilities.add.',
    example: 'securityContext:\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { trivy: ['KSV106'] },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});

function checkContainer(site: ContainerSite) {
  return (site.container.securityContext?.capabilities?.add ?? []).flatMap((capability, index) =>
    String(capability).toUpperCase().replace(/^CAP_/, '') === 'NET_BIND_SERVICE'
      ? []
      : [
          containerFinding(
            site,
            `${site.pointer}/securityContext/capabilities/add/${index}`,
            `adds ${capability}; restricted allows only NET_BIND_SERVICE`,
            capability,
          ),
        ],
  );
}
