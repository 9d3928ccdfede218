import type { PodSpecSite } from '../../workload/pod-specs.js';
import type { Container } from '../../workload/pod-spec.types.js';

/** Names of the volumes that some container, init container or ephemeral container of the pod mounts. */
export function mountedVolumeNames(site: PodSpecSite): Set<string> {
  const spec = site.spec as {
    containers?: Container[];
    initContainers?: Container[];
    ephemeralContainers?: Container[];
  };
  const names = new Set<string>();
  for (const container of [
    ...(spec.containers ?? []),
    ...(spec.initContainers ?? []),
    ...(spec.ephemeralContainers ?? []),
  ])
    for (const mount of container.volumeMounts ?? []) names.add(mount.name);
  return names;
}
