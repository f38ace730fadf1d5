import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest, isApiError } from '../../../lib/api-client';
import type { User } from '../types';

export const meQueryKey = ['me'] as const;

/** The signed-in user, or null when nobody is signed in (a 401 here is an answer, not a failure). */
export async function getMe(): Promise<User | null> {
  try {
    return await apiRequest<User>('/api/me');
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export const meQueryOptions = queryOptions({
  queryKey: meQueryKey,
  queryFn: getMe,
  staleTime: 60_000,
});

export function useMe() {
  return useQuery(meQueryOptions);
}
