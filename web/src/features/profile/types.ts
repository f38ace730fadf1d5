import type { Privacy } from '../account/types';

export interface UserProfile {
  username: string;
  displayName: string | null;
  bio: string | null;
  avatarUrl: string | null;
  privacy: Privacy;
  counts: Record<string, number>;
  isFollowing: boolean;
  isSelf?: boolean;
}
