import { type RawBuilder, sql } from 'kysely';
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
  /** The viewer's privacy rank for the actor (db/privacy.ts): 2 for the viewer, 1 for a followee. */
  actorRank: number;
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
 * per-actor scans, so a run of hidden activities never shortens a page) and its newest activity
 * time (`users.last_activity_at`, an upper bound kept by the activity insert). One statement, over
 * the `(user_id, created_at, id, visibility)` index:
 *
 * 1. the bound: the page-th newest of the newest visible activities (after the cursor) of the
 *    `RECENT_ACTORS` actors with the newest `last_activity_at`, one index seek each. At least a
 *    page of visible activities is at least that new, so every activity on the page is too. Only
 *    when those actors have fewer than a page of such heads are the heads of all actors read.
 * 2. the visible activities from the bound on of the actors whose `last_activity_at` reaches the
 *    bound (the others cannot have any), merged, cut to a page, and only then joined to their
 *    book and entry; the actor's name and avatar come with the actor.
 *
 * So a page reads a fixed number of heads plus about a page of activities, whatever the number of
 * activities (before: one head per followed reader, and a final join that SQLite planned as a
 * scan of every user). PostgreSQL reads per actor with LATERAL; SQLite has no LATERAL and gets
 * the same plan from a correlated scalar subquery (heads), a plain join from the bound (step 2)
 * and a correlated `id IN (… LIMIT n)` only when there is no bound (fewer than a page of visible
 * activities in all).
 */
type FeedShape = { dialect: Dialect; after: boolean };

/** How many of the most recently active actors give the bound (step 1); at least a page. */
const RECENT_ACTORS = 21;

/**
 * The feed's one statement, built and compiled once per dialect and cursor presence (see
 * db/compiled-queries.ts): it runs on every home page.
 */
const feedQuery = new PreparedQuery<
  FeedShape,
  { viewerId: number; afterKey?: string; afterId?: number; take: number; skip: number; recent: number },
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
  const columns = sql`a.id as id, a.type as type, a.book_id as book_id, a.entry_id as entry_id,
    a.subject_id as subject_id, a.data as data, a.created_at as created_at, f.username as username,
    f.display_name as display_name, f.avatar_path as avatar_path, f.rank as rank`;
  /** The newest visible activity time of each actor in `from` (aliased `f`), one seek each. */
  const heads = (from: RawBuilder<unknown>) =>
    shape.dialect === 'postgres'
      ? sql`select h.created_at from ${from} cross join lateral (
              select a.created_at from activities a
              where a.user_id = f.id ${before('a')} and ${visible('a')}
              ${newestFirst('a')} limit 1
            ) h`
      : sql`select (
              select a.created_at from activities a
              where a.user_id = f.id ${before('a')} and ${visible('a')}
              ${newestFirst('a')} limit 1
            ) as created_at from ${from}`;
  const pageTh = (from: RawBuilder<unknown>) =>
    sql`(select created_at from (${heads(from)}) h where created_at is not null
         order by created_at desc limit 1 offset ${v.skip})`;
  // PostgreSQL: per actor, from the bound on, at most a page. SQLite: a plain join from the
  // bound on (a per-actor `IN (… LIMIT)` costs a temporary index per actor), and the per-actor
  // limit only when there is no bound (fewer than a page of visible activities).
  const top =
    shape.dialect === 'postgres'
      ? sql`select ${columns} from actors f cross join lateral (
              select * from activities a
              where a.user_id = f.id ${before('a')}
                and a.created_at >= coalesce((select t from bound), '') and ${visible('a')}
              ${newestFirst('a')} limit ${take}
            ) a
            where f.last_at >= coalesce((select t from bound), '')
            order by a.created_at desc, a.id desc limit ${take}`
      : sql`select ${columns} from bound cross join actors f cross join activities a
            where f.last_at >= bound.t and a.user_id = f.id ${before('a')} and a.created_at >= bound.t
              and ${visible('a')}
            union all
            select ${columns} from actors f join activities a on a.id in (
              select a2.id from activities a2 where a2.user_id = f.id ${before('a2')} and ${visible('a2')}
              ${newestFirst('a2')} limit ${take}
            )
            where (select t from bound) is null
            order by created_at desc, id desc limit ${take}`;
  const query = sql<FeedRow>`
    with actors as materialized (
      select id, rank, last_at, username, display_name, avatar_path from (
        select u.id, ${rank} as rank, u.last_activity_at as last_at, u.username, u.display_name, u.avatar_path
        from (select cast(${viewerId} as integer) as id
              union select followee_id from follows where follower_id = ${viewerId}) ids
        join users u on u.id = ids.id
      ) r where rank >= 0 and last_at is not null
    ),
    bound as materialized (
      select coalesce(
        ${pageTh(sql`(select * from actors order by last_at desc limit ${v.recent}) f`)},
        ${pageTh(sql`actors f`)}
      ) as t
    ),
    top as (${top})
    select t.id, t.type, t.subject_id as "subjectId", t.data, t.created_at as "createdAt",
      t.username as "actorUsername", t.display_name as "actorDisplayName", t.avatar_path as "actorAvatarPath",
      t.rank as "actorRank",
      b.id as "bookId", b.title as "bookTitle", b.authors as "bookAuthors", b.cover_url as "bookCoverUrl",
      e.id as "entryId", e.status as "entryStatus", e.rating as "entryRating",
      substr(e.review, 1, ${REVIEW_EXCERPT_LENGTH}) as "entryReview", length(e.review) as "entryReviewLength",
      e.review_has_spoilers as "entryReviewHasSpoilers"
    from top t
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
    const recent = Math.max(RECENT_ACTORS, take);
    return feedQuery.run(
      this.#db,
      { dialect: this.#dialect, after: after !== null },
      after
        ? { viewerId, afterKey: after.key, afterId: after.id, take, skip: take - 1, recent }
        : { viewerId, take, skip: take - 1, recent },
    );
  }
}
