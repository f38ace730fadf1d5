import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { User } from '../types';
import { meQueryKey } from './get-me';

export const AVATAR_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;
export const AVATAR_MAX_BYTES = 10 * 1024 * 1024;

export function uploadAvatar(file: File): Promise<User> {
  const formData = new FormData();
  formData.append('file', file, file.name);
  return apiRequest<User>('/api/me/avatar', { method: 'PUT', formData });
}

export function useUploadAvatar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadAvatar,
    onSuccess: async (user) => {
      queryClient.setQueryData(meQueryKey, user);
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
}
