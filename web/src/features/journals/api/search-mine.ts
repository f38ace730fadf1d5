import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiResponse } from '../../../lib/api-schema';
import { journalKeys } from './keys';

type MineResults = ApiResponse<'/api/search/mine', 'get'>;

export function useSearchMine(q: string) {
  return useQuery(
    queryOptions({
      queryKey: journalKeys.search(q),
      queryFn: ({ signal }) =>
        apiRequest<MineResults>(`/api/search/mine?${new URLSearchParams({ q, limit: '20' })}`, { signal }),
      enabled: q.length > 0,
      placeholderData: keepPreviousData,
    }),
  );
}
