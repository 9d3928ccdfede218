import { defineRule } from '../../../engine/rule.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { allowAllRuleFindings } from '../../shared/network-policies.js';
import type { NetworkPolicyObject } from '../../shared/network-policy-shape.js';

export const netpolAllowAllEgressRule = defineRule({
  id: 'netpol-allow-all-egress',
  title: 'NetworkPolicy egress rules must not allow every destination on every port',
  area: 'networkpolicy',
  severity: 'medium',
  rationale:
    'A rule with no to (or an empty namespaceSelector, or 0.0.0.0/0) and no ports allows all egress traffic to the selected pods: the policy isolates nothing in that direction while looking like it does.',
  remediation: {
    text: 'List the peers (podSelector/namespaceSelector) and ports that are actually needed.',
    example:
      'egress:\n  - to:\n      - podSelector:\n          matchLabels: { app: db }\n    ports:\n      - { port: 5432, protocol: TCP }',
  },
  reads: ['networkpolicies'],
  evidenceScope: 'object',
  evaluate: ({ snapshot }) => evaluateObjects<NetworkPolicyObject>(snapshot, 'networkpolicies', checkPolicy),
});

function checkPolicy(policy: NetworkPolicyObject) {
  return allowAllRuleFindings(policy, 'egress');
}
