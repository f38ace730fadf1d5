import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiResponse } from '../../../lib/api-schema';

export type SessionList = ApiResponse<'/api/me/sessions', 'get'>;
export type SessionItem = SessionList['items'][number];

const sessionsQueryKey = ['me', 'sessions'] as const;

export const sessionsQueryOptions = queryOptions({
  queryKey: sessionsQueryKey,
  queryFn: () => apiRequest<SessionList>('/api/me/sessions'),
});

export function useSessions() {
  return useQuery(sessionsQueryOptions);
}

/** Signs one session out, or every session but this one (`id` null). */
export function revokeSessions(id: string | null): Promise<void> {
  return apiRequest<void>(id ? `/api/me/sessions/${encodeURIComponent(id)}` : '/api/me/sessions', {
    method: 'DELETE',
  });
}

export function useRevokeSessions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeSessions,
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsQueryKey }),
  });
}
