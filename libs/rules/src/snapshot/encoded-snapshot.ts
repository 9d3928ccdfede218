import type { SnapshotKind } from './kinds.js';
import type { ClusterSnapshot, K8sObject } from './snapshot.js';

/**
 * A snapshot serialised once, as bytes that move between threads without a copy: the header (everything but the
 * objects) as JSON text, and each kind's objects as JSON-array chunks (one per collected page). Building it page by
 * page keeps each serialisation step short, so the thread that collects never stalls for the whole snapshot.
 */
export interface EncodedSnapshot {
  header: string;
  resources: Partial<Record<SnapshotKind, Uint8Array[]>>;
  /** Time the collecting thread spent serialising (ms): part of the price of moving the snapshot. */
  encodeMs: number;
}

/** The snapshot without its objects. */
export type SnapshotHeader = Omit<ClusterSnapshot, 'resources'>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Collects a snapshot's objects as JSON chunks, page by page. */
export class SnapshotEncoder {
  private readonly resources: Partial<Record<SnapshotKind, Uint8Array[]>> = {};
  private bytes = 0;
  private spentMs = 0;

  /** Appends a page of objects of `kind` (an empty page still records the kind as collected). */
  add(kind: SnapshotKind, objects: readonly K8sObject[]): void {
    const chunks = (this.resources[kind] ??= []);
    if (objects.length === 0) return;
    const started = performance.now();
    const chunk = encoder.encode(JSON.stringify(objects));
    this.spentMs += performance.now() - started;
    this.bytes += chunk.byteLength;
    chunks.push(chunk);
  }

  /** Forgets what was kept for `kind` (a list that starts over). */
  reset(kind: SnapshotKind): void {
    for (const chunk of this.resources[kind] ?? []) this.bytes -= chunk.byteLength;
    this.resources[kind] = [];
  }

  get byteLength(): number {
    return this.bytes;
  }

  /** The encoded snapshot; kinds in the order given, each chunk a JSON array. */
  finish(header: SnapshotHeader, kindOrder: readonly SnapshotKind[]): EncodedSnapshot {
    const resources: Partial<Record<SnapshotKind, Uint8Array[]>> = {};
    for (const kind of kindOrder) if (this.resources[kind]) resources[kind] = this.resources[kind];
    return { header: JSON.stringify(header), resources, encodeMs: Math.round(this.spentMs) };
  }
}

/** Encodes a snapshot that already exists as objects (manifests, tests): one chunk per kind. */
export function encodeSnapshot(snapshot: ClusterSnapshot): EncodedSnapshot {
  const { resources, ...header } = snapshot;
  const snapshotEncoder = new SnapshotEncoder();
  for (const [kind, objects] of Object.entries(resources) as [SnapshotKind, K8sObject[]][]) snapshotEncoder.add(kind, objects);
  return snapshotEncoder.finish(header, Object.keys(resources) as SnapshotKind[]);
}

/** The buffers of an encoded snapshot, to list as transferables when posting it to another thread. */
export function snapshotBuffers(encoded: EncodedSnapshot): ArrayBuffer[] {
  return Object.values(encoded.resources).flatMap((chunks) => chunks.map((chunk) => chunk.buffer as ArrayBuffer));
}

/** Parses an encoded snapshot back into objects, releasing each chunk once parsed so the bytes and objects never both peak. */
export function decodeSnapshot(encoded: EncodedSnapshot): ClusterSnapshot {
  const header = JSON.parse(encoded.header) as SnapshotHeader;
  const resources: Partial<Record<SnapshotKind, K8sObject[]>> = {};
  for (const [kind, chunks] of Object.entries(encoded.resources) as [SnapshotKind, Uint8Array[]][]) {
    const objects: K8sObject[] = [];
    for (let index = 0; index < chunks.length; index++) {
      const page = JSON.parse(decoder.decode(chunks[index])) as K8sObject[];
      for (const object of page) objects.push(object);
      chunks[index] = new Uint8Array(0);
    }
    resources[kind] = objects;
  }
  return { ...header, resources };
}
