import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, rememberSignIn, resolveApiUrl } from '../../../lib/api-client';
import type { ApiBody, ApiResponse } from '../../../lib/api-schema';
import { resetSessionCache } from '../../account/api/reset-session-cache';
import type { AuthResponse } from './auth-response';

export type PendingSignup = ApiResponse<'/api/auth/google/signup', 'get'>;
type CompleteSignupInput = ApiBody<'/api/auth/google/signup', 'post'>;

/** Where the browser goes to sign in (or, signed in, to link) with the provider. */
export function providerStartUrl(mode: 'signin' | 'link' = 'signin'): string {
  return resolveApiUrl(mode === 'link' ? '/api/auth/google?mode=link' : '/api/auth/google');
}

export function usePendingSignup(enabled: boolean) {
  return useQuery(
    queryOptions({
      queryKey: ['auth', 'pending-signup'],
      queryFn: () => apiRequest<PendingSignup>('/api/auth/google/signup'),
      enabled,
      retry: false,
      staleTime: Number.POSITIVE_INFINITY,
    }),
  );
}

export function useCompleteSignup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: CompleteSignupInput) => {
      const signedIn = await apiRequest<AuthResponse>('/api/auth/google/signup', {
        method: 'POST',
        json: { ...input },
      });
      rememberSignIn(signedIn.token);
      return signedIn;
    },
    onSuccess: ({ user }) => resetSessionCache(queryClient, user),
  });
}
