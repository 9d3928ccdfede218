import { createHash } from 'node:crypto';
import type { K8sObject } from '../api/k8s-object.js';
import {
  groupVersionOf,
  resourceCatalog,
  resourceTypeForObject,
  type ResourceType,
} from '../api/resource-catalog.js';
import { selectableFields } from './selectable-fields.js';

/** One stored object: the few fields list filtering needs, plus its pre-serialized JSON (without kind/apiVersion). */
export interface StoredObject {
  namespace: string;
  name: string;
  labels: Record<string, string> | undefined;
  /** Selectable fields besides metadata.name/namespace, e.g. `status.phase`. */
  fields: Record<string, string>;
  /** The object as JSON; built-in kinds omit kind/apiVersion as list items from a real API server do. */
  json: string;
}

/** All objects of one resource type, sorted by namespace then name (the order etcd keys give a real server). */
export class ResourceCollection {
  readonly items: StoredObject[] = [];
  private sorted = true;
  private readonly byKey = new Map<string, number>();
  private readonly namespaceRanges = new Map<string, { start: number; end: number }>();

  constructor(readonly type: ResourceType) {}

  add(item: StoredObject): void {
    const last = this.items[this.items.length - 1];
    if (last && compareKeys(last, item) >= 0) this.sorted = false;
    this.items.push(item);
  }

  /** Sorts, drops duplicates (last one wins) and builds the lookup indexes; call once after loading. */
  seal(): void {
    if (!this.sorted) {
      const unique = new Map<string, StoredObject>();
      for (const item of this.items) unique.set(`${item.namespace}/${item.name}`, item);
      this.items.length = 0;
      this.items.push(...[...unique.values()].sort(compareKeys));
      this.sorted = true;
    }
    this.byKey.clear();
    this.namespaceRanges.clear();
    this.items.forEach((item, index) => {
      this.byKey.set(`${item.namespace}/${item.name}`, index);
      const range = this.namespaceRanges.get(item.namespace);
      if (range) range.end = index + 1;
      else this.namespaceRanges.set(item.namespace, { start: index, end: index + 1 });
    });
  }

  get(namespace: string, name: string): StoredObject | undefined {
    const index = this.byKey.get(`${namespace}/${name}`);
    return index === undefined ? undefined : this.items[index];
  }

  /** Index range of the objects to list: all of them, or one namespace's contiguous slice. */
  range(namespace: string | undefined): { start: number; end: number } {
    if (namespace === undefined) return { start: 0, end: this.items.length };
    return this.namespaceRanges.get(namespace) ?? { start: 0, end: 0 };
  }
}

function compareKeys(a: StoredObject, b: StoredObject): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export class ObjectStoreError extends Error {}

/** Deterministic uid so the same data always yields the same objects. */
function stableUid(key: string): string {
  const h = createHash('sha1').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * JSON of an object; built-in kinds drop kind/apiVersion (list items from a real server carry none). Objects whose
 * first keys are apiVersion then kind (the generator's and most manifests') are trimmed without a copy.
 */
function serialize(obj: K8sObject, keepTypeMeta: boolean): string {
  const json = JSON.stringify(obj);
  if (keepTypeMeta) return json;
  const prefix = `{"apiVersion":${JSON.stringify(obj.apiVersion)},"kind":${JSON.stringify(obj.kind)},`;
  if (json.startsWith(prefix)) return `{${json.slice(prefix.length)}`;
  const { apiVersion: _a, kind: _k, ...rest } = obj;
  return JSON.stringify(rest);
}

const defaultCreationTimestamp = '2026-01-05T09:00:00Z';

function pluralize(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('s')) return `${lower}es`;
  if (lower.endsWith('y')) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/**
 * The simulator's in-memory data: objects grouped per resource type and serialized once at load,
 * so a page of a list is a string join rather than a re-serialization.
 */
export class ObjectStore {
  private readonly collections = new Map<string, ResourceCollection>();
  private revision = 1000;
  /** The list resourceVersion; the data never changes after load. */
  resourceVersion = '1000';

  /**
   * Adds one object; unknown kinds become custom resources served under their group/version.
   * `owned`: the caller hands the object over (the generator does), so its metadata is completed in place
   * instead of copied, which matters at preset L.
   */
  add(obj: K8sObject, owned = false): void {
    if (
      !obj ||
      typeof obj !== 'object' ||
      typeof obj.apiVersion !== 'string' ||
      typeof obj.kind !== 'string'
    ) {
      throw new ObjectStoreError('object needs string apiVersion and kind');
    }
    if (!obj.metadata || typeof obj.metadata.name !== 'string' || obj.metadata.name === '') {
      throw new ObjectStoreError(`${obj.kind} has no metadata.name`);
    }
    const known = resourceTypeForObject(obj.apiVersion, obj.kind);
    const type = known ?? this.customType(obj.apiVersion, obj.kind, obj.metadata.namespace);
    const collection = this.collectionFor(type);
    const namespace = type.namespaced ? (obj.metadata.namespace ?? 'default') : '';
    this.revision++;
    const target = owned ? obj : { ...obj, metadata: { ...obj.metadata } };
    const metadata = target.metadata;
    if (type.namespaced) metadata.namespace = namespace;
    else delete metadata.namespace;
    metadata.uid ??= stableUid(`${groupVersionOf(type)}/${type.resource}/${namespace}/${obj.metadata.name}`);
    metadata.resourceVersion ??= String(this.revision);
    metadata.creationTimestamp ??= defaultCreationTimestamp;
    collection.add({
      namespace,
      name: metadata.name,
      labels: metadata.labels,
      fields: selectableFields(type.resource, target),
      json: serialize(target, !known || type.optional === true),
    });
  }

  /** Finishes loading: sorts and indexes every collection. */
  seal(): void {
    for (const collection of this.collections.values()) collection.seal();
    this.resourceVersion = String(this.revision);
  }

  /** The collection for a group/version/resource, if any type with that name is known. */
  collection(group: string, version: string, resource: string): ResourceCollection | undefined {
    return this.collections.get(`${group}/${version}/${resource}`);
  }

  /** Ensures a (possibly empty) collection exists for a type, so it is served and listable. */
  collectionFor(type: ResourceType): ResourceCollection {
    const key = `${type.group}/${type.version}/${type.resource}`;
    let collection = this.collections.get(key);
    if (!collection) {
      collection = new ResourceCollection(type);
      this.collections.set(key, collection);
    }
    return collection;
  }

  /** All collections, catalog order first, custom types after. */
  allCollections(): ResourceCollection[] {
    const order = new Map(resourceCatalog.map((t, i) => [`${t.group}/${t.version}/${t.resource}`, i]));
    return [...this.collections.entries()]
      .sort(([a], [b]) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || (a < b ? -1 : 1))
      .map(([, c]) => c);
  }

  /** Number of stored objects per resource (`pods`, `networkpolicies`, `crd.projectcalico.org/networkpolicies`). */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const c of this.allCollections()) {
      const builtIn =
        !c.type.optional && resourceTypeForObject(groupVersionOf(c.type), c.type.kind) !== undefined;
      counts[builtIn || !this.nameClash(c.type) ? c.type.resource : `${c.type.group}/${c.type.resource}`] =
        c.items.length;
    }
    return counts;
  }

  private nameClash(type: ResourceType): boolean {
    return [...this.collections.values()].some((c) => c.type !== type && c.type.resource === type.resource);
  }

  private customType(apiVersion: string, kind: string, namespace: string | undefined): ResourceType {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    if (group === '' || version === '') throw new ObjectStoreError(`unknown core kind ${apiVersion} ${kind}`);
    const existing = [...this.collections.values()].find(
      (c) => c.type.group === group && c.type.version === version && c.type.kind === kind,
    );
    if (existing) return existing.type;
    return {
      group,
      version,
      resource: pluralize(kind),
      singular: kind.toLowerCase(),
      kind,
      namespaced: namespace !== undefined,
      optional: true,
    };
  }
}
