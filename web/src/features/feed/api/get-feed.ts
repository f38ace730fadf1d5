import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiResponse } from '../../../lib/api-schema';

export type FeedPage = ApiResponse<'/api/feed', 'get'>;
export type FeedActivity = FeedPage['items'][number];

export function getFeed(cursor: string | null): Promise<FeedPage> {
  const query = new URLSearchParams({ limit: '20' });
  if (cursor) query.set('cursor', cursor);
  return apiRequest<FeedPage>(`/api/feed?${query}`);
}

export function feedQueryOptions() {
  return infiniteQueryOptions({
    queryKey: ['feed'],
    queryFn: ({ pageParam }) => getFeed(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useFeed() {
  return useInfiniteQuery(feedQueryOptions());
}
