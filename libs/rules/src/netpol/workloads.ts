import type { ClusterSnapshot, K8sObject } from '../snapshot/snapshot.js';
import { protocolOf, sortedNamedPorts, type NamedPort } from './ports.js';
import type { Protocol } from './conn-set.js';

/** A workload as connectivity is reported: `namespace/name[Kind]` (Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet, Pod…). */
export interface WorkloadRef {
  namespace: string;
  name: string;
  kind: string;
}

/** `namespace/name[Kind]`, the node spelling of netpol-analyzer. */
export function workloadKey(ref: WorkloadRef): string {
  return `${ref.namespace}/${ref.name}[${ref.kind}]`;
}

/** Parses `namespace/name[Kind]` (or `namespace/name`, kind then unknown). */
export function parseWorkloadKey(text: string): { namespace: string; name: string; kind?: string } | undefined {
  const m = /^([^/\s]+)\/([^[\s]+)(?:\[([^\]]+)\])?$/.exec(text.trim());
  return m ? { namespace: m[1]!, name: m[2]!, ...(m[3] ? { kind: m[3] } : {}) } : undefined;
}

/** What the engine needs from one pod (a live Pod, or the pod template of a workload that has no live pods). */
export interface PodFacts {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  namedPorts: NamedPort[];
  hostNetwork: boolean;
  /** Host ports and the container ports behind them. */
  hostPorts: { protocol: Protocol; port: number; containerPort: number }[];
  /** Every declared container port (named or not), what a host-network pod listens on. */
  containerPorts: { protocol: Protocol; port: number }[];
  ips: string[];
  owner: WorkloadRef;
  mountsSecrets: boolean;
  /** True when this stands for a template, not a running pod. */
  fromTemplate: boolean;
}

const templateKinds = [
  ['deployments', 'Deployment'],
  ['statefulsets', 'StatefulSet'],
  ['daemonsets', 'DaemonSet'],
  ['replicasets', 'ReplicaSet'],
  ['jobs', 'Job'],
  ['cronjobs', 'CronJob'],
] as const;

const nsOf = (o: K8sObject): string => o.metadata.namespace || 'default';

function controllerOf(o: K8sObject): { kind: string; name: string } | undefined {
  const refs = o.metadata.ownerReferences;
  if (!refs) return undefined;
  for (const ref of refs) if (ref.controller) return ref;
  return refs[0];
}

/**
 * Every pod the snapshot implies, each with its owning workload. Live pods resolve their owner through
 * ReplicaSet → Deployment and Job → CronJob when those objects are present; a workload object with no live pod
 * (manifests, scaled-to-zero) contributes its pod template. Finished pods are kept: their workload still exists
 * and runs again with the same labels (Jobs, CronJobs).
 */
export function collectPods(snapshot: ClusterSnapshot): PodFacts[] {
  const pods: PodFacts[] = [];
  forEachPod(snapshot, (pod) => pods.push(pod));
  return pods;
}

/**
 * The pods `collectPods` lists, in the same order, handed to `visit` one at a time: a caller that folds them as they
 * come (the reachability model) lets each die young instead of keeping 50,000 of them until the end.
 */
export function forEachPod(snapshot: ClusterSnapshot, visit: (pod: PodFacts) => void): void {
  const res = snapshot.resources;
  const index = new ObjectIndex<K8sObject>();
  for (const [plural, kind] of templateKinds) for (const o of res[plural] ?? []) index.set(kind, nsOf(o), o.metadata.name, o);

  const owned = new ObjectIndex<true>();
  // Pods of one controller share its owner chain: resolved and marked as owned once per controller
  // (null: a Node, whose mirror pods are reported as bare pods, like netpol-analyzer does).
  const ownerByController = new ObjectIndex<WorkloadRef | null>();
  // Pods of one controller are usually listed one after another: the previous pod's answer is reused without lookups.
  let last: { kind: string; name: string; namespace: string; owner: WorkloadRef | null } | undefined;
  for (const pod of res.pods ?? []) {
    const namespace = nsOf(pod);
    const ctrl = controllerOf(pod);
    let owner: WorkloadRef | null | undefined;
    if (ctrl?.kind) {
      if (last && last.kind === ctrl.kind && last.name === ctrl.name && last.namespace === namespace) owner = last.owner;
      else {
        owner = ownerOfController(index, owned, ownerByController, namespace, ctrl);
        last = { kind: ctrl.kind, name: ctrl.name, namespace, owner };
      }
    }
    owner ??= { namespace, name: ctrl && !ctrl.kind ? ctrl.name : pod.metadata.name, kind: 'Pod' };
    visit(podFacts(namespace, pod.metadata.name, pod.metadata.labels ?? {}, pod.spec, owner, podIps(pod), false));
  }

  for (const [plural, kind] of templateKinds) {
    for (const o of res[plural] ?? []) {
      const namespace = nsOf(o);
      if (owned.get(kind, namespace, o.metadata.name)) continue;
      const ctrl = controllerOf(o);
      // A ReplicaSet or Job whose controller is in the snapshot is represented by that controller.
      if (ctrl && index.get(ctrl.kind, namespace, ctrl.name)) continue;
      const template = templateOf(o);
      if (!template) continue;
      const meta = (template['metadata'] as { labels?: Record<string, string> } | undefined) ?? {};
      const owner = { namespace, name: o.metadata.name, kind };
      visit(podFacts(namespace, o.metadata.name, meta.labels ?? {}, template['spec'] as Record<string, unknown>, owner, [], true));
    }
  }
}

/** The workload owning pods of controller `ctrl`, resolved once per controller (and its chain marked as owned). */
function ownerOfController(
  index: ObjectIndex<K8sObject>,
  owned: ObjectIndex<true>,
  ownerByController: ObjectIndex<WorkloadRef | null>,
  namespace: string,
  ctrl: { kind: string; name: string },
): WorkloadRef | null {
  let owner = ownerByController.get(ctrl.kind, namespace, ctrl.name);
  if (owner === undefined) {
    for (let ref: WorkloadRef | undefined = { namespace, kind: ctrl.kind, name: ctrl.name }, d = 0; ref && d < 3; d++) {
      owned.set(ref.kind, namespace, ref.name, true);
      const obj = index.get(ref.kind, namespace, ref.name);
      const parent = obj && controllerOf(obj);
      ref = parent ? { namespace, kind: parent.kind, name: parent.name } : undefined;
    }
    owner = ctrl.kind !== 'Node' ? resolveOwner(index, namespace, ctrl.kind, ctrl.name) : null;
    ownerByController.set(ctrl.kind, namespace, ctrl.name, owner);
  }
  return owner;
}

const workloadKinds = ['Deployment', 'CronJob', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'];

function resolveOwner(index: ObjectIndex<K8sObject>, namespace: string, kind: string, name: string): WorkloadRef {
  let current = { kind, name };
  for (let depth = 0; depth < 3; depth++) {
    const obj = index.get(current.kind, namespace, current.name);
    const parent = obj && controllerOf(obj);
    if (!parent || !workloadKinds.includes(parent.kind)) break;
    current = { kind: parent.kind, name: parent.name };
  }
  return { namespace, ...current };
}

const ipOf = (p: { ip: string }): string => p.ip;

/** Pod addresses from status (`podIPs`, else `podIP`). */
function podIps(pod: K8sObject): string[] {
  const status = pod.status as { podIP?: string; podIPs?: { ip: string }[] } | undefined;
  return status?.podIPs?.map(ipOf) ?? (status?.podIP ? [status.podIP] : []);
}

/** Values by kind, namespace and name; lookups reuse the object's own strings instead of joining a key per call. */
class ObjectIndex<T> {
  private readonly byKind = new Map<string, Map<string, Map<string, T>>>();

  get(kind: string, namespace: string, name: string): T | undefined {
    return this.byKind.get(kind)?.get(namespace)?.get(name);
  }

  set(kind: string, namespace: string, name: string, value: T): void {
    let byNamespace = this.byKind.get(kind);
    if (!byNamespace) this.byKind.set(kind, (byNamespace = new Map()));
    let byName = byNamespace.get(namespace);
    if (!byName) byNamespace.set(namespace, (byName = new Map()));
    byName.set(name, value);
  }
}

function templateOf(o: K8sObject): Record<string, unknown> | undefined {
  const spec = o.spec as Record<string, unknown> | undefined;
  if (o.kind === 'CronJob') {
    const jobSpec = (spec?.['jobTemplate'] as { spec?: Record<string, unknown> } | undefined)?.spec;
    return jobSpec?.['template'] as Record<string, unknown> | undefined;
  }
  return spec?.['template'] as Record<string, unknown> | undefined;
}

function podFacts(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  spec: Record<string, unknown> | undefined,
  owner: WorkloadRef,
  ips: string[],
  fromTemplate: boolean,
): PodFacts {
  const facts: PodFacts = {
    namespace,
    name,
    labels,
    namedPorts: [],
    hostNetwork: spec?.['hostNetwork'] === true,
    hostPorts: [],
    containerPorts: [],
    ips,
    owner,
    mountsSecrets: false,
    fromTemplate,
  };
  // One pass over each container list gathers ports, named ports and secret use (every pod is read, so no extra lists).
  addContainerFacts(spec?.['containers'] as Record<string, unknown>[] | undefined, facts);
  addContainerFacts(spec?.['initContainers'] as Record<string, unknown>[] | undefined, facts);
  if (!facts.mountsSecrets) facts.mountsSecrets = volumesHoldSecrets(spec?.['volumes'] as Record<string, unknown>[] | undefined);
  facts.namedPorts = sortedNamedPorts(facts.namedPorts);
  return facts;
}

/** Adds the declared ports of `containers` (as `namedPortsOfPodSpec` reads names) and whether they read secrets. */
function addContainerFacts(containers: Record<string, unknown>[] | undefined, facts: PodFacts): void {
  if (!containers) return;
  for (const c of containers) {
    const ports = c['ports'] as Record<string, unknown>[] | undefined;
    if (ports)
      for (const p of ports) {
        const protocol = protocolOf(p['protocol']);
        const containerPort = p['containerPort'];
        if (!protocol || typeof containerPort !== 'number') continue;
        facts.containerPorts.push({ protocol, port: containerPort });
        const hostPort = p['hostPort'];
        if (typeof hostPort === 'number' && hostPort > 0) facts.hostPorts.push({ protocol, port: hostPort, containerPort });
        const portName = p['name'];
        if (typeof portName === 'string' && portName !== '') facts.namedPorts.push({ name: portName, protocol, port: containerPort });
      }
    if (!facts.mountsSecrets && containerReadsSecrets(c)) facts.mountsSecrets = true;
  }
}

function containerReadsSecrets(c: Record<string, unknown>): boolean {
  const env = c['env'] as { valueFrom?: { secretKeyRef?: unknown } }[] | undefined;
  if (env) for (const e of env) if (e.valueFrom?.secretKeyRef) return true;
  const envFrom = c['envFrom'] as { secretRef?: unknown }[] | undefined;
  if (envFrom) for (const e of envFrom) if (e.secretRef) return true;
  return false;
}

function volumesHoldSecrets(volumes: Record<string, unknown>[] | undefined): boolean {
  if (!volumes) return false;
  for (const v of volumes) {
    if (v['secret']) return true;
    const sources = (v['projected'] as { sources?: { secret?: unknown }[] } | undefined)?.sources;
    if (sources) for (const source of sources) if (source.secret) return true;
  }
  return false;
}
