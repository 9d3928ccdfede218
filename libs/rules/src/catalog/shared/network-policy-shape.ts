import type { LabelSelector } from '../../netpol/index.js';
import type { K8sObject } from '../../snapshot/snapshot.js';

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface NetworkPolicyPort {
  port?: number | string;
  endPort?: number;
  protocol?: string;
}

export interface NetworkPolicyRuleShape {
  from?: NetworkPolicyPeer[];
  to?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

export interface NetworkPolicySpec {
  podSelector?: LabelSelector;
  policyTypes?: string[];
  ingress?: NetworkPolicyRuleShape[] | null;
  egress?: NetworkPolicyRuleShape[] | null;
}

export type NetworkPolicyObject = K8sObject & { spec?: NetworkPolicySpec };

/** The peers of a rule in a direction (`from` for ingress, `to` for egress). */
export function peersOf(
  rule: NetworkPolicyRuleShape,
  direction: 'ingress' | 'egress',
): NetworkPolicyPeer[] | undefined {
  return direction === 'ingress' ? rule.from : rule.to;
}

/** True when a rule admits every peer: no peers listed, or a peer selecting all pods in all namespaces, or 0.0.0.0/0 / ::/0 without exceptions. */
export function allowsEveryPeer(rule: NetworkPolicyRuleShape, direction: 'ingress' | 'egress'): boolean {
  const peers = peersOf(rule, direction);
  if (!peers || peers.length === 0) return true;
  return peers.some(
    (peer) =>
      (peer.namespaceSelector !== undefined &&
        isEmpty(peer.namespaceSelector) &&
        (peer.podSelector === undefined || isEmpty(peer.podSelector))) ||
      (peer.ipBlock !== undefined &&
        ['0.0.0.0/0', '::/0'].includes(peer.ipBlock.cidr) &&
        (peer.ipBlock.except ?? []).length === 0),
  );
}

function isEmpty(selector: LabelSelector): boolean {
  return (
    Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0
  );
}
