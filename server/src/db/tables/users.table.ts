import type { Generated } from 'kysely';

export type Privacy = 'public' | 'followers' | 'private';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  emailLower: string;
  username: string;
  displayName: string;
  bio: string;
  avatarPath: string | null;
  privacy: Privacy;
  passwordHash: string | null;
  googleSub: string | null;
  emailVerified: number;
  createdAt: string;
  updatedAt: string;
  /**
   * The newest `activities.created_at` of this reader (null before the first), kept by
   * ActivitiesRepository.insert; never moves back. The feed's upper bound per followed reader.
   */
  lastActivityAt: string | null;
}
