import type { ClusterSnapshot } from '../../snapshot/snapshot.js';
import { podSpecSites, type PodSpecSite } from '../../workload/pod-specs.js';

/** Namespaces that run workloads, minus `exempt`, with their pod specs. */
export function workloadNamespaces(
  snapshot: ClusterSnapshot,
  exempt: readonly string[],
): Map<string, PodSpecSite[]> {
  const result = new Map<string, PodSpecSite[]>();
  for (const site of podSpecSites(snapshot)) {
    if (exempt.includes(site.namespace)) continue;
    const list = result.get(site.namespace) ?? [];
    list.push(site);
    result.set(site.namespace, list);
  }
  return result;
}

/** The ref of a namespace, for findings about it. */
export function namespaceRef(name: string): { apiVersion: string; kind: string; name: string } {
  return { apiVersion: 'v1', kind: 'Namespace', name };
}
