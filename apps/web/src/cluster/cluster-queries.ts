import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
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

/** How far back the cluster page's trends reach: one point per scan over the last 14 days. */
const trendDays = 14;

/** Score per framework, open findings by severity and area, new vs resolved: one point per scan (GET /v1/trends). */
export function useClusterTrend(clusterId: string) {
  const api = useApi();
  const [from] = useState(() => new Date(Date.now() - trendDays * 86_400_000).toISOString());
  return useQuery({
    queryKey: ['clusters', clusterId, 'trend', { from }],
    queryFn: () => unwrap(api.GET('/v1/trends', { params: { query: { clusterId, bucket: 'scan', from } } })),
  });
}

/** Mean time to resolve and age of open findings per severity, from the finding lifecycle (GET /v1/trends/mttr). */
export function useClusterMttr(clusterId: string) {
  const api = useApi();
  const [from] = useState(() => new Date(Date.now() - trendDays * 86_400_000).toISOString());
  return useQuery({
    queryKey: ['clusters', clusterId, 'mttr', { from }],
    queryFn: () => unwrap(api.GET('/v1/trends/mttr', { params: { query: { clusterId, groupBy: 'severity', from } } })),
  });
}

/** Rules, controls and default-deny namespaces that differ between this cluster and another (GET /v1/fleet/drift). */
export function useDrift(base: string, compare: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['clusters', base, 'drift', compare],
    enabled: compare !== '',
    queryFn: () => unwrap(api.GET('/v1/fleet/drift', { params: { query: { base, compare } } })),
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
