import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { EntryPage } from '../types';
import { libraryKeys } from './keys';

/** Enough for a strip: nobody reads more books at once than fit in a row or two. */
const STRIP_LIMIT = 24;

function getCurrentlyReading(signal?: AbortSignal) {
  const params = new URLSearchParams({
    status: 'currently_reading',
    sort: 'updated',
    order: 'desc',
    limit: String(STRIP_LIMIT),
  });
  return apiRequest<EntryPage>(`/api/library?${params}`, { signal });
}

export function currentlyReadingQueryOptions() {
  return queryOptions({
    // Under the library's lists, so every change to an entry refreshes the strip too.
    queryKey: [...libraryKeys.lists, 'currently-reading'] as const,
    queryFn: ({ signal }) => getCurrentlyReading(signal),
  });
}

export function useCurrentlyReading() {
  return useQuery(currentlyReadingQueryOptions());
}
