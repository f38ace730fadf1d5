import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { SearchResponse } from '../types';
import { bookKeys } from './keys';

export const SEARCH_LIMIT = 20;

export function searchBooks(query: string, signal?: AbortSignal): Promise<SearchResponse> {
  const params = new URLSearchParams({ q: query, limit: String(SEARCH_LIMIT) });
  return apiRequest<SearchResponse>(`/api/books/search?${params}`, { signal });
}

/** TanStack aborts the request (through `signal`) once a newer query replaces it. */
export function searchBooksQueryOptions(query: string) {
  return queryOptions({
    queryKey: bookKeys.search(query),
    queryFn: ({ signal }) => searchBooks(query, signal),
    enabled: query.length > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useSearchBooks(query: string) {
  return useQuery(searchBooksQueryOptions(query));
}
