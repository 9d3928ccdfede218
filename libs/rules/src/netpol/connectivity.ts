import { ClassGraph } from './class-graph.js';
import { ConnSet } from './conn-set.js';
import { ReachabilityEvaluator, type Endpoint } from './evaluator.js';
import { ingressEntryPoints } from './exposure.js';
import { hasRoutes } from './route-backends.js';
import { mergeRanges } from './range-merge.js';
import { formatRange, type IpRange } from './ip-range.js';
import type { PodClass, ReachabilityModel, Workload } from './reachability-model.js';

/**
 * One end of a reported connection: a workload, a range of addresses outside the cluster, or the cluster's ingress
 * controller (`{ingress-controller}`, the source of traffic that Ingress objects route to their backends).
 */
export type ConnectionPeer = { type: 'workload'; workload: Workload } | { type: 'external'; range: IpRange } | { type: 'ingress-controller' };

/** An allowed connection between two peers, with the protocols and ports allowed. */
export interface Connection {
  src: ConnectionPeer;
  dst: ConnectionPeer;
  conns: ConnSet;
}

export interface ConnectivityOptions {
  /** Merge neighbouring external blocks with the same connections into one range (default true). */
  mergeExternal?: boolean;
  /** Keep only connections whose source or destination is one of these workloads (`ns/name[Kind]`, `ns/name` or `name`). */
  focusWorkloads?: string[];
  /** Include blocked workload pairs with `No Connections` (default false). */
  includeBlocked?: boolean;
  /** Add `{ingress-controller} => workload` lines for Ingress backends, as netpol-analyzer does (default: when the snapshot has Ingresses). */
  ingressController?: boolean;
}

export { mergeRanges };

/** `ns/name[Kind]` for workloads, `lo-hi[External]` for address ranges. */
export function peerKey(peer: ConnectionPeer): string {
  if (peer.type === 'ingress-controller') return '{ingress-controller}';
  return peer.type === 'workload' ? peer.workload.key : `${formatRange(peer.range)}[External]`;
}

/**
 * Every allowed connection between workloads and external address ranges, the way netpol-analyzer lists them:
 * self pairs omitted, external→external omitted, a workload whose pods fall into several classes gets the union of
 * its classes' connections. Sorted by source then destination.
 */
export function connectivity(model: ReachabilityModel, options: ConnectivityOptions = {}, evaluator = new ReachabilityEvaluator(model)): Connection[] {
  const focus = options.focusWorkloads ? new Set(options.focusWorkloads) : undefined;
  const wanted = (w: Workload): boolean => !focus || focus.has(w.key) || focus.has(`${w.ref.namespace}/${w.ref.name}`) || focus.has(w.ref.name);
  const W = model.workloads.length;
  const pairConns = new Map<number, ConnSet>();
  const classes = model.classes;
  const add = (s: PodClass, d: PodClass, conns: ConnSet): void => {
    for (const ws of s.workloads) {
      for (const wd of d.workloads) {
        if (ws === wd) continue;
        if (focus && !wanted(model.workloads[ws]!) && !wanted(model.workloads[wd]!)) continue;
        const key = ws * W + wd;
        const prev = pairConns.get(key);
        pairConns.set(key, prev ? prev.union(conns) : conns);
      }
    }
  };
  if (options.includeBlocked) {
    for (const s of classes) for (const d of classes) add(s, d, evaluator.connection({ type: 'pods', classId: s.id }, { type: 'pods', classId: d.id }));
  } else {
    const graph = new ClassGraph(model, evaluator);
    for (const s of classes) if (s.workloads.length > 0) graph.forEachOut(s.id, (d, conns) => add(s, classes[d]!, conns));
  }
  const out: Connection[] = [];
  for (const [key, conns] of pairConns) {
    if (conns.isEmpty && !options.includeBlocked) continue;
    out.push({ src: { type: 'workload', workload: model.workloads[Math.floor(key / W)]! }, dst: { type: 'workload', workload: model.workloads[key % W]! }, conns });
  }
  for (const w of model.workloads) {
    if (!wanted(w)) continue;
    for (const direction of ['ingress', 'egress'] as const) {
      const perBlock = model.blocks.map((b) => {
        let conns = ConnSet.none;
        for (const c of w.classIds) {
          const ext: Endpoint = { type: 'external', blockId: b.id };
          const pods: Endpoint = { type: 'pods', classId: c };
          conns = conns.union(direction === 'ingress' ? evaluator.connection(ext, pods) : evaluator.connection(pods, ext));
        }
        return { range: b.range, conns };
      });
      for (const { range, conns } of options.mergeExternal === false ? perBlock : mergeRanges(perBlock)) {
        if (conns.isEmpty && !options.includeBlocked) continue;
        const ext: ConnectionPeer = { type: 'external', range };
        const self: ConnectionPeer = { type: 'workload', workload: w };
        out.push(direction === 'ingress' ? { src: ext, dst: self, conns } : { src: self, dst: ext, conns });
      }
    }
  }
  if (options.ingressController ?? hasRoutes(model.snapshot)) {
    for (const [id, entries] of ingressEntryPoints(model, evaluator)) {
      const w = model.workloads[id]!;
      if (!wanted(w)) continue;
      const conns = entries.reduce((acc, e) => acc.union(e.allowed), ConnSet.none);
      if (!conns.isEmpty || options.includeBlocked) out.push({ src: { type: 'ingress-controller' }, dst: { type: 'workload', workload: w }, conns });
    }
  }
  return sortConnections(out);
}

/** Sorts by source key, then destination key (external ranges by address). */
export function sortConnections(list: Connection[]): Connection[] {
  const sortKey = (p: ConnectionPeer): string =>
    p.type === 'workload' ? `1${p.workload.key}` : p.type === 'external' ? `0${p.range.family}${p.range.lo.toString(16).padStart(32, '0')}` : '2';
  const keyed = list.map((c) => ({ c, s: sortKey(c.src), d: sortKey(c.dst) }));
  keyed.sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : a.d < b.d ? -1 : a.d > b.d ? 1 : 0));
  return keyed.map((k) => k.c);
}
