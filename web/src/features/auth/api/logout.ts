import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest, isApiError, rememberSignIn } from '../../../lib/api-client';
import { resetSessionCache } from '../../account/api/reset-session-cache';

export async function logout(): Promise<void> {
  try {
    await apiRequest<void>('/api/auth/logout', { method: 'POST' });
  } catch (error) {
    // An expired session is already signed out, which is what the user asked for.
    if (!(isApiError(error) && error.status === 401)) throw error;
  }
  rememberSignIn(null);
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    meta: { expectsUnauthorized: true },
    onSuccess: () => {
      resetSessionCache(queryClient, null);
    },
  });
}
