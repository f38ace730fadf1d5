import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { User } from '../types';
import { meQueryKey } from './get-me';

export function deleteAvatar(): Promise<void> {
  return apiRequest<void>('/api/me/avatar', { method: 'DELETE' });
}

export function useDeleteAvatar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteAvatar,
    onSuccess: async () => {
      queryClient.setQueryData<User | null>(meQueryKey, (user) =>
        user ? { ...user, avatarUrl: null } : user,
      );
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
}
