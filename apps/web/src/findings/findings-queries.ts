import type { components } from '@meshguard/api-client';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../app/api-problem.js';
import { useApi } from '../app/session.js';
import type { FindingsSearch } from '../app/router.js';
import { findingQueryOf } from './finding-filters.js';

export type Finding = components['schemas']['FindingDto'];
export type ExceptionInput = components['schemas']['CreateExceptionDto'];

export function useFindings(search: FindingsSearch) {
  const api = useApi();
  const query = findingQueryOf(search);
  return useInfiniteQuery({
    queryKey: ['findings', query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/findings', { params: { query: { ...query, limit: 100, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useFinding(id: string) {
  const api = useApi();
  return useQuery({ queryKey: ['findings', 'one', id], queryFn: () => unwrap(api.GET('/v1/findings/{id}', { params: { path: { id } } })) });
}

export function useScan(id: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['scans', id],
    enabled: id !== null,
    queryFn: () => unwrap(api.GET('/v1/scans/{id}', { params: { path: { id: id as string } } })),
    staleTime: 300_000,
  });
}

export function useException(id: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['exceptions', id],
    enabled: id !== null,
    queryFn: () => unwrap(api.GET('/v1/exceptions/{id}', { params: { path: { id: id as string } } })),
  });
}

export function useExceptions(state: 'active' | 'expired' | 'revoked' | 'all') {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: ['exceptions', 'list', state],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/exceptions', { params: { query: { state, limit: 100, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useCreateException() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ExceptionInput) => unwrap(api.POST('/v1/exceptions', { body })),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['exceptions'] }), queryClient.invalidateQueries({ queryKey: ['findings'] })]),
  });
}

export function useRevokeException() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/v1/exceptions/{id}', { params: { path: { id } } })),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['exceptions'] }), queryClient.invalidateQueries({ queryKey: ['findings'] })]),
  });
}
