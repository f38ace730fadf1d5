import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiBody } from '../../../lib/api-schema';
import type { User } from '../types';
import { meQueryKey } from './get-me';

export type UpdateMeInput = ApiBody<'/api/me', 'patch'>;

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
