import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import type { ClusterSnapshot, K8sObject } from '../../../snapshot/snapshot.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { refOf } from '../../../workload/resource-ref.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import type { ServiceSpec } from '../../shared/service-shape.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

/** Ports SSH servers listen on by convention. */
const sshPorts = new Set([22, 2222]);

/** Services forwarding an SSH port, by namespace, computed once per snapshot (most namespaces have none). */
const sshServicesCache = new WeakMap<ClusterSnapshot, Map<string, K8sObject[]>>();

function sshServicesByNamespace(snapshot: ClusterSnapshot): Map<string, K8sObject[]> {
  let byNamespace = sshServicesCache.get(snapshot);
  if (byNamespace) return byNamespace;
  byNamespace = new Map();
  for (const service of snapshot.resources.services ?? []) {
    const spec = service.spec as ServiceSpec | undefined;
    const forwardsSsh = (spec?.ports ?? []).some(
      (port) =>
        sshPorts.has(port.port ?? 0) ||
        (typeof port.targetPort === 'number' && sshPorts.has(port.targetPort)),
    );
    if (!forwardsSsh || Object.keys(spec?.selector ?? {}).length === 0) continue;
    const namespace = service.metadata.namespace ?? 'default';
    byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), service]);
  }
  sshServicesCache.set(snapshot, byNamespace);
  return byNamespace;
}

/** A Service in the pod's namespace that selects it and forwards an SSH port to it. */
function sshService(snapshot: ClusterSnapshot, site: PodSpecSite): K8sObject | undefined {
  return sshServicesByNamespace(snapshot)
    .get(site.namespace)
    ?.find((service) =>
      Object.entries((service.spec as ServiceSpec | undefined)?.selector ?? {}).every(
        ([key, value]) => site.podLabels[key] === value,
      ),
    );
}

/** A container that declares TCP port 22, where SSH servers listen. */
function sshContainerPort(site: PodSpecSite): string | undefined {
  for (const [index, container] of (site.spec.containers ?? []).entries())
    for (const [portIndex, port] of (container.ports ?? []).entries())
      if (port.containerPort === 22 && (port.protocol ?? 'TCP') === 'TCP')
        return `${site.pointer}/containers/${index}/ports/${portIndex}/containerPort`;
  return undefined;
}

function checkPodSpec(site: PodSpecSite, snapshot: ClusterSnapshot): RuleFinding | undefined {
  const service = sshService(snapshot, site);
  if (!service) {
    const pointer = sshContainerPort(site);
    return pointer === undefined
      ? undefined
      : ruleFinding(site.ref, 'declares container port 22 (SSH)', [{ pointer, value: 22 }]);
  }
  return ruleFinding(
    site.ref,
    `is reachable over SSH: Service ${service.metadata.name} forwards port 22/2222 to it`,
    [{ pointer: '/spec/ports', value: refOf(service) }],
  );
}

export const workloadSshExposedRule = defineRule({
  id: 'workload-ssh-exposed',
  title: 'Workloads should not run SSH servers',
  area: 'service',
  severity: 'high',
  rationale:
    'An SSH server in a container is a second way in that bypasses Kubernetes authentication, RBAC and audit: its keys or passwords live in the image, and anyone who finds them gets a shell.',
  remediation: {
    text: 'Remove the SSH server from the image and the port from the Service; use kubectl exec or an ephemeral debug container, which RBAC and the audit log cover.',
    example: 'kubectl debug -it pod/web --image=busybox --target=app',
  },
  reads: [...workloadKinds, 'services'],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0042'], 'kube-linter': ['ssh-port'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec, snapshot),
});
