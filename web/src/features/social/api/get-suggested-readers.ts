import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiResponse } from '../../../lib/api-schema';

export type SuggestedReaders = ApiResponse<'/api/me/suggested-readers', 'get'>;
export type SuggestedReader = SuggestedReaders['items'][number];

export function getSuggestedReaders(): Promise<SuggestedReaders> {
  return apiRequest<SuggestedReaders>('/api/me/suggested-readers?limit=10');
}

/**
 * Not under ['users']: following someone invalidates those queries, and the list should keep the
 * reader just followed (now "Following") rather than drop them from under the pointer.
 */
export function suggestedReadersQueryOptions() {
  return queryOptions({ queryKey: ['suggested-readers'], queryFn: getSuggestedReaders, staleTime: 60_000 });
}

export function useSuggestedReaders() {
  return useQuery(suggestedReadersQueryOptions());
}
