import { defineRule, type RuleEvaluation, type RuleFinding } from '../../../engine/rule.js';
import {
  gatewayRouteKinds,
  referenceGranted,
  serviceBackendRefs,
  type ServiceBackendRef,
} from '../../../netpol/index.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { ServiceSpec } from '../../shared/service-shape.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

interface RouteContext {
  kind: string;
  /** Service specs by `namespace/name`. */
  services: Map<string, ServiceSpec | undefined>;
  /** The snapshot's ReferenceGrants; undefined when it holds none (not collected, or not in the repository). */
  grants: K8sObject[] | undefined;
}

export const gatewayRouteDanglingBackendRule = defineRule({
  id: 'gateway-route-dangling-backend',
  title: 'Gateway API route backends must reference an existing Service, port and grant',
  area: 'ingress',
  severity: 'medium',
  rationale:
    'A backendRef naming a missing Service or port returns 500s for its share of the traffic today and becomes a takeover path tomorrow: whoever creates a Service with that name receives the requests the Gateway routes to it. A reference to another namespace is refused (RefNotPermitted) unless a ReferenceGrant in that namespace allows it, so the route silently serves errors instead.',
  remediation: {
    text: 'Point the backendRef at an existing Service and one of its ports; for a Service in another namespace, add a ReferenceGrant there that allows the route\u2019s kind and namespace.',
    example:
      '# in the Service\u2019s namespace (shop-backend), for an HTTPRoute in namespace shop:\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: { name: shop-routes, namespace: shop-backend }\nspec:\n  from:\n    - { group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop }\n  to:\n    - { group: "", kind: Service, name: web }',
  },
  reads: [...gatewayRouteKinds.map(([plural]) => plural), 'services', 'referencegrants'],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0302'] },
  evaluate: ({ snapshot }) => {
    const services = new Map<string, ServiceSpec | undefined>();
    for (const service of snapshot.resources.services ?? [])
      services.set(
        `${service.metadata.namespace || 'default'}/${service.metadata.name}`,
        service.spec as ServiceSpec | undefined,
      );
    const evaluation: RuleEvaluation = { findings: [], checked: 0 };
    for (const [plural, kind] of gatewayRouteKinds) {
      const context: RouteContext = { kind, services, grants: snapshot.resources.referencegrants };
      const found = evaluateObjects(snapshot, plural, checkRoute, context);
      evaluation.findings.push(...found.findings);
      evaluation.checked += found.checked;
    }
    return evaluation;
  },
});

function checkRoute(route: K8sObject, context: RouteContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const ref of serviceBackendRefs(route)) {
    const finding = checkRef(route, ref, context);
    if (finding) findings.push(finding);
  }
  return findings;
}

function checkRef(route: K8sObject, ref: ServiceBackendRef, context: RouteContext): RuleFinding | undefined {
  const routeNamespace = route.metadata.namespace || 'default';
  const granted =
    !ref.crossNamespace ||
    (context.grants !== undefined &&
      referenceGranted(context.grants, context.kind, routeNamespace, ref.namespace, ref.name));
  const grantNote = granted
    ? ''
    : `; a reference from namespace ${routeNamespace} also needs a ReferenceGrant in ${ref.namespace} allowing ${context.kind}s from ${routeNamespace}, and none does`;
  const grantsUnknown =
    granted || context.grants !== undefined ? undefined : 'ReferenceGrants are not in the inputs';
  const key = `${ref.namespace}/${ref.name}`;
  if (!context.services.has(key))
    return amendedFinding(
      objectFinding(
        route,
        `${ref.pointer}/name`,
        `is ${ref.name}, but no such Service exists in namespace ${ref.namespace}${grantNote}`,
        ref.name,
      ),
      { unresolved: `Service \`${ref.name}\` is not in the inputs (namespace ${ref.namespace})` },
    );
  if (!granted) {
    const finding = objectFinding(
      route,
      `${ref.pointer}/namespace`,
      `is ${ref.namespace}, but no ReferenceGrant in namespace ${ref.namespace} allows ${context.kind}s from namespace ${routeNamespace} to reference Service ${ref.name}: the gateway refuses the reference (RefNotPermitted)`,
      ref.namespace,
    );
    return grantsUnknown ? amendedFinding(finding, { unresolved: grantsUnknown }) : finding;
  }
  // The port is required for a Service backend (the API rejects a ref without one): nothing to compare otherwise.
  if (ref.port === undefined) return undefined;
  const ports = context.services.get(key)?.ports ?? [];
  if (ports.some((port) => port.port === ref.port)) return undefined;
  return objectFinding(
    route,
    `${ref.pointer}/port`,
    `is ${ref.port}, but Service ${ref.name} (namespace ${ref.namespace}) has no such port (it exposes ${ports.map((port) => port.port).join(', ') || 'none'})`,
    ref.port,
  );
}
