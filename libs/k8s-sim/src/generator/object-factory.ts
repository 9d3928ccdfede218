import type { K8sObject } from '../api/k8s-object.js';
import { uidFor } from './generator-random.js';

const epoch = Date.parse('2026-01-05T09:00:00Z');

/** Deterministic creation time, `minutes` after the synthetic cluster was created. */
export function timestamp(minutes: number): string {
  const m = Math.round(minutes);
  let text = timestamps.get(m);
  if (text === undefined) {
    text = new Date(epoch + m * 60_000).toISOString().replace('.000Z', 'Z');
    timestamps.set(m, text);
  }
  return text;
}
const timestamps = new Map<number, string>();

export interface MetaInput {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  owner?: OwnerRef;
  createdMinute?: number;
}

export interface OwnerRef {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
}

/** uid of an object by its kind, namespace and name (the same function the owner reference uses). */
export function objectUid(kind: string, namespace: string | undefined, name: string): string {
  return uidFor(`${kind}/${namespace ?? ''}/${name}`);
}

export function ownerOf(obj: K8sObject): OwnerRef {
  return { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, uid: obj.metadata.uid! };
}

/** Builds an object with complete metadata (uid, creationTimestamp, optional controller ownerReference). */
export function makeObject(
  apiVersion: string,
  kind: string,
  meta: MetaInput,
  body: Record<string, unknown> = {},
): K8sObject {
  const metadata: K8sObject['metadata'] = {
    name: meta.name,
    ...(meta.namespace !== undefined ? { namespace: meta.namespace } : {}),
    uid: objectUid(kind, meta.namespace, meta.name),
    creationTimestamp: timestamp(meta.createdMinute ?? 0),
    ...(meta.labels ? { labels: meta.labels } : {}),
    ...(meta.annotations ? { annotations: meta.annotations } : {}),
    ...(meta.owner
      ? { ownerReferences: [{ ...meta.owner, controller: true, blockOwnerDeletion: true }] }
      : {}),
  };
  return { apiVersion, kind, metadata, ...body };
}

/** Base64 of a UTF-8 string, as Secret data holds it. */
export function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** Dotted IPv4 address of a 32-bit integer. */
export function ipv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}
