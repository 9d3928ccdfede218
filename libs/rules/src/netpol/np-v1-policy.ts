import type { K8sObject } from '../snapshot/snapshot.js';
import { IpSet } from './ip-range.js';
import { labelSelectorProblems, type LabelSelector } from './label-selector.js';
import { everyone, namespaceLabelTest, podLabelTest, podsInNamespace, podsInNamespaces, selectorText } from './matchers.js';
import type { CompiledPolicy, CompiledRule, PeerMatcher } from './policy-model.js';
import { effectivePolicyTypes, type Direction } from './policy-types.js';
import { isNamedPort, protocolOf, type PolicyPort } from './ports.js';

interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface NetworkPolicyRule {
  from?: NetworkPolicyPeer[];
  to?: NetworkPolicyPeer[];
  ports?: PolicyPort[];
}

/**
 * Compiles a `networking.k8s.io/v1` NetworkPolicy: the policy isolates the pods its `podSelector` selects (in its
 * own namespace) in each of its effective `policyTypes`, and each rule allows its peers (`from`/`to`; absent or
 * empty: everyone) on its ports. A peer with both `podSelector` and `namespaceSelector` needs both; separate
 * peers are ORed. `ipBlock` matches addresses outside the cluster only (see docs/netpol.md).
 */
export function compileNetworkPolicy(np: K8sObject): CompiledPolicy {
  const namespace = np.metadata.namespace || 'default';
  const spec = (np.spec ?? {}) as { podSelector?: LabelSelector; ingress?: NetworkPolicyRule[] | null; egress?: NetworkPolicyRule[] | null; policyTypes?: string[] };
  const warnings = labelSelectorProblems(spec.podSelector, 'spec.podSelector');
  const policy: CompiledPolicy = {
    ref: { apiVersion: np.apiVersion, kind: 'NetworkPolicy', namespace, name: np.metadata.name },
    tier: 'namespace',
    order: 1000,
    mode: 'union',
    subject: podsInNamespace(namespace, podLabelTest(spec.podSelector ?? {})),
    isolates: [...effectivePolicyTypes(spec)],
    rules: [],
    warnings,
  };
  for (let d = 0; d < directions.length; d++) {
    const direction = directions[d]!;
    if (!policy.isolates.includes(direction)) continue;
    const rules = spec[direction] ?? [];
    // The API server rejects such objects, so they never take effect: the reachability model (usablePolicy) drops
    // the policy with this reason.
    if (!Array.isArray(rules)) throw new Error(`spec.${direction} must be a list of rules`);
    // Indexed (holes skipped, as `forEach` did) rather than a callback per policy: this runs for every policy of a
    // scan, mostly before V8 optimises it.
    for (let index = 0; index < rules.length; index++) if (index in rules) addRule(policy, direction, rules[index], index, namespace, warnings);
  }
  return policy;
}

const directions: readonly Direction[] = ['ingress', 'egress'];

function addRule(
  policy: CompiledPolicy,
  direction: Direction,
  rule: NetworkPolicyRule | null | undefined,
  index: number,
  namespace: string,
  warnings: string[],
): void {
  const field = direction === 'ingress' ? 'from' : 'to';
  const path = `spec.${direction}[${index}]`;
  const peersRaw = rule?.[field];
  if (peersRaw !== undefined && peersRaw !== null && !Array.isArray(peersRaw)) throw new Error(`${path}.${field} must be a list of peers`);
  const peers: PeerMatcher[] = !peersRaw || peersRaw.length === 0 ? [everyone] : compilePeers(peersRaw, namespace, `${path}.${field}`, warnings);
  const compiled: CompiledRule = { policy, direction, index, action: 'allow', peers };
  if (rule?.ports !== undefined && rule.ports !== null && !Array.isArray(rule.ports)) throw new Error(`${path}.ports must be a list`);
  if (rule?.ports && rule.ports.length > 0) {
    compiled.ports = rule.ports;
    for (let i = 0; i < rule.ports.length; i++) if (i in rule.ports) addPortProblems(rule.ports[i]!, `${path}.ports[${i}]`, warnings);
  }
  policy.rules.push(compiled);
}

function addPortProblems(port: PolicyPort, path: string, problems: string[]): void {
  if (!protocolOf(port.protocol)) problems.push(`${path}.protocol "${String(port.protocol)}" is not TCP, UDP or SCTP; the entry matches nothing`);
  if (port.endPort !== undefined && port.endPort !== null) {
    if (isNamedPort(port.port) || port.port === undefined) problems.push(`${path}.endPort needs a numeric port (the API server rejects this); it is ignored`);
    else if (Number(port.endPort) < Number(port.port)) problems.push(`${path}.endPort ${port.endPort} is below port ${port.port}; the entry matches nothing`);
  }
}

function compilePeers(peers: NetworkPolicyPeer[], namespace: string, path: string, warnings: string[]): PeerMatcher[] {
  const out: PeerMatcher[] = [];
  for (let i = 0; i < peers.length; i++) {
    const peer = compilePeer(peers[i]!, namespace, `${path}[${i}]`, warnings);
    if (peer) out.push(peer);
  }
  return out;
}

function compilePeer(peer: NetworkPolicyPeer, namespace: string, path: string, warnings: string[]): PeerMatcher | undefined {
  if (!peer || typeof peer !== 'object') {
    warnings.push(`${path} is not an object; it matches nothing`);
    return undefined;
  }
  if (peer.ipBlock) {
    if (peer.podSelector || peer.namespaceSelector) warnings.push(`${path}: ipBlock cannot be combined with selectors (the API server rejects this); only ipBlock is used`);
    try {
      const ips = IpSet.fromIpBlock(peer.ipBlock.cidr, peer.ipBlock.except ?? []);
      const except = peer.ipBlock.except?.length ? ` except ${peer.ipBlock.except.join(', ')}` : '';
      return { ips, text: `ipBlock ${peer.ipBlock.cidr}${except}` };
    } catch (error) {
      warnings.push(`${path}.ipBlock: ${(error as Error).message}; the peer matches nothing`);
      return undefined;
    }
  }
  for (const problem of labelSelectorProblems(peer.podSelector, `${path}.podSelector`)) warnings.push(problem);
  for (const problem of labelSelectorProblems(peer.namespaceSelector, `${path}.namespaceSelector`)) warnings.push(problem);
  if (peer.namespaceSelector) {
    const pods = podLabelTest(peer.podSelector ?? {});
    const namespaces = namespaceLabelTest(peer.namespaceSelector);
    return { pods: podsInNamespaces(namespaces, pods), text: `pods ${selectorTextOf(pods.key, peer.podSelector)} in namespaces ${selectorTextOf(namespaces.key, peer.namespaceSelector)}` };
  }
  if (peer.podSelector) {
    const pods = podLabelTest(peer.podSelector);
    return { pods: podsInNamespace(namespace, pods), text: `pods ${selectorTextOf(pods.key, peer.podSelector)} in namespace ${namespace}` };
  }
  warnings.push(`${path} has no podSelector, namespaceSelector or ipBlock (the API server rejects this); it matches nothing`);
  return undefined;
}

/**
 * `selectorText(selector)` of a selector whose test, made by `podLabelTest` or `namespaceLabelTest`, has key `key`:
 * read back from the key (`ls:` + the selector's canonical text) rather than built a second time.
 */
function selectorTextOf(key: string, selector: LabelSelector | undefined): string {
  return key.startsWith('ls:') ? key.slice(3) : selectorText(selector);
}
