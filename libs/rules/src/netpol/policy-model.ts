import type { IpSet } from './ip-range.js';
import type { Labels } from './label-selector.js';
import type { Direction } from './policy-types.js';
import type { PolicyPort } from './ports.js';

/** Which tier a policy sits in: admin (ANP), the namespace tier (NetworkPolicy, Cilium, Calico) or baseline (BANP). */
export type PolicyTier = 'admin' | 'namespace' | 'baseline';

/** What a matching rule does to the connections it covers. */
export type RuleAction = 'allow' | 'deny' | 'pass';

/** A policy object, as named in explanations and evidence. */
export interface PolicyRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** `Kind namespace/name` (or `Kind name` for cluster-scoped policies). */
export function policyLabel(ref: PolicyRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** A namespace as selectors see it; `kubernetes.io/metadata.name` is always among the labels. */
export interface NamespaceFacts {
  name: string;
  labels: Labels;
}

/**
 * Which pods a peer (or a policy subject) matches: a namespace constraint (one fixed namespace, or a predicate
 * over namespaces) AND a predicate over pod labels. `key` identifies the matcher so results are computed once.
 */
export interface PodMatcher {
  key: string;
  namespace?: string;
  namespaces?: { key: string; test(ns: NamespaceFacts): boolean };
  /** `keys`: the pod label keys the predicate reads (undefined: unknown, any key may matter). */
  pods: { key: string; test(labels: Labels): boolean; keys?: readonly string[] };
}

/** One peer of a rule: pods, addresses outside the cluster, or both (e.g. a rule with no `from`). */
export interface PeerMatcher {
  pods?: PodMatcher;
  ips?: IpSet;
  /** Human text for explanations, e.g. `pods app=api in namespaces team=a`. */
  text: string;
}

/** A port entry; `protocol: 'ANY'` is an AdminNetworkPolicy `namedPort`, matched by name on any protocol. */
export type RulePort = PolicyPort;

/** One rule of one policy, in one direction, in a form every policy dialect compiles to. */
export interface CompiledRule {
  policy: CompiledPolicy;
  direction: Direction;
  /** Position in the policy's list for that direction, for explanations (`ingress[2]`). */
  index: number;
  name?: string;
  action: RuleAction;
  /** ORed; empty means the rule matches no peer. */
  peers: PeerMatcher[];
  /** Undefined or empty means every port of every protocol. */
  ports?: RulePort[];
  /** Set by dialects whose rules exclude ports (Calico `notPorts`). */
  notPorts?: RulePort[];
  /** Peers excluded from the match (Calico `notNets`/`notSelector`), applied after `peers`. */
  notPeers?: PeerMatcher[];
}

/** A policy of any supported dialect, compiled. */
export interface CompiledPolicy {
  ref: PolicyRef;
  tier: PolicyTier;
  /** Evaluation order within the tier, lower first (ANP priority, Calico order; NetworkPolicy v1 is 1000 as in Calico). */
  order: number;
  /** How the namespace tier combines it: `union` of allow rules (NetworkPolicy, Cilium) or `ordered` first match (Calico). */
  mode: 'union' | 'ordered';
  subject: PodMatcher;
  /** Directions in which a selected pod becomes isolated (default deny for what no rule allows). */
  isolates: Direction[];
  rules: CompiledRule[];
  /** Problems found while compiling, e.g. an unsupported field; the policy is still applied as far as understood. */
  warnings: string[];
}
