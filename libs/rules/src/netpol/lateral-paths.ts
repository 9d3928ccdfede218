import { Bitset } from './bitset.js';
import { ClassGraph } from './class-graph.js';
import { ConnSet } from './conn-set.js';
import { ReachabilityEvaluator } from './evaluator.js';
import { internetExposure, type WorkloadExposure } from './exposure.js';
import { parseCidr, parseIp } from './ip-range.js';
import type { ReachabilityModel, Workload } from './reachability-model.js';

/** Why a target is sensitive. */
export type SensitiveReason = 'mounts-secrets' | 'data-store' | 'kube-system' | 'api-server';

export interface LateralPathOptions {
  /** Longest path, in hops (default 4). */
  maxHops?: number;
  /** At most this many paths reported per exposed workload (default 25), shortest first. */
  maxPathsPerSource?: number;
  /** Label values (of `app`, `app.kubernetes.io/name`, `component`, `app.kubernetes.io/component`) that mark data stores. */
  dataStoreNames?: string[];
  /** A label `key=value` that marks any workload as sensitive (default `meshguard.io/sensitive=true`). */
  sensitiveLabel?: string;
  /** Address of the API server; default: the snapshot's source URL host when it is an IP. */
  apiServerAddress?: string;
}

export interface LateralHop {
  workload: string;
  /** Connections allowed from the previous hop to this one. */
  conns: ConnSet;
}

/** A multi-hop path from an internet-exposed workload to a sensitive target. */
export interface LateralPath {
  source: string;
  target: string;
  reasons: SensitiveReason[];
  /** Hops after the source, the last one being the target (`api-server` for the API server). */
  hops: LateralHop[];
}

export const defaultDataStoreNames = [
  'postgres', 'postgresql', 'mysql', 'mariadb', 'mongodb', 'mongo', 'redis', 'memcached', 'elasticsearch', 'opensearch', 'cassandra',
  'kafka', 'rabbitmq', 'etcd', 'couchdb', 'clickhouse', 'minio', 'vault', 'db', 'database', 'zookeeper', 'nats',
];

/** Why a workload counts as a lateral-movement target, or an empty list. */
export function sensitiveReasons(w: Workload, options: LateralPathOptions = {}): SensitiveReason[] {
  const reasons: SensitiveReason[] = [];
  const names = options.dataStoreNames ?? defaultDataStoreNames;
  const [key, value] = (options.sensitiveLabel ?? 'meshguard.io/sensitive=true').split('=');
  if (w.mountsSecrets) reasons.push('mounts-secrets');
  const labelled = ['app', 'app.kubernetes.io/name', 'component', 'app.kubernetes.io/component', 'tier'].some((k) => names.includes((w.labels[k] ?? '').toLowerCase()));
  if (labelled || (key && w.labels[key] === value)) reasons.push('data-store');
  if (w.ref.namespace === 'kube-system') reasons.push('kube-system');
  return reasons;
}

/**
 * From each internet-exposed workload, the shortest multi-hop paths (breadth-first over allowed connections between
 * pod classes) to sensitive targets: workloads mounting secrets, data stores, kube-system, and the API server
 * (reached when egress allows TCP 443/6443 to its address, or to every external address when it is unknown).
 * Adjacency is computed once per class and kept as bitsets, so memory grows with classes², not pods².
 */
export function lateralPaths(
  model: ReachabilityModel,
  options: LateralPathOptions = {},
  evaluator = new ReachabilityEvaluator(model),
  exposures: Pick<WorkloadExposure, 'workload' | 'internetExposed'>[] = internetExposure(model, evaluator),
): LateralPath[] {
  const maxHops = options.maxHops ?? 4;
  const maxPaths = options.maxPathsPerSource ?? 25;
  const C = model.classes.length;
  const adjacency: (Bitset | undefined)[] = new Array(C);
  const graph = new ClassGraph(model, evaluator);
  const neighbours = (s: number): Bitset => {
    let bits = adjacency[s];
    if (!bits) {
      const b = new Bitset(C);
      graph.forEachOut(s, (d) => b.add(d));
      adjacency[s] = bits = b;
    }
    return bits;
  };
  const apiBlocks = apiServerBlocks(model, options.apiServerAddress);
  const apiPorts = ConnSet.ports('TCP', 443).union(ConnSet.ports('TCP', 6443));
  const apiConns: (ConnSet | undefined)[] = new Array(C);
  const reachesApi = (cls: number): ConnSet => {
    let out = apiConns[cls];
    if (out) return out;
    for (const b of apiBlocks) {
      const c = evaluator.connection({ type: 'pods', classId: cls }, { type: 'external', blockId: b }, undefined, apiPorts);
      out = out ? out.intersect(c) : c;
    }
    return (apiConns[cls] = out ?? ConnSet.none);
  };
  const classReasons = new Map<number, { workload: Workload; reasons: SensitiveReason[] }[]>();
  for (const w of model.workloads) {
    const reasons = sensitiveReasons(w, options);
    if (reasons.length === 0) continue;
    for (const c of w.classIds) {
      const list = classReasons.get(c) ?? [];
      list.push({ workload: w, reasons });
      classReasons.set(c, list);
    }
  }

  const paths: LateralPath[] = [];
  // One pair of arrays for every search; each search resets only the classes it reached.
  const parent = new Int32Array(C).fill(-1);
  const depth = new Int32Array(C).fill(-1);
  const reached: number[] = [];
  for (const e of exposures) {
    if (!e.internetExposed) continue;
    const source = e.workload;
    const found: LateralPath[] = [];
    for (const c of reached) {
      parent[c] = -1;
      depth[c] = -1;
    }
    reached.length = 0;
    let frontier = source.classIds.slice();
    for (const c of frontier) depth[c] = 0;
    reached.push(...frontier);
    const pathTo = (cls: number): number[] => {
      const seq: number[] = [];
      for (let c = cls; depth[c]! > 0; c = parent[c]!) seq.push(c);
      return seq.reverse();
    };
    const hopsOf = (seq: number[]): LateralHop[] => {
      let prev = parent[seq[0]!]!;
      return seq.map((c) => {
        const conns = evaluator.connection({ type: 'pods', classId: prev }, { type: 'pods', classId: c });
        prev = c;
        const names = model.classes[c]!.workloads.map((id) => model.workloads[id]!.key);
        return { workload: names.join('|'), conns };
      });
    };
    const visit = (cls: number): void => {
      if (found.length >= maxPaths) return;
      // Most classes reached are neither targets nor reach the API server: the path back is built only for those that are.
      const atSource = depth[cls] === 0;
      let seq: number[] | undefined;
      const targets = classReasons.get(cls);
      if (targets && !atSource) {
        for (const t of targets) {
          if (t.workload === source) continue;
          seq ??= pathTo(cls);
          found.push({ source: source.key, target: t.workload.key, reasons: t.reasons, hops: hopsOf(seq) });
        }
      }
      const api = reachesApi(cls);
      if (!api.isEmpty && found.length < maxPaths && !found.some((p) => p.target === 'api-server')) {
        seq ??= atSource ? [] : pathTo(cls);
        found.push({ source: source.key, target: 'api-server', reasons: ['api-server'], hops: [...(seq.length ? hopsOf(seq) : []), { workload: 'api-server', conns: api }] });
      }
    };
    frontier.forEach(visit);
    for (let hop = 1; hop <= maxHops && frontier.length > 0 && found.length < maxPaths; hop++) {
      const next: number[] = [];
      for (const s of frontier) {
        neighbours(s).forEach((d) => {
          if (depth[d] !== -1) return;
          depth[d] = hop;
          parent[d] = s;
          next.push(d);
          reached.push(d);
        });
      }
      next.forEach(visit);
      frontier = next;
    }
    paths.push(...found.slice(0, maxPaths));
  }
  return paths;
}

function apiServerBlocks(model: ReachabilityModel, address: string | undefined): number[] {
  let text = address;
  if (!text && model.snapshot.source.type === 'cluster') {
    try {
      text = new URL(model.snapshot.source.location).hostname.replace(/^\[|\]$/g, '');
    } catch {
      text = undefined;
    }
  }
  const ip = text ? parseIp(text) : undefined;
  if (ip && !isLoopback(text!)) {
    const block = model.blocks.find((b) => b.range.family === ip.family && ip.value >= b.range.lo && ip.value <= b.range.hi);
    if (block) return [block.id];
  }
  return model.blocks.map((b) => b.id);
}

function isLoopback(text: string): boolean {
  const ip = parseIp(text);
  if (!ip) return false;
  const range = ip.family === 4 ? parseCidr('127.0.0.0/8') : parseCidr('::1/128');
  return ip.value >= range.lo && ip.value <= range.hi;
}
