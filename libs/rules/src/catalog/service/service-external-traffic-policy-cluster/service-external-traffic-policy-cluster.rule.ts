import { defineRule } from '../../../engine/rule.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { ServiceSpec } from '../../shared/service-shape.js';

export const serviceExternalTrafficPolicyClusterRule = defineRule({
  id: 'service-external-traffic-policy-cluster',
  title: 'External Services with source restrictions should preserve client IPs',
  area: 'service',
  severity: 'low',
  rationale:
    'With externalTrafficPolicy: Cluster (the default) nodes SNAT incoming traffic, so pods and NetworkPolicies see a node address instead of the client: ipBlock rules and audit logs lose the source. Local keeps the client IP (at the cost of uneven spreading).',
  remediation: {
    text: 'Set externalTrafficPolicy: Local on LoadBalancer and NodePort Services whose backends filter or log by client address.',
    example: 'spec:\n  externalTrafficPolicy: Local',
  },
  reads: ['services'],
  evidenceScope: 'object',
  evaluate: ({ snapshot }) =>
    evaluateObjects<K8sObject & { spec?: ServiceSpec }>(snapshot, 'services', checkService),
});

function checkService(service: K8sObject & { spec?: ServiceSpec }) {
  if (service.spec?.type !== 'LoadBalancer' && service.spec?.type !== 'NodePort') return undefined;
  const policy = service.spec.externalTrafficPolicy;
  if (policy === 'Local') return undefined;
  return objectFinding(
    service,
    '/spec/externalTrafficPolicy',
    policy
      ? `is ${policy}; client source IPs are replaced by node IPs`
      : 'is not set (defaults to Cluster); client source IPs are replaced by node IPs',
    policy ?? null,
  );
}
