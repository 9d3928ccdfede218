import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { ServiceSpec } from '../../shared/service-shape.js';
import { isInternalLoadBalancer } from '../../shared/service-shape.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

export const serviceLoadbalancerNoSourceRangesRule = defineRule({
  id: 'service-loadbalancer-no-source-ranges',
  title: 'Internet-facing LoadBalancer Services must restrict source ranges',
  area: 'service',
  severity: 'high',
  rationale:
    'A LoadBalancer without loadBalancerSourceRanges accepts traffic from the whole internet; NetworkPolicies often cannot help because the source address is rewritten. Restrict it to the client networks that need it, or make it internal.',
  remediation: {
    text: 'Set spec.loadBalancerSourceRanges to the allowed client CIDRs, or annotate the Service as an internal load balancer.',
    example: 'spec:\n  type: LoadBalancer\n  loadBalancerSourceRanges:\n    - 203.0.113.0/24',
  },
  reads: ['services'],
  evidenceScope: 'object',
  evaluate: ({ snapshot }) =>
    evaluateObjects<K8sObject & { spec?: ServiceSpec }>(snapshot, 'services', checkService),
});

function checkService(service: K8sObject & { spec?: ServiceSpec }): RuleFinding | undefined {
  if (service.spec?.type !== 'LoadBalancer' || isInternalLoadBalancer(service.metadata.annotations))
    return undefined;
  const ranges = service.spec.loadBalancerSourceRanges ?? [];
  const open = ranges.find((range) => range === '0.0.0.0/0' || range === '::/0');
  if (ranges.length > 0 && !open) return undefined;
  const finding = open
    ? objectFinding(service, `/spec/loadBalancerSourceRanges/${ranges.indexOf(open)}`, `is ${open}`, open)
    : objectFinding(
        service,
        '/spec/loadBalancerSourceRanges',
        'is not set on a LoadBalancer Service (open to the internet)',
      );
  return amendedFinding(finding, { exposure: 'internet' });
}
