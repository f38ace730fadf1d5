import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiResponse } from '../../../lib/api-schema';
import { journalKeys } from './keys';

type EntryPage = ApiResponse<'/api/library', 'get'>;

export interface BookOption {
  id: number;
  title: string;
  reading: boolean;
}

/** The books a journal entry can be about: the reader's latest 100, those being read first. */
async function getBookOptions(signal?: AbortSignal): Promise<BookOption[]> {
  const page = await apiRequest<EntryPage>('/api/library?limit=100&sort=updated', { signal });
  return page.items
    .map((entry) => ({
      id: entry.book.id,
      title: entry.book.title,
      reading: entry.status === 'currently_reading',
    }))
    .sort((a, b) => Number(b.reading) - Number(a.reading));
}

export function useBookOptions() {
  return useQuery(
    queryOptions({
      queryKey: journalKeys.bookOptions,
      queryFn: ({ signal }) => getBookOptions(signal),
      staleTime: 60_000,
    }),
  );
}
