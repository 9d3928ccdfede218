import { defineRule } from '../../../engine/rule.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { IngressObject } from '../../shared/ingress-shape.js';
import { ingressBackends } from '../../shared/ingress-shape.js';
import type { ServiceSpec } from '../../shared/service-shape.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

export const ingressDanglingBackendRule = defineRule({
  id: 'ingress-dangling-backend',
  title: 'Ingress backends must reference an existing Service and port',
  area: 'ingress',
  severity: 'medium',
  rationale:
    'A backend naming a missing Service or port returns errors today and becomes a takeover path tomorrow: whoever creates a Service with that name in the namespace receives the public traffic for the host.',
  remediation: {
    text: 'Point the backend at an existing Service and one of its ports, or remove the path.',
    example: 'backend:\n  service:\n    name: web\n    port:\n      number: 80',
  },
  reads: ['ingresses', 'services'],
  evidenceScope: 'related',
  equivalents: {
    kubescape: ['C-0298'],
    'kube-score': ['ingress-targets-service'],
    'kube-linter': ['dangling-ingress'],
  },
  evaluate: ({ snapshot }) => {
    const services = new Map(
      (snapshot.resources.services ?? []).map((service) => [
        `${service.metadata.namespace}/${service.metadata.name}`,
        service.spec as ServiceSpec | undefined,
      ]),
    );
    return evaluateObjects(snapshot, 'ingresses', checkIngress, services);
  },
});

function checkIngress(ingress: IngressObject, services: Map<string, ServiceSpec | undefined>) {
  return ingressBackends(ingress).flatMap(({ backend, pointer }) => {
    const name = backend.service?.name ?? backend.serviceName;
    if (!name) return [];
    const key = `${ingress.metadata.namespace}/${name}`;
    if (!services.has(key))
      return [
        amendedFinding(
          objectFinding(
            ingress,
            `${pointer}/${backend.service ? 'service/name' : 'serviceName'}`,
            `is ${name}, but no such Service exists in namespace ${ingress.metadata.namespace}`,
            name,
          ),
          {
            unresolved: `Service \`${name}\` is not in the inputs (namespace ${ingress.metadata.namespace})`,
          },
        ),
      ];
    const ports = services.get(key)?.ports ?? [];
    const wantNumber =
      backend.service?.port?.number ??
      (typeof backend.servicePort === 'number' ? backend.servicePort : undefined);
    const wantName =
      backend.service?.port?.name ??
      (typeof backend.servicePort === 'string' ? backend.servicePort : undefined);
    const found = ports.some(
      (port) =>
        (wantNumber !== undefined && port.port === wantNumber) ||
        (wantName !== undefined && port.name === wantName),
    );
    if (found || (wantNumber === undefined && wantName === undefined)) return [];
    return [
      objectFinding(
        ingress,
        `${pointer}/${backend.service ? 'service/port' : 'servicePort'}`,
        `is ${wantNumber ?? wantName}, but Service ${name} has no such port`,
        wantNumber ?? wantName,
      ),
    ];
  });
}
