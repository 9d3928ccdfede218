import { defineRule } from '../../../engine/rule.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { ServiceSpec } from '../../shared/service-shape.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

export const serviceExternalIpsRule = defineRule({
  id: 'service-external-ips',
  title: 'Services must not set externalIPs',
  area: 'service',
  severity: 'high',
  rationale:
    'spec.externalIPs makes kube-proxy capture traffic to any address, including addresses owned by others (CVE-2020-8554: a tenant can intercept traffic for an external IP). Most clusters should deny the field entirely.',
  remediation: {
    text: 'Remove spec.externalIPs; use a LoadBalancer Service, and deny externalIPs with an admission policy.',
    example: 'spec:\n  type: LoadBalancer',
  },
  reads: ['services'],
  evidenceScope: 'object',
  evaluate: ({ snapshot }) =>
    evaluateObjects<K8sObject & { spec?: ServiceSpec }>(snapshot, 'services', checkService),
});

function checkService(service: K8sObject & { spec?: ServiceSpec }) {
  return (service.spec?.externalIPs ?? []).map((ip, index) =>
    amendedFinding(objectFinding(service, `/spec/externalIPs/${index}`, `is ${ip}`, ip), {
      exposure: 'internet',
    }),
  );
}
