import { createHmac, randomBytes } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { snapshotKindFor } from '../patching/deprecated-apis.js';
import { snapshotKinds, type SnapshotKind } from '../snapshot/kinds.js';
import { listItem } from '../snapshot/list-item.js';
import type { ClusterSnapshot, K8sObject, SecretValueDigest } from '../snapshot/snapshot.js';

export interface ManifestSnapshotOptions {
  collectedAt?: string;
  location?: string;
  /** Key for secret value digests; a random one per call when absent. */
  digestKey?: Buffer;
}

/** The snapshot kind of an object by its apiVersion and kind (removed API versions read as current), or undefined. */
export function snapshotKindOf(apiVersion: string, kind: string): SnapshotKind | undefined {
  const resolved = snapshotKindFor(apiVersion, kind);
  return 'kind' in resolved ? resolved.kind : undefined;
}

export interface ManifestSnapshotResult {
  snapshot: ClusterSnapshot;
  /** Documents that were not objects meshguard reads, with why. */
  skipped: { index: number; reason: string }[];
}

/**
 * Builds a snapshot from YAML/JSON manifest text (multi-document, `List` kinds). A small loader for tests, fixtures and
 * benches; secret values are replaced by keyed digests exactly as the collector does.
 */
export function snapshotFromManifests(
  texts: string | string[],
  options: ManifestSnapshotOptions = {},
): ManifestSnapshotResult {
  const resources: ClusterSnapshot['resources'] = {};
  const skipped: ManifestSnapshotResult['skipped'] = [];
  const key = options.digestKey ?? randomBytes(32);
  let index = 0;
  const add = (value: unknown): void => {
    const position = index;
    if (!value || typeof value !== 'object') return;
    const object = value as K8sObject & { items?: unknown[] };
    if (object.kind?.endsWith('List') && Array.isArray(object.items)) {
      for (const item of object.items) add(listItem(object, item));
      return;
    }
    if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string' || !object.metadata?.name) {
      skipped.push({
        index: position,
        reason: 'not a Kubernetes object (apiVersion, kind and metadata.name are required)',
      });
      return;
    }
    const kind = snapshotKindOf(object.apiVersion, object.kind);
    if (!kind) {
      skipped.push({
        index: position,
        reason: `kind ${object.apiVersion} ${object.kind} is not read by meshguard`,
      });
      return;
    }
    const normalized = normalize(object, kind, key);
    (resources[kind] ??= []).push(normalized);
  };
  for (const text of Array.isArray(texts) ? texts : [texts]) {
    for (const document of parseAllDocuments(text)) {
      if (document.errors.length > 0) {
        skipped.push({ index, reason: document.errors[0]?.message ?? 'invalid YAML' });
      } else {
        add(document.toJS());
      }
      index += 1;
    }
  }
  return {
    snapshot: {
      schemaVersion: 1,
      source: { type: 'manifests', location: options.location ?? 'inline' },
      collectedAt: options.collectedAt ?? '2026-01-01T00:00:00Z',
      resources,
      coverage: { gaps: [] },
    },
    skipped,
  };
}

function normalize(object: K8sObject, kind: SnapshotKind, key: Buffer): K8sObject {
  const { managedFields: _managed, ...metadata } = object.metadata as K8sObject['metadata'] & {
    managedFields?: unknown;
  };
  const annotations = { ...(metadata.annotations ?? {}) };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  const namespaced = snapshotKinds[kind].namespaced;
  const clean: K8sObject = {
    ...object,
    metadata: {
      ...metadata,
      ...(namespaced ? { namespace: metadata.namespace ?? 'default' } : {}),
      ...(metadata.annotations ? { annotations } : {}),
    },
    ...(namespaced && !metadata.namespace ? { namespaceUnset: true as const } : {}),
  };
  if (kind !== 'secrets') return clean;
  const { stringData, data, ...rest } = clean as K8sObject & {
    stringData?: Record<string, string>;
    data?: Record<string, string>;
  };
  const digests: Record<string, SecretValueDigest> = {};
  for (const [name, encoded] of Object.entries(data ?? {}))
    digests[name] = digest(Buffer.from(String(encoded), 'base64'), key);
  for (const [name, plain] of Object.entries(stringData ?? {}))
    digests[name] = digest(Buffer.from(String(plain), 'utf8'), key);
  return { ...rest, data: digests };
}

function digest(value: Buffer, key: Buffer): SecretValueDigest {
  const text = value.toString('utf8');
  const looksLike = /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)
    ? 'pem-private-key'
    : /-----BEGIN CERTIFICATE-----/.test(text)
      ? 'pem-certificate'
      : /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/.test(text.trim())
        ? 'jwt'
        : undefined;
  return {
    hmac: createHmac('sha256', key).update(value).digest('hex'),
    bytes: value.length,
    ...(looksLike ? { looksLike } : {}),
  };
}
