import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Visibility } from './tables/library-entries.table.ts';
import type { Privacy } from './tables/users.table.ts';

/**
 * The one rule for who sees what of a reader: their profile details, shelves, entries, reviews,
 * journal entries, activities and the counts of them. Every read path asks it, in JavaScript
 * (`accessRank`, `canSee`) when the owner is known, or in SQL (`accessRankSql`, `visibleSql`)
 * when a list spans many owners. Both spell the same table; `privacy.test.ts` runs them side by
 * side over every case.
 *
 * A viewer stands to an owner as one of: anonymous, a signed-in stranger, a follower, the owner
 * or a blocked reader (a block in either direction). Account privacy and the item's visibility
 * both apply, the stricter wins:
 *
 *   | account \ viewer | anonymous / stranger | follower          | owner | blocked |
 *   | public           | public items         | public, followers | all   | nothing |
 *   | followers        | nothing              | public, followers | all   | nothing |
 *   | private          | nothing              | nothing           | all   | nothing |
 *
 * Seeing the profile's details (bio, counts, lists) is seeing a `public` item. A blocked reader
 * does not even learn the account exists (404 everywhere).
 */

export const VISIBILITY_RANK: Record<Visibility, 0 | 1 | 2> = { public: 0, followers: 1, private: 2 };
/** From the most visible to the least. */
export const VISIBILITIES: readonly Visibility[] = ['public', 'followers', 'private'];

/** -1: nothing at all; otherwise the highest item visibility rank the viewer may see. */
export type AccessRank = -1 | 0 | 1 | 2;

/** How a viewer stands to an owner; `null` for an anonymous viewer. */
export interface Relation {
  isOwner: boolean;
  follows: boolean;
  /** A block in either direction. */
  blocked: boolean;
}

export const STRANGER: Relation = { isOwner: false, follows: false, blocked: false };

export function accessRank(relation: Relation | null, ownerPrivacy: Privacy): AccessRank {
  const r = relation ?? STRANGER;
  if (r.isOwner) return 2;
  if (r.blocked || ownerPrivacy === 'private') return -1;
  if (r.follows) return 1;
  return ownerPrivacy === 'public' ? 0 : -1;
}

/** Whether the viewer may see an item of the owner shared with `visibility`. */
export function canSee(relation: Relation | null, ownerPrivacy: Privacy, visibility: Visibility): boolean {
  return VISIBILITY_RANK[visibility] <= accessRank(relation, ownerPrivacy);
}

/** Whether the profile shows more than username, display name and avatar. */
export function canSeeProfileDetails(relation: Relation | null, ownerPrivacy: Privacy): boolean {
  return accessRank(relation, ownerPrivacy) >= 0;
}

/** The item visibilities a viewer with this rank may see (for one owner's lists: `visibility in (…)`). */
export function visibilitiesUpTo(rank: AccessRank): Visibility[] {
  return VISIBILITIES.filter((v) => VISIBILITY_RANK[v] <= rank);
}

/** A viewer in SQL: a value or a placeholder of a compiled query; null when signed out. */
export type SqlViewer = Expression<number> | number | null;

export interface OwnerRefs {
  /** The owner's id, e.g. `sql.ref('a.userId')`. */
  id: Expression<unknown>;
  /** The owner's account privacy, e.g. `sql.ref('u.privacy')`. */
  privacy: Expression<unknown>;
}

/**
 * `accessRank` in SQL for each owner row. `knownFollower` skips the follow lookup where the
 * query already limits owners to people the viewer follows (the feed).
 */
export function accessRankSql(
  viewer: SqlViewer,
  owner: OwnerRefs,
  options: { knownFollower?: boolean } = {},
): RawBuilder<number> {
  if (viewer === null) return sql<number>`(case when ${owner.privacy} = 'public' then 0 else -1 end)`;
  const follows = options.knownFollower
    ? sql`1 = 1`
    : sql`exists (select 1 from follows fr where fr.follower_id = ${viewer} and fr.followee_id = ${owner.id})`;
  return sql<number>`(case
    when ${owner.id} = ${viewer} then 2
    when exists (select 1 from blocks bk where bk.blocker_id = ${viewer} and bk.blocked_id = ${owner.id}) then -1
    when exists (select 1 from blocks bk where bk.blocker_id = ${owner.id} and bk.blocked_id = ${viewer}) then -1
    when ${owner.privacy} = 'private' then -1
    when ${follows} then 1
    when ${owner.privacy} = 'public' then 0
    else -1 end)`;
}

/**
 * `accessRank` in SQL from a relation already at hand (columns of the same statement, e.g. the
 * profile's, which also answers "follows" and "blocked" themselves): the same table as
 * `accessRank`, spelled over SQL booleans.
 */
export function relationRankSql(
  privacy: Expression<unknown>,
  relation: { isOwner: Expression<unknown>; follows: Expression<unknown>; blocked: Expression<unknown> },
): RawBuilder<number> {
  return sql<number>`(case
    when ${relation.isOwner} then 2
    when ${relation.blocked} then -1
    when ${privacy} = 'private' then -1
    when ${relation.follows} then 1
    when ${privacy} = 'public' then 0
    else -1 end)`;
}

/** Whether an item with `visibility` is within `rank` (an `accessRankSql` or a column holding one). */
export function withinRankSql(
  visibility: Expression<unknown>,
  rank: Expression<unknown>,
): RawBuilder<SqlBool> {
  return sql<SqlBool>`(case ${visibility} when 'public' then 0 when 'followers' then 1 else 2 end) <= ${rank}`;
}

/** `canSee` in SQL: the viewer may see this owner's item. */
export function visibleSql(
  viewer: SqlViewer,
  owner: OwnerRefs,
  visibility: Expression<unknown>,
): RawBuilder<SqlBool> {
  return withinRankSql(visibility, accessRankSql(viewer, owner));
}

/**
 * How many of a batch's additions ("added 312 books") a viewer with this rank may see: the batch
 * counts its entries by visibility (`{ public, followers, private }`); a batch recorded before
 * it did so holds only a total, shown as it was (such batches were all public).
 */
export function countVisibleTo(rank: AccessRank, data: { count?: unknown; counts?: unknown }): number | null {
  const counts = data.counts;
  if (counts && typeof counts === 'object') {
    let total = 0;
    for (const v of visibilitiesUpTo(rank)) {
      const n = (counts as Record<string, unknown>)[v];
      if (typeof n === 'number' && Number.isInteger(n) && n > 0) total += n;
    }
    return total;
  }
  return typeof data.count === 'number' && Number.isInteger(data.count) ? data.count : null;
}
