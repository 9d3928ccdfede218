import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { matchesLabelSelector, type NamespaceFacts } from '../../../netpol/index.js';
import type { ClusterSnapshot, K8sObject } from '../../../snapshot/snapshot.js';
import { podSpecSites, workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { refOf } from '../../../workload/resource-ref.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { namespaceFacts } from '../../shared/network-policies.js';
import type {
  NetworkPolicyObject,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicyRuleShape,
} from '../../shared/network-policy-shape.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

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
  evidenceScope: 'namespace-inventory',
  evaluate: ({ snapshot }) => {
    return evaluatePodSpecs(snapshot, podSpecFinding, new EgressDnsCheck(snapshot));
  },
});

/**
 * The rule's per-snapshot state (egress-isolating policies by namespace, the DNS pods, each policy's verdict) with the
 * per-pod-spec work as methods, so that work is not re-created as closures for every snapshot.
 */
class EgressDnsCheck {
  private readonly factsOf: (name: string) => NamespaceFacts;
  private readonly egressPoliciesByNamespace = new Map<string, NetworkPolicyObject[]>();
  private dnsPods: PodSpecSite[] | undefined;
  private readonly allowsDns = new Map<NetworkPolicyObject, boolean>();

  constructor(private readonly snapshot: ClusterSnapshot) {
    this.factsOf = namespaceFacts(snapshot);
    for (const policy of (snapshot.resources.networkpolicies ?? []) as NetworkPolicyObject[]) {
      if (!isolatesEgress(policy)) continue;
      const namespace = policy.metadata.namespace ?? 'default';
      const list = this.egressPoliciesByNamespace.get(namespace);
      if (list) list.push(policy);
      else this.egressPoliciesByNamespace.set(namespace, [policy]);
    }
  }

  finding(site: PodSpecSite): RuleFinding | undefined {
    const egress = this.selectingPolicies(site);
    if (egress === undefined || site.podLabels['k8s-app'] === 'kube-dns') return undefined;
    for (const policy of egress) if (this.policyAllowsDns(policy)) return undefined;
    const first = egress[0] as K8sObject;
    return ruleFinding(
      site.ref,
      `pods of ${site.ref.kind} ${site.ref.name} are egress-isolated by ${egress.map((policy) => `NetworkPolicy ${policy.metadata.name}`).join(', ')} but no egress rule allows port 53 to the cluster DNS`,
      [
        {
          pointer: '/spec/egress',
          value: { policy: refOf(first).name, egress: (first.spec?.['egress'] as unknown) ?? [] },
        },
      ],
    );
  }

  /** The egress-isolating policies of the site's namespace that select its pods, or undefined when none does. */
  private selectingPolicies(site: PodSpecSite): NetworkPolicyObject[] | undefined {
    let selecting: NetworkPolicyObject[] | undefined;
    for (const policy of this.egressPoliciesByNamespace.get(site.namespace) ?? [])
      if (matchesLabelSelector(policy.spec?.podSelector ?? {}, site.podLabels))
        (selecting ??= []).push(policy);
    return selecting;
  }

  private policyAllowsDns(policy: NetworkPolicyObject): boolean {
    let allowed = this.allowsDns.get(policy);
    if (allowed === undefined) {
      allowed = (policy.spec?.egress ?? []).some((rule) => this.ruleAllowsDns(rule));
      this.allowsDns.set(policy, allowed);
    }
    return allowed;
  }

  private ruleAllowsDns(rule: NetworkPolicyRuleShape): boolean {
    if (rule.ports && rule.ports.length > 0 && !rule.ports.some(portMayBeDns)) return false;
    if (!rule.to || rule.to.length === 0) return true;
    return rule.to.some((peer) => this.peerMayBeDns(peer));
  }

  private peerMayBeDns(peer: NetworkPolicyPeer): boolean {
    if (peer.ipBlock) return true;
    if (!peer.namespaceSelector) return false;
    const dnsPods = (this.dnsPods ??= podSpecSites(this.snapshot).filter(isDnsPod));
    if (dnsPods.length === 0) return true;
    return dnsPods.some(
      (dns) =>
        matchesLabelSelector(peer.namespaceSelector ?? {}, this.factsOf(dns.namespace).labels) &&
        matchesLabelSelector(peer.podSelector ?? {}, dns.podLabels),
    );
  }
}

function isolatesEgress(policy: NetworkPolicyObject): boolean {
  return (policy.spec?.policyTypes ?? (policy.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress'])).includes(
    'Egress',
  );
}

function isDnsPod(site: PodSpecSite): boolean {
  return site.podLabels['k8s-app'] === 'kube-dns' || /coredns|kube-dns/.test(site.ref.name);
}

function portMayBeDns(port: NetworkPolicyPort): boolean {
  return (
    port.port === 53 ||
    port.port === 'dns' ||
    port.port === 'dns-tcp' ||
    (typeof port.port === 'number' && port.endPort !== undefined && port.port <= 53 && port.endPort >= 53) ||
    port.port === undefined
  );
}

function podSpecFinding(site: PodSpecSite, check: EgressDnsCheck) {
  return check.finding(site);
}
