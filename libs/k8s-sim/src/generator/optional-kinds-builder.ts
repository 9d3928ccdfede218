import type { K8sObject } from '../api/k8s-object.js';
import type { ClusterPlan } from './cluster-plan.js';
import { makeObject } from './object-factory.js';

/** Families of optional APIs the generator can add; the simulator serves their kinds only when present. */
export type OptionalKindFamily = 'gateway-api' | 'istio' | 'cilium' | 'calico' | 'admin-network-policy' | 'psp';
export const optionalKindFamilies: readonly OptionalKindFamily[] = [
  'gateway-api',
  'istio',
  'cilium',
  'calico',
  'admin-network-policy',
  'psp',
];

/** A few objects of each requested family, in the first team namespaces. */
export function* optionalKindObjects(
  plan: ClusterPlan,
  families: readonly OptionalKindFamily[],
): Generator<K8sObject> {
  const teamNs = plan.namespaces.slice(0, 3);
  if (families.includes('gateway-api')) {
    yield makeObject(
      'gateway.networking.k8s.io/v1',
      'GatewayClass',
      { name: 'envoy' },
      { spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' } },
    );
    yield makeObject(
      'gateway.networking.k8s.io/v1',
      'Gateway',
      { name: 'public', namespace: 'ingress-nginx' },
      {
        spec: {
          gatewayClassName: 'envoy',
          listeners: [
            {
              name: 'https',
              protocol: 'HTTPS',
              port: 443,
              allowedRoutes: { namespaces: { from: 'All' } },
              tls: { certificateRefs: [{ name: 'wildcard-tls' }] },
            },
          ],
        },
      },
    );
    for (const ns of teamNs) {
      const app = ns.workloads.find((w) => w.service)?.name ?? 'api';
      yield makeObject(
        'gateway.networking.k8s.io/v1',
        'HTTPRoute',
        { name: app, namespace: ns.name },
        {
          spec: {
            parentRefs: [{ name: 'public', namespace: 'ingress-nginx' }],
            hostnames: [`${app}.${ns.name}.example.com`],
            rules: [{ backendRefs: [{ name: app, port: 80 }] }],
          },
        },
      );
    }
    const [first, second] = teamNs;
    if (first) {
      const app = first.workloads.find((w) => w.service)?.name ?? 'api';
      yield makeObject(
        'gateway.networking.k8s.io/v1',
        'GRPCRoute',
        { name: `${app}-grpc`, namespace: first.name },
        {
          spec: {
            parentRefs: [{ name: 'public', namespace: 'ingress-nginx' }],
            rules: [{ backendRefs: [{ name: app, port: 80 }] }],
          },
        },
      );
    }
    if (second) {
      const app = second.workloads.find((w) => w.service)?.name ?? 'api';
      yield makeObject(
        'gateway.networking.k8s.io/v1alpha2',
        'TLSRoute',
        { name: `${app}-tls`, namespace: second.name },
        {
          spec: {
            parentRefs: [{ name: 'public', namespace: 'ingress-nginx' }],
            rules: [{ backendRefs: [{ name: app, port: 443 }] }],
          },
        },
      );
    }
  }
  if (families.includes('istio')) {
    yield makeObject(
      'networking.istio.io/v1',
      'Gateway',
      { name: 'public', namespace: 'ingress-nginx' },
      {
        spec: {
          selector: { istio: 'ingressgateway' },
          servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'] }],
        },
      },
    );
    for (const ns of teamNs) {
      const app = ns.workloads.find((w) => w.service)?.name ?? 'api';
      yield makeObject(
        'networking.istio.io/v1',
        'VirtualService',
        { name: app, namespace: ns.name },
        {
          spec: {
            hosts: [`${app}.${ns.name}.example.com`],
            gateways: ['ingress-nginx/public'],
            http: [{ route: [{ destination: { host: `${app}.${ns.name}.svc.cluster.local`, port: { number: 80 } } }] }],
          },
        },
      );
    }
  }
  if (families.includes('cilium')) {
    for (const ns of teamNs) {
      yield makeObject(
        'cilium.io/v2',
        'CiliumNetworkPolicy',
        { name: 'allow-dns-fqdn', namespace: ns.name },
        {
          spec: {
            endpointSelector: {},
            egress: [
              {
                toEndpoints: [
                  {
                    matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s-app': 'kube-dns' },
                  },
                ],
                toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }] }],
              },
              { toFQDNs: [{ matchPattern: '*.example.com' }] },
            ],
          },
        },
      );
    }
    yield makeObject(
      'cilium.io/v2',
      'CiliumClusterwideNetworkPolicy',
      { name: 'deny-metadata-api' },
      {
        spec: { endpointSelector: {}, egressDeny: [{ toCIDR: ['169.254.169.254/32'] }] },
      },
    );
  }
  if (families.includes('calico')) {
    for (const ns of teamNs) {
      yield makeObject(
        'crd.projectcalico.org/v1',
        'NetworkPolicy',
        { name: 'allow-monitoring', namespace: ns.name },
        {
          spec: {
            selector: 'all()',
            types: ['Ingress'],
            ingress: [
              {
                action: 'Allow',
                source: { namespaceSelector: "kubernetes.io/metadata.name == 'monitoring'" },
              },
            ],
          },
        },
      );
    }
    yield makeObject(
      'crd.projectcalico.org/v1',
      'GlobalNetworkPolicy',
      { name: 'default-deny-egress-internet' },
      {
        spec: {
          selector: "projectcalico.org/namespace != 'kube-system'",
          types: ['Egress'],
          egress: [{ action: 'Deny', destination: { nets: ['0.0.0.0/0'] } }],
          order: 1000,
        },
      },
    );
  }
  if (families.includes('admin-network-policy')) {
    yield makeObject(
      'policy.networking.k8s.io/v1alpha1',
      'AdminNetworkPolicy',
      { name: 'protect-kube-system' },
      {
        spec: {
          priority: 10,
          subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } },
          ingress: [{ name: 'deny-all-ingress', action: 'Deny', from: [{ namespaces: {} }] }],
        },
      },
    );
    yield makeObject(
      'policy.networking.k8s.io/v1alpha1',
      'BaselineAdminNetworkPolicy',
      { name: 'default' },
      {
        spec: {
          subject: { namespaces: {} },
          ingress: [{ name: 'default-deny', action: 'Deny', from: [{ namespaces: {} }] }],
        },
      },
    );
  }
  if (families.includes('psp')) {
    yield makeObject(
      'policy/v1beta1',
      'PodSecurityPolicy',
      { name: 'privileged' },
      {
        spec: {
          privileged: true,
          allowPrivilegeEscalation: true,
          hostNetwork: true,
          hostPID: true,
          volumes: ['*'],
          runAsUser: { rule: 'RunAsAny' },
          seLinux: { rule: 'RunAsAny' },
          fsGroup: { rule: 'RunAsAny' },
          supplementalGroups: { rule: 'RunAsAny' },
        },
      },
    );
    yield makeObject(
      'policy/v1beta1',
      'PodSecurityPolicy',
      { name: 'restricted' },
      {
        spec: {
          privileged: false,
          allowPrivilegeEscalation: false,
          requiredDropCapabilities: ['ALL'],
          volumes: ['configMap', 'emptyDir', 'secret', 'projected'],
          runAsUser: { rule: 'MustRunAsNonRoot' },
          seLinux: { rule: 'RunAsAny' },
          fsGroup: { rule: 'MustRunAs', ranges: [{ min: 1, max: 65535 }] },
          supplementalGroups: { rule: 'MustRunAs', ranges: [{ min: 1, max: 65535 }] },
        },
      },
    );
  }
}
