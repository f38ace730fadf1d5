import type { ApiResponse } from '../../lib/api-schema';

export type Privacy = User['privacy'];

export const PRIVACY_OPTIONS: readonly { value: Privacy; label: string; description: string }[] = [
  { value: 'public', label: 'Public', description: 'Anyone can see your profile and shelves.' },
  {
    value: 'followers',
    label: 'Followers only',
    description: 'Only people who follow you see your shelves.',
  },
  { value: 'private', label: 'Private', description: 'Only you see your shelves.' },
];

export function privacyLabel(privacy: Privacy): string {
  return PRIVACY_OPTIONS.find((option) => option.value === privacy)?.label ?? privacy;
}

/** The signed-in reader as GET /api/me answers it. */
export type User = ApiResponse<'/api/me', 'get'>;

export function nameOf(user: { displayName: string | null; username: string }): string {
  return user.displayName?.trim() || user.username;
}
