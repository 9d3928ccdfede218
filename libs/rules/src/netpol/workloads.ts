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
  ['replicationcontrollers', 'ReplicationController'],
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
  const owners = new PodOwners(snapshot.resources);
  visitLivePods(owners, snapshot.resources.pods ?? [], visit);
  visitTemplatePods(owners, snapshot.resources, visit);
}

// The loops below run once per snapshot, mostly before V8 optimises them: each is a function of its own (so V8's
// on-stack replacement compiles one loop with its own feedback instead of deoptimising at the next loop), stays thin
// around hot functions, and indexes arrays rather than allocate an iterator result per item.

function visitLivePods(owners: PodOwners, pods: K8sObject[], visit: (pod: PodFacts) => void): void {
  for (let i = 0; i < pods.length; i++) visit(owners.livePod(pods[i]!));
}

function visitTemplatePods(owners: PodOwners, res: ClusterSnapshot['resources'], visit: (pod: PodFacts) => void): void {
  let position = 0;
  for (let k = 0; k < templateKinds.length; k++) {
    const [plural, kind] = templateKinds[k]!;
    const objects = res[plural] ?? [];
    for (let i = 0; i < objects.length; i++) {
      const facts = owners.templatePod(objects[i]!, kind, position++);
      if (facts) visit(facts);
    }
  }
}

/** What the walk knows of one (kind, namespace, name): the object, when the snapshot has it, and its pods' owner. */
interface OwnerEntry {
  object: K8sObject | undefined;
  /** Some live pod's controller chain passes through it: its own template is not a pod of its own. */
  owned: boolean;
  /** The workload owning pods it controls, once resolved (null: a Node, whose mirror pods are reported as bare pods, like netpol-analyzer does). */
  owner: WorkloadRef | null | undefined;
}

/**
 * Resolves pod owners through ReplicaSet → Deployment and Job → CronJob. Pods of one controller share its owner chain:
 * resolved and marked as owned once per controller, in one entry per (kind, namespace, name).
 */
class PodOwners {
  private readonly entries = new ObjectIndex<OwnerEntry>();
  /** The entries of the template kinds' objects in `forEachPod`'s order, so its template pass needs no lookup. */
  private readonly templateEntries: OwnerEntry[] = [];
  // Pods of one controller are usually listed one after another: the previous pod's answer is reused without lookups.
  private lastKind: string | undefined;
  private lastName: string | undefined;
  private lastNamespace: string | undefined;
  private lastOwner: WorkloadRef | null = null;

  constructor(res: ClusterSnapshot['resources']) {
    for (const [plural, kind] of templateKinds) {
      const objects = res[plural] ?? [];
      for (let i = 0; i < objects.length; i++) {
        const o = objects[i]!;
        const entry = this.entry(kind, nsOf(o), o.metadata.name);
        entry.object = o;
        this.templateEntries.push(entry);
      }
    }
  }

  livePod(pod: K8sObject): PodFacts {
    const namespace = nsOf(pod);
    const ctrl = controllerOf(pod);
    let owner: WorkloadRef | null | undefined;
    if (ctrl?.kind) {
      if (ctrl.kind === this.lastKind && ctrl.name === this.lastName && namespace === this.lastNamespace) owner = this.lastOwner;
      else {
        owner = this.ownerOfController(namespace, ctrl);
        this.lastKind = ctrl.kind;
        this.lastName = ctrl.name;
        this.lastNamespace = namespace;
        this.lastOwner = owner;
      }
    }
    owner ??= { namespace, name: ctrl && !ctrl.kind ? ctrl.name : pod.metadata.name, kind: 'Pod' };
    return podFacts(namespace, pod.metadata.name, pod.metadata.labels ?? {}, pod.spec, owner, podIps(pod), false);
  }

  /** The template of the object at `position` of the template pass, unless live pods or its controller stand for it. */
  templatePod(o: K8sObject, kind: string, position: number): PodFacts | undefined {
    if (this.templateEntries[position]!.owned) return undefined;
    const namespace = nsOf(o);
    const ctrl = controllerOf(o);
    // A ReplicaSet or Job whose controller is in the snapshot is represented by that controller.
    if (ctrl && this.entries.get(ctrl.kind, namespace, ctrl.name)?.object) return undefined;
    const template = templateOf(o);
    if (!template) return undefined;
    const meta = (template['metadata'] as { labels?: Record<string, string> } | undefined) ?? {};
    const owner = { namespace, name: o.metadata.name, kind };
    return podFacts(namespace, o.metadata.name, meta.labels ?? {}, template['spec'] as Record<string, unknown>, owner, [], true);
  }

  private ownerOfController(namespace: string, ctrl: { kind: string; name: string }): WorkloadRef | null {
    const entry = this.entry(ctrl.kind, namespace, ctrl.name);
    if (entry.owner === undefined) {
      for (let ref: OwnerEntry | undefined = entry, d = 0; ref && d < 3; d++) {
        ref.owned = true;
        const parent: { kind: string; name: string } | undefined = ref.object && controllerOf(ref.object);
        ref = parent ? this.entry(parent.kind, namespace, parent.name) : undefined;
      }
      entry.owner = ctrl.kind !== 'Node' ? this.resolveOwner(namespace, ctrl.kind, ctrl.name) : null;
    }
    return entry.owner;
  }

  private resolveOwner(namespace: string, kind: string, name: string): WorkloadRef {
    let current = { kind, name };
    for (let depth = 0; depth < 3; depth++) {
      const obj = this.entries.get(current.kind, namespace, current.name)?.object;
      const parent = obj && controllerOf(obj);
      if (!parent || !workloadKinds.includes(parent.kind)) break;
      current = { kind: parent.kind, name: parent.name };
    }
    return { namespace, ...current };
  }

  private entry(kind: string, namespace: string, name: string): OwnerEntry {
    let entry = this.entries.get(kind, namespace, name);
    if (!entry) {
      entry = { object: undefined, owned: false, owner: undefined };
      this.entries.set(kind, namespace, name, entry);
    }
    return entry;
  }
}

const workloadKinds = ['Deployment', 'CronJob', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'];

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
        facts.containerPorts = appended(facts.containerPorts, { protocol, port: containerPort });
        const hostPort = p['hostPort'];
        if (typeof hostPort === 'number' && hostPort > 0) facts.hostPorts = appended(facts.hostPorts, { protocol, port: hostPort, containerPort });
        const portName = p['name'];
        if (typeof portName === 'string' && portName !== '') facts.namedPorts = appended(facts.namedPorts, { name: portName, protocol, port: containerPort });
      }
    if (!facts.mountsSecrets && containerReadsSecrets(c)) facts.mountsSecrets = true;
  }
}

/**
 * `list` with `item` at the end. An empty list is replaced by a one-element one: a push onto `[]` reserves room for 16,
 * which most pods (one or two ports) and the workloads and classes that keep their lists would carry for nothing.
 */
function appended<T>(list: T[], item: T): T[] {
  if (list.length === 0) return [item];
  list.push(item);
  return list;
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
