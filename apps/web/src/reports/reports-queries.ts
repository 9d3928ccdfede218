import type { components, MeshguardApi } from '@meshguard/api-client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../app/api-problem.js';
import { useApi } from '../app/session.js';
import type { ReportFormat } from './report-scope.js';

type Report = components['schemas']['ReportDto'];
type ReportScope = components['schemas']['ReportScopeDto'];
export type CreateSchedule = components['schemas']['CreateReportScheduleDto'];

const pending = (reports: Report[] | undefined) => reports?.some((report) => report.status === 'queued' || report.status === 'running') ?? false;

/** The newest 50 reports; polled while one is being made. */
export function useReports() {
  const api = useApi();
  return useQuery({
    queryKey: ['reports'],
    queryFn: async () => (await unwrap(api.GET('/v1/reports', { params: { query: { limit: 50 } } }))).items,
    refetchInterval: (query) => (pending(query.state.data) ? 2_000 : false),
  });
}

/** One report request per format (the API makes one file per report). */
export function useGenerateReports() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ framework, scope, formats }: { framework: string; scope: ReportScope; formats: ReportFormat[] }) => {
      const made: Report[] = [];
      for (const format of formats) made.push(await unwrap(api.POST('/v1/reports', { body: { framework, format, scope } })));
      return made;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['reports'] }),
  });
}

export function useDeleteReport() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/v1/reports/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['reports'] }),
  });
}

/**
 * The tenant's report signing keys, active first: their public keys verify the signatures. Keyed by the key ids the
 * listed reports were signed with, so a report signed by a key not seen yet (the first report creates the first key)
 * reads the list again.
 */
export function useSigningKeys(signedWith: readonly string[]) {
  const api = useApi();
  return useQuery({
    queryKey: ['signing-keys', [...new Set(signedWith)].sort()],
    queryFn: async () => (await unwrap(api.GET('/v1/reports/signing-keys'))).items,
    placeholderData: keepPreviousData,
  });
}

/** Frameworks the fleet's scans scored (for the framework menu), from the fleet's trend. */
export function useScoredFrameworks() {
  const api = useApi();
  return useQuery({
    queryKey: ['trends', 'fleet', 'frameworks'],
    queryFn: async () => Object.keys((await unwrap(api.GET('/v1/trends', { params: { query: { bucket: 'month' } } }))).series.scoreByFramework),
    staleTime: 5 * 60_000,
  });
}

export function useReportSchedules() {
  const api = useApi();
  return useQuery({ queryKey: ['report-schedules'], queryFn: async () => (await unwrap(api.GET('/v1/report-schedules', { params: { query: { limit: 100 } } }))).items });
}

export function useCreateSchedule() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSchedule) => unwrap(api.POST('/v1/report-schedules', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['report-schedules'] }),
  });
}

export function useDeleteSchedule() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/v1/report-schedules/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['report-schedules'] }),
  });
}

/**
 * Downloads a report's bytes with the session's key (a plain link could not send it) and hands them to the browser
 * as a file: the key never appears in a URL.
 */
export async function downloadReport(api: MeshguardApi, report: Report): Promise<void> {
  const bytes = await unwrap(api.GET('/v1/reports/{id}/download', { params: { path: { id: report.id } }, parseAs: 'blob' }));
  const url = URL.createObjectURL(bytes as Blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = report.fileName ?? `report-${report.id}.${report.format}`;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
