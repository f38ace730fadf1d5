import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { StatusCounts } from '../types';
import { libraryKeys } from './keys';

export function getLibraryCounts(signal?: AbortSignal): Promise<StatusCounts> {
  return apiRequest<StatusCounts>('/api/library/counts', { signal });
}

export const libraryCountsQueryOptions = queryOptions({
  queryKey: libraryKeys.counts,
  queryFn: ({ signal }) => getLibraryCounts(signal),
});

export function useLibraryCounts() {
  return useQuery(libraryCountsQueryOptions);
}
