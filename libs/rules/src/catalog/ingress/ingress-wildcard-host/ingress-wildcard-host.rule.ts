import { defineRule } from '../../../engine/rule.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { IngressObject } from '../../shared/ingress-shape.js';

export const ingressWildcardHostRule = defineRule({
  id: 'ingress-wildcard-host',
  title: 'Ingress rules should not use wildcard or empty hosts',
  area: 'ingress',
  severity: 'low',
  rationale:
    'A rule without a host (or with *.domain) answers for every name pointed at the load balancer, including names you do not control; it widens the attack surface and lets one team’s Ingress capture another’s traffic.',
  remediation: {
    text: 'Name the exact hosts the application serves.',
    example: 'rules:\n  - host: shop.example.com',
  },
  reads: ['ingresses'],
  evidenceScope: 'object',
  evaluate: ({ snapshot }) => evaluateObjects<IngressObject>(snapshot, 'ingresses', checkIngress),
});

function checkIngress(ingress: IngressObject) {
  return (ingress.spec?.rules ?? []).flatMap((rule, index) =>
    !rule.host
      ? [objectFinding(ingress, `/spec/rules/${index}/host`, 'is not set; the rule matches every host')]
      : rule.host.startsWith('*')
        ? [objectFinding(ingress, `/spec/rules/${index}/host`, `is the wildcard ${rule.host}`, rule.host)]
        : [],
  );
}
