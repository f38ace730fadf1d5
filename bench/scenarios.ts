/**
 * The load scenarios: what each one requests, as whom, and what it is compared with. Everything
 * a scenario needs (tokens, cursors, entry ids) is prepared before any load starts.
 */
import pg from 'pg';
import { openSqlite, parsePostgresUrl } from '../server/src/db/database.ts';
import {
  ADDER_COUNT,
  adderName,
  BENCH_PASSWORD,
  DEEP_READER,
  FEED_HEAVY_READER,
  FEED_READER,
  PROGRESS_READER_COUNT,
  progressReaderName,
  readerName,
  SEARCH_WORD,
  SPECIAL_READERS,
} from './community.ts';
import type { Dataset } from './dataset.ts';
import type { HttpRequestSpec, RequestPlan } from './load.ts';
import { SCENARIO, SOCIAL } from './stats.ts';

export type Target = 'app' | 'bare' | 'floor';

export interface Scenario {
  name: string;
  target: Target;
  connections: number;
  plan: RequestPlan;
  /** The scenario whose requests/s this one is compared with. */
  baseline?: string;
  /** Runs before every load of this scenario (warm-up and each round). */
  before?: () => Promise<void>;
}

/** How many pages deep the deep-page scenario starts (following nextCursor). */
export const DEEP_PAGES = 10;

export interface SignedInReader {
  userId: number;
  token: string;
  /** The session id (the token's `jti`): the floor looks the session up by it. */
  sessionId: string;
}

/** A direct connection to the data set, for preparing scenarios and cleaning up after writes. */
export interface DirectDb {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
}

export async function openDirectDb(dataset: Dataset): Promise<DirectDb> {
  if (dataset.dialect === 'sqlite') {
    const handle = openSqlite(dataset.databaseUrl.slice('sqlite:'.length));
    return {
      async query<T>(sql: string, params: unknown[] = []) {
        return handle.prepare(sql).all(...params) as T[];
      },
      async run(sql, params = []) {
        handle.prepare(sql).run(...params);
      },
      async close() {
        handle.close();
      },
    };
  }
  const { connectionString, schema } = parsePostgresUrl(dataset.databaseUrl);
  const client = new pg.Client({
    connectionString,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  await client.connect();
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      return (await client.query(numbered(sql), params)).rows as T[];
    },
    async run(sql, params = []) {
      await client.query(numbered(sql), params);
    },
    async close() {
      await client.end();
    },
  };
}

export async function signIn(baseUrl: string, login: string): Promise<SignedInReader> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: BENCH_PASSWORD }),
  });
  if (!response.ok)
    throw new Error(`Signing in as ${login} failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { user: { id: number }; token: { accessToken: string } };
  const payload = JSON.parse(
    Buffer.from(body.token.accessToken.split('.')[1] ?? '', 'base64url').toString(),
  ) as {
    jti: string;
  };
  return { userId: body.user.id, token: body.token.accessToken, sessionId: payload.jti };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Follows nextCursor `pages` times and returns the path of the page after that. */
async function deepPagePath(baseUrl: string, token: string, pages: number): Promise<string> {
  let path = '/api/library';
  for (let i = 0; i < pages; i++) {
    const response = await fetch(baseUrl + path, { headers: bearer(token) });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { nextCursor: string | null };
    if (!body.nextCursor) throw new Error(`The deep reader's library ended after ${i + 1} pages`);
    path = `/api/library?cursor=${encodeURIComponent(body.nextCursor)}`;
  }
  return path;
}

/** The readers of the social scenarios, signed in before the floor server starts (it needs their sessions). */
export interface SocialReaders {
  /** Follows 50 readers (the median). */
  feed: SignedInReader;
  /** Follows 2,000 readers (or everyone, at small scales). */
  heavy: SignedInReader;
  /** The library-add-book readers; they also follow readers in the follow scenario. */
  adders: SignedInReader[];
}

/** Four at a time: the password hash runs on libuv's four threads. */
async function signInAll(appUrl: string, names: string[]): Promise<SignedInReader[]> {
  const out: SignedInReader[] = [];
  for (let i = 0; i < names.length; i += 4) {
    out.push(...(await Promise.all(names.slice(i, i + 4).map((name) => signIn(appUrl, name)))));
  }
  return out;
}

export async function signInSocialReaders(appUrl: string): Promise<SocialReaders> {
  const [feed, heavy] = await signInAll(appUrl, [FEED_READER, FEED_HEAVY_READER]);
  const adders = await signInAll(
    appUrl,
    Array.from({ length: ADDER_COUNT }, (_, i) => adderName(i)),
  );
  return { feed: feed as SignedInReader, heavy: heavy as SignedInReader, adders };
}

/** The floor server's readers (`?as=<index>`), in this order: feed, heavy, then the adders. */
export const floorReaders = (social: SocialReaders) => [social.feed, social.heavy, ...social.adders];
const FLOOR_AS = { feed: 0, heavy: 1, adder: (i: number) => 2 + i };

/** Readers each follower follows in turn in the follow scenario (32 followers × this many requests). */
const FOLLOW_TARGETS = 500;

export interface ScenarioContext {
  social: SocialReaders;
  appUrl: string;
  connections: number;
  readers: number;
  db: DirectDb;
  first: SignedInReader;
}

/** Signs in the scenario readers and builds every scenario, baselines included. */
export async function buildScenarios(ctx: ScenarioContext): Promise<Scenario[]> {
  const { appUrl, connections, db, first } = ctx;
  const deep = await signIn(appUrl, DEEP_READER);
  const { adders } = ctx.social;
  const progressReaders = await signInAll(
    appUrl,
    Array.from({ length: PROGRESS_READER_COUNT }, (_, i) => progressReaderName(i)),
  );

  // Books anyone may shelve: the shared catalog's, not a reader's own (those answer 404 to others).
  const catalogBooks = (
    await db.query<{ id: number }>('select id from books where owner_id is null order by id')
  ).map((row) => Number(row.id));
  const adderIds = adders.map((a) => a.userId);
  const clearAdders = () =>
    db.run(`delete from library_entries where user_id in (${adderIds.map(() => '?').join(', ')})`, adderIds);
  await clearAdders();

  const tokenOf = new Map(progressReaders.map((r) => [r.userId, r.token]));
  const reading = await db.query<{ id: number; user_id: number; page_count: number }>(
    `select e.id, e.user_id, b.page_count from library_entries e join books b on b.id = e.book_id
      where e.user_id in (${progressReaders.map(() => '?').join(', ')}) and e.status = 'currently_reading'
        and b.page_count > 1 order by e.id`,
    progressReaders.map((r) => r.userId),
  );
  if (reading.length === 0)
    throw new Error('The progress readers have no books in progress; regenerate the data');
  const progressRequests: HttpRequestSpec[] = [];
  for (let step = 1; step <= 5; step++) {
    for (const entry of reading) {
      progressRequests.push({
        method: 'PATCH',
        path: `/api/library/${entry.id}`,
        headers: { ...bearer(tokenOf.get(entry.user_id) ?? ''), 'content-type': 'application/json' },
        body: JSON.stringify({ progressPages: 1 + ((entry.id * 7 + step * 37) % (entry.page_count - 1)) }),
      });
    }
  }

  // Ordinary readers only (they all share the generated password); at most 500 of them.
  const signInRequests: HttpRequestSpec[] = Array.from(
    { length: Math.min(500, ctx.readers - SPECIAL_READERS) },
    (_, i) => ({
      method: 'POST',
      path: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: readerName(i), password: BENCH_PASSWORD }),
    }),
  );

  const get = (path: string, token: string): RequestPlan => ({
    kind: 'fixed',
    request: { method: 'GET', path, headers: bearer(token) },
  });

  // Follow: request k is follower k mod 32 following the next of FOLLOW_TARGETS ordinary readers,
  // and once every pair is followed, unfollowing them in the same order, then again. The followers'
  // follows are deleted before each load, so every request inserts or deletes a row, however many
  // times a run goes round (the floor, faster, went round a follow-only cycle several times, and
  // most of its requests were no-ops); app and floor make the same requests in the same order.
  const clearFollows = () =>
    db.run(`delete from follows where follower_id in (${adderIds.map(() => '?').join(', ')})`, adderIds);
  await clearFollows();
  const targets = Array.from({ length: Math.min(FOLLOW_TARGETS, ctx.readers - SPECIAL_READERS) }, (_, i) =>
    readerName(i),
  );
  const followApp: HttpRequestSpec[] = [];
  const followFloor: HttpRequestSpec[] = [];
  for (const method of ['PUT', 'DELETE'] as const) {
    for (const username of targets) {
      adders.forEach((adder, i) => {
        followApp.push({ method, path: `/api/users/${username}/follow`, headers: bearer(adder.token) });
        followFloor.push({ method, path: `/follow/${username}?as=${FLOOR_AS.adder(i)}` });
      });
    }
  }

  // Profile: a public reader the feed reader follows, with a shelf closest to 100 entries.
  const [profiled] = await db.query<{ username: string }>(
    `select u.username from follows f join users u on u.id = f.followee_id
      where f.follower_id = ? and u.privacy = 'public'
      order by abs((select count(*) from library_entries e where e.user_id = u.id) - 100), u.id limit 1`,
    [ctx.social.feed.userId],
  );
  if (!profiled) throw new Error('The feed reader follows no public reader; regenerate the data');

  return [
    {
      name: SCENARIO.bare,
      target: 'bare',
      connections,
      plan: { kind: 'fixed', request: { method: 'GET', path: '/' } },
    },
    {
      name: SCENARIO.healthz,
      target: 'app',
      connections,
      plan: { kind: 'fixed', request: { method: 'GET', path: '/healthz' } },
      baseline: SCENARIO.bare,
    },
    { name: SCENARIO.floor, target: 'floor', connections, plan: get('/', first.token) },
    {
      name: SCENARIO.firstPage,
      target: 'app',
      connections,
      plan: get('/api/library', first.token),
      baseline: SCENARIO.floor,
    },
    {
      name: 'library-status-read-by-title',
      target: 'app',
      connections,
      plan: get('/api/library?status=read&sort=title', first.token),
    },
    {
      name: `library-deep-page-${DEEP_PAGES + 1}`,
      target: 'app',
      connections,
      plan: get(await deepPagePath(appUrl, deep.token, DEEP_PAGES), deep.token),
    },
    {
      name: 'catalog-search',
      target: 'app',
      connections,
      plan: get(`/api/books/search?q=${SEARCH_WORD}`, first.token),
    },
    {
      name: 'library-add-book',
      target: 'app',
      connections,
      plan: { kind: 'add-books', tokens: adders.map((a) => a.token), bookIds: catalogBooks },
      before: clearAdders,
    },
    {
      name: 'library-update-progress',
      target: 'app',
      connections,
      plan: { kind: 'cycle', requests: progressRequests },
    },
    {
      name: SOCIAL.feedFloor,
      target: 'floor',
      connections,
      plan: get(`/feed?as=${FLOOR_AS.feed}`, ctx.social.feed.token),
    },
    {
      name: SOCIAL.feed,
      target: 'app',
      connections,
      plan: get('/api/feed', ctx.social.feed.token),
      baseline: SOCIAL.feedFloor,
    },
    {
      name: SOCIAL.heavyFloor,
      target: 'floor',
      connections,
      plan: get(`/feed?as=${FLOOR_AS.heavy}`, ctx.social.heavy.token),
    },
    {
      name: SOCIAL.heavy,
      target: 'app',
      connections,
      plan: get('/api/feed', ctx.social.heavy.token),
      baseline: SOCIAL.heavyFloor,
    },
    {
      name: SOCIAL.followFloor,
      target: 'floor',
      connections,
      plan: { kind: 'cycle', requests: followFloor },
      before: clearFollows,
    },
    {
      name: SOCIAL.follow,
      target: 'app',
      connections,
      plan: { kind: 'cycle', requests: followApp },
      baseline: SOCIAL.followFloor,
      before: clearFollows,
    },
    {
      name: SOCIAL.profileFloor,
      target: 'floor',
      connections,
      plan: get(`/profile/${profiled.username}?as=${FLOOR_AS.feed}`, ctx.social.feed.token),
    },
    {
      name: SOCIAL.profile,
      target: 'app',
      connections,
      plan: get(`/api/users/${profiled.username}`, ctx.social.feed.token),
      baseline: SOCIAL.profileFloor,
    },
    { name: 'sign-in', target: 'app', connections, plan: { kind: 'cycle', requests: signInRequests } },
    {
      name: SCENARIO.signInSerial,
      target: 'app',
      connections: 1,
      plan: { kind: 'cycle', requests: signInRequests },
    },
  ];
}

/** The first request a plan would make, for a check before any load. */
export function firstRequest(plan: RequestPlan): HttpRequestSpec {
  if (plan.kind === 'fixed') return plan.request;
  if (plan.kind === 'cycle') return plan.requests[0] as HttpRequestSpec;
  return {
    method: 'POST',
    path: '/api/library',
    headers: { authorization: `Bearer ${plan.tokens[0]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ bookId: plan.bookIds[0] }),
  };
}
