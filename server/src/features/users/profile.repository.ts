import { type Kysely, sql } from 'kysely';
import { PreparedQuery } from '../../db/compiled-queries.ts';
import { relationRankSql } from '../../db/privacy.ts';
import type { Database } from '../../db/schema.ts';
import type { Privacy } from '../../db/tables/users.table.ts';
import { goalOfYearSql } from '../goals/index.ts';
import { shelfCountsSql } from '../library/index.ts';
import { followCountsSql, viewerRelationSql } from '../social/index.ts';

/** One row of `profileQuery`: the account, the viewer's relation and rank, and every count as that viewer may see it. */
export interface ProfileRow {
  id: number;
  username: string;
  displayName: string;
  bio: string;
  avatarPath: string | null;
  privacy: Privacy;
  createdAt: string;
  isOwner: number | boolean;
  follows: number | boolean;
  /** A block in either direction between the viewer and the owner. */
  blocked: number | boolean;
  /** The viewer's access rank (db/privacy.ts): -1 sees only username, display name and avatar. */
  rank: number | string;
  followers: number | string;
  following: number | string;
  wantToRead: number | string;
  currentlyReading: number | string;
  read: number | string;
  didNotFinish: number | string;
  /** The owner's goal for the year asked about; null when there is none or the rank is below 0. */
  goalTarget: number | null;
  goalPagesTarget: number | null;
}

/**
 * The profile page in one statement (compiled once per signed-in or not): the account by
 * username, how the viewer stands to it (social's `viewerRelationSql`), the viewer's rank from
 * the one privacy rule (`relationRankSql`), the follow counts (social), the shelf counts by status
 * as the viewer may see them (library) and the year's goal (goals), each feature lending its
 * part through its face. It was four round trips in a row (user, relation, then the counts),
 * which on PostgreSQL cost the profile page three quarters of its speed (docs/performance.md).
 * `bench/floor-social.ts` runs this same text as the profile's floor (`floor-sql.test.ts`).
 */
const profileQuery = new PreparedQuery<
  { signedIn: boolean },
  { viewerId: number; username: string; year: number },
  ProfileRow
>((db, shape, v) => {
  const no = sql`(1 = 0)`;
  const relation = shape.signedIn
    ? { isOwner: sql`(u.id = ${v.viewerId})`, ...viewerRelationSql(v.viewerId, sql.ref('u.id')) }
    : { isOwner: no, follows: no, blocked: no };
  const rank = relationRankSql(sql.ref('p.privacy'), {
    isOwner: sql.ref('p.is_owner'),
    follows: sql.ref('p.follows'),
    blocked: sql.ref('p.blocked'),
  });
  const owner = sql.ref<number>('r.id');
  const follows = followCountsSql(owner, shape.signedIn ? v.viewerId : null);
  const goal = goalOfYearSql(owner, v.year);
  const query = sql<ProfileRow>`with p as (
      select u.id, u.username, u.display_name, u.bio, u.avatar_path, u.privacy, u.created_at,
        ${relation.isOwner} as is_owner, ${relation.follows} as follows, ${relation.blocked} as blocked
      from users u where u.username = ${v.username}
    ),
    r as (select p.*, ${rank} as rank from p),
    s as (${shelfCountsSql({ from: 'r', id: 'r.id', rank: 'r.rank' })})
    select r.id, r.username, r.display_name, r.bio, r.avatar_path, r.privacy, r.created_at,
      r.is_owner, r.follows, r.blocked, r.rank,
      case when r.rank >= 0 then ${follows.followers} else 0 end as followers,
      case when r.rank >= 0 then ${follows.following} else 0 end as following,
      s.want_to_read, s.currently_reading, s.read, s.did_not_finish,
      case when r.rank >= 0 then ${goal.target} end as goal_target,
      case when r.rank >= 0 then ${goal.pagesTarget} end as goal_pages_target
    from r cross join s`;
  return { compile: () => query.compile(db) };
});

export class ProfileRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** The profile of `username` (lower case) as `viewerId` sees it, with the goal of `year`; undefined when there is no such account. */
  async find(username: string, viewerId: number | null, year: number): Promise<ProfileRow | undefined> {
    const [row] = await profileQuery.run(
      this.#db,
      { signedIn: viewerId !== null },
      { viewerId: viewerId ?? 0, username, year },
    );
    return row;
  }

  /** The statement's text and parameters (for the benchmark floor's check that it runs the same). */
  static compile(db: Kysely<Database>, username: string, viewerId: number | null, year: number) {
    return profileQuery.compile(
      db,
      { signedIn: viewerId !== null },
      { viewerId: viewerId ?? 0, username, year },
    );
  }
}
