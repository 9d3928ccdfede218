import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const containerHostPortRule = defineRule({
  id: 'container-host-port',
  title: 'Containers must not bind host ports',
  area: 'pod-security',
  severity: 'medium',
  rationale:
    'A hostPort opens the port on the node’s own addresses, bypassing Services, LoadBalancer source ranges and often NetworkPolicy; it also pins pods to nodes. Pod Security Standards baseline forbids host ports (unless allow-listed).',
  remediation: {
    text: 'Remove hostPort and expose the container through a Service.',
    example: 'ports:\n  - containerPort: 8080',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  params: {
    allowedPorts: {
      default: [] as number[],
      description: 'Host ports that are accepted (e.g. for an ingress controller).',
    },
  },
  equivalents: {
    kubescape: ['C-0044'],
    polaris: ['hostPortSet'],
    trivy: ['KSV024'],
    checkov: ['CKV_K8S_26'],
  },
  evaluate: ({ snapshot, params }) =>
    evaluateContainers(snapshot, checkContainer, undefined, params.allowedPorts),
});

function checkContainer(site: ContainerSite, allowedPorts: number[]) {
  return (site.container.ports ?? []).flatMap((port, index) =>
    port.hostPort && !allowedPorts.includes(port.hostPort)
      ? [
          containerFinding(
            site,
            `${site.pointer}/ports/${index}/hostPort`,
            `is ${port.hostPort}`,
            port.hostPort,
          ),
        ]
      : [],
  );
}
