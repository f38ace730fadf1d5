import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiResponse } from '../../../lib/api-schema';

export type FollowList = ApiResponse<'/api/users/{username}/followers', 'get'>;

export function getFollows(username: string, direction: 'followers' | 'following'): Promise<FollowList> {
  return apiRequest<FollowList>(`/api/users/${encodeURIComponent(username)}/${direction}?limit=100`);
}

export function followsQueryOptions(username: string, direction: 'followers' | 'following') {
  return queryOptions({
    queryKey: ['users', username, direction],
    queryFn: () => getFollows(username, direction),
  });
}

export function useFollows(username: string, direction: 'followers' | 'following') {
  return useQuery(followsQueryOptions(username, direction));
}
