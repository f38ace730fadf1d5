import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { Privacy, User } from '../types';
import { meQueryKey } from './get-me';

export interface UpdateMeInput {
  displayName?: string;
  bio?: string;
  username?: string;
  privacy?: Privacy;
}

export function updateMe(input: UpdateMeInput): Promise<User> {
  return apiRequest<User>('/api/me', { method: 'PATCH', json: { ...input } });
}

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: async (user) => {
      queryClient.setQueryData(meQueryKey, user);
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
}
