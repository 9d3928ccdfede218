import type { ClusterSnapshot, K8sObject } from '../snapshot/snapshot.js';
import type { SnapshotKind } from '../snapshot/kinds.js';
import type { ResourceRef } from '../engine/vocabulary.js';
import { parseImageReference, type ImageReference } from './image-reference.js';
import type { Container, PodSpec } from './pod-spec.types.js';
import { refOf } from './resource-ref.js';
import { podSpecView } from './stable-shapes.js';

/** A pod spec in the snapshot: where it lives (owner object, JSON pointer) and the labels its pods get. */
export interface PodSpecSite {
  /** Position in `podSpecSites(snapshot)`, for per-site tables kept as arrays. */
  index: number;
  owner: K8sObject;
  ownerKind: SnapshotKind;
  ref: ResourceRef;
  namespace: string;
  spec: PodSpec;
  /** JSON pointer of the pod spec inside the owner, e.g. `/spec/template/spec`. */
  pointer: string;
  /** Labels of the pods this spec creates. */
  podLabels: Record<string, string>;
  podAnnotations: Record<string, string>;
  /** Its containers of every kind, built on first use by `containerSites` (read through that function). */
  containers: ContainerSite[] | undefined;
}

export type ContainerKind = 'containers' | 'initContainers' | 'ephemeralContainers';

/** One container of a pod spec, with its JSON pointer in the owner object. */
export interface ContainerSite {
  site: PodSpecSite;
  container: Container;
  kind: ContainerKind;
  index: number;
  pointer: string;
  /** `container.image` parsed, set on first use by `containerImage` (read through that function). */
  imageReference?: Readonly<ImageReference>;
}

/** Owners of pod templates; `specPointer` is the pod spec's pointer, one string shared by all their sites. */
const templateKinds: { kind: SnapshotKind; specPointer: string; template: (object: K8sObject) => unknown }[] = [
  { kind: 'deployments', specPointer: '/spec/template/spec', template: (object) => object.spec?.['template'] },
  { kind: 'statefulsets', specPointer: '/spec/template/spec', template: (object) => object.spec?.['template'] },
  { kind: 'daemonsets', specPointer: '/spec/template/spec', template: (object) => object.spec?.['template'] },
  { kind: 'replicasets', specPointer: '/spec/template/spec', template: (object) => object.spec?.['template'] },
  { kind: 'jobs', specPointer: '/spec/template/spec', template: (object) => object.spec?.['template'] },
  {
    kind: 'replicationcontrollers',
    specPointer: '/spec/template/spec',
    template: (object) => object.spec?.['template'],
  },
  // A PodTemplate runs nothing itself, but whatever instantiates it (a controller, a CI runner) runs its pods.
  { kind: 'podtemplates', specPointer: '/template/spec', template: (object) => object['template'] },
  {
    kind: 'cronjobs',
    specPointer: '/spec/jobTemplate/spec/template/spec',
    template: (object) =>
      (object.spec?.['jobTemplate'] as { spec?: { template?: unknown } } | undefined)?.spec?.template,
  },
];

/** Kinds whose objects carry pod specs; rules iterating pod specs read these. */
export const workloadKinds: SnapshotKind[] = [
  'pods',
  'deployments',
  'statefulsets',
  'daemonsets',
  'replicasets',
  'jobs',
  'cronjobs',
  'replicationcontrollers',
  'podtemplates',
];

const cache = new WeakMap<ClusterSnapshot, PodSpecSite[]>();

/**
 * Every pod spec of the snapshot, once: workload templates plus bare pods. Pods, ReplicaSets and Jobs created by a
 * controller are skipped (their owner's template is reported instead), so one problem yields one finding.
 */
export function podSpecSites(snapshot: ClusterSnapshot): PodSpecSite[] {
  const cached = cache.get(snapshot);
  if (cached) return cached;
  const sites: PodSpecSite[] = [];
  for (const { kind, specPointer, template } of templateKinds) {
    for (const owner of snapshot.resources[kind] ?? []) {
      if (
        kind !== 'deployments' &&
        kind !== 'statefulsets' &&
        kind !== 'daemonsets' &&
        kind !== 'cronjobs' &&
        hasController(owner)
      )
        continue;
      const podTemplate = template(owner) as
        | {
            metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
            spec?: PodSpec;
          }
        | undefined;
      if (!podTemplate?.spec) continue;
      sites.push(
        site(
          sites.length,
          owner,
          kind,
          podTemplate.spec,
          specPointer,
          podTemplate.metadata?.labels,
          podTemplate.metadata?.annotations,
        ),
      );
    }
  }
  for (const pod of snapshot.resources.pods ?? []) {
    if (hasController(pod) || !pod.spec) continue;
    sites.push(
      site(sites.length, pod, 'pods', pod.spec as PodSpec, '/spec', pod.metadata.labels, pod.metadata.annotations),
    );
  }
  cache.set(snapshot, sites);
  return sites;
}

function site(
  index: number,
  owner: K8sObject,
  ownerKind: SnapshotKind,
  spec: PodSpec,
  pointer: string,
  labels: Record<string, string> | undefined,
  annotations: Record<string, string> | undefined,
): PodSpecSite {
  return {
    index,
    owner,
    ownerKind,
    ref: refOf(owner),
    namespace: owner.metadata.namespace ?? 'default',
    // One shape for every pod spec and container the rules read (stable-shapes.ts says why).
    spec: podSpecView(spec),
    pointer,
    podLabels: labels ?? {},
    podAnnotations: annotations ?? {},
    containers: undefined,
  };
}

function hasController(object: K8sObject): boolean {
  // A loop, not `some` with a callback: this runs once per pod per snapshot, mostly before V8 optimises it.
  const references = object.metadata.ownerReferences;
  if (references === undefined || references === null) return false;
  for (const reference of references) if (reference.controller === true) return true;
  return false;
}

const byNamespaceCache = new WeakMap<ClusterSnapshot, Map<string, PodSpecSite[]>>();

/** Pod specs grouped by namespace, computed once per snapshot. */
export function podSpecSitesByNamespace(snapshot: ClusterSnapshot): Map<string, PodSpecSite[]> {
  const cached = byNamespaceCache.get(snapshot);
  if (cached) return cached;
  const index = new Map<string, PodSpecSite[]>();
  for (const site of podSpecSites(snapshot)) {
    const list = index.get(site.namespace);
    if (list) list.push(site);
    else index.set(site.namespace, [site]);
  }
  byNamespaceCache.set(snapshot, index);
  return index;
}

const everyContainerKind: ContainerKind[] = ['initContainers', 'containers', 'ephemeralContainers'];

/** Containers of a pod spec: regular, init and ephemeral, each with its pointer. The list is shared: do not modify it. */
export function containerSites(site: PodSpecSite, kinds?: ContainerKind[]): ContainerSite[] {
  // Several rules and the all-containers list ask for every container of a site: built once per site.
  const all = (site.containers ??= buildContainerSites(site, everyContainerKind));
  if (!kinds) return all;
  const result: ContainerSite[] = [];
  pushOfKinds(all, kinds, result);
  return result;
}

/** Appends the containers of `all` (one site's) of each of `kinds`, kind by kind, as `buildContainerSites` orders them. */
function pushOfKinds(all: ContainerSite[], kinds: ContainerKind[], into: ContainerSite[]): void {
  for (let k = 0; k < kinds.length; k++)
    for (let i = 0; i < all.length; i++) if (all[i]!.kind === kinds[k]) into.push(all[i]!);
}

function buildContainerSites(site: PodSpecSite, kinds: ContainerKind[]): ContainerSite[] {
  const result: ContainerSite[] = [];
  for (const kind of kinds) {
    const containers = site.spec[kind];
    if (!containers) continue;
    for (let index = 0; index < containers.length; index++)
      result.push({
        site,
        container: containers[index]!,
        kind,
        index,
        pointer: containerPointer(site.pointer, kind, index),
        imageReference: undefined,
      });
  }
  return result;
}

// Pod specs sit at three fixed pointers and hold a few containers each: tens of thousands of container sites share a
// few dozen pointer strings (which container findings then extend) instead of building one each.
const containerPointers = new Map<string, Map<ContainerKind, string[]>>();

function containerPointer(specPointer: string, kind: ContainerKind, index: number): string {
  let byKind = containerPointers.get(specPointer);
  if (byKind === undefined) containerPointers.set(specPointer, (byKind = new Map()));
  let pointers = byKind.get(kind);
  if (pointers === undefined) byKind.set(kind, (pointers = []));
  return (pointers[index] ??= `${specPointer}/${kind}/${index}`);
}

/**
 * The container's image reference (that of `''` when it names no image), parsed once per container: four rules read
 * it, and the shared parse cache alone is smaller than the distinct images of a large cluster.
 */
export function containerImage(site: ContainerSite): Readonly<ImageReference> {
  return (site.imageReference ??= parseImageReference(site.container.image ?? ''));
}

const containerCache = new WeakMap<ClusterSnapshot, Map<string, ContainerSite[]>>();

/** Every container of every pod spec in the snapshot (computed once per snapshot and set of container kinds). */
export function allContainerSites(snapshot: ClusterSnapshot, kinds?: ContainerKind[]): ContainerSite[] {
  const key = (kinds ?? []).join(',');
  let perKinds = containerCache.get(snapshot);
  if (!perKinds) {
    perKinds = new Map();
    containerCache.set(snapshot, perKinds);
  }
  let sites = perKinds.get(key);
  if (!sites) {
    // Lists of some kinds only reuse the sites of every container (same objects, same order per pod spec).
    sites = [];
    const specs = podSpecSites(snapshot);
    for (let s = 0; s < specs.length; s++) {
      const all = containerSites(specs[s]!);
      if (kinds) pushOfKinds(all, kinds, sites);
      else for (let i = 0; i < all.length; i++) sites.push(all[i]!);
    }
    perKinds.set(key, sites);
  }
  return sites;
}

/** The value of an effective security-context field: the container's, else the pod's. */
export function effectiveSecurity<
  K extends
    'runAsNonRoot' | 'runAsUser' | 'runAsGroup' | 'seccompProfile' | 'seLinuxOptions' | 'appArmorProfile',
>(
  containerSite: ContainerSite,
  field: K,
): { value: NonNullable<import('./pod-spec.types.js').SecurityContext[K]> | undefined; pointer: string } {
  const own = containerSite.container.securityContext?.[field];
  if (own !== undefined && own !== null)
    return { value: own as never, pointer: fieldPointer(fieldPointer(containerSite.pointer, 'securityContext'), field) };
  const pod = containerSite.site.spec.securityContext?.[field];
  return {
    value: (pod ?? undefined) as never,
    pointer: fieldPointer(fieldPointer(containerSite.site.pointer, 'securityContext'), field),
  };
}

// Findings name the same few fields of the same few pod spec and container positions: each `${base}/${path}` is built
// once and shared, instead of once per check or finding. Bounded, so callers with unusual bases cannot grow it forever.
const fieldPointers = new Map<string, Map<string, string>>();
const fieldPointerBasesLimit = 4096;

/**
 * `${base}/${path}` as one string shared by all callers, for a base that is itself shared (a pod spec or container
 * pointer, or a result of this function) and a fixed path, e.g. `fieldPointer(site.pointer, 'image')`.
 */
export function fieldPointer(base: string, path: string): string {
  let byPath = fieldPointers.get(base);
  if (byPath === undefined) {
    if (fieldPointers.size >= fieldPointerBasesLimit) fieldPointers.clear();
    fieldPointers.set(base, (byPath = new Map()));
  }
  let pointer = byPath.get(path);
  if (pointer === undefined) byPath.set(path, (pointer = `${base}/${path}`));
  return pointer;
}
