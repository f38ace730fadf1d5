import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

export function changePassword(input: ChangePasswordInput): Promise<void> {
  return apiRequest<void>('/api/me/password', { method: 'PUT', json: { ...input } });
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
