import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest, rememberSignIn } from '../../../lib/api-client';
import type { ApiBody } from '../../../lib/api-schema';
import { resetSessionCache } from '../../account/api/reset-session-cache';
import type { User } from '../../account/types';
import type { AuthResponse } from './auth-response';

export type LoginInput = ApiBody<'/api/auth/login', 'post'>;

/** The session travels in an httpOnly cookie; the token in the body is kept only cross-origin. */
export async function login(input: LoginInput): Promise<User> {
  const { user, token } = await apiRequest<AuthResponse>('/api/auth/login', {
    method: 'POST',
    json: { ...input },
  });
  rememberSignIn(token);
  return user;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    meta: { expectsUnauthorized: true },
    onSuccess: (user) => {
      resetSessionCache(queryClient, user);
    },
  });
}
