import type { components } from '@meshguard/api-client';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../app/api-problem.js';
import { useApi } from '../app/session.js';

export type CreateApiKey = components['schemas']['CreateApiKeyDto'];

export function useApiKeys(enabled: boolean) {
  const api = useApi();
  return useQuery({ queryKey: ['api-keys', 'list'], enabled, queryFn: async () => (await unwrap(api.GET('/v1/api-keys'))).items });
}

export function useCreateApiKey() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiKey) => unwrap(api.POST('/v1/api-keys', { body })),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['api-keys', 'list'] }), queryClient.invalidateQueries({ queryKey: ['audit-events'] })]),
  });
}

export function useRevokeApiKey() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['api-keys', 'list'] }), queryClient.invalidateQueries({ queryKey: ['audit-events'] })]),
  });
}

export function useWebhooks() {
  const api = useApi();
  return useQuery({ queryKey: ['webhooks'], queryFn: async () => (await unwrap(api.GET('/v1/webhooks'))).items });
}

export function useCreateWebhook() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (url: string) => unwrap(api.POST('/v1/webhooks', { body: { url } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['webhooks'] }),
  });
}

export function useDeleteWebhook() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/v1/webhooks/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['webhooks'] }),
  });
}

export function useDeliveries(webhookId: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['webhooks', webhookId, 'deliveries'],
    enabled: webhookId !== null,
    queryFn: async () => (await unwrap(api.GET('/v1/webhooks/{id}/deliveries', { params: { path: { id: webhookId as string }, query: { limit: 50 } } }))).items,
  });
}

export function useAuditEvents(enabled: boolean) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: ['audit-events'],
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/audit-events', { params: { query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
