import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest, isApiError, rememberSignIn } from '../../../lib/api-client';
import { clearQueue } from '../../../lib/offline-queue';
import { meQueryKey } from '../../account/api/get-me';
import { resetSessionCache } from '../../account/api/reset-session-cache';
import type { User } from '../../account/types';

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
      // Changes this reader left waiting offline are never sent by whoever signs in next.
      const me = queryClient.getQueryData<User | null>(meQueryKey);
      if (me) clearQueue(me.id);
      resetSessionCache(queryClient, null);
    },
  });
}
