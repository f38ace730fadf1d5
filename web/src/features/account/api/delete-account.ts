import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { resetSessionCache } from './reset-session-cache';

export function deleteAccount(input: { password?: string }): Promise<void> {
  return apiRequest<void>('/api/me', { method: 'DELETE', json: { ...input } });
}

export function useDeleteAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteAccount,
    onSuccess: () => {
      resetSessionCache(queryClient, null);
    },
  });
}
