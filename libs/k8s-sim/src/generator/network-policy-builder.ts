import type { K8sObject } from '../api/k8s-object.js';
import type { NamespacePlan } from './cluster-plan.js';
import { makeObject } from './object-factory.js';

const api = 'networking.k8s.io/v1';

/** The namespace's NetworkPolicies: its default-deny (if any) and allow-policies, flagged ones as planned. */
export function* networkPolicies(ns: NamespacePlan, apps: string[], minute: number): Generator<K8sObject> {
  if (ns.netpol === 'none' || ns.networkPolicies === 0) return;
  const labels = { team: ns.team };
  let allowCount = ns.networkPolicies;
  if (ns.netpol === 'deny-all' || ns.netpol === 'deny-ingress') {
    allowCount--;
    const both = ns.netpol === 'deny-all';
    yield makeObject(
      api,
      'NetworkPolicy',
      {
        name: both ? 'default-deny-all' : 'default-deny-ingress',
        namespace: ns.name,
        labels,
        createdMinute: minute,
      },
      {
        spec: { podSelector: {}, policyTypes: both ? ['Ingress', 'Egress'] : ['Ingress'] },
      },
    );
  }
  const allowAll = new Set(ns.allowAllIngressPolicies);
  const anywhere = new Set(ns.egressAnywherePolicies);
  const names = new Map<string, number>();
  for (let k = 0; k < allowCount; k++) {
    const app = apps.length > 0 ? apps[k % apps.length]! : 'all';
    const source = apps.length > 1 ? apps[(k + 1) % apps.length]! : 'frontend';
    const base = allowAll.has(k) ? `allow-all-to-${app}` : `allow-${app}-ingress`;
    const seen = (names.get(base) ?? 0) + 1;
    names.set(base, seen);
    const egress = ns.netpol === 'deny-all' || anywhere.has(k);
    const spec: Record<string, unknown> = {
      podSelector: apps.length > 0 ? { matchLabels: { app } } : {},
      policyTypes: egress ? ['Ingress', 'Egress'] : ['Ingress'],
      ingress: allowAll.has(k)
        ? [{}]
        : [
            {
              from: [
                { podSelector: { matchLabels: { app: source } } },
                { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
                {
                  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
                  podSelector: { matchLabels: { app: 'prometheus' } },
                },
              ],
              ports: [{ protocol: 'TCP', port: 8080 }],
            },
          ],
    };
    if (egress) {
      spec.egress = anywhere.has(k)
        ? [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }]
        : [
            {
              to: [
                {
                  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
                },
              ],
              ports: [
                { protocol: 'UDP', port: 53 },
                { protocol: 'TCP', port: 53 },
              ],
            },
            {
              to: [
                {
                  podSelector: {
                    matchExpressions: [{ key: 'app', operator: 'In', values: [source, 'db', 'cache'] }],
                  },
                },
              ],
            },
          ];
    }
    yield makeObject(
      api,
      'NetworkPolicy',
      { name: seen === 1 ? base : `${base}-${seen}`, namespace: ns.name, labels, createdMinute: minute + k },
      { spec },
    );
  }
}
