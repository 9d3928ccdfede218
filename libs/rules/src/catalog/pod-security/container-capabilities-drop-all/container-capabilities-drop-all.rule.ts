import { defineRule } from '../../../engine/rule.js';
import { fieldPointer, workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const containerCapabilitiesDropAllRule = defineRule({
  id: 'container-capabilities-drop-all',
  title: 'Containers must drop all capabilities',
  area: 'pod-security',
  severity: 'medium',
  rationale:
    'Container runtimes grant a default set of capabilities (NET_RAW, CHOWN, SETUID…) that most processes never use; NET_RAW alone enables ARP and DNS spoofing inside the pod network. Pod Security Standards restricted requires dropping ALL.',
  remediation: {
    text: 'Add ALL to securityContext.capabilities.drop and add back only what the process needs.',
    example: 'securityContext:\n  capabilities:\n    drop: [ALL]',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { polaris: ['insecureCapabilities'], trivy: ['KSV003'], checkov: ['CKV_K8S_37'] },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});

function checkContainer(site: ContainerSite) {
  const drop = site.container.securityContext?.capabilities?.drop;
  if (drop?.some((capability) => String(capability).toUpperCase() === 'ALL')) return undefined;
  return drop
    ? containerFinding(
        site,
        fieldPointer(site.pointer, 'securityContext/capabilities/drop'),
        `is ${JSON.stringify(drop)}, without ALL`,
        drop,
      )
    : containerFinding(
        site,
        fieldPointer(site.pointer, 'securityContext/capabilities/drop'),
        'is not set; ALL must be dropped',
      );
}
