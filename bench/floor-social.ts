/**
 * Floors for the social scenarios (issue 10), served by floor-server.ts: for each request the
 * best single SQL statement we could write for it, run on the driver after the same session
 * lookup the app makes, answering the same JSON as the app (checked by the harness every run).
 *
 * - feed: the app's statement (features/activities/feed.repository.ts), hand-written: the actors
 *   (the viewer and everyone they follow, each with its privacy rank from the rule in
 *   server/src/db/privacy.ts, its name and avatar and its `users.last_activity_at`), a bound from
 *   the newest visible activity of the 21 most recently active actors (all actors' only when
 *   those give no bound), then the visible activities from the bound on of the actors active
 *   since, straight off `activities(user_id, created_at, id, visibility)` (LATERAL on PostgreSQL),
 *   merged, cut to a page, joined to books and entries: one statement. We know no better single
 *   statement; the one before (a head per followed reader, the users joined last) grew with the
 *   number of users on SQLite.
 * - profile: the user row, the viewer's relation, the rank, the follower and following counts and
 *   the shelf counts by status as the viewer may see them: one statement.
 * - follow: one `INSERT … SELECT … ON CONFLICT DO NOTHING` that resolves the username, refuses
 *   oneself and blocks either way; unfollow: one `DELETE` that resolves the username (the follow
 *   scenario follows and unfollows in turn, so every request changes a row).
 */

export type Row = Record<string, unknown>;
export type Query = (sql: string, params: unknown[]) => Promise<Row[]>;
export type FloorDialect = 'sqlite' | 'postgres';

const PAGE = 20;
const REVIEW_EXCERPT_LENGTH = 280;

/** The privacy rank of owner `u` for viewer `?` (accessRank in SQL); every actor but the viewer is followed. */
const ACTOR_RANK = `(case
    when u.id = ? then 2
    when exists (select 1 from blocks bk where bk.blocker_id = ? and bk.blocked_id = u.id) then -1
    when exists (select 1 from blocks bk where bk.blocker_id = u.id and bk.blocked_id = ?) then -1
    when u.privacy = 'private' then -1
    when 1 = 1 then 1
    when u.privacy = 'public' then 0
    else -1 end)`;
const VISIBILITY_RANK = (column: string) =>
  `(case ${column} when 'public' then 0 when 'followers' then 1 else 2 end)`;

/** How many of the most recently active actors give the feed's bound (the app's RECENT_ACTORS). */
const RECENT_ACTORS = 21;

const feedSqlByDialect = new Map<FloorDialect, string>();

/** The feed statement, built once per dialect (a string built per request costs its hashing). */
export function feedSql(dialect: FloorDialect): string {
  let text = feedSqlByDialect.get(dialect);
  if (text === undefined) {
    text = buildFeedSql(dialect);
    feedSqlByDialect.set(dialect, text);
  }
  return text;
}

function buildFeedSql(dialect: FloorDialect): string {
  const visible = `${VISIBILITY_RANK('a.visibility')} <= f.rank`;
  const heads = (from: string) =>
    dialect === 'postgres'
      ? `select h.created_at from ${from} cross join lateral (
           select a.created_at from activities a where a.user_id = f.id and ${visible}
           order by a.created_at desc, a.id desc limit 1) h`
      : `select (select a.created_at from activities a where a.user_id = f.id and ${visible}
           order by a.created_at desc, a.id desc limit 1) as created_at from ${from}`;
  const pageTh = (from: string) =>
    `(select created_at from (${heads(from)}) h where created_at is not null order by created_at desc limit 1 offset ?)`;
  const columns = `a.id as id, a.type as type, a.book_id as book_id, a.entry_id as entry_id,
    a.subject_id as subject_id, a.data as data, a.created_at as created_at,
    f.username as username, f.display_name as display_name, f.avatar_path as avatar_path, f.rank as rank`;
  const top =
    dialect === 'postgres'
      ? `select ${columns} from actors f cross join lateral (
           select * from activities a where a.user_id = f.id
              and a.created_at >= coalesce((select t from bound), '') and ${visible}
            order by a.created_at desc, a.id desc limit ?) a
          where f.last_at >= coalesce((select t from bound), '')
          order by a.created_at desc, a.id desc limit ?`
      : `select ${columns} from bound cross join actors f cross join activities a
          where f.last_at >= bound.t and a.user_id = f.id and a.created_at >= bound.t and ${visible}
         union all
         select ${columns} from actors f join activities a on a.id in (
           select a.id from activities a where a.user_id = f.id and ${visible}
            order by a.created_at desc, a.id desc limit ?)
          where (select t from bound) is null
          order by created_at desc, id desc limit ?`;
  return `with actors as materialized (
      select id, rank, last_at, username, display_name, avatar_path from (
        select u.id, ${ACTOR_RANK} as rank, u.last_activity_at as last_at, u.username, u.display_name, u.avatar_path
          from (select cast(? as integer) as id union select followee_id from follows where follower_id = ?) ids
          join users u on u.id = ids.id
      ) r where rank >= 0 and last_at is not null
    ),
    bound as materialized (select coalesce(
      ${pageTh(`(select * from actors order by last_at desc limit ${RECENT_ACTORS}) f`)},
      ${pageTh('actors f')}) as t),
    top as (${top})
    select t.id, t.type, t.subject_id, t.data, t.created_at, t.username, t.display_name, t.avatar_path, t.rank,
      b.id as book_id, b.title, b.authors, b.cover_url,
      e.id as entry_id, e.status, e.rating, substr(e.review, 1, ${REVIEW_EXCERPT_LENGTH}) as review,
      length(e.review) as review_length, e.review_has_spoilers
    from top t
    left join books b on b.id = t.book_id
    left join library_entries e on e.id = t.entry_id
    order by t.created_at desc, t.id desc`;
}

const feedParams = (viewerId: number, take: number) => [
  viewerId,
  viewerId,
  viewerId,
  viewerId,
  viewerId,
  take - 1,
  take - 1,
  take,
  take,
];

function object(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string' || text === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function strings(text: unknown): string[] {
  const value: unknown = typeof text === 'string' ? JSON.parse(text) : [];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);
/** A batch's books the viewer may see: its public ones, a follower also its followers-only ones. */
function booksAdded(rank: number, data: Record<string, unknown>): number | null {
  const counts = data.counts as Record<string, unknown> | undefined;
  if (!counts) return int(data.count);
  const n = (v: unknown) => int(v) ?? 0;
  return n(counts.public) + (rank >= 1 ? n(counts.followers) : 0) + (rank >= 2 ? n(counts.private) : 0);
}
const media = (path: unknown) => (path ? `/media/${String(path)}` : null);

export async function feed(query: Query, dialect: FloorDialect, viewerId: number): Promise<string> {
  const rows = await query(feedSql(dialect), feedParams(viewerId, PAGE + 1));
  const page = rows.slice(0, PAGE);
  const items = page.map((r) => {
    const data = object(r.data);
    const review = (r.review as string | null) ?? '';
    const hasReview = review.trim() !== '';
    const spoilers = r.review_has_spoilers === 1;
    const year = int(data.year);
    const target = int(data.target);
    return {
      id: r.id,
      type: r.type,
      actor: { username: r.username, displayName: r.display_name, avatarUrl: media(r.avatar_path) },
      book:
        r.book_id !== null
          ? { id: r.book_id, title: r.title ?? '', authors: strings(r.authors), coverUrl: r.cover_url }
          : null,
      entry:
        r.entry_id !== null
          ? {
              id: r.entry_id,
              status: r.status ?? 'want_to_read',
              rating: r.rating === null ? null : (r.rating as number) / 2,
              review: hasReview && !spoilers ? r.review : null,
              reviewTruncated: ((r.review_length as number | null) ?? 0) > review.length,
              reviewHasSpoilers: spoilers,
              hasReview,
            }
          : null,
      journal:
        r.type === 'journal_entry' && r.subject_id !== null
          ? { id: r.subject_id, excerpt: typeof data.excerpt === 'string' ? data.excerpt : null }
          : null,
      goal: r.type === 'goal_set' && year !== null && target !== null ? { year, target } : null,
      booksAdded: r.type === 'books_added' ? booksAdded(Number(r.rank), data) : null,
      createdAt: r.created_at,
    };
  });
  const last = page.at(-1);
  const nextCursor =
    rows.length > PAGE && last
      ? Buffer.from(JSON.stringify(['feed', last.created_at, last.id])).toString('base64url')
      : null;
  return JSON.stringify({ items, nextCursor });
}

/** Whether a block stands between `viewer` and `reader` either way (the app's one spelling, social.repository.ts). */
const blockedEitherWay = (viewer: string, reader: string) =>
  `(exists (select 1 as "one" from "blocks" where "blocks"."blocker_id" = ${viewer} and "blocks"."blocked_id" = ${reader})` +
  ` or exists (select 1 as "one" from "blocks" where "blocks"."blocker_id" = ${reader} and "blocks"."blocked_id" = ${viewer}))`;
const followCount = (own: string, other: string) =>
  `(select count(*) as "count" from "follows" where "follows"."${own}" = "r"."id" and not ${blockedEitherWay('?', `"follows"."${other}"`)})`;
const shelfCount = (status: string) => `count(case when e.status = '${status}' then 1 end)`;
const goalColumn = (column: string) =>
  `(select "goals"."${column}" from "goals" where "goals"."user_id" = "r"."id" and "goals"."year" = ?)`;

/**
 * The profile for a signed-in viewer: the same statement as the app's (ProfileRepository,
 * server/src/features/users/profile.repository.ts; `floor-sql.test.ts` compares the texts), on
 * both dialects. Parameters: viewer ×4, username, viewer ×4, year ×2.
 */
export const PROFILE_SQL = `with p as (
    select u.id, u.username, u.display_name, u.bio, u.avatar_path, u.privacy, u.created_at,
      (u.id = ?) as is_owner,
      exists (select 1 as "one" from "follows" as "vf" where "vf"."follower_id" = ? and "vf"."followee_id" = "u"."id") as follows,
      ${blockedEitherWay('?', '"u"."id"')} as blocked
    from users u where u.username = ?
  ),
  r as (select p.*, (case
    when "p"."is_owner" then 2
    when "p"."blocked" then -1
    when "p"."privacy" = 'private' then -1
    when "p"."follows" then 1
    when "p"."privacy" = 'public' then 0
    else -1 end) as rank from p),
  s as (select ${shelfCount('want_to_read')} as want_to_read,
      ${shelfCount('currently_reading')} as currently_reading, ${shelfCount('read')} as read,
      ${shelfCount('did_not_finish')} as did_not_finish
    from "r" join library_entries e on e.user_id = "r"."id"
    where "r"."rank" >= 0 and ${VISIBILITY_RANK('"e"."visibility"')} <= "r"."rank")
  select r.id, r.username, r.display_name, r.bio, r.avatar_path, r.privacy, r.created_at,
    r.is_owner, r.follows, r.blocked, r.rank,
    case when r.rank >= 0 then ${followCount('followee_id', 'follower_id')} else 0 end as followers,
    case when r.rank >= 0 then ${followCount('follower_id', 'followee_id')} else 0 end as following,
    s.want_to_read, s.currently_reading, s.read, s.did_not_finish,
    case when r.rank >= 0 then ${goalColumn('target')} end as goal_target,
    case when r.rank >= 0 then ${goalColumn('pages_target')} end as goal_pages_target
  from r cross join s`;

export async function profile(query: Query, viewerId: number, username: string): Promise<string | null> {
  const v = viewerId;
  const year = new Date().getUTCFullYear();
  const [r] = await query(PROFILE_SQL, [v, v, v, v, username.toLowerCase(), v, v, v, v, year, year]);
  // None, or a block either way: the account does not exist for this viewer.
  if (!r || (r.blocked && !r.is_owner)) return null;
  const rank = Number(r.rank);
  if (rank >= 0 && r.goal_target !== null) {
    // The app reads the goal's progress with one more query; the generated data sets no goals.
    throw new Error("The profile floor does not compute a goal's progress (the bench data has no goals)");
  }
  const byStatus = {
    want_to_read: Number(r.want_to_read),
    currently_reading: Number(r.currently_reading),
    read: Number(r.read),
    did_not_finish: Number(r.did_not_finish),
  };
  return JSON.stringify({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    bio: rank < 0 ? '' : r.bio,
    avatarUrl: media(r.avatar_path),
    privacy: r.privacy,
    counts: {
      followers: Number(r.followers),
      following: Number(r.following),
      books: Object.values(byStatus).reduce((a, b) => a + b, 0),
      byStatus,
    },
    isFollowing: Boolean(r.follows),
    isSelf: Boolean(r.is_owner),
    restricted: rank < 0,
    goal: null,
    createdAt: r.created_at,
  });
}

/** The app's follow statement (SocialRepository.followByUsername; `floor-sql.test.ts` compares the texts). */
export const FOLLOW_SQL = `insert into "follows" ("follower_id", "followee_id", "created_at")
  select cast(? as integer) as "follower_id", "users"."id", cast(? as text) as "created_at" from "users"
   where "users"."username" = ? and "users"."id" != ? and not ${blockedEitherWay('?', '"users"."id"')}
  on conflict ("follower_id", "followee_id") do nothing`;

export async function follow(query: Query, viewerId: number, username: string): Promise<void> {
  await query(FOLLOW_SQL, [
    viewerId,
    new Date().toISOString(),
    username.toLowerCase(),
    viewerId,
    viewerId,
    viewerId,
  ]);
}

/** The app's unfollow statement (SocialRepository.unfollowByUsername; `floor-sql.test.ts` compares the texts). */
export const UNFOLLOW_SQL = `delete from "follows" where "follows"."follower_id" = ?
  and "follows"."followee_id" = (select "users"."id" from "users" where "users"."username" = ?)`;

export async function unfollow(query: Query, viewerId: number, username: string): Promise<void> {
  await query(UNFOLLOW_SQL, [viewerId, username.toLowerCase()]);
}
