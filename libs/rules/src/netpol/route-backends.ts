import type { SnapshotKind } from '../snapshot/kinds.js';
import type { ClusterSnapshot, K8sObject } from '../snapshot/snapshot.js';
import { matchesLabelSelector, type LabelSelector } from './label-selector.js';

/** The kind of object that routes outside traffic to a Service. */
export type RouteVia = 'Ingress' | 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute' | 'VirtualService';

/** The proxy a route runs on, when the route names it. */
export interface RouteGateway {
  kind: 'Gateway' | 'IstioGateway';
  namespace: string;
  name: string;
  /** The gateway object, when the snapshot holds it. */
  object?: K8sObject;
}

/**
 * One Service that outside traffic reaches through a route: an Ingress backend, the backendRef of a Gateway API route
 * attached to a Gateway, or a destination of an Istio VirtualService bound to an ingress gateway.
 */
export interface RouteBackend {
  via: RouteVia;
  /** The route, `namespace/name`. */
  route: string;
  /** The Service, in `namespace`. */
  namespace: string;
  service: string;
  /** The Service port (number or name) the route names; every port when undefined. */
  port?: number | string;
  gateway?: RouteGateway;
}

/** The kinds `routeBackends` reads: rules whose verdict rests on route exposure list them in `reads`. */
export const routeReads: SnapshotKind[] = [
  'ingresses',
  'gateways',
  'httproutes',
  'grpcroutes',
  'tlsroutes',
  'referencegrants',
  'istiogateways',
  'virtualservices',
  'namespaces',
];

const gatewayGroup = 'gateway.networking.k8s.io';
const routeKinds = [
  ['httproutes', 'HTTPRoute'],
  ['grpcroutes', 'GRPCRoute'],
  ['tlsroutes', 'TLSRoute'],
] as const;

const cache = new WeakMap<ClusterSnapshot, RouteBackend[]>();

/**
 * Every Service that a route exposes to traffic from outside the cluster, once per snapshot. Ingresses, Gateway API
 * routes whose parent is a Gateway (routes whose parent is a Service are GAMMA mesh routing, inside the cluster) and
 * VirtualServices bound to a gateway other than `mesh` count. Gateways are assumed internet-facing, as ingress
 * controllers are.
 */
export function routeBackends(snapshot: ClusterSnapshot): RouteBackend[] {
  let backends = cache.get(snapshot);
  if (!backends) {
    backends = [...ingressBackends(snapshot), ...gatewayRouteBackends(snapshot), ...virtualServiceBackends(snapshot)];
    cache.set(snapshot, backends);
  }
  return backends;
}

/** True when the snapshot holds some object that routes outside traffic (whether or not it resolves). */
export function hasRoutes(snapshot: ClusterSnapshot): boolean {
  const { resources } = snapshot;
  return (
    (resources.ingresses?.length ?? 0) > 0 ||
    routeKinds.some(([plural]) => (resources[plural]?.length ?? 0) > 0) ||
    (resources.virtualservices?.length ?? 0) > 0
  );
}

type IngressBackendShape = {
  service?: { name?: string; port?: { number?: number; name?: string } };
  serviceName?: string;
  servicePort?: number | string;
};

function ingressBackends(snapshot: ClusterSnapshot): RouteBackend[] {
  const out: RouteBackend[] = [];
  for (const ingress of snapshot.resources.ingresses ?? []) {
    const namespace = ingress.metadata.namespace || 'default';
    const spec = (ingress.spec ?? {}) as {
      defaultBackend?: IngressBackendShape;
      backend?: IngressBackendShape;
      rules?: { http?: { paths?: { backend?: IngressBackendShape }[] } }[];
    };
    const list: IngressBackendShape[] = [];
    if (spec.defaultBackend) list.push(spec.defaultBackend);
    if (spec.backend) list.push(spec.backend);
    for (const rule of spec.rules ?? []) for (const path of rule.http?.paths ?? []) if (path.backend) list.push(path.backend);
    for (const backend of list) {
      const service = backend.service?.name ?? backend.serviceName;
      if (!service) continue;
      const port = backend.service?.port?.number ?? backend.service?.port?.name ?? backend.servicePort;
      out.push({ via: 'Ingress', route: `${namespace}/${ingress.metadata.name}`, namespace, service, ...(port !== undefined ? { port } : {}) });
    }
  }
  return out;
}

interface ParentRef {
  group?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  sectionName?: string;
}
interface BackendRef {
  group?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  port?: number;
}
interface RouteSpec {
  parentRefs?: ParentRef[];
  rules?: { backendRefs?: BackendRef[]; filters?: { requestMirror?: { backendRef?: BackendRef } }[] }[];
}
interface Listener {
  name?: string;
  allowedRoutes?: {
    namespaces?: { from?: string; selector?: LabelSelector };
    kinds?: { group?: string; kind?: string }[];
  };
}

/** Every Gateway API route kind, plural and kind: the three above plus the layer-4 TCPRoute and UDPRoute. */
export const gatewayRouteKinds = [...routeKinds, ['tcproutes', 'TCPRoute'], ['udproutes', 'UDPRoute']] as const;

/** A backendRef of a Gateway API route naming a core Service, its namespace resolved, with its JSON pointer. */
export interface ServiceBackendRef {
  name: string;
  /** The Service's namespace: the ref's `namespace`, else the route's. */
  namespace: string;
  /** True when the ref names a namespace other than the route's (it then needs a ReferenceGrant). */
  crossNamespace: boolean;
  port?: number;
  /** Pointer of the backendRef in the route, e.g. `/spec/rules/0/backendRefs/1`. */
  pointer: string;
}

/**
 * The Service backendRefs of a Gateway API route (any of `gatewayRouteKinds`): each rule's `backendRefs` and the
 * backends its request-mirror filters copy traffic to. Refs to other kinds (an InferencePool, a ServiceImport) are left out.
 */
export function serviceBackendRefs(route: K8sObject): ServiceBackendRef[] {
  const routeNamespace = route.metadata.namespace || 'default';
  const out: ServiceBackendRef[] = [];
  const add = (ref: BackendRef, pointer: string): void => {
    if (!ref.name || (ref.kind ?? 'Service') !== 'Service' || (ref.group ?? '') !== '') return;
    const namespace = ref.namespace || routeNamespace;
    out.push({ name: ref.name, namespace, crossNamespace: namespace !== routeNamespace, ...(ref.port !== undefined ? { port: ref.port } : {}), pointer });
  };
  const rules = ((route.spec ?? {}) as RouteSpec).rules ?? [];
  rules.forEach((rule, r) => {
    (rule.backendRefs ?? []).forEach((ref, b) => add(ref, `/spec/rules/${r}/backendRefs/${b}`));
    // A mirrored request reaches the mirror's backend as well.
    (rule.filters ?? []).forEach((filter, f) => {
      if (filter.requestMirror?.backendRef) add(filter.requestMirror.backendRef, `/spec/rules/${r}/filters/${f}/requestMirror/backendRef`);
    });
  });
  return out;
}

function gatewayRouteBackends(snapshot: ClusterSnapshot): RouteBackend[] {
  const gateways = byNamespacedName(snapshot.resources.gateways);
  const namespaceLabels = new Map<string, Record<string, string>>();
  for (const ns of snapshot.resources.namespaces ?? []) namespaceLabels.set(ns.metadata.name, ns.metadata.labels ?? {});
  const out: RouteBackend[] = [];
  for (const [plural, kind] of routeKinds) {
    for (const route of snapshot.resources[plural] ?? []) {
      const namespace = route.metadata.namespace || 'default';
      const spec = (route.spec ?? {}) as RouteSpec;
      const gateway = attachedGateway(spec.parentRefs ?? [], namespace, kind, gateways, namespaceLabels);
      if (!gateway) continue;
      for (const ref of serviceBackendRefs(route)) {
        const target = ref.namespace;
        if (target !== namespace && !referencePermitted(snapshot, kind, namespace, target, ref.name)) continue;
        out.push({
          via: kind,
          route: `${namespace}/${route.metadata.name}`,
          namespace: target,
          service: ref.name,
          ...(ref.port !== undefined ? { port: ref.port } : {}),
          gateway,
        });
      }
    }
  }
  return out;
}

/**
 * The first Gateway the route is attached to: a parentRef of kind Gateway whose listeners (the named section, or any)
 * admit routes of this kind from the route's namespace. A Gateway missing from the snapshot (another repository, a
 * manifest scan) is taken to admit the route.
 */
function attachedGateway(
  parents: ParentRef[],
  routeNamespace: string,
  routeKind: string,
  gateways: Map<string, K8sObject>,
  namespaceLabels: Map<string, Record<string, string>>,
): RouteGateway | undefined {
  for (const parent of parents) {
    if (!parent.name || (parent.kind ?? 'Gateway') !== 'Gateway' || (parent.group ?? gatewayGroup) !== gatewayGroup) continue;
    const namespace = parent.namespace || routeNamespace;
    const object = gateways.get(`${namespace}/${parent.name}`);
    if (!object) return { kind: 'Gateway', namespace, name: parent.name };
    const listeners = ((object.spec ?? {}) as { listeners?: Listener[] }).listeners ?? [];
    const admitting = listeners.some(
      (listener) =>
        (parent.sectionName === undefined || listener.name === parent.sectionName) &&
        listenerAdmits(listener, namespace, routeNamespace, routeKind, namespaceLabels),
    );
    if (admitting) return { kind: 'Gateway', namespace, name: parent.name, object };
  }
  return undefined;
}

/** `allowedRoutes`: namespaces `Same` by default, `All`, or a label selector; kinds, when listed, must include the route's. */
function listenerAdmits(
  listener: Listener,
  gatewayNamespace: string,
  routeNamespace: string,
  routeKind: string,
  namespaceLabels: Map<string, Record<string, string>>,
): boolean {
  const kinds = listener.allowedRoutes?.kinds;
  if (kinds && kinds.length > 0 && !kinds.some((k) => k.kind === routeKind && (k.group ?? gatewayGroup) === gatewayGroup)) return false;
  const from = listener.allowedRoutes?.namespaces?.from ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return routeNamespace === gatewayNamespace;
  if (from === 'Selector') {
    const labels = namespaceLabels.get(routeNamespace);
    // A namespace the snapshot lacks cannot be judged: taken to match, as a missing Gateway is.
    return labels === undefined || matchesLabelSelector(listener.allowedRoutes?.namespaces?.selector ?? {}, labels);
  }
  return false;
}

interface ReferenceGrantSpec {
  from?: { group?: string; kind?: string; namespace?: string }[];
  to?: { group?: string; kind?: string; name?: string }[];
}

/**
 * Whether a route may send traffic to a Service in another namespace: that namespace must hold a ReferenceGrant from
 * the route's kind and namespace to the Service. When the snapshot holds no ReferenceGrants at all (not collected, or a
 * manifest scan of one repository), the grant is taken to exist.
 */
function referencePermitted(snapshot: ClusterSnapshot, routeKind: string, from: string, to: string, service: string): boolean {
  const grants = snapshot.resources.referencegrants;
  return grants === undefined || referenceGranted(grants, routeKind, from, to, service);
}

/** Whether one of `grants` (ReferenceGrants) lets routes of `routeKind` in namespace `from` reference Service `service` in `to`. */
export function referenceGranted(grants: K8sObject[], routeKind: string, from: string, to: string, service: string): boolean {
  return grants.some((grant) => {
    if ((grant.metadata.namespace || 'default') !== to) return false;
    const spec = (grant.spec ?? {}) as ReferenceGrantSpec;
    const fromOk = (spec.from ?? []).some((f) => f.kind === routeKind && f.namespace === from && (f.group ?? '') === gatewayGroup);
    const toOk = (spec.to ?? []).some((t) => (t.kind ?? '') === 'Service' && (t.group ?? '') === '' && (t.name === undefined || t.name === service));
    return fromOk && toOk;
  });
}

interface Destination {
  host?: string;
  port?: { number?: number };
}
interface VirtualServiceSpec {
  gateways?: string[];
  http?: { route?: { destination?: Destination }[]; mirror?: Destination }[];
  tcp?: { route?: { destination?: Destination }[] }[];
  tls?: { route?: { destination?: Destination }[] }[];
}

function virtualServiceBackends(snapshot: ClusterSnapshot): RouteBackend[] {
  const istioGateways = byNamespacedName(snapshot.resources.istiogateways);
  const out: RouteBackend[] = [];
  for (const vs of snapshot.resources.virtualservices ?? []) {
    const namespace = vs.metadata.namespace || 'default';
    const spec = (vs.spec ?? {}) as VirtualServiceSpec;
    // No `gateways` means the sidecars only (`mesh`): routing inside the cluster.
    const named = (spec.gateways ?? []).find((gateway) => gateway !== 'mesh');
    if (!named) continue;
    const slash = named.indexOf('/');
    const gatewayNamespace = slash < 0 ? namespace : named.slice(0, slash);
    const gatewayName = slash < 0 ? named : named.slice(slash + 1);
    const object = istioGateways.get(`${gatewayNamespace}/${gatewayName}`);
    const gateway: RouteGateway = { kind: 'IstioGateway', namespace: gatewayNamespace, name: gatewayName, ...(object ? { object } : {}) };
    const destinations: Destination[] = [];
    for (const route of [...(spec.http ?? []), ...(spec.tcp ?? []), ...(spec.tls ?? [])])
      for (const target of route.route ?? []) if (target.destination) destinations.push(target.destination);
    for (const route of spec.http ?? []) if (route.mirror) destinations.push(route.mirror);
    for (const destination of destinations) {
      const service = serviceOfHost(destination.host ?? '', namespace);
      if (!service) continue;
      const port = destination.port?.number;
      out.push({ via: 'VirtualService', route: `${namespace}/${vs.metadata.name}`, ...service, ...(port !== undefined ? { port } : {}), gateway });
    }
  }
  return out;
}

/**
 * The in-cluster Service an Istio destination host names: `reviews` (the VirtualService's namespace), `reviews.shop`,
 * `reviews.shop.svc` or `reviews.shop.svc.cluster.local`. Other hosts are outside the cluster (ServiceEntries).
 */
function serviceOfHost(host: string, namespace: string): { namespace: string; service: string } | undefined {
  const parts = host.split('.');
  if (parts.length === 1 && parts[0]) return { namespace, service: parts[0] };
  if (parts.length === 2 || parts[2] === 'svc') return parts[0] && parts[1] ? { namespace: parts[1], service: parts[0] } : undefined;
  return undefined;
}

function byNamespacedName(objects: K8sObject[] | undefined): Map<string, K8sObject> {
  const map = new Map<string, K8sObject>();
  for (const object of objects ?? []) map.set(`${object.metadata.namespace || 'default'}/${object.metadata.name}`, object);
  return map;
}

/** Labels that the pods of a Gateway API Gateway carry (GEP-1762; Envoy Gateway's own label). */
const gatewayPodLabels = ['gateway.networking.k8s.io/gateway-name', 'gateway.envoyproxy.io/owning-gateway-name'];

/**
 * Whether a workload (its namespace and pod labels) runs the gateway's proxy: pods labelled with the Gateway's name in
 * its namespace for a Gateway API Gateway; the pods the Istio Gateway's `selector` picks (in any namespace) for Istio.
 */
export function runsGateway(gateway: RouteGateway, namespace: string, labels: Record<string, string>): boolean {
  if (gateway.kind === 'IstioGateway') {
    const selector = ((gateway.object?.spec ?? {}) as { selector?: Record<string, string> }).selector;
    if (!selector || Object.keys(selector).length === 0) return false;
    return Object.entries(selector).every(([key, value]) => labels[key] === value);
  }
  return namespace === gateway.namespace && gatewayPodLabels.some((key) => labels[key] === gateway.name);
}
