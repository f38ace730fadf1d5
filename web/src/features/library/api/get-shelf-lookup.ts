import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { EntryPage, ReadingStatus } from '../types';
import { libraryKeys } from './keys';

const LOOKUP_LIMIT = 100;

/**
 * Which of the books matching some words are already on the reader's shelves, so search results
 * can say "On your shelf: Read" before anyone clicks. One request, whatever the number of results.
 */
export async function getShelfLookup(
  words: string,
  signal?: AbortSignal,
): Promise<Map<number, ReadingStatus>> {
  const params = new URLSearchParams({ q: words, limit: String(LOOKUP_LIMIT) });
  const page = await apiRequest<EntryPage>(`/api/library?${params}`, { signal });
  return new Map(page.items.map((entry) => [entry.book.id, entry.status]));
}

export function shelfLookupQueryOptions(words: string) {
  return queryOptions({
    queryKey: [...libraryKeys.all, 'lookup', words] as const,
    queryFn: ({ signal }) => getShelfLookup(words, signal),
    enabled: words.length > 0,
    staleTime: 30_000,
  });
}

export function useShelfLookup(words: string) {
  return useQuery(shelfLookupQueryOptions(words));
}
