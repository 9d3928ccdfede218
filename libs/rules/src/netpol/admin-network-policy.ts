import type { K8sObject } from '../snapshot/snapshot.js';
import { IpSet } from './ip-range.js';
import { labelSelectorProblems, type LabelSelector } from './label-selector.js';
import { namespaceLabelTest, podLabelTest, podsInNamespaces, selectorText } from './matchers.js';
import type { CompiledPolicy, CompiledRule, PeerMatcher, PodMatcher, RuleAction, RulePort } from './policy-model.js';
import type { Direction } from './policy-types.js';

interface AdminPeer {
  namespaces?: LabelSelector;
  pods?: { namespaceSelector?: LabelSelector; podSelector?: LabelSelector };
  networks?: string[];
  nodes?: LabelSelector;
}

interface AdminPort {
  portNumber?: { protocol?: string; port: number };
  portRange?: { protocol?: string; start: number; end: number };
  namedPort?: string;
}

interface AdminRule {
  name?: string;
  action?: string;
  from?: AdminPeer[];
  to?: AdminPeer[];
  ports?: AdminPort[];
}

/**
 * Compiles an AdminNetworkPolicy or BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1). Rules are
 * evaluated in order, first match wins; ANPs run before NetworkPolicies, lowest `priority` first; BANP after them.
 * Subjects never become isolated by an (B)ANP alone: traffic no rule matches falls through to the next tier.
 * `nodes` peers are kept as warnings (node addresses are not in a snapshot of objects).
 */
export function compileAdminNetworkPolicy(obj: K8sObject, baseline: boolean): CompiledPolicy {
  const spec = (obj.spec ?? {}) as { priority?: number; subject?: { namespaces?: LabelSelector; pods?: AdminPeer['pods'] }; ingress?: AdminRule[]; egress?: AdminRule[] };
  const warnings: string[] = [];
  const policy: CompiledPolicy = {
    ref: { apiVersion: obj.apiVersion, kind: baseline ? 'BaselineAdminNetworkPolicy' : 'AdminNetworkPolicy', name: obj.metadata.name },
    tier: baseline ? 'baseline' : 'admin',
    order: baseline ? 0 : typeof spec.priority === 'number' ? spec.priority : 1000,
    mode: 'ordered',
    subject: subjectMatcher(spec.subject, warnings),
    isolates: [],
    rules: [],
    warnings,
  };
  if (!baseline && typeof spec.priority !== 'number') warnings.push('spec.priority is missing; treated as 1000 (lowest precedence)');
  for (const direction of ['ingress', 'egress'] as Direction[]) {
    (spec[direction] ?? []).forEach((rule, index) => {
      const path = `spec.${direction}[${index}]`;
      const action = actionOf(rule.action, baseline);
      if (!action) {
        warnings.push(`${path}.action "${String(rule.action)}" is not ${baseline ? 'Allow or Deny' : 'Allow, Deny or Pass'}; the rule is ignored`);
        return;
      }
      const peersRaw = (direction === 'ingress' ? rule.from : rule.to) ?? [];
      const peers = peersRaw.flatMap((peer, i) => compileAdminPeer(peer, `${path}.${direction === 'ingress' ? 'from' : 'to'}[${i}]`, warnings));
      const compiled: CompiledRule = { policy, direction, index, action, peers };
      if (rule.name) compiled.name = rule.name;
      if (rule.ports && rule.ports.length > 0) compiled.ports = rule.ports.flatMap((p, i) => adminPort(p, `${path}.ports[${i}]`, warnings));
      if (rule.ports && rule.ports.length > 0 && compiled.ports?.length === 0) return;
      policy.rules.push(compiled);
    });
  }
  return policy;
}

function actionOf(action: string | undefined, baseline: boolean): RuleAction | undefined {
  if (action === 'Allow') return 'allow';
  if (action === 'Deny') return 'deny';
  if (action === 'Pass' && !baseline) return 'pass';
  return undefined;
}

function subjectMatcher(subject: { namespaces?: LabelSelector; pods?: AdminPeer['pods'] } | undefined, warnings: string[]): PodMatcher {
  if (subject?.namespaces) {
    const ns = namespacesSelector(subject.namespaces, 'spec.subject.namespaces', warnings);
    return ns ? podsInNamespaces(namespaceLabelTest(ns), podLabelTest({})) : nothing;
  }
  if (subject?.pods) {
    const ns = podsNamespaceSelector(subject.pods, 'spec.subject.pods', warnings);
    return ns ? podsInNamespaces(namespaceLabelTest(ns), podLabelTest(subject.pods.podSelector ?? {})) : nothing;
  }
  warnings.push('spec.subject selects neither namespaces nor pods; the policy applies to nothing');
  return nothing;
}

/**
 * Reads a namespaces selector in the current shape (a LabelSelector) or the older v1alpha1 one
 * (`{namespaceSelector: …}`); `sameLabels`/`notSameLabels` and unknown fields are reported, never read as `{}` (everything).
 */
function namespacesSelector(raw: unknown, path: string, warnings: string[]): LabelSelector | undefined {
  const sel = (raw ?? {}) as Record<string, unknown>;
  if ('namespaceSelector' in sel && Object.keys(sel).length === 1) return (sel['namespaceSelector'] ?? {}) as LabelSelector;
  const unknown = Object.keys(sel).filter((k) => k !== 'matchLabels' && k !== 'matchExpressions');
  if (unknown.length > 0) {
    warnings.push(`${path}: unsupported field(s) ${unknown.join(', ')}; the selector matches nothing`);
    return undefined;
  }
  return sel as LabelSelector;
}

/** The namespace part of a `pods` peer or subject: `namespaceSelector`, or the older `namespaces: {namespaceSelector}`. */
function podsNamespaceSelector(pods: AdminPeer['pods'] & { namespaces?: unknown }, path: string, warnings: string[]): LabelSelector | undefined {
  if (pods.namespaces !== undefined) return namespacesSelector(pods.namespaces, `${path}.namespaces`, warnings);
  return namespacesSelector(pods.namespaceSelector ?? {}, `${path}.namespaceSelector`, warnings);
}

const nothing: PodMatcher = { key: '<none>', namespaces: { key: '<none>', test: () => false }, pods: { key: '<none>', test: () => false, keys: [] } };

function compileAdminPeer(peer: AdminPeer, path: string, warnings: string[]): PeerMatcher[] {
  const out: PeerMatcher[] = [];
  if (peer.namespaces) {
    const ns = namespacesSelector(peer.namespaces, `${path}.namespaces`, warnings);
    if (ns) {
      warnings.push(...labelSelectorProblems(ns, `${path}.namespaces`));
      out.push({ pods: podsInNamespaces(namespaceLabelTest(ns), podLabelTest({})), text: `pods in namespaces ${selectorText(ns)}` });
    }
  }
  if (peer.pods) {
    const ns = podsNamespaceSelector(peer.pods, `${path}.pods`, warnings);
    const podSelector = peer.pods.podSelector ?? {};
    if (ns) out.push({ pods: podsInNamespaces(namespaceLabelTest(ns), podLabelTest(podSelector)), text: `pods ${selectorText(podSelector)} in namespaces ${selectorText(ns)}` });
  }
  if (peer.networks) {
    try {
      out.push({ ips: IpSet.of(peer.networks.flatMap((c) => IpSet.fromIpBlock(c).ranges)), text: `networks ${peer.networks.join(', ')}` });
    } catch (error) {
      warnings.push(`${path}.networks: ${(error as Error).message}; the peer matches nothing`);
    }
  }
  if (peer.nodes) warnings.push(`${path}.nodes: node peers are not modelled (node addresses are not part of the snapshot); the peer matches nothing`);
  return out;
}

function adminPort(port: AdminPort, path: string, warnings: string[]): RulePort[] {
  if (port.portNumber) return [{ protocol: port.portNumber.protocol ?? 'TCP', port: port.portNumber.port }];
  if (port.portRange) return [{ protocol: port.portRange.protocol ?? 'TCP', port: port.portRange.start, endPort: port.portRange.end }];
  if (port.namedPort) return [{ protocol: 'ANY', port: port.namedPort }];
  warnings.push(`${path} has none of portNumber, portRange, namedPort; it matches nothing`);
  return [];
}
