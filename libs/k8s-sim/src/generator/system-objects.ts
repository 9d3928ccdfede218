import type { K8sObject } from '../api/k8s-object.js';
import {
  systemDaemonSets,
  systemDeployments,
  type ClusterPlan,
  type PodTemplateFlags,
  type WorkloadPlan,
} from './cluster-plan.js';
import { namespaceObject } from './cluster-objects.js';
import { rootCaConfigMap } from './config-builder.js';
import { Rng } from './generator-random.js';
import { makeObject } from './object-factory.js';
import type { Placement } from './placement.js';
import { podSpec, secureFlags } from './pod-template-builder.js';
import { serviceObjects } from './service-builder.js';
import { podObject, workloadObjects, type ServiceTarget } from './workload-builder.js';

/** System namespaces: control-plane add-ons, the DaemonSets on every node, and their services. */
export function* systemObjects(plan: ClusterPlan, placement: Placement): Generator<K8sObject> {
  const rng = new Rng(plan.seed * 104_729);
  for (const [i, name] of plan.systemNamespaces.entries()) {
    yield namespaceObject(name, {}, name === 'kube-system' ? 'privileged' : 'none', i);
    yield makeObject('v1', 'ServiceAccount', { name: 'default', namespace: name, createdMinute: i });
    yield rootCaConfigMap(name, i);
  }
  yield* serviceObjects('default', 'kubernetes', undefined, 'ClusterIP', placement, rng, 0, 443);
  const dsFlags: Record<(typeof systemDaemonSets)[number], PodTemplateFlags> = {
    'kube-proxy': { ...secureFlags, privileged: true, hostNetwork: true, mayRunAsRoot: true, hostPath: true },
    'cni-agent': { ...secureFlags, privileged: true, hostNetwork: true, mayRunAsRoot: true, hostPath: true },
    'node-exporter': { ...secureFlags, hostNetwork: true, hostPID: true, hostPath: true },
  };
  for (const name of systemDaemonSets) {
    const labels = { 'k8s-app': name };
    const flags = dsFlags[name];
    const spec = podSpec({
      containers: [{ name, image: `registry.k8s.io/${name}:v1.32.4`, flags }],
      serviceAccount: name,
      flags,
      extra: { tolerations: [{ operator: 'Exists' }], priorityClassName: 'system-node-critical' },
    });
    yield makeObject('v1', 'ServiceAccount', { name, namespace: 'kube-system', createdMinute: 2 });
    const ds = makeObject(
      'apps/v1',
      'DaemonSet',
      { name, namespace: 'kube-system', labels, createdMinute: 3 },
      {
        spec: {
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec },
          updateStrategy: { type: 'RollingUpdate' },
        },
        status: {
          desiredNumberScheduled: plan.nodes,
          currentNumberScheduled: plan.nodes,
          numberReady: plan.nodes,
          numberAvailable: plan.nodes,
          updatedNumberScheduled: plan.nodes,
        },
      },
    );
    yield ds;
    for (let n = 0; n < plan.nodes; n++) {
      yield podObject(
        `${name}-${rng.suffix(5)}`,
        'kube-system',
        { ...labels, 'controller-revision-hash': '6d4f8b7c9' },
        ds,
        spec,
        placement.slotOn(n, flags.hostNetwork),
        'Running',
        4,
        0,
      );
    }
  }
  for (const [namespace, name, replicas, hasService] of systemDeployments) {
    const flags: PodTemplateFlags =
      name === 'ingress-nginx-controller' ? { ...secureFlags, allowPrivilegeEscalation: true } : secureFlags;
    const w: WorkloadPlan = {
      kind: 'Deployment',
      name,
      replicas,
      flags,
      oldReplicaSet: false,
      ...(hasService ? { service: name === 'ingress-nginx-controller' ? 'LoadBalancer' : 'ClusterIP' } : {}),
    };
    const targets: ServiceTarget[] = [];
    // coredns carries the label NetworkPolicies use to allow DNS egress.
    yield* workloadObjects(
      { name: namespace, team: 'platform' },
      w,
      rng,
      placement,
      5,
      targets,
      name === 'coredns' ? { 'k8s-app': 'kube-dns' } : {},
    );
    for (const t of targets)
      yield* serviceObjects(
        namespace,
        name === 'coredns' ? 'kube-dns' : name,
        t,
        w.service ?? 'ClusterIP',
        placement,
        rng,
        6,
      );
  }
}
