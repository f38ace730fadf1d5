import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../../../test/factories.ts';
import { buildTestApp, registerUser, type TestUser } from '../../../test/helpers.ts';
import { StatsRepository } from './stats.repository.ts';
import type { StatsView } from './stats.schemas.ts';
import { StatsService } from './stats.service.ts';
import { StatsCache } from './stats-cache.ts';

let t: Awaited<ReturnType<typeof buildTestApp>>;
let reader: TestUser;
let other: TestUser;

beforeAll(async () => {
  t = await buildTestApp();
  reader = await registerUser(t.app);
  other = await registerUser(t.app);
  await handMadeLibrary(reader);
});
afterAll(async () => {
  await t.close();
});

async function shelve(
  user: TestUser,
  book: { title: string; authors: string[]; pageCount: number | null },
  entry: Record<string, unknown>,
  rereads: { startedOn: string; finishedOn: string }[] = [],
) {
  const stored = await buildBook(t.database.db, book);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/library',
    headers: user.auth,
    payload: { bookId: stored.id, ...entry },
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = (res.json() as { id: number }).id;
  for (const read of rereads) {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/library/${id}/reads`,
      headers: user.auth,
      payload: read,
    });
    expect(r.statusCode, r.body).toBe(201);
  }
  return id;
}

/** The year 2025 the expectations below are worked out from, by hand. */
async function handMadeLibrary(user: TestUser) {
  await shelve(
    user,
    { title: 'Alpha', authors: ['Ann Author'], pageCount: 100 },
    {
      status: 'read',
      format: 'paperback',
      rating: 4,
      startedOn: '2025-01-01',
      finishedOn: '2025-01-11',
      tags: ['fantasy', 'fav'],
    },
  );
  await shelve(
    user,
    { title: 'Beta', authors: ['Bob Writer'], pageCount: 300 },
    {
      status: 'read',
      format: 'ebook',
      rating: 4.5,
      startedOn: '2025-02-01',
      finishedOn: '2025-02-03',
      tags: ['Fantasy'],
    },
    [{ startedOn: '2025-03-01', finishedOn: '2025-03-05' }],
  );
  await shelve(
    user,
    { title: 'Gamma', authors: ['Ann Author', 'Zed'], pageCount: 500 },
    {
      status: 'read',
      format: 'audiobook',
      rating: 2,
      finishedOn: '2025-03-20',
      tags: ['sci-fi'],
    },
  );
  await shelve(
    user,
    { title: 'Delta', authors: ['Cy'], pageCount: null },
    { status: 'read', finishedOn: '2025-12-31' },
  );
  // Finished the year before; its reread counts in 2025.
  await shelve(
    user,
    { title: 'Epsilon', authors: ['Dee'], pageCount: 200 },
    { status: 'read', format: 'hardcover', rating: 5, finishedOn: '2024-12-31', tags: ['fav'] },
    [{ startedOn: '2025-06-01', finishedOn: '2025-06-10' }],
  );
  await shelve(
    user,
    { title: 'Zeta', authors: ['Eve'], pageCount: 150 },
    {
      status: 'did_not_finish',
      startedOn: '2025-05-01',
      finishedOn: '2025-05-05',
    },
  );
  await shelve(
    user,
    { title: 'Eta', authors: ['Eve'], pageCount: 250 },
    {
      status: 'did_not_finish',
      startedOn: '2024-05-01',
      finishedOn: '2024-05-05',
    },
  );
  await shelve(
    user,
    { title: 'Theta', authors: ['Fay'], pageCount: 90 },
    { status: 'currently_reading', startedOn: '2025-04-01' },
  );
  await shelve(user, { title: 'Kappa', authors: ['Gil'], pageCount: 80 }, { status: 'want_to_read' });
  await shelve(
    user,
    { title: 'Iota', authors: ['Hal'], pageCount: 120 },
    {
      status: 'read',
      format: 'paperback',
      finishedOn: '2026-01-01',
    },
  );
}

async function stats(user: TestUser | null, query = '') {
  return t.app.inject({ method: 'GET', url: `/api/stats${query}`, headers: user ? user.auth : {} });
}

describe('GET /api/stats', () => {
  it('adds up a hand-made year number by number', async () => {
    const res = await stats(reader, '?year=2025');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json() as StatsView;
    expect(s.year).toBe(2025);
    expect(s.booksRead).toBe(6);
    expect(s.pagesRead).toBe(1400);
    expect(s.rereads).toBe(2);
    expect(s.didNotFinish).toBe(1);
    const months = Object.fromEntries(s.byMonth.map((m) => [m.month, [m.books, m.pages]]));
    expect(months).toEqual({
      1: [1, 100],
      2: [1, 300],
      3: [2, 800],
      4: [0, 0],
      5: [0, 0],
      6: [1, 200],
      7: [0, 0],
      8: [0, 0],
      9: [0, 0],
      10: [0, 0],
      11: [0, 0],
      12: [1, 0],
    });
    expect(s.byYear).toEqual([{ year: 2025, books: 6, pages: 1400 }]);
    expect(s.byFormat).toEqual([
      { format: 'ebook', books: 2 },
      { format: 'audiobook', books: 1 },
      { format: 'hardcover', books: 1 },
      { format: 'paperback', books: 1 },
      { format: null, books: 1 },
    ]);
    expect(s.byRating.filter((r) => r.books > 0)).toEqual([
      { rating: 2, books: 1 },
      { rating: 4, books: 1 },
      { rating: 4.5, books: 1 },
      { rating: 5, books: 1 },
    ]);
    expect(s.byRating).toHaveLength(10);
    expect(s.averageRating).toBe(3.88);
    expect(s.topAuthors).toEqual([
      { author: 'Ann Author', books: 2 },
      { author: 'Bob Writer', books: 2 },
      { author: 'Cy', books: 1 },
      { author: 'Dee', books: 1 },
    ]);
    expect(s.topTags).toEqual([
      { tag: 'Fantasy', books: 3 },
      { tag: 'fav', books: 2 },
      { tag: 'sci-fi', books: 1 },
    ]);
    expect(s.shortestBook).toMatchObject({ title: 'Alpha', pageCount: 100 });
    expect(s.longestBook).toMatchObject({ title: 'Gamma', pageCount: 500 });
    // 10, 2, 4 and 9 days.
    expect(s.averageDaysToFinish).toBe(6.3);
    // 2025 is over: 1400 pages over 365 days.
    expect(s.pagesPerDay).toBe(3.8);
  });

  it('counts all time, undated and every year', async () => {
    const s = (await stats(reader)).json() as StatsView;
    expect(s.year).toBeNull();
    expect(s.booksRead).toBe(8);
    expect(s.pagesRead).toBe(1400 + 200 + 120);
    expect(s.rereads).toBe(2);
    expect(s.didNotFinish).toBe(2);
    expect(s.byYear).toEqual([
      { year: 2024, books: 1, pages: 200 },
      { year: 2025, books: 6, pages: 1400 },
      { year: 2026, books: 1, pages: 120 },
    ]);
    expect(s.byMonth.find((m) => m.month === 1)).toEqual({ month: 1, books: 2, pages: 220 });
  });

  it('an empty year is zeros, not errors', async () => {
    const s = (await stats(reader, '?year=1999')).json() as StatsView;
    expect(s).toMatchObject({
      booksRead: 0,
      pagesRead: 0,
      averageRating: null,
      shortestBook: null,
      longestBook: null,
      averageDaysToFinish: null,
      pagesPerDay: 0,
      topAuthors: [],
      topTags: [],
      byFormat: [],
    });
  });

  it('shows only the caller’s own reading', async () => {
    const s = (await stats(other, '?year=2025')).json() as StatsView;
    expect(s.booksRead).toBe(0);
  });

  it('refuses a bad year and anonymous callers', async () => {
    const bad = await stats(reader, '?year=20x5');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('year');
    expect((await stats(null, '?year=2025')).statusCode).toBe(401);
  });
});

describe('goals', () => {
  const goal = (
    user: TestUser | null,
    method: 'GET' | 'PUT' | 'DELETE',
    year: number | string,
    payload?: unknown,
  ) =>
    t.app.inject({
      method,
      url: `/api/goals/${year}`,
      headers: user ? user.auth : {},
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  it('sets, reads, replaces and removes a goal with its progress', async () => {
    expect((await goal(reader, 'GET', 2025)).statusCode).toBe(404);
    const set = await goal(reader, 'PUT', 2025, { target: 12, pagesTarget: 2000 });
    expect(set.statusCode, set.body).toBe(200);
    // 2025 is over: the whole target was due.
    expect(set.json()).toEqual({
      year: 2025,
      target: 12,
      pagesTarget: 2000,
      booksRead: 6,
      pagesRead: 1400,
      expectedByToday: 12,
      booksAhead: -6,
      pagesAhead: -600,
      onTrack: false,
      percent: 50,
    });
    const replaced = await goal(reader, 'PUT', 2025, { target: 5 });
    expect(replaced.json()).toMatchObject({
      target: 5,
      pagesTarget: null,
      booksAhead: 1,
      onTrack: true,
      percent: 100,
    });
    expect((await goal(reader, 'GET', 2025)).json()).toMatchObject({ target: 5 });
    const activities = () =>
      t.database.db
        .selectFrom('activities')
        .select(['type', 'data'])
        .where('userId', '=', reader.id)
        .where('type', '=', 'goal_set')
        .execute();
    expect(await activities()).toEqual([
      { type: 'goal_set', data: JSON.stringify({ year: 2025, target: 5 }) },
    ]);
    expect((await goal(reader, 'DELETE', 2025)).statusCode).toBe(204);
    expect(await activities()).toEqual([]);
    expect((await goal(reader, 'GET', 2025)).statusCode).toBe(404);
    expect((await goal(reader, 'DELETE', 2025)).statusCode).toBe(404);
  });

  it('answers GET /api/goals?year= with zero or one goal, the caller’s only', async () => {
    const list = (user: TestUser | null, query: string) =>
      t.app.inject({ method: 'GET', url: `/api/goals${query}`, headers: user ? user.auth : {} });
    await goal(reader, 'PUT', 2023, { target: 4 });
    expect((await list(reader, '?year=2023')).json()).toMatchObject({ items: [{ year: 2023, target: 4 }] });
    expect((await list(reader, '?year=2022')).json()).toEqual({ items: [] });
    expect((await list(other, '?year=2023')).json()).toEqual({ items: [] });
    expect((await list(null, '?year=2023')).statusCode).toBe(401);
    expect((await list(reader, '')).statusCode).toBe(400);
    expect((await list(reader, '?year=abc')).statusCode).toBe(400);
    await goal(reader, 'DELETE', 2023);
  });

  it('keeps goals to their reader', async () => {
    await goal(reader, 'PUT', 2024, { target: 3 });
    expect((await goal(other, 'GET', 2024)).statusCode).toBe(404);
    expect((await goal(other, 'DELETE', 2024)).statusCode).toBe(404);
    expect((await goal(reader, 'GET', 2024)).statusCode).toBe(200);
  });

  it('refuses bad input and changes nothing', async () => {
    await goal(reader, 'PUT', 2023, { target: 4 });
    for (const body of [
      { target: 0 },
      { target: 'many' },
      {},
      { target: 3, pagesTarget: -1 },
      { target: 3, extra: 1 },
    ]) {
      const res = await goal(reader, 'PUT', 2023, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const zero = await goal(reader, 'PUT', 2023, { target: 0 });
    expect(JSON.stringify(zero.json())).toContain('target');
    expect((await goal(reader, 'PUT', 'next', { target: 3 })).statusCode).toBe(400);
    expect((await goal(reader, 'GET', 2023)).json()).toMatchObject({ target: 4 });
    expect((await goal(null, 'PUT', 2023, { target: 3 })).statusCode).toBe(401);
    expect((await goal(null, 'GET', 2023)).statusCode).toBe(401);
  });
});

describe('the stats cache (stats-cache.ts)', () => {
  it('answers what a fresh computation answers after every kind of change', async () => {
    const user = await registerUser(t.app);
    const fresh = new StatsService(new StatsRepository(t.database.db, t.database.dialect));
    const check = async (step: string) => {
      for (const year of [2025, null]) {
        const served = (await stats(user, year ? `?year=${year}` : '')).json() as StatsView;
        expect(served, `${step}, ${year ?? 'all time'}`).toEqual(await fresh.build(user.id, year));
      }
    };
    await check('empty');
    const id = await shelve(
      user,
      { title: 'Cached', authors: ['Ca Che'], pageCount: 210 },
      { status: 'read', rating: 3, finishedOn: '2025-04-02', tags: ['one'] },
    );
    await check('added');
    const patch = async (url: string, method: 'PATCH' | 'POST' | 'DELETE', payload?: object) => {
      const res = await t.app.inject({ method, url, headers: user.auth, ...(payload ? { payload } : {}) });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res;
    };
    await patch(`/api/library/${id}`, 'PATCH', { rating: 5 });
    await check('rated');
    await patch(`/api/library/${id}`, 'PATCH', { tags: ['two', 'three'] });
    await check('tagged');
    const read = await patch(`/api/library/${id}/reads`, 'POST', {
      startedOn: '2025-05-01',
      finishedOn: '2025-05-03',
    });
    await check('reread');
    const readId = (read.json() as { id: number }).id;
    await patch(`/api/library/${id}/reads/${readId}`, 'PATCH', { finishedOn: '2025-06-01' });
    await check('reread moved');
    await patch(`/api/library/${id}/reads/${readId}`, 'DELETE');
    await check('reread removed');
    await patch(`/api/library/${id}`, 'DELETE');
    await check('deleted');
  });

  it('keeps a value while the version holds, for at most its age, and drops the oldest', async () => {
    let now = 0;
    let builds = 0;
    const cache = new StatsCache<number>({ maxItems: 2, maxAgeMs: 100, now: () => now });
    const build = async () => ++builds;
    expect(await cache.get('a', 'v1', build)).toBe(1);
    expect(await cache.get('a', 'v1', build)).toBe(1);
    expect(await cache.get('a', 'v2', build)).toBe(2);
    now = 100;
    expect(await cache.get('a', 'v2', build)).toBe(3);
    await cache.get('b', 'v1', build);
    await cache.get('c', 'v1', build);
    expect(await cache.get('c', 'v1', build)).toBe(5);
    expect(await cache.get('a', 'v2', build)).toBe(6);
  });
});
