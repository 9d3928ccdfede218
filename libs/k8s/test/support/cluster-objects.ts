import type { K8sObject } from '@meshguard/k8s-sim';

/** A small, predictable cluster: `namespaces` namespaces, each with `podsPerNamespace` pods, a service, a policy and a configmap. */
export function clusterObjects(options: { namespaces: number; podsPerNamespace: number }): K8sObject[] {
  const objects: K8sObject[] = [];
  for (let n = 0; n < options.namespaces; n++) {
    const namespace = `team-${n}`;
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, uid: `ns-${n}`, labels: { team: `t${n}` } },
    });
    for (let p = 0; p < options.podsPerNamespace; p++) {
      objects.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `web-${p}`,
          namespace,
          uid: `pod-${n}-${p}`,
          labels: { app: 'web' },
          managedFields: [
            { manager: 'kube-controller-manager', operation: 'Update', fieldsV1: { 'f:metadata': {} } },
          ],
        },
        spec: { containers: [{ name: 'web', image: `registry.example/web:${p % 7}` }] },
        status: { phase: 'Running', podIP: `10.${n}.${Math.floor(p / 250)}.${p % 250}` },
      });
    }
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace },
      data: { LOG_LEVEL: 'info' },
    });
  }
  objects.push({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-a' },
    spec: { podCIDRs: ['10.244.0.0/24'] },
    status: { images: [{ names: ['x'], sizeBytes: 1 }] },
  });
  return objects;
}
