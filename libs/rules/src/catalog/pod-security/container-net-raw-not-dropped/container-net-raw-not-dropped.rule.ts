import { defineRule } from '../../../engine/rule.js';
import { fieldPointer, workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const containerNetRawNotDroppedRule = defineRule({
  id: 'container-net-raw-not-dropped',
  title: 'Containers must drop NET_RAW',
  area: 'pod-security',
  severity: 'medium',
  rationale:
    'NET_RAW lets a process craft raw packets: ARP spoofing, DNS poisoning and scanning of the pod network, bypassing NetworkPolicy assumptions about who speaks for whom. Most runtimes grant it by default.',
  remediation: {
    text: 'Drop NET_RAW (or ALL) in securityContext.capabilities.drop.',
    example: 'securityContext:\n  capabilities:\n    drop: [NET_RAW]',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    polaris: ['insecureCapabilities'],
    'kube-linter': ['drop-net-raw-capability'],
    checkov: ['CKV_K8S_28'],
  },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});

function checkContainer(site: ContainerSite) {
  const capabilities = site.container.securityContext?.capabilities;
  const dropped = (capabilities?.drop ?? []).some((capability) =>
    ['ALL', 'NET_RAW', 'CAP_NET_RAW'].includes(String(capability).toUpperCase()),
  );
  const addedBack = (capabilities?.add ?? []).findIndex((capability) =>
    ['ALL', 'NET_RAW', 'CAP_NET_RAW'].includes(String(capability).toUpperCase()),
  );
  if (addedBack >= 0)
    return containerFinding(
      site,
      `${site.pointer}/securityContext/capabilities/add/${addedBack}`,
      `adds ${String(capabilities?.add?.[addedBack])}`,
      capabilities?.add?.[addedBack],
    );
  return dropped
    ? undefined
    : containerFinding(
        site,
        fieldPointer(site.pointer, 'securityContext/capabilities/drop'),
        'does not contain NET_RAW or ALL',
        capabilities?.drop ?? null,
      );
}
