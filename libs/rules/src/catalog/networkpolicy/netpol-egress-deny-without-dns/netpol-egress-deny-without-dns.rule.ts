import { defineRule } from '../../../engine/rule.js';
import { matchesLabelSelector } from '../../../netpol/index.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import { podSpecSites, workloadKinds } from '../../../workload/pod-specs.js';
import { refOf } from '../../../workload/resource-ref.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { namespaceFacts } from '../../shared/network-policies.js';
import type { NetworkPolicyObject, NetworkPolicyRuleShape } from '../../shared/network-policy-shape.js';

export const netpolEgressDenyWithoutDnsRule = defineRule({
  id: 'netpol-egress-deny-without-dns',
  title: 'Egress-isolated workloads must be allowed to reach DNS',
  area: 'networkpolicy',
  severity: 'medium',
  rationale:
    'Once a pod is isolated for egress, DNS lookups to kube-dns are denied like everything else unless a rule allows port 53: name resolution breaks, and teams "fix" it by opening egress entirely. Every egress default-deny needs an explicit DNS allowance.',
  remediation: {
    text: 'Add an egress rule allowing UDP and TCP 53 to the cluster DNS pods.',
    example:
      'egress:\n  - to:\n      - namespaceSelector:\n          matchLabels: { kubernetes.io/metadata.name: kube-system }\n        podSelector:\n          matchLabels: { k8s-app: kube-dns }\n    ports:\n      - { port: 53, protocol: UDP }\n      - { port: 53, protocol: TCP }',
  },
  reads: ['networkpolicies', ...workloadKinds],
  evaluate: ({ snapshot }) => {
    const factsOf = namespaceFacts(snapshot);
    const isolatesEgress = (policy: NetworkPolicyObject): boolean =>
      (policy.spec?.policyTypes ?? (policy.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress'])).includes(
        'Egress',
      );
    const egressPoliciesByNamespace = new Map<string, NetworkPolicyObject[]>();
    for (const policy of (snapshot.resources.networkpolicies ?? []) as NetworkPolicyObject[]) {
      if (!isolatesEgress(policy)) continue;
      const namespace = policy.metadata.namespace ?? 'default';
      const list = egressPoliciesByNamespace.get(namespace);
      if (list) list.push(policy);
      else egressPoliciesByNamespace.set(namespace, [policy]);
    }
    const sites = podSpecSites(snapshot);
    const selecting = (
      policy: NetworkPolicyObject,
      namespace: string,
      labels: Record<string, string>,
    ): boolean =>
      (policy.metadata.namespace ?? 'default') === namespace &&
      matchesLabelSelector(policy.spec?.podSelector ?? {}, labels);
    const dnsPods = sites.filter(
      (site) => site.podLabels['k8s-app'] === 'kube-dns' || /coredns|kube-dns/.test(site.ref.name),
    );
    const ruleAllowsDns = (rule: NetworkPolicyRuleShape): boolean => {
      const portOk =
        !rule.ports ||
        rule.ports.length === 0 ||
        rule.ports.some(
          (port) =>
            port.port === 53 ||
            port.port === 'dns' ||
            port.port === 'dns-tcp' ||
            (typeof port.port === 'number' &&
              port.endPort !== undefined &&
              port.port <= 53 &&
              port.endPort >= 53) ||
            port.port === undefined,
        );
      if (!portOk) return false;
      if (!rule.to || rule.to.length === 0) return true;
      return rule.to.some((peer) => {
        if (peer.ipBlock) return true;
        if (!peer.namespaceSelector) return false;
        if (dnsPods.length === 0) return true;
        return dnsPods.some(
          (dns) =>
            matchesLabelSelector(peer.namespaceSelector ?? {}, factsOf(dns.namespace).labels) &&
            matchesLabelSelector(peer.podSelector ?? {}, dns.podLabels),
        );
      });
    };
    const allowsDns = new Map<NetworkPolicyObject, boolean>();
    const policyAllowsDns = (policy: NetworkPolicyObject): boolean => {
      let allowed = allowsDns.get(policy);
      if (allowed === undefined) {
        allowed = (policy.spec?.egress ?? []).some(ruleAllowsDns);
        allowsDns.set(policy, allowed);
      }
      return allowed;
    };
    return evaluatePodSpecs(snapshot, (site) => {
      const egress = (egressPoliciesByNamespace.get(site.namespace) ?? []).filter((policy) =>
        selecting(policy, site.namespace, site.podLabels),
      );
      if (egress.length === 0 || site.podLabels['k8s-app'] === 'kube-dns') return undefined;
      if (egress.some(policyAllowsDns)) return undefined;
      const first = egress[0] as K8sObject;
      return {
        resource: site.ref,
        message: `pods of ${site.ref.kind} ${site.ref.name} are egress-isolated by ${egress.map((policy) => `NetworkPolicy ${policy.metadata.name}`).join(', ')} but no egress rule allows port 53 to the cluster DNS`,
        evidence: [
          {
            pointer: '/spec/egress',
            value: { policy: refOf(first).name, egress: (first.spec?.['egress'] as unknown) ?? [] },
          },
        ],
      };
    });
  },
});
