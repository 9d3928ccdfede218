import type { ClusterSnapshot, K8sObject } from '../snapshot/snapshot.js';
import { Bitset } from './bitset.js';
import { compiledPolicy, policyCompilers, type PolicyKind } from './compiled-policies.js';
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
  const namespaceOf = (name: string): NamespaceFacts => {
    let ns = namespaces.get(name);
    if (!ns) {
      ns = { name, labels: { [namespaceNameLabel]: name } };
      namespaces.set(name, ns);
    }
    return ns;
  };
  for (const ns of snapshot.resources.namespaces ?? []) {
    namespaces.set(ns.metadata.name, { name: ns.metadata.name, labels: { ...(ns.metadata.labels ?? {}), [namespaceNameLabel]: ns.metadata.name } });
  }

  const policies: CompiledPolicy[] = [];
  for (const [kind] of policyCompilers) for (const obj of snapshot.resources[kind] ?? []) policies.push(compileSafely(obj, kind));
  const relevantKeys = labelKeysRead(policies);

  const hostAsNode = (options.hostNetworkPods ?? 'node') === 'node';
  const classes: PodClass[] = [];
  const classByKey = new Map<string, PodClass>();
  const workloads: Workload[] = [];
  const workloadByKey = new Map<string, Workload>();
  const workloadByOwner = new Map<WorkloadRef, Workload>();
  const lastPodOf: { labels: Labels; namedPorts: NamedPort[]; hostNetwork: boolean; cls: PodClass }[] = [];
  // The first pod with an IPv6 address, or whose addresses cannot be read, decides `detectFamilies`' pod clause.
  let podsV6: boolean | { error: unknown } = false;
  forEachPod(snapshot, (pod) => {
    if (podsV6 === false) {
      try {
        podsV6 = pod.ips.some((ip) => ip.includes(':') && parseIp(ip)?.family === 6);
      } catch (error) {
        podsV6 = { error };
      }
    }
    const ns = namespaceOf(pod.namespace);
    const hostNetwork = pod.hostNetwork && hostAsNode;
    // Pods of one controller share their owner object, so most pods find their workload without building its key, and
    // nearly always share its template's class: checked against the previous pod of the workload before building the
    // class key.
    let wl = workloadByOwner.get(pod.owner);
    const previous = wl && lastPodOf[wl.id];
    let cls: PodClass | undefined;
    if (previous && previous.hostNetwork === hostNetwork && sameNamedPorts(previous.namedPorts, pod.namedPorts) && sameLabelsRead(previous.labels, pod.labels, relevantKeys))
      cls = previous.cls;
    if (!cls) {
      // Only labels some selector reads can tell pods apart (pod-template-hash, pod-name… do not split classes).
      const labelKey = classLabelKey(pod.labels, relevantKeys);
      let portKey = '';
      for (const p of pod.namedPorts) portKey += `${portKey ? ',' : ''}${p.name}/${p.protocol}/${p.port}`;
      const key = `${pod.namespace}\u0000${labelKey}\u0000${portKey}\u0000${hostNetwork ? 'h' : ''}`;
      cls = classByKey.get(key);
      if (!cls) {
        cls = { id: classes.length, namespace: ns, labels: pod.labels, namedPorts: pod.namedPorts, hostNetwork, workloads: [], podCount: 0 };
        classes.push(cls);
        classByKey.set(key, cls);
      }
    }
    cls.podCount++;
    let created = false;
    if (!wl) {
      const wkey = workloadKey(pod.owner);
      wl = workloadByKey.get(wkey);
      if (!wl) {
        // Born with its first pod's class and addresses (the pod's own fresh list), not grown from empty arrays.
        wl = { id: workloads.length, ref: pod.owner, key: wkey, classIds: [cls.id], podCount: 0, mountsSecrets: false, hostNetwork: false, hostPorts: [], containerPorts: [], labels: pod.labels, ips: pod.ips };
        workloads.push(wl);
        workloadByKey.set(wkey, wl);
        created = true;
      }
      workloadByOwner.set(pod.owner, wl);
    }
    wl.podCount++;
    wl.mountsSecrets ||= pod.mountsSecrets;
    wl.hostNetwork ||= pod.hostNetwork;
    if (!created) for (const ip of pod.ips) wl.ips.push(ip);
    for (const hp of pod.hostPorts) if (!hasPort(wl.hostPorts, hp)) wl.hostPorts.push(hp);
    for (const cp of pod.containerPorts) if (!hasPort(wl.containerPorts, cp)) wl.containerPorts.push(cp);
    if (!wl.classIds.includes(cls.id)) wl.classIds.push(cls.id);
    if (!cls.workloads.includes(wl.id)) cls.workloads.push(wl.id);
    // Updated in place: one record per workload rather than one per pod.
    const last = lastPodOf[wl.id];
    if (last) {
      last.labels = pod.labels;
      last.namedPorts = pod.namedPorts;
      last.hostNetwork = hostNetwork;
      last.cls = cls;
    } else lastPodOf[wl.id] = { labels: pod.labels, namedPorts: pod.namedPorts, hostNetwork, cls };
  });
  for (const ns of namespaces.values()) Object.freeze(ns.labels);
  const probeNamespace: NamespaceFacts = { name: '', labels: {} };
  const probe: PodClass = { id: classes.length, namespace: probeNamespace, labels: {}, namedPorts: [], hostNetwork: false, workloads: [], podCount: 0 };
  classes.push(probe);


  const ipSets: IpSet[] = [];
  for (const p of policies) for (const r of p.rules) for (const peer of [...r.peers, ...(r.notPeers ?? [])]) if (peer.ips) ipSets.push(peer.ips);
  const families = options.ipFamilies ?? detectFamilies(snapshot, ipSets, () => {
    if (typeof podsV6 === 'object') throw podsV6.error;
    return podsV6;
  });
  // The pod and service CIDRs (when the snapshot knows them) are inside the cluster: they are not external blocks.
  const clusterSet = clusterCidrs(snapshot);
  const blocks = splitAddressSpace([...ipSets, clusterSet], families)
    .filter((range) => !clusterSet.covers(range))
    .map((range, id) => ({ id, range }));

  // Namespace matches are computed once per namespace predicate, pod matches once per (namespace set, pod predicate).
  const nsMatchCache = new Map<string, NamespaceFacts[]>();
  const classesByNamespace = new Map<string, PodClass[]>();
  for (const cls of classes) {
    if (cls === probe) continue;
    const list = classesByNamespace.get(cls.namespace.name);
    if (list) list.push(cls);
    else classesByNamespace.set(cls.namespace.name, [cls]);
  }
  const matchCache = new Map<string, Bitset>();
  const matching = (matcher: PodMatcher): Bitset => {
    const cached = matchCache.get(matcher.key);
    if (cached) return cached;
    const bits = new Bitset(classes.length);
    if (matcher.key === everyone.pods!.key) {
      for (const cls of classes) bits.add(cls.id);
      matchCache.set(matcher.key, bits);
      return bits;
    }
    let nsList: NamespaceFacts[];
    if (matcher.namespace !== undefined) nsList = namespaces.has(matcher.namespace) ? [namespaces.get(matcher.namespace)!] : [];
    else {
      const nsTest = matcher.namespaces!;
      let list = nsMatchCache.get(nsTest.key);
      if (!list) {
        list = [...namespaces.values()].filter((ns) => nsTest.test(ns));
        nsMatchCache.set(nsTest.key, list);
      }
      nsList = list;
    }
    for (const ns of nsList) {
      for (const cls of classesByNamespace.get(ns.name) ?? []) if (!cls.hostNetwork && matcher.pods.test(cls.labels)) bits.add(cls.id);
    }
    if (matcher.namespace === undefined && matcher.namespaces!.test(probeNamespace) && matcher.pods.test(probe.labels)) bits.add(probe.id);
    matchCache.set(matcher.key, bits);
    return bits;
  };

  return { snapshot, namespaces, classes, workloads, workloadByKey, policies, blocks, families, probeClassId: probe.id, matching };
}

/**
 * Compiles one policy. A malformed object (wrong field types, which the API server would reject, so it cannot be in
 * effect) becomes a policy that selects nothing, with a warning naming the problem, instead of failing the analysis.
 */
function compileSafely(obj: K8sObject, kind: PolicyKind): CompiledPolicy {
  try {
    return compiledPolicy(kind, obj);
  } catch (error) {
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
}

/** `k=v` pairs of the labels that some selector reads, sorted by key and joined: pods with equal keys are alike. */
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
  const add = (m: PodMatcher | undefined): boolean => {
    if (!m) return true;
    if (!m.pods.keys) return false;
    for (const k of m.pods.keys) keys.add(k);
    return true;
  };
  for (const p of policies) {
    if (!add(p.subject)) return undefined;
    for (const r of p.rules) for (const peer of [...r.peers, ...(r.notPeers ?? [])]) if (!add(peer.pods)) return undefined;
  }
  return keys;
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
