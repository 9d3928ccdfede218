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
  return reasonsOf(w, sensitivityOf(options));
}

/** The options that decide sensitivity, parsed once per search rather than once per workload. */
interface Sensitivity {
  dataStoreNames: ReadonlySet<string>;
  labelKey: string | undefined;
  labelValue: string | undefined;
}

const dataStoreLabelKeys = ['app', 'app.kubernetes.io/name', 'component', 'app.kubernetes.io/component', 'tier'];

function sensitivityOf(options: LateralPathOptions): Sensitivity {
  const [labelKey, labelValue] = (options.sensitiveLabel ?? 'meshguard.io/sensitive=true').split('=');
  return { dataStoreNames: new Set(options.dataStoreNames ?? defaultDataStoreNames), labelKey, labelValue };
}

function reasonsOf(w: Workload, sensitivity: Sensitivity): SensitiveReason[] {
  const reasons: SensitiveReason[] = [];
  if (w.mountsSecrets) reasons.push('mounts-secrets');
  const { labelKey, labelValue } = sensitivity;
  if (hasDataStoreLabel(w, sensitivity.dataStoreNames) || (labelKey && w.labels[labelKey] === labelValue)) reasons.push('data-store');
  if (w.ref.namespace === 'kube-system') reasons.push('kube-system');
  return reasons;
}

function hasDataStoreLabel(w: Workload, names: ReadonlySet<string>): boolean {
  for (const key of dataStoreLabelKeys) if (names.has((w.labels[key] ?? '').toLowerCase())) return true;
  return false;
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
  const search = new LateralSearch(model, evaluator, options);
  const paths: LateralPath[] = [];
  for (const e of exposures) if (e.internetExposed) search.from(e.workload, paths);
  return paths;
}

interface SensitiveTarget {
  workload: Workload;
  reasons: SensitiveReason[];
}

const apiPorts = ConnSet.ports('TCP', 443).union(ConnSet.ports('TCP', 6443));

/**
 * The breadth-first search of `lateralPaths`, one source at a time. Its state lives in fields (not in closures made per
 * source) and is reused: each search resets only the classes it reached. Adjacency and API-server reach are computed
 * on first use per class and shared by every source.
 */
class LateralSearch {
  private readonly maxHops: number;
  private readonly maxPaths: number;
  private readonly graph: ClassGraph;
  private readonly adjacency: (Bitset | undefined)[];
  private readonly apiBlocks: number[];
  private readonly apiConns: (ConnSet | undefined)[];
  private readonly targets: (SensitiveTarget[] | undefined)[];
  private readonly parent: Int32Array;
  private readonly depth: Int32Array;
  private readonly reached: number[] = [];
  /** The source being searched from, and the paths found from it so far. */
  private source: Workload | undefined;
  private found: LateralPath[] = [];

  constructor(
    private readonly model: ReachabilityModel,
    private readonly evaluator: ReachabilityEvaluator,
    options: LateralPathOptions,
  ) {
    const C = model.classes.length;
    this.maxHops = options.maxHops ?? 4;
    this.maxPaths = options.maxPathsPerSource ?? 25;
    this.adjacency = new Array(C);
    this.graph = new ClassGraph(model, evaluator);
    this.apiBlocks = apiServerBlocks(model, options.apiServerAddress);
    this.apiConns = new Array(C);
    this.targets = new Array(C);
    const sensitivity = sensitivityOf(options);
    for (const w of model.workloads) {
      const reasons = reasonsOf(w, sensitivity);
      if (reasons.length === 0) continue;
      for (const c of w.classIds) (this.targets[c] ??= []).push({ workload: w, reasons });
    }
    this.parent = new Int32Array(C).fill(-1);
    this.depth = new Int32Array(C).fill(-1);
  }

  /** Appends the paths found from `source` (at most `maxPathsPerSource`) to `paths`. */
  from(source: Workload, paths: LateralPath[]): void {
    this.reset(source);
    let frontier = source.classIds.slice();
    for (const c of frontier) this.reach(c, -1, 0);
    for (const c of frontier) this.visit(c);
    for (let hop = 1; hop <= this.maxHops && frontier.length > 0 && !this.isDone(); hop++) frontier = this.expand(frontier, hop);
    for (let i = 0; i < this.found.length && i < this.maxPaths; i++) paths.push(this.found[i]!);
  }

  private reset(source: Workload): void {
    for (const c of this.reached) {
      this.parent[c] = -1;
      this.depth[c] = -1;
    }
    this.reached.length = 0;
    this.source = source;
    this.found = [];
  }

  private isDone(): boolean {
    return this.found.length >= this.maxPaths;
  }

  private reach(cls: number, from: number, hop: number): void {
    this.depth[cls] = hop;
    this.parent[cls] = from;
    this.reached.push(cls);
  }

  /**
   * Reaches the classes one hop beyond `frontier` and returns them, in the order the search has always used (frontier
   * order, then class id). Each is visited as soon as it is reached, which finds the same paths as visiting the whole
   * level afterwards, but stops as soon as enough paths are found instead of expanding the rest of the level.
   */
  private expand(frontier: number[], hop: number): number[] {
    const next: number[] = [];
    for (const s of frontier) {
      const neighbours = this.neighbours(s);
      for (let d = neighbours.next(0); d !== -1; d = neighbours.next(d + 1)) {
        if (this.depth[d] !== -1) continue;
        this.reach(d, s, hop);
        next.push(d);
        this.visit(d);
        if (this.isDone()) return next;
      }
    }
    return next;
  }

  private visit(cls: number): void {
    if (this.isDone()) return;
    const source = this.source!;
    // Most classes reached are neither targets nor reach the API server: the path back is built only for those that are.
    const atSource = this.depth[cls] === 0;
    let seq: number[] | undefined;
    const targets = this.targets[cls];
    if (targets && !atSource) {
      for (const t of targets) {
        if (t.workload === source) continue;
        seq ??= this.pathTo(cls);
        this.found.push({ source: source.key, target: t.workload.key, reasons: t.reasons, hops: this.hopsOf(seq) });
      }
    }
    if (this.isDone() || this.foundApiServer()) return;
    const api = this.reachesApi(cls);
    if (api.isEmpty) return;
    seq ??= atSource ? [] : this.pathTo(cls);
    const hops = seq.length ? this.hopsOf(seq) : [];
    hops.push({ workload: 'api-server', conns: api });
    this.found.push({ source: source.key, target: 'api-server', reasons: ['api-server'], hops });
  }

  private foundApiServer(): boolean {
    for (const p of this.found) if (p.target === 'api-server') return true;
    return false;
  }

  private neighbours(s: number): Bitset {
    let bits = this.adjacency[s];
    if (!bits) {
      const b = new Bitset(this.model.classes.length);
      this.graph.forEachOut(s, (d) => b.add(d));
      this.adjacency[s] = bits = b;
    }
    return bits;
  }

  private reachesApi(cls: number): ConnSet {
    let out = this.apiConns[cls];
    if (out) return out;
    for (const b of this.apiBlocks) {
      const c = this.evaluator.connection({ type: 'pods', classId: cls }, { type: 'external', blockId: b }, undefined, apiPorts);
      out = out ? out.intersect(c) : c;
    }
    return (this.apiConns[cls] = out ?? ConnSet.none);
  }

  private pathTo(cls: number): number[] {
    const seq: number[] = [];
    for (let c = cls; this.depth[c]! > 0; c = this.parent[c]!) seq.push(c);
    return seq.reverse();
  }

  private hopsOf(seq: number[]): LateralHop[] {
    const hops: LateralHop[] = [];
    let prev = this.parent[seq[0]!]!;
    for (const c of seq) {
      const conns = this.evaluator.connection({ type: 'pods', classId: prev }, { type: 'pods', classId: c });
      prev = c;
      const names = this.model.classes[c]!.workloads.map((id) => this.model.workloads[id]!.key);
      hops.push({ workload: names.join('|'), conns });
    }
    return hops;
  }
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
