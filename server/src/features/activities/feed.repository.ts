import { sql } from 'kysely';
import { PreparedQuery } from '../../db/compiled-queries.ts';
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
 * the viewer and everyone they follow are the actors, each with its privacy rank (the rule from
 * db/privacy.ts, computed once per actor and applied to each activity's visibility inside the
 * per-actor scans, so a run of hidden activities never shortens a page). One statement, in two
 * steps over the `(user_id, created_at, id)` index:
 *
 * 1. heads: each actor's newest visible activity (after the cursor), one index seek per actor.
 *    The page-th newest head is a bound: at least a page of activities is at least that new, so
 *    every activity on the page is too.
 * 2. each actor's visible activities from the bound on (at most a page per actor), merged, cut to
 *    a page, and only then joined to their actor, book and entry.
 *
 * Without the bound, step 2 read a page per actor and sorted them all (2,000 follows: 42,000
 * rows); with it, it reads about a page in all. PostgreSQL reads per actor with LATERAL; SQLite
 * has no LATERAL and gets the same plan from a correlated scalar subquery (heads) and a
 * correlated `id IN (… LIMIT n)` (step 2).
 */
type FeedShape = { dialect: Dialect; after: boolean };

/**
 * The feed's one statement, built and compiled once per dialect and cursor presence (see
 * db/compiled-queries.ts): it runs on every home page.
 */
const feedQuery = new PreparedQuery<
  FeedShape,
  { viewerId: number; afterKey?: string; afterId?: number; take: number; skip: number },
  FeedRow
>((db, shape, v) => {
  const viewerId = v.viewerId;
  const take = v.take;
  const rank = accessRankSql(
    viewerId,
    { id: sql.ref('u.id'), privacy: sql.ref('u.privacy') },
    { knownFollower: true },
  );
  const before = (alias: string) =>
    shape.after
      ? sql`and (${sql.ref(`${alias}.created_at`)}, ${sql.ref(`${alias}.id`)}) < (${v.afterKey}, ${v.afterId})`
      : sql``;
  const visible = (alias: string) => withinRankSql(sql.ref(`${alias}.visibility`), sql.ref('f.rank'));
  const newestFirst = (alias: string) =>
    sql`order by ${sql.ref(`${alias}.created_at`)} desc, ${sql.ref(`${alias}.id`)} desc`;
  const columns = sql`a.id as id, a.user_id as user_id, a.type as type, a.book_id as book_id,
    a.entry_id as entry_id, a.subject_id as subject_id, a.data as data, a.created_at as created_at`;
  const heads =
    shape.dialect === 'postgres'
      ? sql`select h.created_at from actors f cross join lateral (
              select a.created_at from activities a
              where a.user_id = f.id ${before('a')} and ${visible('a')}
              ${newestFirst('a')} limit 1
            ) h`
      : sql`select (
              select a.created_at from activities a
              where a.user_id = f.id ${before('a')} and ${visible('a')}
              ${newestFirst('a')} limit 1
            ) as created_at from actors f`;
  // PostgreSQL: per actor, from the bound on, at most a page. SQLite: a plain join from the
  // bound on (a per-actor `IN (… LIMIT)` costs a temporary index per actor), and the per-actor
  // limit only when there is no bound (fewer actors with activities than a page).
  const top =
    shape.dialect === 'postgres'
      ? sql`select ${columns} from actors f cross join lateral (
              select * from activities a
              where a.user_id = f.id ${before('a')}
                and a.created_at >= coalesce((select t from bound), '') and ${visible('a')}
              ${newestFirst('a')} limit ${take}
            ) a
            order by a.created_at desc, a.id desc limit ${take}`
      : sql`select ${columns} from bound cross join actors f cross join activities a
            where a.user_id = f.id ${before('a')} and a.created_at >= bound.t and ${visible('a')}
            union all
            select ${columns} from actors f join activities a on a.id in (
              select a2.id from activities a2 where a2.user_id = f.id ${before('a2')} and ${visible('a2')}
              ${newestFirst('a2')} limit ${take}
            )
            where not exists (select 1 from bound)
            order by created_at desc, id desc limit ${take}`;
  const query = sql<FeedRow>`
    with actors as materialized (
      select id, rank from (
        select u.id, ${rank} as rank from users u
        where u.id = ${viewerId}
           or u.id in (select followee_id from follows where follower_id = ${viewerId})
      ) r where rank >= 0
    ),
    heads as materialized (${heads}),
    bound as materialized (
      select created_at as t from heads where created_at is not null
      order by created_at desc limit 1 offset ${v.skip}
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
    order by t.created_at desc, t.id desc`;
  return { compile: () => query.compile(db) };
});

export class FeedRepository {
  readonly #db: DbExecutor;
  readonly #dialect: Dialect;

  constructor(db: DbExecutor, dialect: Dialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  async page(viewerId: number, after: Keyset | null, take: number): Promise<FeedRow[]> {
    return feedQuery.run(
      this.#db,
      { dialect: this.#dialect, after: after !== null },
      after
        ? { viewerId, afterKey: after.key, afterId: after.id, take, skip: take - 1 }
        : { viewerId, take, skip: take - 1 },
    );
  }
}
