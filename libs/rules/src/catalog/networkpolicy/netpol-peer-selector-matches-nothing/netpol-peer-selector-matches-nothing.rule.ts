import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import {
  isEmptySelector,
  matchesLabelSelector,
  type LabelSelector,
  type NamespaceFacts,
} from '../../../netpol/index.js';
import type { ClusterSnapshot, K8sObject } from '../../../snapshot/snapshot.js';
import { podSpecSitesByNamespace, workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import { namespaceFacts } from '../../shared/network-policies.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
}

export const netpolPeerSelectorMatchesNothingRule = defineRule({
  id: 'netpol-peer-selector-matches-nothing',
  title: 'NetworkPolicy peers must match existing pods or namespaces',
  area: 'networkpolicy',
  severity: 'low',
  rationale:
    'A from/to peer whose selectors match no pod is a dangling allowance: the intended client is blocked today, and any pod later created with those labels (by anyone who can create pods there) inherits the access.',
  remediation: {
    text: 'Correct the peer’s podSelector/namespaceSelector labels, or remove the peer.',
    example:
      'ingress:\n  - from:\n      - podSelector:\n          matchLabels: { app: frontend }   # labels of existing client pods',
  },
  reads: ['networkpolicies', 'namespaces', ...workloadKinds],
  evidenceScope: 'related',
  equivalents: { 'kube-linter': ['dangling-networkpolicypeer-podselector'] },
  evaluate: ({ snapshot }) => {
    return evaluateObjects(snapshot, 'networkpolicies', policyFindings, new PeerCheck(snapshot));
  },
});

/**
 * The rule's per-snapshot state, with memos keyed by the selectors' JSON: whether a peer matches any pod, whether a
 * namespace selector matches any namespace, and which namespaces (running workloads) a namespace selector matches.
 * Policies repeat a handful of namespace selectors, so each is matched against the namespaces once.
 */
class PeerCheck {
  private readonly sitesByNamespace: Map<string, PodSpecSite[]>;
  private readonly factsOf: (name: string) => NamespaceFacts;
  /** Namespace labels are only known from Namespace objects; without them, namespace-only peers are not judged. */
  private readonly knownNamespaces: string[];
  private readonly peerMatches = new Map<string, boolean>();
  private readonly namespaceSelectorMatches = new Map<string, boolean>();
  private readonly selectedNamespaces = new Map<string, string[]>();

  constructor(snapshot: ClusterSnapshot) {
    this.sitesByNamespace = podSpecSitesByNamespace(snapshot);
    this.factsOf = namespaceFacts(snapshot);
    this.knownNamespaces = (snapshot.resources.namespaces ?? []).map((namespace) => namespace.metadata.name);
  }

  findings(policy: K8sObject): RuleFinding[] {
    const namespace = policy.metadata.namespace ?? 'default';
    const findings: RuleFinding[] = [];
    for (const [direction, field] of peerFields) {
      const rules = (policy.spec?.[direction] ?? []) as Record<string, Peer[] | undefined>[];
      for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++) {
        const peers = rules[ruleIndex]![field] ?? [];
        for (let peerIndex = 0; peerIndex < peers.length; peerIndex++) {
          const finding = this.peerFinding(
            policy,
            namespace,
            peers[peerIndex]!,
            `/spec/${direction}/${ruleIndex}/${field}/${peerIndex}`,
          );
          if (finding) findings.push(finding);
        }
      }
    }
    return findings;
  }

  private peerFinding(policy: K8sObject, namespace: string, peer: Peer, at: string): RuleFinding | undefined {
    if (
      !peer.podSelector &&
      peer.namespaceSelector &&
      !isEmptySelector(peer.namespaceSelector) &&
      this.knownNamespaces.length > 0
    ) {
      const selector = peer.namespaceSelector;
      const text = JSON.stringify(selector);
      if (this.matchesSomeNamespace(text, selector)) return undefined;
      return amendedFinding(
        objectFinding(policy, `${at}/namespaceSelector`, `${text} matches no namespace`, selector),
        { unresolved: `no Namespace in the inputs matches namespaceSelector ${text}` },
      );
    }
    if (!peer.podSelector || isEmptySelector(peer.podSelector)) return undefined;
    if (this.matchesAny(peer, namespace)) return undefined;
    const where = peer.namespaceSelector ? ' in the selected namespaces' : ` in namespace ${namespace}`;
    const text = JSON.stringify(peer.podSelector);
    return amendedFinding(
      objectFinding(policy, `${at}/podSelector`, `${text} matches no pod${where}`, peer.podSelector),
      { unresolved: `no workload in the inputs matches podSelector ${text}${where}` },
    );
  }

  private matchesSomeNamespace(text: string, selector: LabelSelector): boolean {
    let found = this.namespaceSelectorMatches.get(text);
    if (found === undefined) {
      found = this.knownNamespaces.some((name) => matchesLabelSelector(selector, this.factsOf(name).labels));
      this.namespaceSelectorMatches.set(text, found);
    }
    return found;
  }

  private matchesAny(peer: Peer, namespace: string): boolean {
    const namespaceText = peer.namespaceSelector ? JSON.stringify(peer.namespaceSelector) : undefined;
    const key = `${namespaceText ?? `ns:${namespace}`}|${JSON.stringify(peer.podSelector)}`;
    let found = this.peerMatches.get(key);
    if (found === undefined) {
      const namespaces =
        namespaceText !== undefined
          ? this.namespacesSelected(namespaceText, peer.namespaceSelector!)
          : [namespace];
      const podSelector = peer.podSelector ?? {};
      found = namespaces.some((name) =>
        (this.sitesByNamespace.get(name) ?? []).some((site) =>
          matchesLabelSelector(podSelector, site.podLabels),
        ),
      );
      this.peerMatches.set(key, found);
    }
    return found;
  }

  /** Namespaces running workloads whose labels `selector` (spelled `text`) matches. */
  private namespacesSelected(text: string, selector: LabelSelector): string[] {
    let names = this.selectedNamespaces.get(text);
    if (!names) {
      names = [];
      for (const name of this.sitesByNamespace.keys())
        if (matchesLabelSelector(selector, this.factsOf(name).labels)) names.push(name);
      this.selectedNamespaces.set(text, names);
    }
    return names;
  }
}

const peerFields = [
  ['ingress', 'from'],
  ['egress', 'to'],
] as const;

function policyFindings(policy: K8sObject, check: PeerCheck) {
  return check.findings(policy);
}
