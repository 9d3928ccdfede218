import { compiledOrThrow, compiledPolicyEntries } from '../../netpol/compiled-policies.js';
import type { CompiledPolicy, NamespaceFacts, PodMatcher } from '../../netpol/index.js';
import type { Direction } from '../../netpol/index.js';
import type { ClusterSnapshot } from '../../snapshot/snapshot.js';
import type { SnapshotKind } from '../../snapshot/kinds.js';
import type { PodSpecSite } from '../../workload/pod-specs.js';
import type { RuleFinding } from '../../engine/rule.js';
import { objectFinding } from './finding.js';
import { allowsEveryPeer, type NetworkPolicyObject } from './network-policy-shape.js';

/** Policy kinds that isolate pods: NetworkPolicy plus the Cilium and Calico dialects the netpol module compiles. */
export const policyKinds = [
  'networkpolicies',
  'ciliumnetworkpolicies',
  'ciliumclusterwidenetworkpolicies',
  'caliconetworkpolicies',
  'calicoglobalnetworkpolicies',
] as const satisfies SnapshotKind[];

const compiledCache = new WeakMap<ClusterSnapshot, CompiledPolicy[]>();

/** Every namespace-tier policy of the snapshot, compiled once (Cilium and Calico count as coverage too). */
export function compiledPolicies(snapshot: ClusterSnapshot): CompiledPolicy[] {
  const cached = compiledCache.get(snapshot);
  if (cached) return cached;
  const result: CompiledPolicy[] = [];
  for (const kind of policyKinds) {
    const objects = snapshot.resources[kind];
    if (objects)
      for (const entry of compiledPolicyEntries(kind, objects)) result.push(compiledOrThrow(entry));
  }
  compiledCache.set(snapshot, result);
  return result;
}

const factsCache = new WeakMap<ClusterSnapshot, (name: string) => NamespaceFacts>();

/** Namespace facts (labels plus `kubernetes.io/metadata.name`) for selectors; namespaces without objects get only the name label. */
export function namespaceFacts(snapshot: ClusterSnapshot): (name: string) => NamespaceFacts {
  const cached = factsCache.get(snapshot);
  if (cached) return cached;
  const labels = new Map(
    (snapshot.resources.namespaces ?? []).map((namespace) => [
      namespace.metadata.name,
      namespace.metadata.labels ?? {},
    ]),
  );
  const facts = new Map<string, NamespaceFacts>();
  const lookup = (name: string): NamespaceFacts => {
    let entry = facts.get(name);
    if (!entry) {
      entry = { name, labels: { ...(labels.get(name) ?? {}), 'kubernetes.io/metadata.name': name } };
      facts.set(name, entry);
    }
    return entry;
  };
  factsCache.set(snapshot, lookup);
  return lookup;
}

const policyIndexCache = new WeakMap<
  ClusterSnapshot,
  {
    byNamespace: Map<string, CompiledPolicy[]>;
    anyNamespace: CompiledPolicy[];
    combined: Map<string, CompiledPolicy[]>;
  }
>();

/** Compiled policies that can select pods of `namespace`: those of that namespace plus cluster-wide ones. */
export function policiesForNamespace(snapshot: ClusterSnapshot, namespace: string): CompiledPolicy[] {
  let index = policyIndexCache.get(snapshot);
  if (!index) {
    index = { byNamespace: new Map(), anyNamespace: [], combined: new Map() };
    for (const policy of compiledPolicies(snapshot)) {
      const own = policy.subject.namespace;
      if (own === undefined) index.anyNamespace.push(policy);
      else {
        const list = index.byNamespace.get(own);
        if (list) list.push(policy);
        else index.byNamespace.set(own, [policy]);
      }
    }
    policyIndexCache.set(snapshot, index);
  }
  let combined = index.combined.get(namespace);
  if (!combined) {
    combined = [...(index.byNamespace.get(namespace) ?? []), ...index.anyNamespace];
    index.combined.set(namespace, combined);
  }
  return combined;
}

/** True when the matcher selects a pod with `labels` in namespace `namespace`. */
export function matcherSelects(
  matcher: PodMatcher,
  namespace: NamespaceFacts,
  labels: Record<string, string>,
): boolean {
  if (matcher.namespace !== undefined && matcher.namespace !== namespace.name) return false;
  if (matcher.namespaces && !matcher.namespaces.test(namespace)) return false;
  return matcher.pods.test(labels);
}

/** Per namespace: its facts, and the policies that can select its pods split by the direction they isolate. */
interface NamespaceIsolation {
  facts: NamespaceFacts;
  isolating: Record<Direction, CompiledPolicy[]>;
}

const isolationCache = new WeakMap<ClusterSnapshot, Map<string, NamespaceIsolation>>();

/**
 * The isolation facts of a namespace, computed once per snapshot: per-pod questions then only test the subjects of
 * the policies that isolate the direction asked, instead of re-filtering every policy for every pod spec.
 */
function namespaceIsolation(snapshot: ClusterSnapshot, namespace: string): NamespaceIsolation {
  let byNamespace = isolationCache.get(snapshot);
  if (!byNamespace) {
    byNamespace = new Map();
    isolationCache.set(snapshot, byNamespace);
  }
  let entry = byNamespace.get(namespace);
  if (!entry) {
    const policies = policiesForNamespace(snapshot, namespace);
    entry = {
      facts: namespaceFacts(snapshot)(namespace),
      isolating: {
        ingress: policies.filter((policy) => policy.isolates.includes('ingress')),
        egress: policies.filter((policy) => policy.isolates.includes('egress')),
      },
    };
    byNamespace.set(namespace, entry);
  }
  return entry;
}

/** Policies that select the pod of `site` and isolate it in `direction`. */
export function isolatingPolicies(
  snapshot: ClusterSnapshot,
  site: PodSpecSite,
  direction: Direction,
): CompiledPolicy[] {
  const { facts, isolating } = namespaceIsolation(snapshot, site.namespace);
  const selecting: CompiledPolicy[] = [];
  for (const policy of isolating[direction])
    if (matcherSelects(policy.subject, facts, site.podLabels)) selecting.push(policy);
  return selecting;
}

/** True when some policy selects the pod of `site` and isolates it in `direction` (`isolatingPolicies` is not empty). */
export function isIsolated(snapshot: ClusterSnapshot, site: PodSpecSite, direction: Direction): boolean {
  const { facts, isolating } = namespaceIsolation(snapshot, site.namespace);
  for (const policy of isolating[direction])
    if (matcherSelects(policy.subject, facts, site.podLabels)) return true;
  return false;
}

/** True when the policy's subject is every pod of `namespace` (an empty pod selector there, or cluster-wide). */
export function selectsWholeNamespace(policy: CompiledPolicy, namespace: NamespaceFacts): boolean {
  return (
    /<all>$|^cs:all\(\)$/.test(policy.subject.pods.key) &&
    (policy.subject.namespace === namespace.name ||
      (policy.subject.namespace === undefined && (policy.subject.namespaces?.test(namespace) ?? true)))
  );
}

/** Whether some policy isolates every pod of a namespace in `direction` (a default-deny, in any dialect). */
export function defaultDenyCovers(
  snapshot: ClusterSnapshot,
  direction: Direction,
): (namespace: string) => boolean {
  const factsOf = namespaceFacts(snapshot);
  return (namespace) =>
    policiesForNamespace(snapshot, namespace).some(
      (policy) => policy.isolates.includes(direction) && selectsWholeNamespace(policy, factsOf(namespace)),
    );
}

/** A finding per rule of `direction` that admits every peer on every port (the rule isolates nothing). */
export function allowAllRuleFindings(
  policy: NetworkPolicyObject,
  direction: 'ingress' | 'egress',
): RuleFinding[] {
  return (policy.spec?.[direction] ?? []).flatMap((rule, index) =>
    allowsEveryPeer(rule, direction) && (rule.ports ?? []).length === 0
      ? [
          objectFinding(
            policy,
            `/spec/${direction}/${index}`,
            `allows all ${direction} traffic (every peer, every port)`,
            rule,
          ),
        ]
      : [],
  );
}
