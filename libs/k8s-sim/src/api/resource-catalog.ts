/** What the simulator knows about one API resource: enough for discovery, routing and kubectl. */
export interface ResourceType {
  group: string;
  version: string;
  /** Plural resource name, the URL segment (`networkpolicies`). */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Optional kinds (CRDs, removed APIs) are served only when the data holds them or the caller asks for them. */
  optional?: boolean;
}

const readVerbs = ['get', 'list', 'watch'];
/** Verbs advertised in discovery; the simulator itself only serves the read verbs. */
export const advertisedVerbs = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
export const readOnlyVerbs: readonly string[] = readVerbs;

function type(
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  extra: Partial<Pick<ResourceType, 'shortNames' | 'categories' | 'optional' | 'singular'>> = {},
): ResourceType {
  return {
    group,
    version,
    resource,
    kind,
    namespaced,
    singular: extra.singular ?? kind.toLowerCase(),
    ...extra,
  };
}

/** Every resource type the simulator can serve, in discovery order. */
export const resourceCatalog: readonly ResourceType[] = [
  type('', 'v1', 'namespaces', 'Namespace', false, { shortNames: ['ns'] }),
  type('', 'v1', 'nodes', 'Node', false, { shortNames: ['no'] }),
  type('', 'v1', 'pods', 'Pod', true, { shortNames: ['po'], categories: ['all'] }),
  type('', 'v1', 'services', 'Service', true, { shortNames: ['svc'], categories: ['all'] }),
  type('', 'v1', 'endpoints', 'Endpoints', true, { shortNames: ['ep'], singular: 'endpoints' }),
  type('', 'v1', 'configmaps', 'ConfigMap', true, { shortNames: ['cm'] }),
  type('', 'v1', 'secrets', 'Secret', true),
  type('', 'v1', 'serviceaccounts', 'ServiceAccount', true, { shortNames: ['sa'] }),
  type('', 'v1', 'resourcequotas', 'ResourceQuota', true, { shortNames: ['quota'] }),
  type('', 'v1', 'limitranges', 'LimitRange', true, { shortNames: ['limits'] }),
  type('', 'v1', 'replicationcontrollers', 'ReplicationController', true, {
    shortNames: ['rc'],
    categories: ['all'],
  }),
  type('', 'v1', 'podtemplates', 'PodTemplate', true),
  type('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, { shortNames: ['pvc'] }),
  type('', 'v1', 'persistentvolumes', 'PersistentVolume', false, { shortNames: ['pv'] }),
  type('', 'v1', 'events', 'Event', true, { shortNames: ['ev'] }),
  type('apps', 'v1', 'deployments', 'Deployment', true, { shortNames: ['deploy'], categories: ['all'] }),
  type('apps', 'v1', 'replicasets', 'ReplicaSet', true, { shortNames: ['rs'], categories: ['all'] }),
  type('apps', 'v1', 'statefulsets', 'StatefulSet', true, { shortNames: ['sts'], categories: ['all'] }),
  type('apps', 'v1', 'daemonsets', 'DaemonSet', true, { shortNames: ['ds'], categories: ['all'] }),
  type('batch', 'v1', 'jobs', 'Job', true, { categories: ['all'] }),
  type('batch', 'v1', 'cronjobs', 'CronJob', true, { shortNames: ['cj'], categories: ['all'] }),
  type('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, {
    shortNames: ['hpa'],
    categories: ['all'],
  }),
  type('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
  type('networking.k8s.io', 'v1', 'ingresses', 'Ingress', true, { shortNames: ['ing'] }),
  type('networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', false),
  type('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', true, { shortNames: ['netpol'] }),
  type('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, { shortNames: ['pdb'] }),
  type('rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true),
  type('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true),
  type('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
  type('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false),
  type(
    'admissionregistration.k8s.io',
    'v1',
    'validatingwebhookconfigurations',
    'ValidatingWebhookConfiguration',
    false,
  ),
  type(
    'admissionregistration.k8s.io',
    'v1',
    'mutatingwebhookconfigurations',
    'MutatingWebhookConfiguration',
    false,
  ),
  type('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', false, {
    shortNames: ['crd', 'crds'],
  }),
  type('policy', 'v1beta1', 'podsecuritypolicies', 'PodSecurityPolicy', false, {
    shortNames: ['psp'],
    optional: true,
  }),
  type('policy.networking.k8s.io', 'v1alpha1', 'adminnetworkpolicies', 'AdminNetworkPolicy', false, {
    shortNames: ['anp'],
    optional: true,
  }),
  type(
    'policy.networking.k8s.io',
    'v1alpha1',
    'baselineadminnetworkpolicies',
    'BaselineAdminNetworkPolicy',
    false,
    {
      shortNames: ['banp'],
      optional: true,
    },
  ),
  type('gateway.networking.k8s.io', 'v1', 'gateways', 'Gateway', true, {
    shortNames: ['gtw'],
    categories: ['gateway-api'],
    optional: true,
  }),
  type('gateway.networking.k8s.io', 'v1', 'httproutes', 'HTTPRoute', true, {
    categories: ['gateway-api'],
    optional: true,
  }),
  type('gateway.networking.k8s.io', 'v1', 'grpcroutes', 'GRPCRoute', true, {
    categories: ['gateway-api'],
    optional: true,
  }),
  // The experimental channel serves TLSRoute at v1alpha2 only.
  type('gateway.networking.k8s.io', 'v1alpha2', 'tlsroutes', 'TLSRoute', true, {
    categories: ['gateway-api'],
    optional: true,
  }),
  type('gateway.networking.k8s.io', 'v1alpha2', 'tcproutes', 'TCPRoute', true, {
    categories: ['gateway-api'],
    optional: true,
  }),
  type('gateway.networking.k8s.io', 'v1alpha2', 'udproutes', 'UDPRoute', true, {
    categories: ['gateway-api'],
    optional: true,
  }),
  type('gateway.networking.k8s.io', 'v1beta1', 'referencegrants', 'ReferenceGrant', true, {
    shortNames: ['refgrant'],
    categories: ['gateway-api'],
    optional: true,
  }),
  type('networking.istio.io', 'v1', 'gateways', 'Gateway', true, {
    shortNames: ['gw'],
    categories: ['istio-io', 'networking-istio-io'],
    optional: true,
  }),
  type('networking.istio.io', 'v1', 'virtualservices', 'VirtualService', true, {
    shortNames: ['vs'],
    categories: ['istio-io', 'networking-istio-io'],
    optional: true,
  }),
  type('gateway.networking.k8s.io', 'v1', 'gatewayclasses', 'GatewayClass', false, {
    shortNames: ['gc'],
    categories: ['gateway-api'],
    optional: true,
  }),
  type('cilium.io', 'v2', 'ciliumnetworkpolicies', 'CiliumNetworkPolicy', true, {
    shortNames: ['cnp', 'ciliumnp'],
    categories: ['cilium'],
    optional: true,
  }),
  type('cilium.io', 'v2', 'ciliumclusterwidenetworkpolicies', 'CiliumClusterwideNetworkPolicy', false, {
    shortNames: ['ccnp'],
    categories: ['cilium'],
    optional: true,
  }),
  type('crd.projectcalico.org', 'v1', 'networkpolicies', 'NetworkPolicy', true, { optional: true }),
  type('crd.projectcalico.org', 'v1', 'globalnetworkpolicies', 'GlobalNetworkPolicy', false, {
    optional: true,
  }),
];

/** `apps/v1`-style apiVersion of a resource type. */
export function groupVersionOf(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

const byApiVersionAndKind = new Map(resourceCatalog.map((t) => [`${groupVersionOf(t)}|${t.kind}`, t]));

/** The catalog entry for an object's apiVersion + kind, if the simulator knows it. */
export function resourceTypeForObject(apiVersion: string, kind: string): ResourceType | undefined {
  return byApiVersionAndKind.get(`${apiVersion}|${kind}`);
}
