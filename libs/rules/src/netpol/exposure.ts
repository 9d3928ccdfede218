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

/** One way into a workload from outside the cluster, with what policies let through it. */
export interface EntryPoint {
  via: 'LoadBalancer' | 'NodePort' | 'ExternalIP' | 'Ingress' | 'HostPort' | 'HostNetwork';
  /** The Service / Ingress (namespace/name) or the container port. */
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

const controllerNames = ['ingress-nginx', 'nginx-ingress', 'traefik', 'contour', 'envoy', 'haproxy-ingress', 'kong', 'istio-ingressgateway', 'ingress-controller'];

interface ServicePort {
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
  protocol?: string;
  name?: string;
}

/**
 * What can reach each workload from outside the cluster: LoadBalancer / NodePort / externalIPs Services selecting
 * its pods, Ingress backends (through the ingress controller, which is assumed internet-facing), host ports and
 * host networking; each with the ports policies admit. Workloads with no admitted entry point are `internetExposed: false`.
 */
export function exposure(model: ReachabilityModel, evaluator = new ReachabilityEvaluator(model)): WorkloadExposure[] {
  return workloadExposures(model, evaluator, true);
}

/**
 * Whether each workload is internet-exposed, decided as `exposure` decides it but without what external addresses
 * reach straight to the pods (`fromExternal`, which takes no part in that decision): for callers that only need the verdict.
 */
export function internetExposure(
  model: ReachabilityModel,
  evaluator = new ReachabilityEvaluator(model),
): Pick<WorkloadExposure, 'workload' | 'internetExposed'>[] {
  return workloadExposures(model, evaluator, false);
}

function workloadExposures(model: ReachabilityModel, evaluator: ReachabilityEvaluator, withFromExternal: boolean): WorkloadExposure[] {
  const res = model.snapshot.resources;
  const services = res.services ?? [];
  const byNamespace = <T extends { metadata: { namespace?: string } }>(list: T[]): Map<string, T[]> => {
    const map = new Map<string, T[]>();
    for (const o of list) {
      const ns = o.metadata.namespace || 'default';
      const l = map.get(ns);
      if (l) l.push(o);
      else map.set(ns, [o]);
    }
    return map;
  };
  const servicesByNs = byNamespace(services);
  const ingressEntries = ingressEntryPoints(model, evaluator);
  const out: WorkloadExposure[] = [];
  for (const w of model.workloads) {
    const fromBlocks = (targets: ConnSet, allowedSources?: IpSet): { range: IpRange; conns: ConnSet }[] => {
      const items = model.blocks.map((b) => {
        if (allowedSources && !allowedSources.covers(b.range)) return { range: b.range, conns: ConnSet.none };
        let conns = ConnSet.none;
        for (const c of w.classIds) conns = conns.union(evaluator.connection({ type: 'external', blockId: b.id }, { type: 'pods', classId: c }, undefined, targets));
        return { range: b.range, conns };
      });
      return mergeRanges(items).filter((i) => !i.conns.isEmpty);
    };
    const union = (items: { conns: ConnSet }[]): ConnSet => items.reduce((acc, i) => acc.union(i.conns), ConnSet.none);
    const entries: EntryPoint[] = [];

    for (const svc of servicesByNs.get(w.ref.namespace) ?? []) {
      if (!selectsWorkload(svc, w)) continue;
      const spec = (svc.spec ?? {}) as { type?: string; ports?: ServicePort[]; loadBalancerSourceRanges?: string[]; externalIPs?: string[] };
      const ports = servicePorts(spec.ports ?? [], w, model);
      const name = `${w.ref.namespace}/${svc.metadata.name}`;
      const kinds: EntryPoint['via'][] = [];
      if (spec.type === 'LoadBalancer') kinds.push('LoadBalancer');
      if (spec.type === 'LoadBalancer' || spec.type === 'NodePort') kinds.push('NodePort');
      if ((spec.externalIPs ?? []).length > 0) kinds.push('ExternalIP');
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
        const sources = fromBlocks(ports, sourceSet);
        entries.push({ via, object: `Service ${name}`, ports, allowed: union(sources), sources, ...(detail ? { detail } : {}) });
      }
    }

    entries.push(...(ingressEntries.get(w.id) ?? []));

    if (w.hostNetwork) {
      const declared = w.containerPorts.reduce((acc, p) => acc.union(ConnSet.ports(p.protocol, p.port)), ConnSet.none);
      const ports = declared.isEmpty ? ConnSet.all : declared;
      const sources = fromBlocks(ports);
      const unmanaged = w.classIds.some((c) => model.classes[c]!.hostNetwork);
      entries.push({
        via: 'HostNetwork',
        object: 'spec.hostNetwork',
        ports,
        allowed: unmanaged ? ports : union(sources),
        ...(unmanaged ? {} : { sources }),
        detail: unmanaged ? 'listens on the node address; NetworkPolicy does not apply to host-network pods (treated as the node)' : 'listens on the node address',
      });
    } else if (w.hostPorts.length > 0) {
      const ports = w.hostPorts.reduce((acc, hp) => acc.union(ConnSet.ports(hp.protocol, hp.port)), ConnSet.none);
      const behind = w.hostPorts.reduce((acc, hp) => acc.union(ConnSet.ports(hp.protocol, hp.containerPort)), ConnSet.none);
      const sources = fromBlocks(behind);
      const admitted = union(sources);
      const allowed = w.hostPorts.reduce((acc, hp) => (admitted.contains(hp.protocol, hp.containerPort) ? acc.union(ConnSet.ports(hp.protocol, hp.port)) : acc), ConnSet.none);
      entries.push({ via: 'HostPort', object: `hostPort ${ports.toString()}`, ports, allowed, sources, detail: `node address; policies admit container ports ${admitted.toString()} behind the host ports` });
    }

    const fromExternal = withFromExternal ? fromBlocks(ConnSet.all) : [];
    const entryPoints = entries.filter((e) => !e.allowed.isEmpty);
    out.push({ workload: w, entryPoints, blocked: entries.filter((e) => e.allowed.isEmpty), fromExternal, internetExposed: entryPoints.length > 0 });
  }
  return out;
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
  const named = w.classIds.flatMap((c) => model.classes[c]!.namedPorts);
  for (const p of ports) {
    const protocol = protocolOf(p.protocol);
    if (!protocol) continue;
    const target = p.targetPort ?? p.port;
    if (typeof target === 'number') out = out.union(ConnSet.ports(protocol, target));
    else if (typeof target === 'string' && /^\d+$/.test(target)) out = out.union(ConnSet.ports(protocol, Number(target)));
    else if (typeof target === 'string') for (const np of named) if (np.name === target && np.protocol === protocol) out = out.union(ConnSet.ports(protocol, np.port));
  }
  return out;
}

function ingressBackends(ing: K8sObject): { service: string; port?: number | string }[] {
  type Backend = { service?: { name?: string; port?: { number?: number; name?: string } }; serviceName?: string; servicePort?: number | string };
  const spec = (ing.spec ?? {}) as { defaultBackend?: Backend; backend?: Backend; rules?: { http?: { paths?: { backend?: Backend }[] } }[] };
  const list: Backend[] = [];
  if (spec.defaultBackend) list.push(spec.defaultBackend);
  if (spec.backend) list.push(spec.backend);
  for (const r of spec.rules ?? []) for (const p of r.http?.paths ?? []) if (p.backend) list.push(p.backend);
  const out: { service: string; port?: number | string }[] = [];
  for (const b of list) {
    const service = b.service?.name ?? b.serviceName;
    if (!service) continue;
    const port = b.service?.port?.number ?? b.service?.port?.name ?? b.servicePort;
    out.push({ service, ...(port !== undefined ? { port } : {}) });
  }
  return out;
}

/**
 * Ingress backends per workload (by workload id): each Ingress rule or default backend whose Service selects the
 * workload, with the target ports and what policies admit from the ingress controller. The controller is found by the
 * usual names; when none is found, an arbitrary in-cluster pod stands for it (netpol-analyzer's reading). A backend port
 * the Service does not have reaches nothing.
 */
export function ingressEntryPoints(model: ReachabilityModel, evaluator = new ReachabilityEvaluator(model)): Map<number, EntryPoint[]> {
  const out = new Map<number, EntryPoint[]>();
  const res = model.snapshot.resources;
  const services = new Map<string, K8sObject>();
  for (const s of res.services ?? []) services.set(`${s.metadata.namespace || 'default'}/${s.metadata.name}`, s);
  const controllerClasses = findControllerClasses(model);
  const sources = controllerClasses.length > 0 ? controllerClasses : [model.probeClassId];
  const detail = controllerClasses.length > 0 ? 'from the ingress controller pods found in the snapshot' : 'from an arbitrary in-cluster pod (no ingress controller identified)';
  const workloadsByNs = new Map<string, Workload[]>();
  for (const w of model.workloads) {
    const list = workloadsByNs.get(w.ref.namespace);
    if (list) list.push(w);
    else workloadsByNs.set(w.ref.namespace, [w]);
  }
  for (const ing of res.ingresses ?? []) {
    const namespace = ing.metadata.namespace || 'default';
    for (const backend of ingressBackends(ing)) {
      const svc = services.get(`${namespace}/${backend.service}`);
      if (!svc) continue;
      const spec = (svc.spec ?? {}) as { ports?: ServicePort[] };
      const matching = (spec.ports ?? []).filter((p) => backend.port === undefined || p.port === backend.port || p.name === backend.port);
      for (const w of workloadsByNs.get(namespace) ?? []) {
        if (!selectsWorkload(svc, w)) continue;
        const ports = servicePorts(matching, w, model);
        let allowed = ConnSet.none;
        for (const s of sources) for (const c of w.classIds) allowed = allowed.union(evaluator.connection({ type: 'pods', classId: s }, { type: 'pods', classId: c }, undefined, ports));
        const object = `Ingress ${namespace}/${ing.metadata.name} → Service ${backend.service}${backend.port !== undefined ? `:${backend.port}` : ''}`;
        const list = out.get(w.id) ?? [];
        if (!list.some((e) => e.object === object)) list.push({ via: 'Ingress', object, ports, allowed, detail });
        out.set(w.id, list);
      }
    }
  }
  return out;
}

function findControllerClasses(model: ReachabilityModel): number[] {
  const out = new Set<number>();
  for (const w of model.workloads) {
    const name = w.labels['app.kubernetes.io/name'] ?? w.labels['app'] ?? '';
    if (controllerNames.includes(name) || (controllerNames.includes(w.ref.namespace) && (w.labels['app.kubernetes.io/component'] ?? 'controller') === 'controller')) {
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
