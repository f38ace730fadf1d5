import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiBody } from '../../../lib/api-schema';

export type ChangePasswordInput = ApiBody<'/api/me/password', 'put'>;

export function changePassword(input: ChangePasswordInput): Promise<void> {
  return apiRequest<void>('/api/me/password', { method: 'PUT', json: { ...input } });
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
