import type { RuleEvaluation } from '../../engine/rule.js';
import type { ClusterSnapshot } from '../../snapshot/snapshot.js';
import type { SnapshotKind } from '../../snapshot/kinds.js';
import { podSpecSitesByNamespace, type PodSpecSite } from '../../workload/pod-specs.js';
import { ruleFinding } from '../../engine/rule-finding.js';

/**
 * Namespaces that run workloads, minus `exempt`, with their pod specs (in `podSpecSites` order). Taken from the
 * snapshot's cached per-namespace index, so the lists are shared: do not modify them.
 */
export function workloadNamespaces(
  snapshot: ClusterSnapshot,
  exempt: readonly string[],
): Map<string, PodSpecSite[]> {
  const result = new Map<string, PodSpecSite[]>();
  for (const [namespace, sites] of podSpecSitesByNamespace(snapshot))
    if (!exempt.includes(namespace)) result.set(namespace, sites);
  return result;
}

/** The ref of a namespace, for findings about it. */
export function namespaceRef(name: string): { apiVersion: string; kind: string; name: string } {
  return { apiVersion: 'v1', kind: 'Namespace', name };
}

/**
 * One finding per namespace that runs workloads (minus `exempt`) and that `covered` rejects, worded by `problem`
 * from the namespace and its workload count; every namespace running workloads counts as checked.
 */
export function evaluateWorkloadNamespaces(
  snapshot: ClusterSnapshot,
  exempt: readonly string[],
  covered: (namespace: string) => boolean,
  problem: (namespace: string, workloads: number) => string,
): RuleEvaluation {
  const namespaces = workloadNamespaces(snapshot, exempt);
  const findings = [...namespaces.keys()]
    .filter((namespace) => !covered(namespace))
    .map((namespace) =>
      ruleFinding(namespaceRef(namespace), problem(namespace, namespaces.get(namespace)?.length ?? 0), [
        { pointer: '/metadata/name', value: namespace },
      ]),
    );
  return { findings, checked: namespaces.size };
}

/** Namespaces that run workloads (minus `exempt`) but hold no object of `kind`, e.g. no LimitRange. */
export function evaluateNamespacesLacking(
  snapshot: ClusterSnapshot,
  exempt: readonly string[],
  kind: SnapshotKind,
  kindName: string,
): RuleEvaluation {
  const covered = new Set((snapshot.resources[kind] ?? []).map((object) => object.metadata.namespace));
  return evaluateWorkloadNamespaces(
    snapshot,
    exempt,
    (namespace) => covered.has(namespace),
    (namespace, workloads) => `namespace ${namespace} runs ${workloads} workload(s) but has no ${kindName}`,
  );
}
