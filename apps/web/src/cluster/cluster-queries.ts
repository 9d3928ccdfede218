import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '@meshguard/api-client';
import { unwrap } from '../app/api-problem.js';
import { useApi } from '../app/session.js';

type Scan = components['schemas']['ScanDto'];
const active = (scans: Scan[] | undefined) => scans?.some((scan) => scan.status === 'queued' || scan.status === 'running') ?? false;

export function useCluster(id: string) {
  const api = useApi();
  return useQuery({ queryKey: ['clusters', id], queryFn: () => unwrap(api.GET('/v1/clusters/{id}', { params: { path: { id } } })) });
}

/** The cluster's last 50 scans, newest first; polled while one is queued or running. */
export function useClusterScans(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['clusters', id, 'scans', { limit: 50 }],
    queryFn: async () => (await unwrap(api.GET('/v1/clusters/{id}/scans', { params: { path: { id }, query: { limit: 50 } } }))).items,
    refetchInterval: (query) => (active(query.state.data) ? 2_000 : false),
  });
}

/** Findings the latest scan no longer saw (compared with the scan before it): the input of MTTR. */
export function useResolvedFindings(clusterId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['findings', { clusterId, status: 'resolved' }],
    enabled,
    queryFn: async () => (await unwrap(api.GET('/v1/findings', { params: { query: { clusterId, status: 'resolved', limit: 500 } } }))).items,
  });
}

export function useScanNow(clusterId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/v1/clusters/{id}/scans', { params: { path: { id: clusterId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['clusters', clusterId] }),
  });
}

export function useUpdateSchedule(clusterId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (schedule: { cron: string; timezone: string } | null) =>
      unwrap(api.PATCH('/v1/clusters/{id}', { params: { path: { id: clusterId } }, body: { schedule } })),
    onSuccess: (cluster) => {
      queryClient.setQueryData(['clusters', clusterId], cluster);
      return queryClient.invalidateQueries({ queryKey: ['clusters'], exact: true });
    },
  });
}
