import type { components, MeshguardApi } from '@meshguard/api-client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiProblem, unwrap } from '../app/api-problem.js';
import { useApi } from '../app/session.js';
import { fleetQueryOf, type FleetFilter } from './fleet-rows.js';

type Cluster = components['schemas']['ClusterDto'];

/** One page of the fleet, worst first, filtered and grouped by the API; polled while a cluster is being scanned. */
export function useFleetPage(filter: FleetFilter, groupKey: string | null, cursor: string | null) {
  const api = useApi();
  const query = fleetQueryOf(filter, groupKey, cursor);
  return useQuery({
    queryKey: ['fleet', query],
    queryFn: () => unwrap(api.GET('/v1/fleet', { params: { query } })),
    placeholderData: keepPreviousData,
    // Scans started elsewhere (schedules, the API, other people) change the fleet at any time: coming back to the
    // overview always asks again instead of showing the last page for the app-wide 15 s.
    staleTime: 0,
    refetchInterval: (state) => (state.state.data?.items.some((cluster) => cluster.scanning) ? 3_000 : 60_000),
  });
}

/** Every registered cluster (id and name for pickers), following the cursor pages (500 per request). */
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

/** Whether the demo cluster can be added here (embedded mode only: elsewhere the route answers 404). */
export function useDemoCluster(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['demo-cluster'],
    enabled,
    queryFn: async () => {
      try {
        return { available: true, ...(await unwrap(api.GET('/v1/demo-cluster'))) };
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 404) return { available: false, cluster: null, scan: null };
        throw error;
      }
    },
  });
}

export function useAddDemoCluster() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/v1/demo-cluster')),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['fleet'] }), queryClient.invalidateQueries({ queryKey: ['clusters'] }), queryClient.invalidateQueries({ queryKey: ['demo-cluster'] })]),
  });
}
