import { defineRule } from '../../../engine/rule.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { NetworkPolicyObject } from '../../shared/network-policy-shape.js';

export const netpolEgressAnyIpRule = defineRule({
  id: 'netpol-egress-any-ip',
  title: 'Egress must not be allowed to 0.0.0.0/0 or ::/0',
  area: 'networkpolicy',
  severity: 'medium',
  rationale:
    'An egress ipBlock of 0.0.0.0/0 (or ::/0) lets the pods reach the whole internet — the usual exfiltration and command-and-control channel — and, unless excepted, the cloud metadata service at 169.254.169.254. Restrict egress to the ranges and proxies the workload needs.',
  remediation: {
    text: 'Replace the catch-all with the specific CIDRs (or an egress proxy) the workload talks to; at minimum except link-local and private ranges.',
    example:
      'egress:\n  - to:\n      - ipBlock:\n          cidr: 203.0.113.0/24\n    ports:\n      - { port: 443, protocol: TCP }',
  },
  reads: ['networkpolicies'],
  evidenceScope: 'object',
  evaluate: ({ snapshot }) => evaluateObjects<NetworkPolicyObject>(snapshot, 'networkpolicies', checkPolicy),
});

function checkPolicy(policy: NetworkPolicyObject) {
  return (policy.spec?.egress ?? []).flatMap((rule, ruleIndex) =>
    (rule.to ?? []).flatMap((peer, peerIndex) => {
      const cidr = peer.ipBlock?.cidr;
      if (cidr !== '0.0.0.0/0' && cidr !== '::/0') return [];
      const except = peer.ipBlock?.except ?? [];
      const metadataBlocked = except.some((entry) =>
        ['169.254.0.0/16', '169.254.169.254/32'].includes(entry),
      );
      return [
        objectFinding(
          policy,
          `/spec/egress/${ruleIndex}/to/${peerIndex}/ipBlock/cidr`,
          `is ${cidr}${except.length ? ` (except ${except.join(', ')})` : ''}: egress to the whole internet${metadataBlocked || cidr === '::/0' ? '' : ', including the cloud metadata service'}`,
          cidr,
        ),
      ];
    }),
  );
}
