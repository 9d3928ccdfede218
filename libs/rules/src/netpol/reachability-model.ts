import type { ClusterSnapshot, K8sObject } from '../snapshot/snapshot.js';
import { Bitset } from './bitset.js';
import { compiledPolicyEntries, policyCompilers, type PolicyEntry } from './compiled-policies.js';
import { IpSet, parseCidr, parseIp, splitAddressSpace, type IpFamily, type IpRange } from './ip-range.js';
import type { Labels } from './label-selector.js';
import { everyone, noPods } from './matchers.js';
import type { CompiledPolicy, NamespaceFacts, PodMatcher } from './policy-model.js';
import type { NamedPort } from './ports.js';
import { forEachPod, workloadKey, type PodFacts, type WorkloadRef } from './workloads.js';

/**
 * Pods that no selector can tell apart: same namespace (and labels), same values of the pod labels any policy reads,
 * same named ports, same host networking.
 */
export interface PodClass {
  id: number;
  namespace: NamespaceFacts;
  /** The labels of the first pod of the class (pods of a class agree on every label a policy reads). */
  labels: Labels;
  namedPorts: NamedPort[];
  hostNetwork: boolean;
  /** Workloads with pods in this class (indices into `model.workloads`). */
  workloads: number[];
  podCount: number;
}

/** A workload and the classes its pods fall into (one owner may have pods with different labels). */
export interface Workload {
  id: number;
  ref: WorkloadRef;
  key: string;
  classIds: number[];
  podCount: number;
  mountsSecrets: boolean;
  hostNetwork: boolean;
  hostPorts: PodFacts['hostPorts'];
  containerPorts: PodFacts['containerPorts'];
  labels: Labels;
  /** Pod addresses known from status (live clusters). */
  ips: string[];
}

/** A block of addresses outside the cluster that every policy treats alike. */
export interface ExternalBlock {
  id: number;
  range: IpRange;
}

export interface ReachabilityOptions {
  /**
   * Address families to model outside the cluster; default: IPv4, plus IPv6 when the snapshot mentions any IPv6 address.
   * Addresses in the snapshot's pod and service CIDRs (`snapshot.network`) are never external blocks.
   */
  ipFamilies?: IpFamily[];
  /**
   * How host-network pods are treated. `node` (default, the most common CNI behaviour per the Kubernetes docs):
   * their traffic is the node's, so pod/namespace selectors neither select nor match them and they are never
   * isolated; only rules open to every source/destination reach them. `pod`: like any other pod (netpol-analyzer's assumption).
   */
  hostNetworkPods?: 'node' | 'pod';
}

/** Everything the queries need, built once per snapshot: namespaces, pod classes, workloads, compiled policies, address blocks. */
export interface ReachabilityModel {
  snapshot: ClusterSnapshot;
  namespaces: Map<string, NamespaceFacts>;
  classes: PodClass[];
  workloads: Workload[];
  workloadByKey: Map<string, Workload>;
  policies: CompiledPolicy[];
  blocks: ExternalBlock[];
  families: IpFamily[];
  /**
   * A class standing for an arbitrary pod (no labels) in an arbitrary namespace (no labels), used to ask
   * "can any in-cluster source reach this?" (e.g. an ingress controller we cannot identify). It belongs to no workload.
   */
  probeClassId: number;
  /** Classes matched by a pod matcher; computed once per distinct matcher. */
  matching(matcher: PodMatcher): Bitset;
}

/** The namespace label the API server sets on every namespace. */
export const namespaceNameLabel = 'kubernetes.io/metadata.name';

/**
 * Builds the reachability model of a snapshot: pods grouped into equivalence classes, owners into workloads,
 * every supported policy dialect compiled, the external address space split at every CIDR boundary in play.
 * Pure: reads only the snapshot.
 */
export function buildReachabilityModel(snapshot: ClusterSnapshot, options: ReachabilityOptions = {}): ReachabilityModel {
  const namespaces = new Map<string, NamespaceFacts>();
  // Loops over snapshot lists run once per snapshot, mostly before V8 optimises them: they index arrays rather than
  // allocate an iterator result per item.
  const namespaceObjects = snapshot.resources.namespaces ?? [];
  for (let i = 0; i < namespaceObjects.length; i++) {
    const ns = namespaceObjects[i]!;
    namespaces.set(ns.metadata.name, { name: ns.metadata.name, labels: { ...(ns.metadata.labels ?? {}), [namespaceNameLabel]: ns.metadata.name } });
  }

  const policies: CompiledPolicy[] = [];
  for (const [kind] of policyCompilers) {
    const objects = snapshot.resources[kind];
    if (!objects) continue;
    const entries = compiledPolicyEntries(kind, objects);
    for (let i = 0; i < entries.length; i++) policies.push(usablePolicy(entries[i]!, objects[i]!));
  }

  const fold = new PodFold(namespaces, labelKeysRead(policies), (options.hostNetworkPods ?? 'node') === 'node');
  forEachPod(snapshot, (pod) => fold.add(pod));
  const { classes, workloads, workloadByKey, podsV6 } = fold;
  for (const ns of namespaces.values()) Object.freeze(ns.labels);
  const probeNamespace: NamespaceFacts = { name: '', labels: {} };
  const probe: PodClass = { id: classes.length, namespace: probeNamespace, labels: {}, namedPorts: [], hostNetwork: false, workloads: [], podCount: 0 };
  classes.push(probe);

  const ipSets: IpSet[] = [];
  for (let i = 0; i < policies.length; i++) addIpSets(policies[i]!, ipSets);
  const families = options.ipFamilies ?? detectFamilies(snapshot, ipSets, () => {
    if (typeof podsV6 === 'object') throw podsV6.error;
    return podsV6;
  });
  // The pod and service CIDRs (when the snapshot knows them) are inside the cluster: they are not external blocks.
  const clusterSet = clusterCidrs(snapshot);
  const blocks = splitAddressSpace([...ipSets, clusterSet], families)
    .filter((range) => !clusterSet.covers(range))
    .map((range, id) => ({ id, range }));

  const matches = new ClassMatches(namespaces, classes, probe);
  const matching = (matcher: PodMatcher): Bitset => matches.of(matcher);

  return { snapshot, namespaces, classes, workloads, workloadByKey, policies, blocks, families, probeClassId: probe.id, matching };
}

/** Up to this many label keys read by selectors, a class key walks them all rather than sorting each pod's labels. */
const maxWalkedKeys = 16;

/** What the previous pod of a workload looked like, to place the next one without building a class key. */
interface LastPod {
  labels: Labels;
  namedPorts: NamedPort[];
  hostNetwork: boolean;
  cls: PodClass;
}

/**
 * Folds pods, as `forEachPod` hands them over, into pod classes and workloads. Methods of a class rather than closures
 * made per model, so this hot path is not new code for V8 on every snapshot (the instances' hidden class still dies
 * with the model and is re-learnt: see "Fourth pass" in docs/benchmarks.md).
 */
class PodFold {
  readonly classes: PodClass[] = [];
  readonly workloads: Workload[] = [];
  readonly workloadByKey = new Map<string, Workload>();
  /** The first pod with an IPv6 address, or whose addresses cannot be read, decides `detectFamilies`' pod clause. */
  podsV6: boolean | { error: unknown } = false;
  private readonly classByKey = new Map<string, PodClass>();
  private readonly workloadByOwner = new Map<WorkloadRef, Workload>();
  /** By workload id; updated in place: one record per workload rather than one per pod. */
  private readonly lastPodOf: LastPod[] = [];
  /** The label keys some selector reads, sorted, when they are known and few (else each pod's keys are filtered and sorted). */
  private readonly sortedKeys: string[] | undefined;

  constructor(
    private readonly namespaces: Map<string, NamespaceFacts>,
    private readonly relevantKeys: Set<string> | undefined,
    private readonly hostAsNode: boolean,
  ) {
    this.sortedKeys = relevantKeys && relevantKeys.size <= maxWalkedKeys ? [...relevantKeys].sort() : undefined;
  }

  add(pod: PodFacts): void {
    if (this.podsV6 === false) {
      try {
        this.podsV6 = hasIpv6Address(pod.ips);
      } catch (error) {
        this.podsV6 = { error };
      }
    }
    const hostNetwork = pod.hostNetwork && this.hostAsNode;
    // Pods of one controller share their owner object, so most pods find their workload without building its key, and
    // nearly always share its template's class: checked against the previous pod of the workload before building the
    // class key.
    let wl = this.workloadByOwner.get(pod.owner);
    const last = wl && this.lastPodOf[wl.id];
    const cls =
      last && last.hostNetwork === hostNetwork && sameNamedPorts(last.namedPorts, pod.namedPorts) && sameLabelsRead(last.labels, pod.labels, this.relevantKeys)
        ? last.cls
        : this.classOf(pod, hostNetwork);
    cls.podCount++;
    let created = false;
    if (!wl) {
      const wkey = workloadKey(pod.owner);
      wl = this.workloadByKey.get(wkey);
      if (!wl) {
        // Born with its first pod's class and addresses (the pod's own fresh list), not grown from empty arrays.
        wl = { id: this.workloads.length, ref: pod.owner, key: wkey, classIds: [cls.id], podCount: 0, mountsSecrets: false, hostNetwork: false, hostPorts: [], containerPorts: [], labels: pod.labels, ips: pod.ips };
        this.workloads.push(wl);
        this.workloadByKey.set(wkey, wl);
        created = true;
      }
      this.workloadByOwner.set(pod.owner, wl);
    }
    wl.podCount++;
    wl.mountsSecrets ||= pod.mountsSecrets;
    wl.hostNetwork ||= pod.hostNetwork;
    if (!created) for (const ip of pod.ips) wl.ips.push(ip);
    for (const hp of pod.hostPorts) if (!hasPort(wl.hostPorts, hp)) wl.hostPorts = appended(wl.hostPorts, hp);
    for (const cp of pod.containerPorts) if (!hasPort(wl.containerPorts, cp)) wl.containerPorts = appended(wl.containerPorts, cp);
    if (!wl.classIds.includes(cls.id)) wl.classIds.push(cls.id);
    if (!cls.workloads.includes(wl.id)) cls.workloads = appended(cls.workloads, wl.id);
    if (last) {
      last.labels = pod.labels;
      last.namedPorts = pod.namedPorts;
      last.hostNetwork = hostNetwork;
      last.cls = cls;
    } else this.lastPodOf[wl.id] = { labels: pod.labels, namedPorts: pod.namedPorts, hostNetwork, cls };
  }

  /** The class of pods alike to `pod`, created on first sight. */
  private classOf(pod: PodFacts, hostNetwork: boolean): PodClass {
    // Only labels some selector reads can tell pods apart (pod-template-hash, pod-name… do not split classes).
    const labelKey = this.sortedKeys ? readLabelKey(pod.labels, this.sortedKeys) : classLabelKey(pod.labels, this.relevantKeys);
    let portKey = '';
    for (const p of pod.namedPorts) portKey += `${portKey ? ',' : ''}${p.name}/${p.protocol}/${p.port}`;
    const key = `${pod.namespace}\u0000${labelKey}\u0000${portKey}\u0000${hostNetwork ? 'h' : ''}`;
    let cls = this.classByKey.get(key);
    if (!cls) {
      cls = { id: this.classes.length, namespace: this.namespaceOf(pod.namespace), labels: pod.labels, namedPorts: pod.namedPorts, hostNetwork, workloads: [], podCount: 0 };
      this.classes.push(cls);
      this.classByKey.set(key, cls);
    }
    return cls;
  }

  /** A namespace known only from its pods gets the one label the API server sets. */
  private namespaceOf(name: string): NamespaceFacts {
    let ns = this.namespaces.get(name);
    if (!ns) {
      ns = { name, labels: { [namespaceNameLabel]: name } };
      this.namespaces.set(name, ns);
    }
    return ns;
  }
}

/**
 * `list` with `item` at the end. An empty list is replaced by a one-element one: a push onto `[]` reserves room for 16,
 * which most classes (one workload) and workloads (one or two ports) would keep for nothing.
 */
function appended<T>(list: T[], item: T): T[] {
  if (list.length === 0) return [item];
  list.push(item);
  return list;
}

function hasIpv6Address(ips: string[]): boolean {
  for (const ip of ips) if (ip.includes(':') && parseIp(ip)?.family === 6) return true;
  return false;
}

/**
 * The classes each pod matcher selects. Namespace matches are computed once per namespace predicate, pod matches once
 * per (namespace set, pod predicate), i.e. per matcher key.
 */
class ClassMatches {
  private readonly byKey = new Map<string, Bitset>();
  private readonly namespacesByTest = new Map<string, NamespaceFacts[]>();
  private readonly namespaceList: NamespaceFacts[];
  private readonly classesByNamespace = new Map<string, PodClass[]>();

  constructor(
    private readonly namespaces: Map<string, NamespaceFacts>,
    private readonly classes: readonly PodClass[],
    private readonly probe: PodClass,
  ) {
    this.namespaceList = [...namespaces.values()];
    for (let i = 0; i < classes.length; i++) {
      const cls = classes[i]!;
      if (cls === probe) continue;
      const list = this.classesByNamespace.get(cls.namespace.name);
      if (list) list.push(cls);
      else this.classesByNamespace.set(cls.namespace.name, [cls]);
    }
  }

  of(matcher: PodMatcher): Bitset {
    const cached = this.byKey.get(matcher.key);
    if (cached) return cached;
    const bits = new Bitset(this.classes.length);
    if (matcher.key === everyone.pods!.key) {
      for (const cls of this.classes) bits.add(cls.id);
    } else {
      for (const ns of this.namespacesOf(matcher)) {
        const inNamespace = this.classesByNamespace.get(ns.name);
        if (inNamespace) for (const cls of inNamespace) if (!cls.hostNetwork && matcher.pods.test(cls.labels)) bits.add(cls.id);
      }
      const probe = this.probe;
      if (matcher.namespace === undefined && matcher.namespaces!.test(probe.namespace) && matcher.pods.test(probe.labels)) bits.add(probe.id);
    }
    this.byKey.set(matcher.key, bits);
    return bits;
  }

  private namespacesOf(matcher: PodMatcher): readonly NamespaceFacts[] {
    if (matcher.namespace !== undefined) {
      const ns = this.namespaces.get(matcher.namespace);
      return ns ? [ns] : [];
    }
    const nsTest = matcher.namespaces!;
    let list = this.namespacesByTest.get(nsTest.key);
    if (!list) {
      list = this.namespaceList.filter((ns) => nsTest.test(ns));
      this.namespacesByTest.set(nsTest.key, list);
    }
    return list;
  }
}

/**
 * One compiled policy. A malformed object (wrong field types, which the API server would reject, so it cannot be in
 * effect) becomes a policy that selects nothing, with a warning naming the problem, instead of failing the analysis.
 */
function usablePolicy(entry: PolicyEntry, obj: K8sObject): CompiledPolicy {
  if (!('error' in entry)) return entry;
  const error = entry.error;
  const namespace = obj.metadata?.namespace;
  return {
    ref: { apiVersion: String(obj.apiVersion), kind: String(obj.kind), ...(namespace ? { namespace } : {}), name: String(obj.metadata?.name) },
    tier: 'namespace',
    order: 1000,
    mode: 'union',
    subject: noPods,
    isolates: [],
    rules: [],
    warnings: [`the policy could not be read (${(error as Error).message}); it is ignored (the API server would reject it), so the pods it meant to select are reported as unprotected`],
  };
}

/**
 * `k=v` pairs of the labels some selector reads, sorted by key and joined: pods with equal keys are alike.
 * Walks the (few, pre-sorted) read keys instead of sorting each pod's own.
 */
function readLabelKey(labels: Labels, sortedKeys: readonly string[]): string {
  let text = '';
  let first = true;
  for (const key of sortedKeys) {
    if (!Object.prototype.hasOwnProperty.call(labels, key)) continue;
    text += `${first ? '' : '\u0001'}${key}=${labels[key]}`;
    first = false;
  }
  return text;
}

/** `k=v` pairs of the labels that some selector reads (all labels when the keys are unknown), sorted by key and joined. */
function classLabelKey(labels: Labels, relevantKeys: Set<string> | undefined): string {
  const keys: string[] = [];
  for (const key in labels) if (!relevantKeys || relevantKeys.has(key)) keys.push(key);
  keys.sort();
  let text = '';
  for (let i = 0; i < keys.length; i++) text += `${i > 0 ? '\u0001' : ''}${keys[i]}=${labels[keys[i]!]}`;
  return text;
}

/** True when both label sets agree on every label some selector reads (all labels when the keys are unknown). */
function sameLabelsRead(a: Labels, b: Labels, relevantKeys: Set<string> | undefined): boolean {
  let count = 0;
  for (const key in a) {
    if (relevantKeys && !relevantKeys.has(key)) continue;
    if (b[key] !== a[key]) return false;
    count++;
  }
  for (const key in b) if (!relevantKeys || relevantKeys.has(key)) count--;
  return count === 0;
}

function hasPort(list: { port: number; protocol: string }[], port: { port: number; protocol: string }): boolean {
  for (const item of list) if (item.port === port.port && item.protocol === port.protocol) return true;
  return false;
}

function sameNamedPorts(a: NamedPort[], b: NamedPort[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name || x.protocol !== y.protocol || x.port !== y.port) return false;
  }
  return true;
}

/** Every pod label key any policy's selectors read, or undefined when some selector's keys are unknown. */
function labelKeysRead(policies: CompiledPolicy[]): Set<string> | undefined {
  const keys = new Set<string>();
  for (let i = 0; i < policies.length; i++) if (!addKeysRead(policies[i]!, keys)) return undefined;
  return keys;
}

/** Adds the pod label keys the selectors of `policy` read; false when some selector's keys are unknown. */
function addKeysRead(policy: CompiledPolicy, keys: Set<string>): boolean {
  if (!addMatcherKeys(policy.subject, keys)) return false;
  for (const r of policy.rules) {
    for (const peer of r.peers) if (!addMatcherKeys(peer.pods, keys)) return false;
    if (r.notPeers) for (const peer of r.notPeers) if (!addMatcherKeys(peer.pods, keys)) return false;
  }
  return true;
}

function addMatcherKeys(m: PodMatcher | undefined, keys: Set<string>): boolean {
  if (!m) return true;
  if (!m.pods.keys) return false;
  for (const k of m.pods.keys) keys.add(k);
  return true;
}

/** Adds the address sets of the peers (and excluded peers) of `policy`'s rules. */
function addIpSets(policy: CompiledPolicy, sets: IpSet[]): void {
  for (const r of policy.rules) {
    for (const peer of r.peers) if (peer.ips) sets.push(peer.ips);
    if (r.notPeers) for (const peer of r.notPeers) if (peer.ips) sets.push(peer.ips);
  }
}

function clusterCidrs(snapshot: ClusterSnapshot): IpSet {
  const ranges: IpRange[] = [];
  for (const cidr of [...(snapshot.network?.podCidrs ?? []), ...(snapshot.network?.serviceCidrs ?? [])]) {
    try {
      ranges.push(parseCidr(cidr));
    } catch {
      // An unreadable CIDR in the collector's network facts leaves the space external, which over-reports rather than hides.
    }
  }
  return IpSet.of(ranges);
}

function detectFamilies(snapshot: ClusterSnapshot, sets: IpSet[], podsHaveV6: () => boolean): IpFamily[] {
  const v6 =
    sets.some((s) => s.ranges.some((r) => r.family === 6 && !(r.lo === 0n && r.hi === (1n << 128n) - 1n))) ||
    podsHaveV6() ||
    [...(snapshot.network?.podCidrs ?? []), ...(snapshot.network?.serviceCidrs ?? [])].some((c) => {
      try {
        return parseCidr(c).family === 6;
      } catch {
        return false;
      }
    });
  return v6 ? [4, 6] : [4];
}
