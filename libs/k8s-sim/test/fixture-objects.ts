import type { K8sObject } from '../src/index.js';

/** `count` pods spread over namespaces ns-a, ns-b, ns-c, with labels and phases to select on. */
export function pods(count: number): K8sObject[] {
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `pod-${String(i).padStart(3, '0')}`,
      namespace: ['ns-a', 'ns-b', 'ns-c'][i % 3]!,
      labels: { app: i % 2 === 0 ? 'web' : 'api', tier: i % 5 === 0 ? 'edge' : 'core' },
    },
    spec: { nodeName: `node-${i % 2}`, containers: [{ name: 'main', image: 'nginx:1.27' }] },
    status: { phase: i % 7 === 0 ? 'Pending' : 'Running', podIP: `10.1.0.${i + 1}` },
  }));
}

export const namespaces: K8sObject[] = ['ns-a', 'ns-b', 'ns-c'].map((name) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
}));

export const secret: K8sObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'ns-a' },
  type: 'Opaque',
  data: { password: 'c2VjcmV0' },
};

export const networkPolicy: K8sObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'default-deny', namespace: 'ns-a' },
  spec: { podSelector: {}, policyTypes: ['Ingress'] },
};
