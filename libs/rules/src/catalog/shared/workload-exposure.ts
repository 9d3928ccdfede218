import type { Exposure } from '../../engine/rule.js';
import { matchesLabelSelector, routeBackends, type CompiledPolicy } from '../../netpol/index.js';
import type { ClusterSnapshot } from '../../snapshot/snapshot.js';
import { podSpecSites, type PodSpecSite } from '../../workload/pod-specs.js';
import { isolatingPolicies } from './network-policies.js';

interface ServiceShape {
  type?: string;
  selector?: Record<string, string>;
  externalIPs?: string[];
}

const cache = new WeakMap<ClusterSnapshot, (site: PodSpecSite) => Exposure>();

/**
 * How reachable a workload is, for severity weighting: `internet` when a LoadBalancer/NodePort Service, an external IP,
 * a route backend (Ingress, Gateway API route, Istio VirtualService: `routeBackends`) or a host port/host network
 * reaches it; `isolated` when policies isolate its ingress and admit
 * nothing; otherwise `cluster`.
 */
export function workloadExposure(snapshot: ClusterSnapshot): (site: PodSpecSite) => Exposure {
  const cached = cache.get(snapshot);
  if (cached) return cached;
  const routed = new Set<string>();
  for (const backend of routeBackends(snapshot)) routed.add(`${backend.namespace}/${backend.service}`);
  const externalByNamespace = new Map<string, ServiceShape[]>();
  for (const service of snapshot.resources.services ?? []) {
    const spec = service.spec as ServiceShape | undefined;
    const external =
      spec?.type === 'LoadBalancer' ||
      spec?.type === 'NodePort' ||
      (spec?.externalIPs?.length ?? 0) > 0 ||
      routed.has(`${service.metadata.namespace ?? 'default'}/${service.metadata.name}`);
    if (!external) continue;
    const namespace = service.metadata.namespace ?? 'default';
    const list = externalByNamespace.get(namespace);
    // Only the spec is read per pod spec; a Service without one selects nothing, like an empty spec.
    if (list) list.push(spec ?? {});
    else externalByNamespace.set(namespace, [spec ?? {}]);
  }
  const state: ExposureState = {
    snapshot,
    externalByNamespace,
    perSite: new Uint8Array(podSpecSites(snapshot).length),
  };
  const exposure = (site: PodSpecSite): Exposure => exposureOf(state, site);
  cache.set(snapshot, exposure);
  return exposure;
}

/** What `workloadExposure` computes from, per snapshot; the per-site work is a module function so its optimised code outlives the snapshot. */
interface ExposureState {
  snapshot: ClusterSnapshot;
  externalByNamespace: Map<string, ServiceShape[]>;
  /** Per site index: 0 until computed, then the position of its exposure in `exposureCodes` plus one. */
  perSite: Uint8Array;
}

// A byte per site instead of a sparse array of strings: sites are asked for in no particular order.
const exposureCodes: Exposure[] = ['internet', 'isolated', 'cluster'];

function exposureOf(state: ExposureState, site: PodSpecSite): Exposure {
  let code = state.perSite[site.index]!;
  if (code === 0) state.perSite[site.index] = code = exposureCodes.indexOf(computeExposure(state, site)) + 1;
  return exposureCodes[code - 1]!;
}

function computeExposure(state: ExposureState, site: PodSpecSite): Exposure {
  if (site.spec.hostNetwork || declaresHostPort(site)) return 'internet';
  for (const spec of state.externalByNamespace.get(site.namespace) ?? []) {
    const selector = spec.selector;
    if (
      selector &&
      Object.keys(selector).length > 0 &&
      matchesLabelSelector({ matchLabels: selector }, site.podLabels)
    )
      return 'internet';
  }
  const ingressPolicies = isolatingPolicies(state.snapshot, site, 'ingress');
  return ingressPolicies.length > 0 && ingressPolicies.every(admitsNoIngress) ? 'isolated' : 'cluster';
}

function declaresHostPort(site: PodSpecSite): boolean {
  for (const container of site.spec.containers ?? [])
    for (const port of container.ports ?? []) if (port.hostPort) return true;
  return false;
}

function admitsNoIngress(policy: CompiledPolicy): boolean {
  return !policy.rules.some((rule) => rule.direction === 'ingress' && rule.action === 'allow');
}
