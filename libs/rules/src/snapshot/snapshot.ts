import type { SnapshotKind } from './kinds.js';

/** Object metadata the rules read; managedFields and last-applied annotations are stripped at intake. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid?: string; controller?: boolean }[];
  creationTimestamp?: string;
  resourceVersion?: string;
}

/** A Kubernetes object as the rules see it: the API's own JSON shape, minus noise. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  /** Manifests only: `metadata.namespace` was not set in the input, and intake filled in the default namespace. */
  namespaceUnset?: true;
  [field: string]: unknown;
}

/**
 * What a Secret value becomes at intake: its value never leaves the collector.
 * `hmac` is keyed per snapshot, so rules can compare values within one snapshot but nobody can recover them.
 */
export interface SecretValueDigest {
  hmac: string;
  bytes: number;
  /** Content class detected before the value was dropped, e.g. `pem-private-key`, `pem-certificate`, `jwt`. */
  looksLike?: string;
}

/** A Secret in a snapshot: `data` holds digests only (stringData is folded into data at intake). */
export interface SnapshotSecret extends K8sObject {
  type?: string;
  data?: Record<string, SecretValueDigest>;
}

/** Why a kind is missing or incomplete; rules that read it report `error` instead of `pass`. */
export interface CoverageGap {
  kind: SnapshotKind;
  reason: 'forbidden' | 'not-served' | 'failed' | 'not-collected';
  detail: string;
}

export interface SnapshotSource {
  type: 'cluster' | 'manifests';
  /** API server URL for clusters, file paths for manifests. */
  location: string;
  context?: string;
  /**
   * Manifests only: the inputs are the whole cluster (a `kubectl get -A` dump, a GitOps repository that owns the
   * cluster), so every evidence scope is available and what they lack, the cluster lacks. Live scans are always complete.
   */
  complete?: boolean;
}

export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
  platform?: string;
}

/**
 * The normalized, read-only view of one cluster at one moment: what libs/k8s produces and libs/rules evaluates.
 * Every kind the collector attempted appears in `resources` (possibly empty); kinds it could not read are in `coverage.gaps`.
 */
export interface ClusterSnapshot {
  schemaVersion: 1;
  source: SnapshotSource;
  /** ISO timestamp; rules use it instead of reading the clock. */
  collectedAt: string;
  serverVersion?: ServerVersion;
  resources: Partial<Record<SnapshotKind, K8sObject[]>>;
  coverage: { gaps: CoverageGap[] };
  /** Cluster networking facts when known (pod and service CIDRs), used by NetworkPolicy and ipBlock rules. */
  network?: { podCidrs?: string[]; serviceCidrs?: string[] };
}
