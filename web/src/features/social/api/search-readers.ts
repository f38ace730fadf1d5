import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiResponse } from '../../../lib/api-schema';

export type ReaderPage = ApiResponse<'/api/users', 'get'>;
export type Reader = ReaderPage['items'][number];

export function searchReaders(q: string): Promise<ReaderPage> {
  return apiRequest<ReaderPage>(`/api/users?${new URLSearchParams({ q, limit: '30' })}`);
}

export function searchReadersQueryOptions(q: string) {
  return queryOptions({
    queryKey: ['users', 'search', q],
    queryFn: () => searchReaders(q),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}

export function useSearchReaders(q: string) {
  return useQuery(searchReadersQueryOptions(q));
}
