import { describe, expect, it } from 'vitest';
import { connectivity } from '../../src/netpol/connectivity.js';
import { formatConnectivity } from '../../src/netpol/connectivity-format.js';
import { exposure, exposureLevels } from '../../src/netpol/exposure.js';
import { buildReachabilityModel } from '../../src/netpol/reachability-model.js';
import { routeBackends } from '../../src/netpol/route-backends.js';
import { snapshotFromYaml } from './helpers/load-manifests.js';

/** A workload with its Service, in `namespace`, serving `port`. */
function app(namespace: string, name: string, port: number, labels: Record<string, string> = {}): string {
  const podLabels = JSON.stringify({ app: name, ...labels });
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: ${podLabels}}
    spec: {containers: [{name: ${name}, image: ${name}:1, ports: [{containerPort: ${port}, name: main}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec: {selector: {app: ${name}}, ports: [{name: main, port: 80, targetPort: ${port}}]}
`;
}

const namespaces = ['gateways', 'shop', 'payments', 'istio-system']
  .map((name) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: {team: ${name}}}`)
  .join('\n---\n');

const gatewayApi = `
${namespaces}
---
${app('gateways', 'envoy-public', 10080, { 'gateway.networking.k8s.io/gateway-name': 'public' })}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: public, namespace: gateways}
spec:
  gatewayClassName: envoy
  listeners:
    - {name: https, protocol: HTTPS, port: 443, allowedRoutes: {namespaces: {from: All}}}
    - {name: tls, protocol: TLS, port: 8443, allowedRoutes: {namespaces: {from: Same}, kinds: [{kind: TLSRoute}]}}
---
${app('shop', 'storefront', 8080)}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: storefront, namespace: shop}
spec:
  parentRefs: [{name: public, namespace: gateways, sectionName: https}]
  rules: [{backendRefs: [{name: storefront, port: 80}]}]
---
${app('shop', 'catalog', 9090)}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: catalog, namespace: shop}
spec:
  parentRefs: [{name: public, namespace: gateways}]
  rules: [{backendRefs: [{name: catalog, port: 80}]}]
---
${app('shop', 'ledger', 7000)}
---
# The TLS listener admits routes from its own namespace only: this one is not attached.
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata: {name: ledger, namespace: shop}
spec:
  parentRefs: [{name: public, namespace: gateways, sectionName: tls}]
  rules: [{backendRefs: [{name: ledger, port: 80}]}]
---
${app('gateways', 'broker', 7443)}
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata: {name: broker, namespace: gateways}
spec:
  parentRefs: [{name: public, sectionName: tls}]
  rules: [{backendRefs: [{name: broker, port: 80}]}]
---
${app('shop', 'recommendations', 8081)}
---
# GAMMA: a route whose parent is a Service routes mesh traffic inside the cluster.
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: recommendations-canary, namespace: shop}
spec:
  parentRefs: [{group: "", kind: Service, name: recommendations}]
  rules: [{backendRefs: [{name: recommendations, port: 80}]}]
---
${app('payments', 'charges', 8443)}
---
# Crosses into payments, which grants HTTPRoutes from shop nothing.
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: charges, namespace: shop}
spec:
  parentRefs: [{name: public, namespace: gateways}]
  rules: [{backendRefs: [{name: charges, namespace: payments, port: 80}]}]
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: from-gateways, namespace: payments}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: gateways}]
  to: [{group: "", kind: Service}]
---
# catalog admits only the gateway's pods; storefront admits nothing at all.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: catalog-from-gateway, namespace: shop}
spec:
  podSelector: {matchLabels: {app: catalog}}
  ingress:
    - from: [{namespaceSelector: {matchLabels: {team: gateways}}, podSelector: {matchLabels: {gateway.networking.k8s.io/gateway-name: public}}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: storefront-deny, namespace: shop}
spec:
  podSelector: {matchLabels: {app: storefront}}
  policyTypes: [Ingress]
`;

const istio = `
${namespaces}
---
${app('istio-system', 'istio-ingressgateway', 8443, { istio: 'ingressgateway' })}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 443, name: https, protocol: HTTPS}, hosts: ["*"]}]
---
${app('shop', 'storefront', 8080)}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: storefront, namespace: shop}
spec:
  hosts: [shop.example.com]
  gateways: [istio-system/public]
  http: [{route: [{destination: {host: storefront.shop.svc.cluster.local, port: {number: 80}}}]}]
---
${app('shop', 'reviews', 9080)}
---
# No gateways: the sidecars only (mesh), inside the cluster.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
  http: [{route: [{destination: {host: reviews}}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: storefront-from-gateway, namespace: shop}
spec:
  podSelector: {matchLabels: {app: storefront}}
  ingress:
    - from: [{namespaceSelector: {matchLabels: {team: istio-system}}, podSelector: {matchLabels: {istio: ingressgateway}}}]
`;

function entries(yaml: string): Map<string, string[]> {
  const model = buildReachabilityModel(snapshotFromYaml(yaml));
  return new Map(
    exposure(model).map((e) => [
      e.workload.key,
      [
        ...e.entryPoints.map((p) => `${p.object} ${p.allowed.toString()}`),
        ...e.blocked.map((p) => `blocked ${p.object}`),
      ],
    ]),
  );
}

describe('exposure through Gateway API routes', () => {
  const byKey = entries(gatewayApi);

  it('joins HTTPRoute and GRPCRoute backends with what policies admit from the gateway pods', () => {
    expect(byKey.get('shop/catalog[Deployment]')).toEqual([
      'GRPCRoute shop/catalog → Service catalog:80 TCP 9090',
    ]);
    expect(byKey.get('shop/storefront[Deployment]')).toEqual([
      'blocked HTTPRoute shop/storefront → Service storefront:80',
    ]);
  });

  it('attaches a TLSRoute only where the listener admits its namespace and kind', () => {
    expect(byKey.get('gateways/broker[Deployment]')).toEqual([
      'TLSRoute gateways/broker → Service broker:80 TCP 7443',
    ]);
    expect(byKey.get('shop/ledger[Deployment]')).toEqual([]);
  });

  it('keeps GAMMA mesh routes and cross-namespace backends without a ReferenceGrant inside the cluster', () => {
    expect(byKey.get('shop/recommendations[Deployment]')).toEqual([]);
    expect(byKey.get('payments/charges[Deployment]')).toEqual([]);
    const granted = gatewayApi.replace('namespace: gateways}]\n  to:', 'namespace: shop}]\n  to:');
    expect(entries(granted).get('payments/charges[Deployment]')).toEqual([
      'HTTPRoute shop/charges → Service payments/charges:80 TCP 8443',
    ]);
  });

  it('grades the verdicts and draws the gateway as the ingress controller in connectivity', () => {
    const model = buildReachabilityModel(snapshotFromYaml(gatewayApi));
    const levels = exposureLevels(model);
    expect(levels.get('shop/catalog[Deployment]')).toBe('internet');
    expect(levels.get('shop/storefront[Deployment]')).toBe('isolated');
    expect(levels.get('shop/recommendations[Deployment]')).toBe('cluster');
    expect(formatConnectivity(connectivity(model), 'txt')).toContain(
      '{ingress-controller} => shop/catalog[Deployment] : TCP 9090',
    );
  });
});

describe('exposure through Istio', () => {
  it('joins VirtualService destinations bound to an ingress gateway, from the pods its selector picks', () => {
    const byKey = entries(istio);
    expect(byKey.get('shop/storefront[Deployment]')).toEqual([
      'VirtualService shop/storefront → Service storefront:80 TCP 8080',
    ]);
    expect(byKey.get('shop/reviews[Deployment]')).toEqual([]);
    const [backend] = routeBackends(snapshotFromYaml(istio));
    expect(backend).toMatchObject({ via: 'VirtualService', gateway: { kind: 'IstioGateway', name: 'public' } });
  });

  it('blocks a VirtualService whose backend admits other pods than the gateway', () => {
    const otherSource = istio.replace(
      'podSelector: {matchLabels: {istio: ingressgateway}}',
      'podSelector: {matchLabels: {istio: egressgateway}}',
    );
    expect(entries(otherSource).get('shop/storefront[Deployment]')).toEqual([
      'blocked VirtualService shop/storefront → Service storefront:80',
    ]);
  });
});
