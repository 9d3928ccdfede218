import type { components, MeshguardApi } from '@meshguard/api-client';
import { useQueries, useQuery } from '@tanstack/react-query';
import { unwrap } from '../app/api-problem.js';
import { useApi } from '../app/session.js';

type Cluster = components['schemas']['ClusterDto'];

/** Every registered cluster, following the cursor pages (500 per request). */
async function allClusters(api: MeshguardApi): Promise<Cluster[]> {
  const clusters: Cluster[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(api.GET('/v1/clusters', { params: { query: { limit: 500, ...(cursor ? { cursor } : {}) } } }));
    clusters.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return clusters;
}

export function useClusters() {
  const api = useApi();
  return useQuery({ queryKey: ['clusters'], queryFn: () => allClusters(api) });
}

/** Recent scans (newest first) of the given clusters: one request per cluster, only for the rows on screen. */
export function useRecentScans(clusterIds: readonly string[], limit = 12) {
  const api = useApi();
  return useQueries({
    queries: clusterIds.map((id) => ({
      queryKey: ['clusters', id, 'scans', { limit }],
      queryFn: async () => (await unwrap(api.GET('/v1/clusters/{id}/scans', { params: { path: { id }, query: { limit } } }))).items,
      staleTime: 10_000,
      refetchInterval: 60_000,
    })),
    // One result for all clusters, whose identity changes only when some cluster's scans do.
    combine: (results) => ({
      scans: results.map((result) => result.data),
      pending: results.some((result) => result.isPending),
      error: results.find((result) => result.isError)?.error ?? null,
    }),
  });
}
