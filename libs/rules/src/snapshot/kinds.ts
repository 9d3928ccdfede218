/**
 * The Kubernetes kinds a snapshot can hold, keyed by their plural resource name.
 * `optional` kinds are listed only where the cluster serves them (CRDs, removed APIs).
 */
export const snapshotKinds = {
  namespaces: { group: '', version: 'v1', kind: 'Namespace', namespaced: false },
  nodes: { group: '', version: 'v1', kind: 'Node', namespaced: false },
  pods: { group: '', version: 'v1', kind: 'Pod', namespaced: true },
  services: { group: '', version: 'v1', kind: 'Service', namespaced: true },
  configmaps: { group: '', version: 'v1', kind: 'ConfigMap', namespaced: true },
  secrets: { group: '', version: 'v1', kind: 'Secret', namespaced: true },
  serviceaccounts: { group: '', version: 'v1', kind: 'ServiceAccount', namespaced: true },
  resourcequotas: { group: '', version: 'v1', kind: 'ResourceQuota', namespaced: true },
  limitranges: { group: '', version: 'v1', kind: 'LimitRange', namespaced: true },
  replicationcontrollers: { group: '', version: 'v1', kind: 'ReplicationController', namespaced: true },
  podtemplates: { group: '', version: 'v1', kind: 'PodTemplate', namespaced: true },
  deployments: { group: 'apps', version: 'v1', kind: 'Deployment', namespaced: true },
  replicasets: { group: 'apps', version: 'v1', kind: 'ReplicaSet', namespaced: true },
  statefulsets: { group: 'apps', version: 'v1', kind: 'StatefulSet', namespaced: true },
  daemonsets: { group: 'apps', version: 'v1', kind: 'DaemonSet', namespaced: true },
  jobs: { group: 'batch', version: 'v1', kind: 'Job', namespaced: true },
  cronjobs: { group: 'batch', version: 'v1', kind: 'CronJob', namespaced: true },
  endpointslices: { group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', namespaced: true },
  ingresses: { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', namespaced: true },
  ingressclasses: { group: 'networking.k8s.io', version: 'v1', kind: 'IngressClass', namespaced: false },
  networkpolicies: { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', namespaced: true },
  roles: { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', namespaced: true },
  rolebindings: { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', namespaced: true },
  clusterroles: { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', namespaced: false },
  clusterrolebindings: {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRoleBinding',
    namespaced: false,
  },
  // Optional: read where served (every cluster serves them; older collectors and manifest scans may not hold them).
  persistentvolumeclaims: {
    group: '',
    version: 'v1',
    kind: 'PersistentVolumeClaim',
    namespaced: true,
    optional: true,
  },
  horizontalpodautoscalers: {
    group: 'autoscaling',
    version: 'v2',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
    optional: true,
  },
  poddisruptionbudgets: {
    group: 'policy',
    version: 'v1',
    kind: 'PodDisruptionBudget',
    namespaced: true,
    optional: true,
  },
  podsecuritypolicies: {
    group: 'policy',
    version: 'v1beta1',
    kind: 'PodSecurityPolicy',
    namespaced: false,
    optional: true,
  },
  validatingwebhookconfigurations: {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    kind: 'ValidatingWebhookConfiguration',
    namespaced: false,
    optional: true,
  },
  mutatingwebhookconfigurations: {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    kind: 'MutatingWebhookConfiguration',
    namespaced: false,
    optional: true,
  },
  adminnetworkpolicies: {
    group: 'policy.networking.k8s.io',
    version: 'v1alpha1',
    kind: 'AdminNetworkPolicy',
    namespaced: false,
    optional: true,
  },
  baselineadminnetworkpolicies: {
    group: 'policy.networking.k8s.io',
    version: 'v1alpha1',
    kind: 'BaselineAdminNetworkPolicy',
    namespaced: false,
    optional: true,
  },
  gateways: {
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    kind: 'Gateway',
    namespaced: true,
    optional: true,
  },
  httproutes: {
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    kind: 'HTTPRoute',
    namespaced: true,
    optional: true,
  },
  grpcroutes: {
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    kind: 'GRPCRoute',
    namespaced: true,
    optional: true,
  },
  // TLSRoute is served by the experimental channel only, at v1alpha2.
  tlsroutes: {
    group: 'gateway.networking.k8s.io',
    version: 'v1alpha2',
    kind: 'TLSRoute',
    namespaced: true,
    optional: true,
  },
  // TCPRoute and UDPRoute, like TLSRoute, are served by the experimental channel only, at v1alpha2.
  tcproutes: {
    group: 'gateway.networking.k8s.io',
    version: 'v1alpha2',
    kind: 'TCPRoute',
    namespaced: true,
    optional: true,
  },
  udproutes: {
    group: 'gateway.networking.k8s.io',
    version: 'v1alpha2',
    kind: 'UDPRoute',
    namespaced: true,
    optional: true,
  },
  referencegrants: {
    group: 'gateway.networking.k8s.io',
    version: 'v1beta1',
    kind: 'ReferenceGrant',
    namespaced: true,
    optional: true,
  },
  // Istio's Gateway (resource `gateways` in networking.istio.io); older Istio serves v1beta1, which discovery falls back to.
  istiogateways: {
    group: 'networking.istio.io',
    version: 'v1',
    kind: 'Gateway',
    namespaced: true,
    optional: true,
  },
  virtualservices: {
    group: 'networking.istio.io',
    version: 'v1',
    kind: 'VirtualService',
    namespaced: true,
    optional: true,
  },
  ciliumnetworkpolicies: {
    group: 'cilium.io',
    version: 'v2',
    kind: 'CiliumNetworkPolicy',
    namespaced: true,
    optional: true,
  },
  ciliumclusterwidenetworkpolicies: {
    group: 'cilium.io',
    version: 'v2',
    kind: 'CiliumClusterwideNetworkPolicy',
    namespaced: false,
    optional: true,
  },
  caliconetworkpolicies: {
    group: 'crd.projectcalico.org',
    version: 'v1',
    kind: 'NetworkPolicy',
    namespaced: true,
    optional: true,
  },
  calicoglobalnetworkpolicies: {
    group: 'crd.projectcalico.org',
    version: 'v1',
    kind: 'GlobalNetworkPolicy',
    namespaced: false,
    optional: true,
  },
} as const satisfies Record<string, KindInfo>;

export interface KindInfo {
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
  optional?: boolean;
}

/** Plural resource name of a kind a snapshot can hold, e.g. `networkpolicies`. */
export type SnapshotKind = keyof typeof snapshotKinds;

export const allSnapshotKinds = Object.keys(snapshotKinds) as SnapshotKind[];

/** `apps/v1`-style apiVersion of a snapshot kind. */
export function apiVersionOf(kind: SnapshotKind): string {
  const info: KindInfo = snapshotKinds[kind];
  return info.group === '' ? info.version : `${info.group}/${info.version}`;
}
