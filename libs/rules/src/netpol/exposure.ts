import type { Exposure } from '../engine/rule.js';
import type { K8sObject } from '../snapshot/snapshot.js';
import { Bitset } from './bitset.js';
import { ClassGraph } from './class-graph.js';
import { ConnSet } from './conn-set.js';
import { mergeRanges } from './range-merge.js';
import { ReachabilityEvaluator } from './evaluator.js';
import { IpSet, type IpRange } from './ip-range.js';
import { protocolOf } from './ports.js';
import type { ReachabilityModel, Workload } from './reachability-model.js';
import { routeBackends, runsGateway, type RouteBackend, type RouteVia } from './route-backends.js';

/** One way into a workload from outside the cluster, with what policies let through it. */
export interface EntryPoint {
  via: 'LoadBalancer' | 'NodePort' | 'ExternalIP' | RouteVia | 'HostPort' | 'HostNetwork';
  /** The Service, the route and its Service (namespace/name), or the container port. */
  object: string;
  /** Ports at the workload that the entry point forwards to. */
  ports: ConnSet;
  /** The part of `ports` that policies admit from the entry point's sources. */
  allowed: ConnSet;
  /** External ranges admitted (LoadBalancer source ranges applied), when the source is outside the cluster. */
  sources?: { range: IpRange; conns: ConnSet }[];
  detail?: string;
}

export interface WorkloadExposure {
  workload: Workload;
  /** Entry points that admit at least one connection. */
  entryPoints: EntryPoint[];
  /** Entry points that exist but whose traffic policies block entirely (shown so a fix can be verified). */
  blocked: EntryPoint[];
  /** What policies admit from external addresses straight to the pods (matters where pod IPs are routable). */
  fromExternal: { range: IpRange; conns: ConnSet }[];
  internetExposed: boolean;
}

const controllerNames = new Set(['ingress-nginx', 'nginx-ingress', 'traefik', 'contour', 'envoy', 'haproxy-ingress', 'kong', 'istio-ingressgateway', 'ingress-controller']);

interface ServicePort {
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
  protocol?: string;
  name?: string;
}

/**
 * What can reach each workload from outside the cluster: LoadBalancer / NodePort / externalIPs Services selecting
 * its pods, route backends (Ingress, Gateway API routes, Istio VirtualServices, through the proxy that forwards them,
 * which is assumed internet-facing), host ports and
 * host networking; each with the ports policies admit. Workloads with no admitted entry point are `internetExposed: false`.
 */
export function exposure(model: ReachabilityModel, evaluator = new ReachabilityEvaluator(model)): WorkloadExposure[] {
  return workloadExposures(model, evaluator, true);
}

/**
 * Whether each workload is internet-exposed, decided as `exposure` decides it but without what external addresses
 * reach straight to the pods (`fromExternal`, which takes no part in that decision): for callers that only need the verdict.
 * It stops at the first entry point that admits anything and builds no entry point objects.
 */
export function internetExposure(
  model: ReachabilityModel,
  evaluator = new ReachabilityEvaluator(model),
): Pick<WorkloadExposure, 'workload' | 'internetExposed'>[] {
  const scope = routeScope(model);
  const exposed = ingressAdmitted(model, evaluator, scope);
  // Only workloads in namespaces that have an external Service can be exposed through one.
  for (const [namespace, services] of groupByNamespace((model.snapshot.resources.services ?? []).filter(isExternalService))) {
    for (const w of scope.workloadsByNs.get(namespace) ?? []) if (exposed[w.id] !== 1 && serviceAdmits(model, evaluator, services, w)) exposed[w.id] = 1;
  }
  const out: Pick<WorkloadExposure, 'workload' | 'internetExposed'>[] = [];
  for (const w of model.workloads) out.push({ workload: w, internetExposed: exposed[w.id] === 1 || hostAdmits(model, evaluator, w) });
  return out;
}

function workloadExposures(model: ReachabilityModel, evaluator: ReachabilityEvaluator, withFromExternal: boolean): WorkloadExposure[] {
  const servicesByNs = groupByNamespace(model.snapshot.resources.services ?? []);
  const ingressEntries = ingressEntryPoints(model, evaluator);
  const out: WorkloadExposure[] = [];
  for (const w of model.workloads) {
    const entries: EntryPoint[] = [];
    for (const svc of servicesByNs.get(w.ref.namespace) ?? []) if (selectsWorkload(svc, w)) pushServiceEntries(model, evaluator, svc, w, entries);
    entries.push(...(ingressEntries.get(w.id) ?? []));
    const host = hostEntry(model, evaluator, w);
    if (host) entries.push(host);
    const fromExternal = withFromExternal ? fromBlocks(model, evaluator, w, ConnSet.all) : [];
    const entryPoints = entries.filter((e) => !e.allowed.isEmpty);
    out.push({ workload: w, entryPoints, blocked: entries.filter((e) => e.allowed.isEmpty), fromExternal, internetExposed: entryPoints.length > 0 });
  }
  return out;
}

function groupByNamespace<T extends { metadata: { namespace?: string } }>(list: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const o of list) {
    const ns = o.metadata.namespace || 'default';
    const l = map.get(ns);
    if (l) l.push(o);
    else map.set(ns, [o]);
  }
  return map;
}

type ServiceSpec = { type?: string; ports?: ServicePort[]; loadBalancerSourceRanges?: string[]; externalIPs?: string[] };

/** The entry points a Service makes for a workload it selects: LoadBalancer (and its node port), NodePort, external IPs. */
function serviceEntryKinds(spec: ServiceSpec): EntryPoint['via'][] {
  const kinds: EntryPoint['via'][] = [];
  if (spec.type === 'LoadBalancer') kinds.push('LoadBalancer');
  if (spec.type === 'LoadBalancer' || spec.type === 'NodePort') kinds.push('NodePort');
  if ((spec.externalIPs ?? []).length > 0) kinds.push('ExternalIP');
  return kinds;
}

function isExternalService(svc: K8sObject): boolean {
  return serviceEntryKinds((svc.spec ?? {}) as ServiceSpec).length > 0;
}

function pushServiceEntries(model: ReachabilityModel, evaluator: ReachabilityEvaluator, svc: K8sObject, w: Workload, entries: EntryPoint[]): void {
  const spec = (svc.spec ?? {}) as ServiceSpec;
  const kinds = serviceEntryKinds(spec);
  if (kinds.length === 0) return;
  const ports = servicePorts(spec.ports ?? [], w, model);
  const name = `${w.ref.namespace}/${svc.metadata.name}`;
  for (const via of kinds) {
    let sourceSet: IpSet | undefined;
    let detail: string | undefined;
    if (via === 'LoadBalancer' && spec.loadBalancerSourceRanges?.length) {
      try {
        sourceSet = IpSet.of(spec.loadBalancerSourceRanges.flatMap((r) => IpSet.fromIpBlock(r).ranges));
        detail = `loadBalancerSourceRanges ${spec.loadBalancerSourceRanges.join(', ')}`;
      } catch (error) {
        detail = `invalid loadBalancerSourceRanges: ${(error as Error).message}`;
      }
    }
    const sources = fromBlocks(model, evaluator, w, ports, sourceSet);
    entries.push({ via, object: `Service ${name}`, ports, allowed: unionOfConns(sources), sources, ...(detail ? { detail } : {}) });
  }
}

/**
 * Whether one of `services` (all external) that selects `w` admits anything from outside. Every external Service has a
 * node port or external IPs open to every external block, and a LoadBalancer's source ranges only narrow its own entry
 * point, so the verdict is whether any external block reaches the Service's target ports.
 */
function serviceAdmits(model: ReachabilityModel, evaluator: ReachabilityEvaluator, services: K8sObject[], w: Workload): boolean {
  for (const svc of services) {
    if (!selectsWorkload(svc, w)) continue;
    const ports = servicePorts(((svc.spec ?? {}) as ServiceSpec).ports ?? [], w, model);
    if (blocksAdmit(model, evaluator, w, ports)) return true;
  }
  return false;
}

/** The host-network or host-port entry point of a workload, if it has one. */
function hostEntry(model: ReachabilityModel, evaluator: ReachabilityEvaluator, w: Workload): EntryPoint | undefined {
  if (w.hostNetwork) {
    const declared = w.containerPorts.reduce((acc, p) => acc.union(ConnSet.ports(p.protocol, p.port)), ConnSet.none);
    const ports = declared.isEmpty ? ConnSet.all : declared;
    const sources = fromBlocks(model, evaluator, w, ports);
    const unmanaged = w.classIds.some((c) => model.classes[c]!.hostNetwork);
    return {
      via: 'HostNetwork',
      object: 'spec.hostNetwork',
      ports,
      allowed: unmanaged ? ports : unionOfConns(sources),
      ...(unmanaged ? {} : { sources }),
      detail: unmanaged ? 'listens on the node address; NetworkPolicy does not apply to host-network pods (treated as the node)' : 'listens on the node address',
    };
  }
  if (w.hostPorts.length > 0) {
    const ports = w.hostPorts.reduce((acc, hp) => acc.union(ConnSet.ports(hp.protocol, hp.port)), ConnSet.none);
    const behind = w.hostPorts.reduce((acc, hp) => acc.union(ConnSet.ports(hp.protocol, hp.containerPort)), ConnSet.none);
    const sources = fromBlocks(model, evaluator, w, behind);
    const admitted = unionOfConns(sources);
    const allowed = w.hostPorts.reduce((acc, hp) => (admitted.contains(hp.protocol, hp.containerPort) ? acc.union(ConnSet.ports(hp.protocol, hp.port)) : acc), ConnSet.none);
    return { via: 'HostPort', object: `hostPort ${ports.toString()}`, ports, allowed, sources, detail: `node address; policies admit container ports ${admitted.toString()} behind the host ports` };
  }
  return undefined;
}

function hostAdmits(model: ReachabilityModel, evaluator: ReachabilityEvaluator, w: Workload): boolean {
  if (!w.hostNetwork && w.hostPorts.length === 0) return false;
  return !hostEntry(model, evaluator, w)!.allowed.isEmpty;
}

/** What each external block (those `allowedSources` covers, when given) may open to the workload within `targets`, merged. */
function fromBlocks(model: ReachabilityModel, evaluator: ReachabilityEvaluator, w: Workload, targets: ConnSet, allowedSources?: IpSet): { range: IpRange; conns: ConnSet }[] {
  const items: { range: IpRange; conns: ConnSet }[] = [];
  for (const b of model.blocks) {
    let conns = ConnSet.none;
    if (!allowedSources || allowedSources.covers(b.range)) {
      for (const c of w.classIds) conns = conns.union(evaluator.connection({ type: 'external', blockId: b.id }, { type: 'pods', classId: c }, undefined, targets));
    }
    items.push({ range: b.range, conns });
  }
  return mergeRanges(items).filter((i) => !i.conns.isEmpty);
}

/** Whether `fromBlocks(…, targets)` would find anything: some external block may open some of `targets` to the workload. */
function blocksAdmit(model: ReachabilityModel, evaluator: ReachabilityEvaluator, w: Workload, targets: ConnSet): boolean {
  for (const b of model.blocks) {
    for (const c of w.classIds) {
      if (!evaluator.connection({ type: 'external', blockId: b.id }, { type: 'pods', classId: c }, undefined, targets).isEmpty) return true;
    }
  }
  return false;
}

function unionOfConns(items: { conns: ConnSet }[]): ConnSet {
  let acc = ConnSet.none;
  for (const i of items) acc = acc.union(i.conns);
  return acc;
}

function selectsWorkload(svc: K8sObject, w: Workload): boolean {
  const selector = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector;
  if (!selector) return false;
  // A Service selector is a plain label map; an empty one selects nothing (the Service has no managed endpoints).
  let empty = true;
  for (const key in selector) {
    if (w.labels[key] !== selector[key]) return false;
    empty = false;
  }
  return !empty;
}

function servicePorts(ports: ServicePort[], w: Workload, model: ReachabilityModel): ConnSet {
  let out = ConnSet.none;
  for (const p of ports) {
    const protocol = protocolOf(p.protocol);
    if (!protocol) continue;
    const target = p.targetPort ?? p.port;
    if (typeof target === 'number') out = out.union(ConnSet.ports(protocol, target));
    else if (typeof target === 'string' && /^\d+$/.test(target)) out = out.union(ConnSet.ports(protocol, Number(target)));
    else if (typeof target === 'string') {
      // A named target port resolves on each of the workload's classes (every container declaring it).
      for (const c of w.classIds) for (const np of model.classes[c]!.namedPorts) if (np.name === target && np.protocol === protocol) out = out.union(ConnSet.ports(protocol, np.port));
    }
  }
  return out;
}

/** What the route entry points of a snapshot are made of, indexed once per call. */
interface RouteScope {
  /** Services by `namespace/name`. */
  services: Map<string, K8sObject>;
  workloadsByNs: Map<string, Workload[]>;
  /** Classes standing for the ingress controller (and for a gateway whose own pods are not found). */
  controller: RouteSources;
  /** The proxy classes of each gateway, found on first use. */
  gateways: Map<string, RouteSources>;
}

interface RouteSources {
  classes: number[];
  detail: string;
}

function routeScope(model: ReachabilityModel): RouteScope {
  const services = new Map<string, K8sObject>();
  for (const s of model.snapshot.resources.services ?? []) services.set(`${s.metadata.namespace || 'default'}/${s.metadata.name}`, s);
  const controllerClasses = findControllerClasses(model);
  const workloadsByNs = new Map<string, Workload[]>();
  for (const w of model.workloads) {
    const list = workloadsByNs.get(w.ref.namespace);
    if (list) list.push(w);
    else workloadsByNs.set(w.ref.namespace, [w]);
  }
  return {
    services,
    workloadsByNs,
    controller: {
      classes: controllerClasses.length > 0 ? controllerClasses : [model.probeClassId],
      detail: controllerClasses.length > 0 ? 'from the ingress controller pods found in the snapshot' : 'from an arbitrary in-cluster pod (no ingress controller identified)',
    },
    gateways: new Map(),
  };
}

/**
 * Who sends a route's traffic: the pods of the gateway it is attached to (by the Gateway API's gateway-name label, or
 * an Istio Gateway's selector); the ingress controller for an Ingress, or when the gateway's pods are not found.
 */
function routeSources(model: ReachabilityModel, scope: RouteScope, backend: RouteBackend): RouteSources {
  const gateway = backend.gateway;
  if (!gateway) return scope.controller;
  const key = `${gateway.kind}/${gateway.namespace}/${gateway.name}`;
  let found = scope.gateways.get(key);
  if (!found) {
    const classes = new Set<number>();
    for (const w of model.workloads) if (runsGateway(gateway, w.ref.namespace, w.labels)) for (const c of w.classIds) classes.add(c);
    const label = `${gateway.kind === 'IstioGateway' ? 'Istio Gateway' : 'Gateway'} ${gateway.namespace}/${gateway.name}`;
    found = classes.size > 0 ? { classes: [...classes], detail: `from the pods of ${label}` } : { classes: scope.controller.classes, detail: `${label} ${scope.controller.detail}` };
    scope.gateways.set(key, found);
  }
  return found;
}

/** The Service ports a route backend names (all of them when it names none). */
function backendPorts(svc: K8sObject, backend: RouteBackend): ServicePort[] {
  return (((svc.spec ?? {}) as { ports?: ServicePort[] }).ports ?? []).filter((p) => backend.port === undefined || p.port === backend.port || p.name === backend.port);
}

/** What policies admit from the route's proxy to the workload's pods within `ports`. */
function admittedFromProxy(evaluator: ReachabilityEvaluator, sources: RouteSources, w: Workload, ports: ConnSet): ConnSet {
  let allowed = ConnSet.none;
  for (const s of sources.classes) for (const c of w.classIds) allowed = allowed.union(evaluator.connection({ type: 'pods', classId: s }, { type: 'pods', classId: c }, undefined, ports));
  return allowed;
}

function entryObject(backend: RouteBackend): string {
  const [routeNamespace] = backend.route.split('/');
  const service = backend.namespace === routeNamespace ? backend.service : `${backend.namespace}/${backend.service}`;
  return `${backend.via} ${backend.route} → Service ${service}${backend.port !== undefined ? `:${backend.port}` : ''}`;
}

/**
 * Route backends per workload (by workload id): each Ingress backend, Gateway API route backendRef (HTTPRoute,
 * GRPCRoute, TLSRoute) and Istio VirtualService destination whose Service selects the workload, with the target ports
 * and what policies admit from the proxy that forwards it (`routeBackends` says which routes face outside traffic).
 * An Ingress's proxy is the ingress controller, found by the usual names; when none is found, an arbitrary in-cluster
 * pod stands for it (netpol-analyzer's reading). A backend port the Service does not have reaches nothing.
 */
export function ingressEntryPoints(model: ReachabilityModel, evaluator = new ReachabilityEvaluator(model)): Map<number, EntryPoint[]> {
  const out = new Map<number, EntryPoint[]>();
  const scope = routeScope(model);
  for (const backend of routeBackends(model.snapshot)) {
    const svc = scope.services.get(`${backend.namespace}/${backend.service}`);
    if (!svc) continue;
    const matching = backendPorts(svc, backend);
    const sources = routeSources(model, scope, backend);
    const object = entryObject(backend);
    for (const w of scope.workloadsByNs.get(backend.namespace) ?? []) {
      if (!selectsWorkload(svc, w)) continue;
      const list = out.get(w.id) ?? [];
      if (!list.some((e) => e.object === object)) {
        const ports = servicePorts(matching, w, model);
        list.push({ via: backend.via, object, ports, allowed: admittedFromProxy(evaluator, sources, w, ports), detail: sources.detail });
      }
      out.set(w.id, list);
    }
  }
  return out;
}

/**
 * Which workloads (1 by workload id) some route entry point admits traffic to, as `ingressEntryPoints` would find,
 * without building the entry points. Entry points with the same name have the same ports and verdict, so keeping only
 * the first of them, as `ingressEntryPoints` does, never changes the answer.
 */
function ingressAdmitted(model: ReachabilityModel, evaluator: ReachabilityEvaluator, scope: RouteScope): Uint8Array {
  const admitted = new Uint8Array(model.workloads.length);
  for (const backend of routeBackends(model.snapshot)) {
    const svc = scope.services.get(`${backend.namespace}/${backend.service}`);
    if (!svc) continue;
    const matching = backendPorts(svc, backend);
    const sources = routeSources(model, scope, backend);
    for (const w of scope.workloadsByNs.get(backend.namespace) ?? []) {
      if (admitted[w.id] === 1 || !selectsWorkload(svc, w)) continue;
      if (!admittedFromProxy(evaluator, sources, w, servicePorts(matching, w, model)).isEmpty) admitted[w.id] = 1;
    }
  }
  return admitted;
}

function findControllerClasses(model: ReachabilityModel): number[] {
  const out = new Set<number>();
  for (const w of model.workloads) {
    const name = w.labels['app.kubernetes.io/name'] ?? w.labels['app'] ?? '';
    if (controllerNames.has(name) || (controllerNames.has(w.ref.namespace) && (w.labels['app.kubernetes.io/component'] ?? 'controller') === 'controller')) {
      for (const c of w.classIds) out.add(c);
    }
  }
  return [...out];
}

/**
 * How reachable each workload is, keyed by `ns/name[Kind]`, for weighting findings: `internet` when an entry point
 * from outside the cluster admits traffic, `cluster` when a pod of another workload (or an arbitrary new pod) may reach
 * it, `isolated` otherwise. One walk of the class graph, so it costs about what `connectivitySummary` costs.
 */
export function exposureLevels(model: ReachabilityModel, evaluator = new ReachabilityEvaluator(model), exposures = exposure(model, evaluator)): Map<string, Exposure> {
  const graph = new ClassGraph(model, evaluator);
  const reached = new Bitset(model.classes.length);
  const openSources: number[] = [];
  for (const c of model.classes) {
    if (!graph.isIncluded(c.id)) continue;
    if (graph.admitsOut[c.id]) openSources.push(c.id);
    graph.forEachOut(
      c.id,
      (d) => {
        if (d !== c.id || c.workloads.length > 1) reached.add(d);
      },
      true,
    );
  }
  // Open sources reach every open destination; a destination is reached when some open source is not itself.
  for (const d of graph.openDestinations) {
    if (openSources.length > 1 || (openSources.length === 1 && (openSources[0] !== d || model.classes[d]!.workloads.length > 1))) reached.add(d);
  }
  const probe = { type: 'pods' as const, classId: model.probeClassId };
  const out = new Map<string, Exposure>();
  for (const e of exposures) {
    const cluster = e.workload.classIds.some((d) => reached.has(d) || !evaluator.connection(probe, { type: 'pods', classId: d }).isEmpty);
    out.set(e.workload.key, e.internetExposed ? 'internet' : cluster ? 'cluster' : 'isolated');
  }
  return out;
}
