import { useMutation, useQuery } from '@tanstack/react-query';
import { unwrap } from '../app/api-problem.js';
import { useApi } from '../app/session.js';

/** The cluster's reachability model from its latest scan that stored one (404 when none did). */
export function useConnectivity(clusterId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['clusters', clusterId, 'connectivity'],
    queryFn: () => unwrap(api.GET('/v1/clusters/{id}/connectivity', { params: { path: { id: clusterId } } })),
    retry: false,
  });
}

/** "Can `from` reach `to` on `port`?", answered with the policies that decide it. */
export function useConnectivityQuery(clusterId: string) {
  const api = useApi();
  return useMutation({
    mutationFn: (query: { from: string; to: string; port?: string }) =>
      unwrap(api.GET('/v1/clusters/{id}/connectivity/query', { params: { path: { id: clusterId }, query } })),
  });
}
