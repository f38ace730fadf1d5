import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiResponse } from '../../../lib/api-schema';

export type AuthProviders = ApiResponse<'/api/auth/providers', 'get'>;

export function getAuthProviders(): Promise<AuthProviders> {
  return apiRequest<AuthProviders>('/api/auth/providers');
}

export const authProvidersQueryOptions = queryOptions({
  queryKey: ['auth', 'providers'],
  queryFn: getAuthProviders,
  staleTime: Number.POSITIVE_INFINITY,
  retry: false,
});

export function useAuthProviders() {
  return useQuery(authProvidersQueryOptions);
}
