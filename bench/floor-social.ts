/**
 * Floors for the social scenarios (issue 10), served by floor-server.ts: for each request the
 * best single SQL statement we could write for it, run on the driver after the same session
 * lookup the app makes, answering the same JSON as the app (checked by the harness every run).
 *
 * - feed: the actors (the viewer and everyone they follow, each with its privacy rank from the
 *   rule in server/src/db/privacy.ts), each actor's newest visible activities straight off
 *   `activities(user_id, created_at, id)` (LATERAL on PostgreSQL, a correlated `IN (… LIMIT)` on
 *   SQLite), merged, cut to a page, then joined to users, books and entries: one statement.
 * - profile: the user row, the viewer's relation, the rank, the follower and following counts and
 *   the shelf counts by status as the viewer may see them: one statement.
 * - follow: one `INSERT … SELECT … ON CONFLICT DO NOTHING` that resolves the username, refuses
 *   oneself and blocks either way.
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

export function feedSql(dialect: FloorDialect): string {
  const visible = `${VISIBILITY_RANK('a.visibility')} <= f.rank`;
  const heads =
    dialect === 'postgres'
      ? `select h.created_at from actors f cross join lateral (
           select a.created_at from activities a where a.user_id = f.id and ${visible}
           order by a.created_at desc, a.id desc limit 1) h`
      : `select (select a.created_at from activities a where a.user_id = f.id and ${visible}
           order by a.created_at desc, a.id desc limit 1) as created_at from actors f`;
  const columns = `a.id as id, a.user_id as user_id, a.type as type, a.book_id as book_id,
    a.entry_id as entry_id, a.subject_id as subject_id, a.data as data, a.created_at as created_at`;
  const top =
    dialect === 'postgres'
      ? `select ${columns} from actors f cross join lateral (
           select * from activities a where a.user_id = f.id
              and a.created_at >= coalesce((select t from bound), '') and ${visible}
            order by a.created_at desc, a.id desc limit ?) a
          order by a.created_at desc, a.id desc limit ?`
      : `select ${columns} from bound cross join actors f cross join activities a
          where a.user_id = f.id and a.created_at >= bound.t and ${visible}
         union all
         select ${columns} from actors f join activities a on a.id in (
           select a.id from activities a where a.user_id = f.id and ${visible}
            order by a.created_at desc, a.id desc limit ?)
          where not exists (select 1 from bound)
          order by created_at desc, id desc limit ?`;
  return `with actors as materialized (
      select id, rank from (
        select u.id, ${ACTOR_RANK} as rank from users u
         where u.id = ? or u.id in (select followee_id from follows where follower_id = ?)
      ) r where rank >= 0
    ),
    heads as materialized (${heads}),
    bound as materialized (select created_at as t from heads where created_at is not null order by created_at desc limit 1 offset ?),
    top as (${top})
    select t.id, t.type, t.subject_id, t.data, t.created_at,
      u.username, u.display_name, u.avatar_path,
      b.id as book_id, b.title, b.authors, b.cover_url,
      e.id as entry_id, e.status, e.rating, substr(e.review, 1, ${REVIEW_EXCERPT_LENGTH}) as review,
      length(e.review) as review_length, e.review_has_spoilers
    from top t
    join users u on u.id = t.user_id
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
      booksAdded: r.type === 'books_added' ? int(data.count) : null,
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

/** Whether a block stands between the viewer and reader `?` (the id column given). */
const notBlocked = (column: string) =>
  `not exists (select 1 from blocks b1 where b1.blocker_id = ? and b1.blocked_id = ${column})
   and not exists (select 1 from blocks b2 where b2.blocker_id = ${column} and b2.blocked_id = ?)`;

export function profileSql(dialect: FloorDialect): string {
  const byStatus =
    dialect === 'postgres'
      ? `(select json_object_agg(s.status, s.c)::text from (select e.status, count(*) as c from library_entries e
           where e.user_id = r.id and ${VISIBILITY_RANK('e.visibility')} <= r.rank group by e.status) s)`
      : `(select json_group_object(s.status, s.c) from (select e.status, count(*) as c from library_entries e
           where e.user_id = r.id and ${VISIBILITY_RANK('e.visibility')} <= r.rank group by e.status) s)`;
  return `with r0 as (
      select u.id, u.username, u.display_name, u.bio, u.avatar_path, u.privacy, u.created_at,
        exists (select 1 from follows fr where fr.follower_id = ? and fr.followee_id = u.id) as follows,
        (exists (select 1 from blocks b1 where b1.blocker_id = ? and b1.blocked_id = u.id)
         or exists (select 1 from blocks b2 where b2.blocker_id = u.id and b2.blocked_id = ?)) as blocked
      from users u where u.username = ?
    ),
    r as (
      select r0.*, (case when r0.id = ? then 2 when r0.blocked then -1 when r0.privacy = 'private' then -1
        when r0.follows then 1 when r0.privacy = 'public' then 0 else -1 end) as rank
      from r0
    )
    select r.*,
      case when r.rank >= 0 then (select count(*) from follows f where f.followee_id = r.id and ${notBlocked('f.follower_id')}) else 0 end as followers,
      case when r.rank >= 0 then (select count(*) from follows f where f.follower_id = r.id and ${notBlocked('f.followee_id')}) else 0 end as following,
      case when r.rank >= 0 then ${byStatus} end as by_status
    from r`;
}

export async function profile(
  query: Query,
  dialect: FloorDialect,
  viewerId: number,
  username: string,
): Promise<string | null> {
  const v = viewerId;
  const [r] = await query(profileSql(dialect), [v, v, v, username.toLowerCase(), v, v, v, v, v]);
  // None, or a block either way: the account does not exist for this viewer.
  if (!r || (r.blocked && r.id !== viewerId)) return null;
  const rank = Number(r.rank);
  const isSelf = r.id === viewerId;
  const counts = object(r.by_status);
  const byStatus = {
    want_to_read: Number(counts.want_to_read ?? 0),
    currently_reading: Number(counts.currently_reading ?? 0),
    read: Number(counts.read ?? 0),
    did_not_finish: Number(counts.did_not_finish ?? 0),
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
    isSelf,
    restricted: rank < 0,
    createdAt: r.created_at,
  });
}

export const FOLLOW_SQL = `insert into follows (follower_id, followee_id, created_at)
  select cast(? as integer), u.id, cast(? as text) from users u
   where u.username = ? and u.id <> ? and ${notBlocked('u.id')}
  on conflict (follower_id, followee_id) do nothing`;

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
