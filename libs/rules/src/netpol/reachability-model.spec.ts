import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot, K8sObject } from '../snapshot/snapshot.js';
import { buildReachabilityModel } from './reachability-model.js';

const replicaSetPod = (name: string, labels: Record<string, string>, portName = 'http'): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'shop',
    labels,
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f', uid: 'u', controller: true }],
  },
  spec: { containers: [{ name: 'web', image: 'web', ports: [{ name: portName, containerPort: 8080 }] }] },
});

const snapshot = (pods: K8sObject[], selector: Record<string, string>): ClusterSnapshot => ({
  schemaVersion: 1,
  source: { type: 'manifests', location: '<test>' },
  collectedAt: '2026-01-01T00:00:00Z',
  resources: {
    pods,
    networkpolicies: [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'pick', namespace: 'shop' },
        spec: { podSelector: { matchLabels: selector }, policyTypes: ['Ingress'] },
      },
    ],
  },
  coverage: { gaps: [] },
});

const classCounts = (model: ReturnType<typeof buildReachabilityModel>): number[] =>
  model.workloads.map((workload) => workload.classIds.length);

describe('buildReachabilityModel pod classes', () => {
  it('puts pods of one controller that differ only in labels no policy reads into one class', () => {
    const model = buildReachabilityModel(
      snapshot(
        [
          replicaSetPod('web-1', { app: 'web', 'pod-template-hash': '5d8f', 'pod-name': 'web-1' }),
          replicaSetPod('web-2', { app: 'web', 'pod-template-hash': '5d8f', 'pod-name': 'web-2' }),
        ],
        { app: 'web' },
      ),
    );
    expect(classCounts(model)).toEqual([1]);
    expect(model.classes[model.workloads[0]!.classIds[0]!]!.podCount).toBe(2);
  });

  it('splits pods of one controller on a label some policy reads, on named ports and on extra read labels', () => {
    const byPodName = buildReachabilityModel(
      snapshot(
        [
          replicaSetPod('web-1', { app: 'web', 'pod-name': 'web-1' }),
          replicaSetPod('web-2', { app: 'web', 'pod-name': 'web-2' }),
          replicaSetPod('web-3', { app: 'web', 'pod-name': 'web-1' }),
        ],
        { 'pod-name': 'web-1' },
      ),
    );
    expect(classCounts(byPodName)).toEqual([2]);
    const byPort = buildReachabilityModel(
      snapshot([replicaSetPod('web-1', { app: 'web' }), replicaSetPod('web-2', { app: 'web' }, 'metrics')], { app: 'web' }),
    );
    expect(classCounts(byPort)).toEqual([2]);
    const byExtraLabel = buildReachabilityModel(
      snapshot(
        [replicaSetPod('web-1', { app: 'web' }), replicaSetPod('web-2', { app: 'web', 'pod-name': 'x' })],
        { 'pod-name': 'x' },
      ),
    );
    expect(classCounts(byExtraLabel)).toEqual([2]);
  });
});
