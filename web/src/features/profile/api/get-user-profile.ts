import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { UserProfile } from '../types';

export function getUserProfile(username: string): Promise<UserProfile> {
  return apiRequest<UserProfile>(`/api/users/${encodeURIComponent(username)}`);
}

export function userProfileQueryOptions(username: string) {
  return queryOptions({
    queryKey: ['users', username, 'profile'],
    queryFn: () => getUserProfile(username),
  });
}

export function useUserProfile(username: string) {
  return useQuery(userProfileQueryOptions(username));
}
