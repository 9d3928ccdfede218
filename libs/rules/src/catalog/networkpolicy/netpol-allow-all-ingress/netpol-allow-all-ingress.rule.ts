import { defineRule } from '../../../engine/rule.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { allowAllRuleFindings } from '../../shared/network-policies.js';
import type { NetworkPolicyObject } from '../../shared/network-policy-shape.js';

export const netpolAllowAllIngressRule = defineRule({
  id: 'netpol-allow-all-ingress',
  title: 'NetworkPolicy ingress rules must not allow every source on every port',
  area: 'networkpolicy',
  severity: 'medium',
  rationale:
    'A rule with no from (or an empty namespaceSelector, or 0.0.0.0/0) and no ports allows all ingress traffic to the selected pods: the policy isolates nothing in that direction while looking like it does.',
  remediation: {
    text: 'List the peers (podSelector/namespaceSelector) and ports that are actually needed.',
    example:
      'ingress:\n  - from:\n      - podSelector:\n          matchLabels: { app: frontend }\n    ports:\n      - { port: 8080, protocol: TCP }',
  },
  reads: ['networkpolicies'],
  evidenceScope: 'object',
  evaluate: ({ snapshot }) => evaluateObjects<NetworkPolicyObject>(snapshot, 'networkpolicies', checkPolicy),
});

function checkPolicy(policy: NetworkPolicyObject) {
  return allowAllRuleFindings(policy, 'ingress');
}
