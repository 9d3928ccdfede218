import type { Exposure } from '../../engine/rule.js';
import { matchesLabelSelector } from '../../netpol/index.js';
import type { ClusterSnapshot } from '../../snapshot/snapshot.js';
import type { PodSpecSite } from '../../workload/pod-specs.js';
import { isolatingPolicies } from './network-policies.js';

interface ServiceShape {
  type?: string;
  selector?: Record<string, string>;
  externalIPs?: string[];
}

const cache = new WeakMap<ClusterSnapshot, (site: PodSpecSite) => Exposure>();

/**
 * How reachable a workload is, for severity weighting: `internet` when a LoadBalancer/NodePort Service, an external IP,
 * an Ingress backend or a host port/host network reaches it; `isolated` when policies isolate its ingress and admit
 * nothing; otherwise `cluster`.
 */
export function workloadExposure(snapshot: ClusterSnapshot): (site: PodSpecSite) => Exposure {
  const cached = cache.get(snapshot);
  if (cached) return cached;
  const ingressBackends = new Set<string>();
  for (const ingress of snapshot.resources.ingresses ?? []) {
    const spec = ingress.spec as
      { defaultBackend?: Backend; rules?: { http?: { paths?: { backend?: Backend }[] } }[] } | undefined;
    const backends = [
      spec?.defaultBackend,
      ...(spec?.rules ?? []).flatMap((rule) => (rule.http?.paths ?? []).map((path) => path.backend)),
    ];
    for (const backend of backends)
      if (backend?.service?.name)
        ingressBackends.add(`${ingress.metadata.namespace}/${backend.service.name}`);
  }
  const external = (snapshot.resources.services ?? []).filter((service) => {
    const spec = service.spec as ServiceShape | undefined;
    return (
      spec?.type === 'LoadBalancer' ||
      spec?.type === 'NodePort' ||
      (spec?.externalIPs?.length ?? 0) > 0 ||
      ingressBackends.has(`${service.metadata.namespace}/${service.metadata.name}`)
    );
  });
  const externalByNamespace = new Map<string, typeof external>();
  for (const service of external)
    externalByNamespace.set(service.metadata.namespace ?? 'default', [
      ...(externalByNamespace.get(service.metadata.namespace ?? 'default') ?? []),
      service,
    ]);
  const perSite: (Exposure | undefined)[] = [];
  const exposure = (site: PodSpecSite): Exposure => (perSite[site.index] ??= compute(site));
  const compute = (site: PodSpecSite): Exposure => {
    if (
      site.spec.hostNetwork ||
      (site.spec.containers ?? []).some((container) => (container.ports ?? []).some((port) => port.hostPort))
    )
      return 'internet';
    for (const service of externalByNamespace.get(site.namespace) ?? []) {
      const selector = (service.spec as ServiceShape | undefined)?.selector;
      if (
        selector &&
        Object.keys(selector).length > 0 &&
        matchesLabelSelector({ matchLabels: selector }, site.podLabels)
      )
        return 'internet';
    }
    const ingressPolicies = isolatingPolicies(snapshot, site, 'ingress');
    const admitsNothing =
      ingressPolicies.length > 0 &&
      ingressPolicies.every(
        (policy) => !policy.rules.some((rule) => rule.direction === 'ingress' && rule.action === 'allow'),
      );
    return admitsNothing ? 'isolated' : 'cluster';
  };
  cache.set(snapshot, exposure);
  return exposure;
}

interface Backend {
  service?: { name?: string };
}
