import type { ClusterSnapshot, K8sObject } from '../snapshot/snapshot.js';
import { namedPortsOfPodSpec, protocolOf, type NamedPort } from './ports.js';
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

  const resolveOwner = (namespace: string, kind: string, name: string): WorkloadRef => {
    let current = { kind, name };
    for (let depth = 0; depth < 3; depth++) {
      const obj = index.get(current.kind, namespace, current.name);
      const parent = obj && controllerOf(obj);
      if (!parent || !['Deployment', 'CronJob', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'].includes(parent.kind)) break;
      current = { kind: parent.kind, name: parent.name };
    }
    return { namespace, ...current };
  };

  const owned = new ObjectIndex<true>();
  // Pods of one controller share its owner chain: resolved and marked as owned once per controller
  // (null: a Node, whose mirror pods are reported as bare pods, like netpol-analyzer does).
  const ownerByController = new ObjectIndex<WorkloadRef | null>();
  for (const pod of res.pods ?? []) {
    const namespace = nsOf(pod);
    const ctrl = controllerOf(pod);
    let owner: WorkloadRef | null | undefined;
    if (ctrl?.kind) {
      owner = ownerByController.get(ctrl.kind, namespace, ctrl.name);
      if (owner === undefined) {
        for (let ref: WorkloadRef | undefined = { namespace, kind: ctrl.kind, name: ctrl.name }, d = 0; ref && d < 3; d++) {
          owned.set(ref.kind, namespace, ref.name, true);
          const obj = index.get(ref.kind, namespace, ref.name);
          const parent = obj && controllerOf(obj);
          ref = parent ? { namespace, kind: parent.kind, name: parent.name } : undefined;
        }
        owner = ctrl.kind !== 'Node' ? resolveOwner(namespace, ctrl.kind, ctrl.name) : null;
        ownerByController.set(ctrl.kind, namespace, ctrl.name, owner);
      }
    }
    owner ??= { namespace, name: ctrl && !ctrl.kind ? ctrl.name : pod.metadata.name, kind: 'Pod' };
    const status = pod.status as { podIP?: string; podIPs?: { ip: string }[] } | undefined;
    const ips = status?.podIPs?.map((p) => p.ip) ?? (status?.podIP ? [status.podIP] : []);
    visit(podFacts(namespace, pod.metadata.name, pod.metadata.labels ?? {}, pod.spec, owner, ips, false));
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
  const hostPorts: PodFacts['hostPorts'] = [];
  const containerPorts: PodFacts['containerPorts'] = [];
  let mountsSecrets = false;
  for (const list of [spec?.['containers'], spec?.['initContainers']] as (Record<string, unknown>[] | undefined)[]) {
    if (!list) continue;
    for (const c of list) {
      const ports = c['ports'] as Record<string, unknown>[] | undefined;
      if (ports)
        for (const p of ports) {
          const protocol = protocolOf(p['protocol']);
          if (!protocol || typeof p['containerPort'] !== 'number') continue;
          containerPorts.push({ protocol, port: p['containerPort'] });
          if (typeof p['hostPort'] === 'number' && p['hostPort'] > 0) hostPorts.push({ protocol, port: p['hostPort'], containerPort: p['containerPort'] });
        }
      if (!mountsSecrets && containerReadsSecrets(c)) mountsSecrets = true;
    }
  }
  if (!mountsSecrets) mountsSecrets = volumesHoldSecrets(spec?.['volumes'] as Record<string, unknown>[] | undefined);
  return {
    namespace,
    name,
    labels,
    namedPorts: namedPortsOfPodSpec(spec),
    hostNetwork: spec?.['hostNetwork'] === true,
    hostPorts,
    containerPorts,
    ips,
    owner,
    mountsSecrets,
    fromTemplate,
  };
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
