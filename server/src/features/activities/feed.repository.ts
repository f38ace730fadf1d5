import { type RawBuilder, sql } from 'kysely';
import type { Dialect } from '../../db/database.ts';
import type { DbExecutor } from '../../db/executor.ts';
import { accessRankSql, withinRankSql } from '../../db/privacy.ts';
import type { ActivityType } from '../../db/tables/activities.table.ts';
import type { ReadingStatus } from '../../db/tables/library-entries.table.ts';
import type { Keyset } from '../../lib/keyset-cursor.ts';

/** How many characters of a review the feed carries. */
export const REVIEW_EXCERPT_LENGTH = 280;

export interface FeedRow {
  id: number;
  type: ActivityType;
  subjectId: number | null;
  data: string | null;
  createdAt: string;
  actorUsername: string;
  actorDisplayName: string;
  actorAvatarPath: string | null;
  bookId: number | null;
  bookTitle: string | null;
  bookAuthors: string | null;
  bookCoverUrl: string | null;
  entryId: number | null;
  entryStatus: ReadingStatus | null;
  entryRating: number | null;
  entryReview: string | null;
  entryReviewLength: number | null;
  entryReviewHasSpoilers: number | null;
}

/**
 * The feed, fanned out on read (see docs/architecture.md, "The feed", for the measurements):
 * the viewer and everyone they follow are the actors; each actor's newest activities come from
 * the (user_id, created_at, id) index, at most one page per actor, and the few rows left are
 * merged, cut to a page, and only then joined to their actor, book and entry.
 *
 * Privacy is the rule from db/privacy.ts, computed once per actor (`rank`) and applied to each
 * activity's visibility inside the per-actor scan, so a run of hidden activities never shortens
 * a page. PostgreSQL reads each actor's top rows with LATERAL; SQLite has no LATERAL, and gets
 * the same plan from a correlated `id IN (… LIMIT n)` subquery per actor.
 */
export class FeedRepository {
  readonly #db: DbExecutor;
  readonly #dialect: Dialect;

  constructor(db: DbExecutor, dialect: Dialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  async page(viewerId: number, after: Keyset | null, take: number): Promise<FeedRow[]> {
    const rank = accessRankSql(
      viewerId,
      { id: sql.ref('u.id'), privacy: sql.ref('u.privacy') },
      { knownFollower: true },
    );
    const before = (alias: string) =>
      after
        ? sql`and (${sql.ref(`${alias}.created_at`)}, ${sql.ref(`${alias}.id`)}) < (${after.key}, ${after.id})`
        : sql``;
    const perActor = (alias: string): RawBuilder<unknown> =>
      sql`${sql.ref(`${alias}.user_id`)} = f.id ${before(alias)}
          and ${withinRankSql(sql.ref(`${alias}.visibility`), sql.ref('f.rank'))}
          order by ${sql.ref(`${alias}.created_at`)} desc, ${sql.ref(`${alias}.id`)} desc limit ${take}`;
    const top =
      this.#dialect === 'postgres'
        ? sql`select a.id, a.user_id, a.type, a.book_id, a.entry_id, a.subject_id, a.data, a.created_at
              from actors f cross join lateral (
                select * from activities a where ${perActor('a')}
              ) a
              order by a.created_at desc, a.id desc limit ${take}`
        : sql`select a.id, a.user_id, a.type, a.book_id, a.entry_id, a.subject_id, a.data, a.created_at
              from actors f join activities a on a.id in (
                select a2.id from activities a2 where ${perActor('a2')}
              )
              order by a.created_at desc, a.id desc limit ${take}`;
    const result = await sql<FeedRow>`
      with actors as (
        select u.id, ${rank} as rank from users u
        where u.id = ${viewerId}
           or u.id in (select followee_id from follows where follower_id = ${viewerId})
      ),
      top as (${top})
      select t.id, t.type, t.subject_id as "subjectId", t.data, t.created_at as "createdAt",
        u.username as "actorUsername", u.display_name as "actorDisplayName", u.avatar_path as "actorAvatarPath",
        b.id as "bookId", b.title as "bookTitle", b.authors as "bookAuthors", b.cover_url as "bookCoverUrl",
        e.id as "entryId", e.status as "entryStatus", e.rating as "entryRating",
        substr(e.review, 1, ${REVIEW_EXCERPT_LENGTH}) as "entryReview", length(e.review) as "entryReviewLength",
        e.review_has_spoilers as "entryReviewHasSpoilers"
      from top t
      join users u on u.id = t.user_id
      left join books b on b.id = t.book_id
      left join library_entries e on e.id = t.entry_id
      order by t.created_at desc, t.id desc`.execute(this.#db);
    return result.rows;
  }
}
