export type Privacy = 'public' | 'followers' | 'private';

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

export interface User {
  id: string | number;
  email: string;
  username: string;
  displayName: string | null;
  bio: string | null;
  avatarUrl: string | null;
  privacy: Privacy;
  /** False for accounts made through Google that never set a password. */
  hasPassword?: boolean;
  googleLinked?: boolean;
  createdAt: string;
  updatedAt: string;
}

export function nameOf(user: { displayName: string | null; username: string }): string {
  return user.displayName?.trim() || user.username;
}
