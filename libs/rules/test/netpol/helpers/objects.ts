import type { ClusterSnapshot, K8sObject } from '../../../src/snapshot/snapshot.js';
import { snapshotKinds, type SnapshotKind } from '../../../src/snapshot/kinds.js';

type Port = { name?: string; containerPort: number; protocol?: string; hostPort?: number };

export const ns = (name: string, labels: Record<string, string> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

export const pod = (namespace: string, name: string, labels: Record<string, string> = {}, ports: Port[] = [], extra: Record<string, unknown> = {}): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
  spec: { containers: [{ name: 'c', image: 'img', ports }], ...extra },
});

export const netpol = (namespace: string, name: string, spec: Record<string, unknown>): K8sObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace },
  spec,
});

export const anp = (name: string, priority: number, spec: Record<string, unknown>): K8sObject => ({
  apiVersion: 'policy.networking.k8s.io/v1alpha1',
  kind: 'AdminNetworkPolicy',
  metadata: { name },
  spec: { priority, ...spec },
});

export const banp = (spec: Record<string, unknown>): K8sObject => ({
  apiVersion: 'policy.networking.k8s.io/v1alpha1',
  kind: 'BaselineAdminNetworkPolicy',
  metadata: { name: 'default' },
  spec,
});

export const cnp = (namespace: string | undefined, name: string, spec: Record<string, unknown>): K8sObject => ({
  apiVersion: 'cilium.io/v2',
  kind: namespace ? 'CiliumNetworkPolicy' : 'CiliumClusterwideNetworkPolicy',
  metadata: namespace ? { name, namespace } : { name },
  spec,
});

export const calico = (namespace: string | undefined, name: string, spec: Record<string, unknown>): K8sObject => ({
  apiVersion: 'crd.projectcalico.org/v1',
  kind: namespace ? 'NetworkPolicy' : 'GlobalNetworkPolicy',
  metadata: namespace ? { name, namespace } : { name },
  spec,
});

const pluralByKind = new Map<string, SnapshotKind>();
for (const [plural, info] of Object.entries(snapshotKinds)) pluralByKind.set(`${info.group}|${info.kind}`, plural as SnapshotKind);

/** A snapshot holding exactly these objects (kinds resolved by API group). */
export function snapshotOf(objects: K8sObject[], extra: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  const snapshot: ClusterSnapshot = {
    schemaVersion: 1,
    source: { type: 'manifests', location: '<test>' },
    collectedAt: '2026-01-01T00:00:00Z',
    resources: {},
    coverage: { gaps: [] },
    ...extra,
  };
  for (const o of objects) {
    const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0]! : '';
    const plural = pluralByKind.get(`${group}|${o.kind}`);
    if (!plural) throw new Error(`no snapshot kind for ${o.apiVersion} ${o.kind}`);
    (snapshot.resources[plural] ??= []).push(o);
  }
  return snapshot;
}
