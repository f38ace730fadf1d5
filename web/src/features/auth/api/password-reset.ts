import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiBody } from '../../../lib/api-schema';
import { meQueryOptions } from '../../account/api/get-me';
import { resetSessionCache } from '../../account/api/reset-session-cache';

type RequestInput = ApiBody<'/api/auth/password-reset/request', 'post'>;
type ConfirmInput = ApiBody<'/api/auth/password-reset/confirm', 'post'>;

export function requestPasswordReset(input: RequestInput): Promise<void> {
  return apiRequest<void>('/api/auth/password-reset/request', { method: 'POST', json: { ...input } });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}

/** Sets the new password; the server signs this browser in (cookies), so the reader is fetched next. */
export function confirmPasswordReset(input: ConfirmInput): Promise<void> {
  return apiRequest<void>('/api/auth/password-reset/confirm', { method: 'POST', json: { ...input } });
}

export function useConfirmPasswordReset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: ConfirmInput) => {
      await confirmPasswordReset(input);
      return queryClient.fetchQuery({ ...meQueryOptions, staleTime: 0 });
    },
    onSuccess: (user) => resetSessionCache(queryClient, user),
  });
}
