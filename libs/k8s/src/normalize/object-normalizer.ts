import type { K8sObject, SnapshotSecret } from '@meshguard/rules';
import type { SecretDigester } from './secret-digester.js';

const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';

/** Where an object came from and what it is, so list items (which omit apiVersion and kind) can be completed. */
export interface ObjectTypeInfo {
  apiVersion: string;
  kind: string;
}

/**
 * Shapes one API object for the snapshot: fills apiVersion/kind, drops managedFields and the last-applied annotation
 * (which repeats the whole object, Secret values included), replaces Secret values with digests and drops node
 * image lists. Mutates and returns the object it was given, so a page is never held twice.
 */
export function normalizeObject(
  raw: Record<string, unknown>,
  type: ObjectTypeInfo,
  digester: SecretDigester,
): K8sObject {
  raw.apiVersion = type.apiVersion;
  raw.kind = type.kind;
  const metadata = (isRecord(raw.metadata) ? raw.metadata : (raw.metadata = {})) as Record<string, unknown>;
  // `in` first: deleting an absent key is still a slow runtime call, and most objects lack these fields.
  if ('managedFields' in metadata) delete metadata.managedFields;
  if ('selfLink' in metadata) delete metadata.selfLink;
  if (isRecord(metadata.annotations)) {
    if (lastApplied in metadata.annotations) delete metadata.annotations[lastApplied];
    if (isEmpty(metadata.annotations)) delete metadata.annotations;
  }
  if (type.kind === 'Secret' && type.apiVersion === 'v1') digestSecret(raw, digester);
  if (type.kind === 'Node' && isRecord(raw.status)) delete raw.status.images;
  return raw as K8sObject;
}

function digestSecret(secret: Record<string, unknown>, digester: SecretDigester): void {
  // for…in instead of Object.entries (no array per entry), and no delete of a field the object lacks (a slow runtime
  // call): this runs for every Secret. A stringData key replaces the data key of the same name in its place.
  const digests: NonNullable<SnapshotSecret['data']> = {};
  let digested = false;
  const { data, stringData } = secret;
  if (isRecord(data))
    for (const key in data)
      if (Object.hasOwn(data, key)) {
        digests[key] = digester.digestBase64(data[key]);
        digested = true;
      }
  if (isRecord(stringData)) {
    for (const key in stringData)
      if (Object.hasOwn(stringData, key)) {
        digests[key] = digester.digestText(stringData[key]);
        digested = true;
      }
    delete secret.stringData;
  } else if ('stringData' in secret) delete secret.stringData;
  if (digested) secret.data = digests;
  else if ('data' in secret) delete secret.data;
}

function isEmpty(record: Record<string, unknown>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return false;
  return true;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
