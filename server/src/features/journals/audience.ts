import { accessRank, visibilitiesUpTo } from '../../db/privacy.ts';
import type { Visibility } from '../../db/tables/library-entries.table.ts';
import type { Privacy } from '../../db/tables/users.table.ts';
import type { SocialService } from '../social/index.ts';

export interface Owner {
  id: number;
  privacy: Privacy;
}

/** Who may see a reader's journal entries and notes: the one privacy rule (`db/privacy.ts`). */
export interface Audience {
  /** The visibilities of `owner`'s items that `viewerId` (null: signed out) may see. */
  visibleLevels(viewerId: number | null, owner: Owner): Promise<Visibility[]>;
  /** A reader by name with what the viewer may see of theirs; 404 when unknown or blocked either way. */
  ownerByName(username: string, viewerId: number | null): Promise<{ id: number; levels: Visibility[] }>;
}

export function socialAudience(social: Pick<SocialService, 'relation' | 'viewOwner'>): Audience {
  return {
    async visibleLevels(viewerId, owner) {
      if (viewerId === owner.id) return visibilitiesUpTo(2);
      return visibilitiesUpTo(accessRank(await social.relation(viewerId, owner.id), owner.privacy));
    },
    async ownerByName(username, viewerId) {
      const owner = await social.viewOwner(username, viewerId);
      return { id: owner.id, levels: visibilitiesUpTo(accessRank(owner.relation, owner.privacy)) };
    },
  };
}
