import type { K8sObject } from '../snapshot/snapshot.js';
import { parseCalicoSelectorWithKeys } from './calico-selector.js';
import { IpSet } from './ip-range.js';
import { everyone } from './matchers.js';
import type { CompiledPolicy, CompiledRule, NamespaceFacts, PeerMatcher, PodMatcher, RuleAction, RulePort } from './policy-model.js';
import type { Direction } from './policy-types.js';

interface CalicoEntity {
  selector?: string;
  namespaceSelector?: string;
  notSelector?: string;
  nets?: string[];
  notNets?: string[];
  ports?: (number | string)[];
  notPorts?: (number | string)[];
  serviceAccounts?: unknown;
  services?: unknown;
}

interface CalicoRule {
  action?: string;
  protocol?: string | number;
  notProtocol?: string | number;
  source?: CalicoEntity;
  destination?: CalicoEntity;
}

interface CalicoSpec {
  order?: number;
  tier?: string;
  selector?: string;
  namespaceSelector?: string;
  types?: string[];
  ingress?: CalicoRule[];
  egress?: CalicoRule[];
  serviceAccountSelector?: string;
  doNotTrack?: boolean;
  preDNAT?: boolean;
  applyOnForward?: boolean;
}

/** Calico evaluates policies without `order` last. */
const unorderedLast = 1e9;

function selectorTest(expr: string, warnings: string[], path: string): { key: string; test: (labels: Record<string, string>) => boolean; keys: string[] } {
  if (/global\(\)/.test(expr)) warnings.push(`${path}: global() selects non-namespaced endpoints (host endpoints, network sets), which are not modelled; it matches no pod`);
  try {
    const { test, keys } = parseCalicoSelectorWithKeys(expr);
    return { key: `cs:${expr.trim()}`, test, keys };
  } catch (error) {
    warnings.push(`${path}: ${(error as Error).message}; it matches nothing`);
    return { key: `cs-invalid:${expr}`, test: () => false, keys: [] };
  }
}

function calicoPods(selector: string | undefined, namespaceSelector: string | undefined, namespace: string | undefined, warnings: string[], path: string): PodMatcher {
  const pods = selectorTest(selector ?? 'all()', warnings, `${path}.selector`);
  if (namespaceSelector !== undefined) {
    const ns = selectorTest(namespaceSelector, warnings, `${path}.namespaceSelector`);
    // Calico also labels namespaces with projectcalico.org/name.
    const namespaces = { key: ns.key, test: (n: NamespaceFacts) => ns.test({ ...n.labels, 'projectcalico.org/name': n.name }) };
    return { key: `nss=${ns.key}|${pods.key}`, namespaces, pods };
  }
  if (namespace !== undefined) return { key: `ns=${namespace}|${pods.key}`, namespace, pods };
  return { key: `nss=<all>|${pods.key}`, namespaces: { key: '<all>', test: () => true }, pods };
}

/**
 * Compiles a Calico NetworkPolicy / GlobalNetworkPolicy (projectcalico.org/v3 or crd.projectcalico.org/v1) for its
 * L3/L4 subset. Calico evaluates policies by `order` (lowest first; Kubernetes NetworkPolicies sit at 1000, no order
 * is last), rules in order, first Allow/Deny/Pass wins; a selected endpoint with no matching rule is denied. `Log`
 * rules do not decide. Tiers other than `default` are merged into one ordering (a documented simplification).
 */
export function compileCalicoPolicy(obj: K8sObject): CompiledPolicy {
  const global = obj.kind === 'GlobalNetworkPolicy';
  const namespace = global ? undefined : obj.metadata.namespace || 'default';
  const spec = (obj.spec ?? {}) as CalicoSpec;
  const warnings: string[] = [];
  const types = new Set<Direction>();
  if (spec.types && spec.types.length > 0) for (const t of spec.types) types.add(t === 'Egress' ? 'egress' : 'ingress');
  else {
    if (spec.ingress?.length || !spec.egress?.length) types.add('ingress');
    if (spec.egress?.length) types.add('egress');
  }
  if (spec.tier && spec.tier !== 'default') warnings.push(`tier "${spec.tier}" is merged into one ordering with the default tier`);
  for (const flag of ['doNotTrack', 'preDNAT', 'applyOnForward'] as const) if (spec[flag]) warnings.push(`${flag} applies to host endpoints, which are not modelled`);
  if (spec.serviceAccountSelector) warnings.push('spec.serviceAccountSelector is not modelled; the policy applies as if it were absent');
  const policy: CompiledPolicy = {
    ref: { apiVersion: obj.apiVersion, kind: global ? 'GlobalNetworkPolicy' : 'CalicoNetworkPolicy', ...(namespace ? { namespace } : {}), name: obj.metadata.name },
    tier: 'namespace',
    order: typeof spec.order === 'number' ? spec.order : unorderedLast,
    mode: 'ordered',
    subject: calicoPods(spec.selector, global ? spec.namespaceSelector : undefined, namespace, warnings, 'spec'),
    isolates: [...types],
    rules: [],
    warnings,
  };
  for (const direction of ['ingress', 'egress'] as Direction[]) {
    if (!types.has(direction)) continue;
    (spec[direction] ?? []).forEach((rule, index) => {
      const path = `spec.${direction}[${index}]`;
      const action = actionOf(rule.action);
      if (!action) {
        if (rule.action !== 'Log') warnings.push(`${path}.action "${String(rule.action)}" is not Allow, Deny, Pass or Log; the rule is ignored`);
        return;
      }
      const peerSide = direction === 'ingress' ? rule.source : rule.destination;
      const compiled: CompiledRule = { policy, direction, index, action, peers: calicoPeers(peerSide, namespace, warnings, `${path}.${direction === 'ingress' ? 'source' : 'destination'}`) };
      const notPeers = calicoNotPeers(peerSide, namespace, warnings, path);
      if (notPeers.length) compiled.notPeers = notPeers;
      const ports = calicoPorts(rule, rule.destination?.ports, warnings, `${path}.destination.ports`);
      if (ports) compiled.ports = ports;
      const notPorts = rule.destination?.notPorts ? calicoPorts(rule, rule.destination.notPorts, warnings, `${path}.destination.notPorts`) : undefined;
      if (notPorts) compiled.notPorts = notPorts;
      if (rule.notProtocol !== undefined) warnings.push(`${path}.notProtocol is not modelled`);
      if (rule.source?.ports) warnings.push(`${path}.source.ports (source ports) are not modelled`);
      policy.rules.push(compiled);
    });
  }
  return policy;
}

function actionOf(action: string | undefined): RuleAction | undefined {
  if (action === 'Allow') return 'allow';
  if (action === 'Deny') return 'deny';
  if (action === 'Pass') return 'pass';
  return undefined;
}

function calicoPeers(entity: CalicoEntity | undefined, namespace: string | undefined, warnings: string[], path: string): PeerMatcher[] {
  if (!entity || (entity.selector === undefined && entity.namespaceSelector === undefined && entity.nets === undefined)) {
    if (entity?.serviceAccounts || entity?.services) warnings.push(`${path}: serviceAccounts/services peers are not modelled; treated as any peer`);
    return [{ ...everyone, text: 'any peer' }];
  }
  const peers: PeerMatcher[] = [];
  if (entity.selector !== undefined || entity.namespaceSelector !== undefined) {
    if (entity.nets) warnings.push(`${path}: selector together with nets matches pods whose IP is in nets; pod IPs are not modelled, so only the selector is used`);
    peers.push({ pods: calicoPods(entity.selector, entity.namespaceSelector, namespace, warnings, path), text: `endpoints ${entity.selector ?? 'all()'}${entity.namespaceSelector ? ` in namespaces ${entity.namespaceSelector}` : ''}` });
  } else if (entity.nets) {
    try {
      peers.push({ ips: IpSet.of(entity.nets.flatMap((n) => IpSet.fromIpBlock(n).ranges)), text: `nets ${entity.nets.join(', ')}` });
    } catch (error) {
      warnings.push(`${path}.nets: ${(error as Error).message}`);
    }
  }
  return peers;
}

function calicoNotPeers(entity: CalicoEntity | undefined, namespace: string | undefined, warnings: string[], path: string): PeerMatcher[] {
  const out: PeerMatcher[] = [];
  if (entity?.notSelector) out.push({ pods: calicoPods(entity.notSelector, undefined, namespace, warnings, `${path}.notSelector`), text: `not ${entity.notSelector}` });
  if (entity?.notNets) {
    try {
      out.push({ ips: IpSet.of(entity.notNets.flatMap((n) => IpSet.fromIpBlock(n).ranges)), text: `not nets ${entity.notNets.join(', ')}` });
    } catch (error) {
      warnings.push(`${path}.notNets: ${(error as Error).message}`);
    }
  }
  return out;
}

function calicoPorts(rule: CalicoRule, ports: (number | string)[] | undefined, warnings: string[], path: string): RulePort[] | undefined {
  const proto = rule.protocol === undefined ? undefined : String(rule.protocol).toUpperCase();
  if (proto !== undefined && !['TCP', 'UDP', 'SCTP'].includes(proto)) {
    if (proto !== 'ICMP' && proto !== 'ICMPV6') warnings.push(`${path}: protocol ${proto} is not modelled`);
    return [{ protocol: 'NONE' }];
  }
  const protocols = proto ? [proto] : ['TCP', 'UDP', 'SCTP'];
  if (!ports || ports.length === 0) return proto ? [{ protocol: proto }] : undefined;
  if (!proto) warnings.push(`${path}: ports without a protocol are invalid in Calico; read as TCP, UDP and SCTP`);
  const out: RulePort[] = [];
  for (const p of ports) {
    const text = String(p);
    const range = /^(\d+):(\d+)$/.exec(text);
    for (const protocol of protocols) {
      if (range) out.push({ protocol, port: Number(range[1]), endPort: Number(range[2]) });
      else if (/^\d+$/.test(text)) out.push({ protocol, port: Number(text) });
      else out.push({ protocol, port: text });
    }
  }
  return out;
}

