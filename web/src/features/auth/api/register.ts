import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest, rememberSignIn } from '../../../lib/api-client';
import type { ApiBody } from '../../../lib/api-schema';
import { resetSessionCache } from '../../account/api/reset-session-cache';
import type { User } from '../../account/types';
import type { AuthResponse } from './auth-response';

export type RegisterInput = ApiBody<'/api/auth/register', 'post'>;

/** The session travels in an httpOnly cookie; the token in the body is kept only cross-origin. */
export async function register(input: RegisterInput): Promise<User> {
  const { user, token } = await apiRequest<AuthResponse>('/api/auth/register', {
    method: 'POST',
    json: { ...input },
  });
  rememberSignIn(token);
  return user;
}

export function useRegister() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: register,
    meta: { expectsUnauthorized: true },
    onSuccess: (user) => {
      resetSessionCache(queryClient, user);
    },
  });
}
