import type { ClusterSnapshot } from '../snapshot/snapshot.js';
import type { ResourceRef, EvidenceScope } from './vocabulary.js';

/** What a snapshot can show, by evidence scope (see docs/scoring.md, "Evidence scopes"). */
export interface AvailableEvidence {
  /**
   * True for a live cluster and for manifests declared complete: what is absent from the snapshot is absent from the
   * cluster, so a missing reference or a missing object is a verdict rather than a gap in the inputs.
   */
  complete: boolean;
  /** Namespaces whose whole inventory the snapshot holds: all of them when complete, else those declared as Namespace objects. */
  namespaces: 'all' | ReadonlySet<string>;
}

/** A live scan sees every scope; a manifest scan sees objects, their references and the namespaces it declares. */
export function availableEvidence(snapshot: ClusterSnapshot): AvailableEvidence {
  if (snapshot.source.type === 'cluster' || snapshot.source.complete === true)
    return { complete: true, namespaces: 'all' };
  return {
    complete: false,
    namespaces: new Set((snapshot.resources.namespaces ?? []).map((namespace) => namespace.metadata.name)),
  };
}

const completeHint = 'mark the inputs complete (--complete) if they are the whole cluster';

/** Why a rule of `scope` cannot be judged at all on this evidence, or undefined when it can (at least in part). */
export function missingScopeReason(scope: EvidenceScope, evidence: AvailableEvidence): string | undefined {
  if (evidence.complete) return undefined;
  switch (scope) {
    case 'object':
    case 'related':
      return undefined;
    case 'namespace-inventory':
      return evidence.namespaces !== 'all' && evidence.namespaces.size === 0
        ? `needs everything in a namespace (namespace-inventory), and the inputs declare no Namespace object, so they may hold only part of each namespace; add the Namespace objects the inputs own, or ${completeHint}`
        : undefined;
    case 'cluster-inventory':
      return `needs every DaemonSet and node of the cluster (cluster-inventory), which manifests do not show; scan the cluster, or ${completeHint}`;
    case 'cluster-config':
      return `needs the cluster's configuration (version, API server flags, network ranges: cluster-config), which manifests do not show; scan the cluster, or ${completeHint}`;
  }
}

/** The namespace a subject belongs to: its own, or its name when it is a Namespace; undefined when cluster-scoped. */
function namespaceOfSubject(resource: ResourceRef): string | undefined {
  if (resource.namespace !== undefined) return resource.namespace;
  return resource.kind === 'Namespace' && resource.apiVersion === 'v1' ? resource.name : undefined;
}

/** Why a namespace-inventory verdict on `resource` is withheld, or undefined when its namespace is fully in view. */
export function undeclaredNamespaceReason(
  resource: ResourceRef,
  evidence: AvailableEvidence,
): string | undefined {
  if (evidence.namespaces === 'all') return undefined;
  const namespace = namespaceOfSubject(resource);
  if (namespace === undefined || evidence.namespaces.has(namespace)) return undefined;
  return `namespace \`${namespace}\` is not declared in the inputs (no Namespace object), so they may hold only part of it`;
}
