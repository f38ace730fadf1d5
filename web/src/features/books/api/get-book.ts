import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { EntrySummary } from '../../library/types';
import type { CatalogBook } from '../types';
import { bookKeys } from './keys';

export type BookWithEntry = CatalogBook & { libraryEntry: EntrySummary | null };

export function getBook(id: number, signal?: AbortSignal): Promise<BookWithEntry> {
  return apiRequest<BookWithEntry>(`/api/books/${id}`, { signal });
}

export function bookQueryOptions(id: number) {
  return queryOptions({
    queryKey: bookKeys.detail(id),
    queryFn: ({ signal }) => getBook(id, signal),
    enabled: id > 0,
  });
}

export function useBook(id: number) {
  return useQuery(bookQueryOptions(id));
}
