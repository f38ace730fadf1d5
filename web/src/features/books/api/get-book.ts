import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { CatalogBook, CatalogBookDetail } from '../types';
import { bookKeys } from './keys';

/** The server marks a stored book's id as nullable in its shared book schema; here it is always set. */
export type BookWithEntry = CatalogBookDetail & CatalogBook;

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
