import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { UserProfile } from '../../profile/types';

export function setFollowing(username: string, follow: boolean): Promise<void> {
  return apiRequest<void>(`/api/users/${encodeURIComponent(username)}/follow`, {
    method: follow ? 'PUT' : 'DELETE',
  });
}

/**
 * Follows or unfollows at once on screen (optimistic); if the server refuses, the profile goes
 * back to what it was and the caller's onError can say so.
 */
export function useFollowReader(username: string) {
  const client = useQueryClient();
  const key = ['users', username, 'profile'];
  return useMutation({
    mutationFn: (follow: boolean) => setFollowing(username, follow),
    onMutate: async (follow) => {
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData<UserProfile>(key);
      if (before) {
        client.setQueryData<UserProfile>(key, {
          ...before,
          isFollowing: follow,
          counts: { ...before.counts, followers: before.counts.followers + (follow ? 1 : -1) },
        });
      }
      return { before };
    },
    onError: (_error, _follow, context) => {
      if (context?.before) client.setQueryData(key, context.before);
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['users'] });
      void client.invalidateQueries({ queryKey: ['feed'] });
    },
  });
}
