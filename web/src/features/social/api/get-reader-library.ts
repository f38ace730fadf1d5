import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiResponse } from '../../../lib/api-schema';

export type ReaderLibrary = ApiResponse<'/api/users/{username}/library', 'get'>;

export function getReaderLibrary(username: string, status: string): Promise<ReaderLibrary> {
  const query = new URLSearchParams({ limit: '24', status });
  return apiRequest<ReaderLibrary>(`/api/users/${encodeURIComponent(username)}/library?${query}`);
}

export function readerLibraryQueryOptions(username: string, status: string) {
  return queryOptions({
    queryKey: ['users', username, 'library', status],
    queryFn: () => getReaderLibrary(username, status),
  });
}

export function useReaderLibrary(username: string, status: string) {
  return useQuery(readerLibraryQueryOptions(username, status));
}
