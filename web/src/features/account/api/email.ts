import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiBody } from '../../../lib/api-schema';
import type { User } from '../types';
import { meQueryKey } from './get-me';

export type ChangeEmailInput = ApiBody<'/api/me/email', 'put'>;

export function useChangeEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ChangeEmailInput) =>
      apiRequest<User>('/api/me/email', { method: 'PUT', json: { ...input } }),
    onSuccess: (user) => queryClient.setQueryData(meQueryKey, user),
  });
}

export function useResendVerification() {
  return useMutation({
    mutationFn: () => apiRequest<void>('/api/me/email/verify/resend', { method: 'POST' }),
  });
}

/** Confirms an address with the mailed token; works signed in or not. */
export function useVerifyEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) =>
      apiRequest<User>('/api/auth/email/verify', { method: 'POST', json: { token } }),
    onSuccess: (user) => {
      const current = queryClient.getQueryData<User | null>(meQueryKey);
      if (current?.id === user.id) queryClient.setQueryData(meQueryKey, user);
    },
  });
}
