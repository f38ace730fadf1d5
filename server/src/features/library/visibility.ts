import type { Visibility } from '../../db/tables/library-entries.table.ts';
import type { Privacy } from '../../db/tables/users.table.ts';

export interface Viewer {
  id: number;
  /** Whether the viewer follows the owner. Nobody follows anyone until the social feature fills this in. */
  followsOwner?: boolean;
}

const RANK: Record<Visibility, number> = { public: 0, followers: 1, private: 2 };

/**
 * Whether `viewer` (null when signed out) may see something of `owner` shared with
 * `visibility`. The stricter of the owner's profile privacy and the item's visibility applies;
 * the owner always sees their own.
 */
export function canSee(
  viewer: Viewer | null,
  owner: { id: number; privacy: Privacy },
  visibility: Visibility,
): boolean {
  if (viewer !== null && viewer.id === owner.id) return true;
  const level = Math.max(RANK[owner.privacy], RANK[visibility]);
  if (level === RANK.public) return true;
  if (level === RANK.followers) return viewer?.followsOwner === true;
  return false;
}
