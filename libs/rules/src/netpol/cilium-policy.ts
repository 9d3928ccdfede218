import type { K8sObject } from '../snapshot/snapshot.js';
import { IpSet } from './ip-range.js';
import { matchesLabelSelector, selectorKey, selectorKeys, type LabelSelector, type LabelSelectorRequirement } from './label-selector.js';
import { everyAddress, everyone, noPods } from './matchers.js';
import type { CompiledPolicy, CompiledRule, NamespaceFacts, PeerMatcher, PodMatcher, RulePort } from './policy-model.js';
import type { Direction } from './policy-types.js';

interface CiliumRule {
  fromEndpoints?: LabelSelector[];
  toEndpoints?: LabelSelector[];
  fromCIDR?: string[];
  toCIDR?: string[];
  fromCIDRSet?: { cidr: string; except?: string[] }[];
  toCIDRSet?: { cidr: string; except?: string[] }[];
  fromEntities?: string[];
  toEntities?: string[];
  toPorts?: { ports?: { port?: string | number; endPort?: number; protocol?: string }[]; rules?: unknown }[];
  [other: string]: unknown;
}

interface CiliumSpec {
  endpointSelector?: LabelSelector;
  nodeSelector?: LabelSelector;
  ingress?: CiliumRule[];
  ingressDeny?: CiliumRule[];
  egress?: CiliumRule[];
  egressDeny?: CiliumRule[];
  enableDefaultDeny?: { ingress?: boolean; egress?: boolean };
}

const namespaceKey = 'io.kubernetes.pod.namespace';
const namespaceLabelPrefix = 'io.cilium.k8s.namespace.labels.';

/** Strips Cilium's label source prefix (`k8s:`, `any:`); `reserved:`/other sources are kept (they match no pod label). */
function stripSource(key: string): string {
  const m = /^(k8s|any):(.*)$/.exec(key);
  return m ? m[2]! : key;
}

/**
 * A Cilium endpoint selector as a pod matcher: keys `io.kubernetes.pod.namespace` and
 * `io.cilium.k8s.namespace.labels.*` constrain the namespace, the rest the pod labels. In a namespaced
 * CiliumNetworkPolicy, selectors without a namespace key stay in the policy's namespace.
 */
export function ciliumEndpointMatcher(selector: LabelSelector, policyNamespace: string | undefined): PodMatcher {
  const nsSel: LabelSelector = { matchLabels: {}, matchExpressions: [] };
  const podSel: LabelSelector = { matchLabels: {}, matchExpressions: [] };
  let namesNamespace = false;
  const route = (key: string): { sel: LabelSelector; key: string } => {
    const k = stripSource(key);
    if (k === namespaceKey) {
      namesNamespace = true;
      return { sel: nsSel, key: 'kubernetes.io/metadata.name' };
    }
    if (k.startsWith(namespaceLabelPrefix)) {
      namesNamespace = true;
      return { sel: nsSel, key: k.slice(namespaceLabelPrefix.length) };
    }
    return { sel: podSel, key: k };
  };
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    const r = route(key);
    r.sel.matchLabels![r.key] = value;
  }
  for (const req of selector.matchExpressions ?? []) {
    const r = route(req.key);
    r.sel.matchExpressions!.push({ ...req, key: r.key } as LabelSelectorRequirement);
  }
  const pods = { key: `cl:${selectorKey(podSel)}`, test: (labels: Record<string, string>) => matchesLabelSelector(podSel, labels), keys: selectorKeys(podSel) };
  if (policyNamespace !== undefined && !namesNamespace) return { key: `ns=${policyNamespace}|${pods.key}`, namespace: policyNamespace, pods };
  const namespaces = { key: `cl:${selectorKey(nsSel)}`, test: (ns: NamespaceFacts) => matchesLabelSelector(nsSel, ns.labels) };
  const scope = policyNamespace !== undefined ? `ns=${policyNamespace}&` : '';
  return { key: `nss=${scope}${namespaces.key}|${pods.key}`, namespaces, pods };
}

/**
 * Compiles a CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy (cilium.io/v2) for its L3/L4 subset: endpoint
 * selectors, CIDRs (with `except`), the entities `world`, `cluster`, `all`, and `toPorts` ports. Allow rules join the
 * namespace tier's union with NetworkPolicy; `ingressDeny`/`egressDeny` win over any allow. A selected endpoint is
 * isolated in a direction the policy has rules for, unless `enableDefaultDeny` turns that off. L7 rules are treated
 * as allowing their ports (their HTTP/DNS filters are beyond reachability), FQDN and service peers as unknown.
 */
export function compileCiliumPolicy(obj: K8sObject): CompiledPolicy {
  const clusterwide = obj.kind === 'CiliumClusterwideNetworkPolicy';
  const namespace = clusterwide ? undefined : obj.metadata.namespace || 'default';
  const raw = obj as K8sObject & { specs?: CiliumSpec[] };
  const specs: CiliumSpec[] = [...(raw.spec ? [raw.spec as CiliumSpec] : []), ...(raw.specs ?? [])];
  const warnings: string[] = [];
  const policy: CompiledPolicy = {
    ref: { apiVersion: obj.apiVersion, kind: obj.kind, ...(namespace ? { namespace } : {}), name: obj.metadata.name },
    tier: 'namespace',
    order: 1000,
    mode: 'union',
    subject: noPods,
    isolates: [],
    rules: [],
    warnings,
  };
  if (specs.length > 1) warnings.push('several specs: only the first spec\'s endpointSelector is used as the subject; rules of all specs apply to it');
  const first = specs[0];
  if (!first) {
    warnings.push('no spec; the policy selects nothing');
    return policy;
  }
  if (first.nodeSelector && !first.endpointSelector) {
    warnings.push('nodeSelector (host policy) is not modelled; the policy selects no pod');
    return policy;
  }
  policy.subject = ciliumEndpointMatcher(first.endpointSelector ?? {}, namespace);
  specs.forEach((spec, s) => {
    for (const direction of ['ingress', 'egress'] as Direction[]) {
      const allow = spec[direction];
      const deny = spec[direction === 'ingress' ? 'ingressDeny' : 'egressDeny'];
      const defaultDeny = spec.enableDefaultDeny?.[direction] !== false;
      if ((allow !== undefined || deny !== undefined) && defaultDeny && !policy.isolates.includes(direction)) policy.isolates.push(direction);
      for (const [list, action, field] of [
        [allow, 'allow', direction],
        [deny, 'deny', `${direction}Deny`],
      ] as const) {
        (list ?? []).forEach((rule, index) => {
          const path = `spec${specs.length > 1 ? `s[${s}]` : ''}.${field}[${index}]`;
          const compiled: CompiledRule = { policy, direction, index, action, peers: ciliumPeers(rule, direction, namespace, path, warnings) };
          if (field !== direction) compiled.name = field;
          const ports = ciliumPorts(rule, path, warnings);
          if (ports) compiled.ports = ports;
          policy.rules.push(compiled);
        });
      }
    }
  });
  return policy;
}

function ciliumPeers(rule: CiliumRule, direction: Direction, namespace: string | undefined, path: string, warnings: string[]): PeerMatcher[] {
  const pre = direction === 'ingress' ? 'from' : 'to';
  const peers: PeerMatcher[] = [];
  for (const sel of (rule[`${pre}Endpoints`] as LabelSelector[] | undefined) ?? []) {
    peers.push({ pods: ciliumEndpointMatcher(sel ?? {}, namespace), text: `endpoints ${selectorKey(sel ?? {})}${namespace ? ` (namespace ${namespace} unless named)` : ''}` });
  }
  const cidrs = [
    ...((rule[`${pre}CIDR`] as string[] | undefined) ?? []).map((cidr) => ({ cidr, except: [] as string[] })),
    ...((rule[`${pre}CIDRSet`] as { cidr: string; except?: string[] }[] | undefined) ?? []).map((c) => ({ cidr: c.cidr, except: c.except ?? [] })),
  ];
  for (const c of cidrs) {
    try {
      peers.push({ ips: IpSet.fromIpBlock(c.cidr, c.except), text: `CIDR ${c.cidr}${c.except.length ? ` except ${c.except.join(', ')}` : ''}` });
    } catch (error) {
      warnings.push(`${path}: ${(error as Error).message}`);
    }
  }
  for (const entity of (rule[`${pre}Entities`] as string[] | undefined) ?? []) {
    if (entity === 'all') peers.push({ ...everyone, text: 'entity all' });
    else if (entity === 'world') peers.push({ ips: everyAddress, text: 'entity world' });
    else if (entity === 'cluster') peers.push({ pods: everyone.pods!, text: 'entity cluster' });
    else warnings.push(`${path}: entity "${entity}" is not modelled (no pod or external block stands for it)`);
  }
  for (const unsupported of ['FQDNs', 'Services', 'Groups', 'Nodes', 'Requires']) {
    if (rule[`${pre}${unsupported}`] !== undefined) warnings.push(`${path}.${pre}${unsupported} is not modelled; that part of the rule matches nothing`);
  }
  return peers;
}

function ciliumPorts(rule: CiliumRule, path: string, warnings: string[]): RulePort[] | undefined {
  if (!rule.toPorts || rule.toPorts.length === 0) return undefined;
  const out: RulePort[] = [];
  for (const tp of rule.toPorts) {
    if (!tp.ports || tp.ports.length === 0) return undefined;
    for (const p of tp.ports) {
      const protocols = !p.protocol || String(p.protocol).toUpperCase() === 'ANY' ? ['TCP', 'UDP', 'SCTP'] : [String(p.protocol).toUpperCase()];
      const port = p.port === undefined || p.port === '0' || p.port === 0 ? undefined : /^\d+$/.test(String(p.port)) ? Number(p.port) : String(p.port);
      for (const protocol of protocols) {
        if (!['TCP', 'UDP', 'SCTP'].includes(protocol)) {
          warnings.push(`${path}.toPorts: protocol ${protocol} is not modelled`);
          continue;
        }
        out.push({ protocol, ...(port !== undefined ? { port } : {}), ...(p.endPort ? { endPort: p.endPort } : {}) });
      }
    }
  }
  return out.length > 0 ? out : [{ protocol: 'NONE' }];
}
