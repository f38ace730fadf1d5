import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

export interface AuthProviders {
  google: boolean;
}

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
