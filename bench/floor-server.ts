/**
 * The floor for `GET /api/library` (first page): a hand-written `node:http` server that runs the
 * same SQL as the app for that request, with the same driver (better-sqlite3 or pg) and the same
 * connection settings, and answers the same JSON. It skips what a framework adds: routing, schema
 * validation, the JWT check, plugins and hooks. "Authentication" is the app's session lookup by a
 * fixed session id (the benchmark reader's), so the floor pays for the same five queries:
 *
 *   1. the user, if the session is live         (auth plugin → SessionRepository.findActiveUser)
 *   2. one keyset page of entries, limit 21     (LibraryRepository.listEntries, sort=updated desc)
 *   3. tags, 4. rereads, 5. books of the page  (tagsFor, readsFor, findBooks, run concurrently)
 *
 * SQLite statements are prepared once and reused, with the app's `+?` parameters (stable-plans.ts),
 * as the app's statement cache does: a hand-written server would, and the floor is the best this
 * request can do.
 *
 * The same server answers the social floors (bench/floor-social.ts) as the readers listed in
 * `readers` (`?as=<index>`): `GET /feed`, `GET /profile/<username>`, `PUT` and `DELETE /follow/<username>`.
 *
 * Started by the harness: `node bench/floor-server.ts` with a JSON config on stdin
 * ({databaseUrl, sessionId, userId, readers?}); prints {"port": n} once listening on 127.0.0.1.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { text } from 'node:stream/consumers';
import type SQLite from 'better-sqlite3';
import pg from 'pg';
import { openSqlite, parsePostgresUrl } from '../server/src/db/database.ts';
import { withStablePlans } from '../server/src/db/stable-plans.ts';
import { type FloorDialect, feed, follow, profile, type Query, type Row, unfollow } from './floor-social.ts';

interface SignedIn {
  sessionId: string;
  userId: number;
}

interface FloorConfig extends SignedIn {
  databaseUrl: string;
  /** The readers of the social floors (`?as=<index>`): `/feed`, `/profile/<username>`, `PUT`/`DELETE /follow/<username>`. */
  readers?: SignedIn[];
}

const PAGE = 20;

export const SESSION_SQL =
  'select "id", "username", "display_name", "bio", "avatar_path", "privacy", "created_at" from "users" ' +
  'where "id" = ? and exists (select "id" from "sessions" where "id" = ? and "user_id" = ? ' +
  'and "revoked_at" is null and "expires_at" > ?)';
export const ENTRIES_SQL =
  'select "id", "user_id", "book_id", "status", "format", "ownership", "rating", "review", "review_has_spoilers", ' +
  '"started_on", "finished_on", "progress_pages", "progress_percent", "visibility", "sort_title", "sort_author", ' +
  '"created_at", "updated_at" from "library_entries" where "user_id" = ? order by "updated_at" desc, "id" desc limit ?';
const inList = (n: number) => Array.from({ length: n }, () => '?').join(', ');
export const TAGS_SQL = (n: number) =>
  `select "entry_id", "tag", "position" from "entry_tags" where "entry_id" in (${inList(n)})`;
export const READS_SQL = (n: number) =>
  `select "id", "entry_id", "started_on", "finished_on" from "reads" where "entry_id" in (${inList(n)})`;
export const BOOKS_SQL = (n: number) =>
  'select "id", "title", "subtitle", "authors", "sort_title", "sort_author", "isbn10", "isbn13", "page_count", ' +
  '"published_date", "publisher", "description", "language", "categories", "cover_url", "source", "source_id", ' +
  '"owner_id", "confirmed_at", "cover_source_url", "cover_state" ' +
  `from "books" where "id" in (${inList(n)})`;

function sqliteQuery(file: string): Query {
  const handle = openSqlite(file);
  const statements = new Map<string, SQLite.Statement<unknown[], Row>>();
  return async (sql, params) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = handle.prepare<unknown[], Row>(withStablePlans(sql));
      statements.set(sql, statement);
    }
    if (!statement.reader) {
      statement.run(...params);
      return [];
    }
    return statement.all(...params);
  };
}

function postgresQuery(url: string): Query {
  const { connectionString, schema } = parsePostgresUrl(url);
  // The app's pool: DATABASE_POOL_SIZE defaults to 10.
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    connectionTimeoutMillis: 5000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
  // Named prepared statements, as the app's hot queries (DATABASE_PREPARED_STATEMENTS): each
  // connection parses and plans a statement once, not on every request.
  const named = new Map<string, { name: string; text: string }>();
  return async (sql, params) => {
    let statement = named.get(sql);
    if (!statement) {
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${++n}`);
      statement = { name: `floor_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`, text };
      named.set(sql, statement);
    }
    return (await pool.query({ ...statement, values: params })).rows as Row[];
  };
}

function jsonArray(value: unknown): string[] {
  try {
    const parsed: unknown = JSON.parse(String(value));
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** The app's session lookup: the user row if the session is live. */
async function sessionUser(query: Query, reader: SignedIn): Promise<Row | undefined> {
  const [user] = await query(SESSION_SQL, [
    reader.userId,
    reader.sessionId,
    reader.userId,
    new Date().toISOString(),
  ]);
  return user;
}

async function firstPage(query: Query, config: FloorConfig): Promise<string | null> {
  const user = await sessionUser(query, config);
  if (!user) return null;
  const rows = await query(ENTRIES_SQL, [user.id, PAGE + 1]);
  const page = rows.slice(0, PAGE);
  const ids = page.map((r) => r.id);
  const bookIds = [...new Set(page.map((r) => r.book_id))];
  const [tagRows, readRows, bookRows] = await Promise.all([
    ids.length ? query(TAGS_SQL(ids.length), ids) : [],
    ids.length ? query(READS_SQL(ids.length), ids) : [],
    bookIds.length ? query(BOOKS_SQL(bookIds.length), bookIds) : [],
  ]);
  const tags = new Map<unknown, string[]>();
  for (const t of tagRows.sort((a, b) => (a.position as number) - (b.position as number))) {
    const list = tags.get(t.entry_id) ?? [];
    list.push(t.tag as string);
    tags.set(t.entry_id, list);
  }
  const reads = new Map<unknown, Row[]>();
  for (const r of readRows) {
    const list = reads.get(r.entry_id) ?? [];
    list.push(r);
    reads.set(r.entry_id, list);
  }
  const books = new Map(bookRows.map((b) => [b.id, b]));
  const items = page.map((e) => {
    const b = books.get(e.book_id) as Row;
    const entryReads = (reads.get(e.id) ?? []).sort((a, b) => {
      const [x, y] = [(a.started_on as string | null) ?? '', (b.started_on as string | null) ?? ''];
      return x < y ? -1 : x > y ? 1 : (a.id as number) - (b.id as number);
    });
    return {
      id: e.id,
      bookId: e.book_id,
      status: e.status,
      format: e.format,
      ownership: e.ownership,
      rating: e.rating === null ? null : (e.rating as number) / 2,
      review: e.review,
      reviewHasSpoilers: e.review_has_spoilers === 1,
      startedOn: e.started_on,
      finishedOn: e.finished_on,
      progressPages: e.progress_pages,
      progressPercent: e.progress_percent,
      tags: tags.get(e.id) ?? [],
      visibility: e.visibility,
      reads: entryReads.map((r) => ({ id: r.id, startedOn: r.started_on, finishedOn: r.finished_on })),
      createdAt: e.created_at,
      updatedAt: e.updated_at,
      book: {
        id: b.id,
        title: b.title,
        subtitle: b.subtitle,
        authors: jsonArray(b.authors),
        isbn10: b.isbn10,
        isbn13: b.isbn13,
        pageCount: b.page_count,
        publishedDate: b.published_date,
        publisher: b.publisher,
        description: b.description,
        language: b.language,
        categories: jsonArray(b.categories),
        coverUrl: b.cover_url,
        coverThumbnailUrl:
          typeof b.cover_url === 'string' ? b.cover_url.replace(/-l\.webp$/, '-s.webp') : null,
        source: b.source,
        sourceId: b.source_id,
      },
    };
  });
  const last = page.at(-1);
  const nextCursor =
    rows.length > PAGE && last
      ? Buffer.from(JSON.stringify(['updated', 'desc', 0, last.updated_at, last.id])).toString('base64url')
      : null;
  return JSON.stringify({ items, nextCursor });
}

if (import.meta.main) {
  const config = JSON.parse(await text(process.stdin)) as FloorConfig;
  const query = config.databaseUrl.startsWith('sqlite:')
    ? sqliteQuery(config.databaseUrl.slice('sqlite:'.length))
    : postgresQuery(config.databaseUrl);

  const dialect: FloorDialect = config.databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres';

  /** Answers one request: [status, body]; 401 without a live session. */
  const answer = async (method: string, url: URL): Promise<[number, string | null]> => {
    if (url.pathname === '/') {
      const body = await firstPage(query, config);
      return body === null ? [401, null] : [200, body];
    }
    const reader = config.readers?.[Number(url.searchParams.get('as') ?? 0)];
    const user = reader ? await sessionUser(query, reader) : undefined;
    if (!user) return [401, null];
    const viewerId = user.id as number;
    const [, route, username = ''] = url.pathname.split('/');
    if (method === 'GET' && route === 'feed') return [200, await feed(query, dialect, viewerId)];
    if (method === 'GET' && route === 'profile') {
      const body = await profile(query, viewerId, decodeURIComponent(username));
      return body === null ? [404, null] : [200, body];
    }
    if (method === 'PUT' && route === 'follow') {
      await follow(query, viewerId, decodeURIComponent(username));
      return [204, null];
    }
    if (method === 'DELETE' && route === 'follow') {
      await unfollow(query, viewerId, decodeURIComponent(username));
      return [204, null];
    }
    return [404, null];
  };

  const server = createServer((request, response) => {
    answer(request.method ?? 'GET', new URL(request.url ?? '/', 'http://floor')).then(
      ([status, body]) => {
        if (status === 204) response.writeHead(204).end();
        else if (body === null) response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
        else response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(body);
      },
      (err: unknown) => {
        console.error(err);
        response.writeHead(500).end();
      },
    );
    request.resume();
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
  });
  process.on('SIGTERM', () => process.exit(0));
}
