import type { SnapshotKind } from '@meshguard/rules';

/** Snapshot kinds whose key differs from the API's plural resource name (Calico reuses `networkpolicies`, Istio `gateways`). */
const resourceOverrides: Partial<Record<SnapshotKind, string>> = {
  caliconetworkpolicies: 'networkpolicies',
  calicoglobalnetworkpolicies: 'globalnetworkpolicies',
  istiogateways: 'gateways',
};

/** Plural resource name the API serves a snapshot kind under. */
export function resourceNameOf(kind: SnapshotKind): string {
  return resourceOverrides[kind] ?? kind;
}
