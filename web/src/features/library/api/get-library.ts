import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { EntryPage } from '../types';
import { type LibraryFilters, libraryKeys } from './keys';

export const LIBRARY_PAGE_SIZE = 48;

export function getLibrary(filters: LibraryFilters, cursor: string | null, signal?: AbortSignal) {
  const params = new URLSearchParams({ limit: String(LIBRARY_PAGE_SIZE) });
  for (const [key, value] of Object.entries(filters)) {
    if (value) params.set(key, value);
  }
  if (cursor) params.set('cursor', cursor);
  return apiRequest<EntryPage>(`/api/library?${params}`, { signal });
}

export function libraryQueryOptions(filters: LibraryFilters) {
  return infiniteQueryOptions({
    queryKey: libraryKeys.list(filters),
    queryFn: ({ pageParam, signal }) => getLibrary(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useLibrary(filters: LibraryFilters) {
  return useInfiniteQuery(libraryQueryOptions(filters));
}
