import { allSnapshotKinds, type CoverageGap, type SnapshotKind } from '@meshguard/rules';
import { ClusterClient, type ClusterClientOptions } from '../client/cluster-client.js';
import type { ClusterTarget } from '../network/server-address-pinning.js';
import { preflightListAccess } from './access-preflight.js';
import { discoverServedKinds } from './api-discovery.js';
import { byKind } from './kind-order.js';

/** Which kinds a scan could read, before any scan runs: what registration shows as degraded rules. */
export interface ListAccessReport {
  readable: SnapshotKind[];
  /** Kinds a scan would record as coverage gaps (forbidden, not served, discovery failed). */
  gaps: CoverageGap[];
}

/** Discovery plus the per-kind SelfSubjectAccessReview preflight, without listing anything. */
export async function checkListAccess(
  target: ClusterTarget,
  options: ClusterClientOptions & { kinds?: readonly SnapshotKind[] } = {},
): Promise<ListAccessReport> {
  const client = await ClusterClient.open(target, options);
  try {
    const discovery = await discoverServedKinds(client, options.kinds ?? allSnapshotKinds);
    const preflight = await preflightListAccess(client, discovery.served);
    const gaps: CoverageGap[] = [
      ...discovery.notServed.map((kind): CoverageGap => ({
        kind,
        reason: 'not-served',
        detail: `the cluster does not serve ${kind}`,
      })),
      ...discovery.failed.map(({ kind, detail }): CoverageGap => ({ kind, reason: 'failed', detail })),
      ...preflight.forbidden,
    ];
    return {
      readable: [...preflight.readable, ...preflight.undecided].map((k) => k.kind),
      gaps: gaps.sort(byKind),
    };
  } finally {
    client.close();
  }
}
