import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { isEmptySelector, matchesLabelSelector, type LabelSelector } from '../../../netpol/index.js';
import { podSpecSitesByNamespace, workloadKinds } from '../../../workload/pod-specs.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import { namespaceFacts } from '../../shared/network-policies.js';

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
  equivalents: { 'kube-linter': ['dangling-networkpolicypeer-podselector'] },
  evaluate: ({ snapshot }) => {
    const sitesByNamespace = podSpecSitesByNamespace(snapshot);
    const factsOf = namespaceFacts(snapshot);
    // Namespace labels are only known from Namespace objects; without them, namespace-only peers are not judged.
    const knownNamespaces = (snapshot.resources.namespaces ?? []).map((namespace) => namespace.metadata.name);
    const memo = new Map<string, boolean>();
    const matchesAny = (peer: Peer, namespace: string): boolean => {
      const key = `${peer.namespaceSelector ? JSON.stringify(peer.namespaceSelector) : `ns:${namespace}`}|${JSON.stringify(peer.podSelector)}`;
      let found = memo.get(key);
      if (found === undefined) {
        const namespaces = peer.namespaceSelector
          ? [...sitesByNamespace.keys()].filter((name) =>
              matchesLabelSelector(peer.namespaceSelector ?? {}, factsOf(name).labels),
            )
          : [namespace];
        found = namespaces.some((name) =>
          (sitesByNamespace.get(name) ?? []).some((site) =>
            matchesLabelSelector(peer.podSelector ?? {}, site.podLabels),
          ),
        );
        memo.set(key, found);
      }
      return found;
    };
    return evaluateObjects(snapshot, 'networkpolicies', (policy) => {
      const namespace = policy.metadata.namespace ?? 'default';
      const findings: RuleFinding[] = [];
      for (const [direction, field] of [
        ['ingress', 'from'],
        ['egress', 'to'],
      ] as const) {
        ((policy.spec?.[direction] ?? []) as Record<string, Peer[] | undefined>[]).forEach(
          (rule, ruleIndex) => {
            (rule[field] ?? []).forEach((peer, peerIndex) => {
              if (
                !peer.podSelector &&
                peer.namespaceSelector &&
                !isEmptySelector(peer.namespaceSelector) &&
                knownNamespaces.length > 0
              ) {
                const selector = peer.namespaceSelector;
                if (!knownNamespaces.some((name) => matchesLabelSelector(selector, factsOf(name).labels))) {
                  findings.push(
                    objectFinding(
                      policy,
                      `/spec/${direction}/${ruleIndex}/${field}/${peerIndex}/namespaceSelector`,
                      `${JSON.stringify(selector)} matches no namespace`,
                      selector,
                    ),
                  );
                }
                return;
              }
              if (!peer.podSelector || isEmptySelector(peer.podSelector)) return;
              const matches = matchesAny(peer, namespace);
              if (!matches) {
                findings.push(
                  objectFinding(
                    policy,
                    `/spec/${direction}/${ruleIndex}/${field}/${peerIndex}/podSelector`,
                    `${JSON.stringify(peer.podSelector)} matches no pod${peer.namespaceSelector ? ' in the selected namespaces' : ` in namespace ${namespace}`}`,
                    peer.podSelector,
                  ),
                );
              }
            });
          },
        );
      }
      return findings;
    });
  },
});
