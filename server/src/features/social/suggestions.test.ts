import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../../../test/factories.ts';
import { buildTestApp, registerUser, type TestUser } from '../../../test/helpers.ts';

let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

type Method = 'GET' | 'PUT' | 'PATCH' | 'POST';
const call = (method: Method, url: string, user: TestUser | null, payload?: Record<string, unknown>) =>
  t.app.inject({ method, url, headers: user ? user.auth : {}, ...(payload ? { payload } : {}) });

const follow = async (who: TestUser, whom: TestUser) =>
  expect((await call('PUT', `/api/users/${whom.username}/follow`, who)).statusCode).toBe(204);

const setPrivacy = async (who: TestUser, privacy: 'public' | 'followers' | 'private') =>
  expect((await call('PATCH', '/api/me', who, { privacy })).statusCode).toBe(200);

interface Suggestion {
  username: string;
  followedBy: number;
  isFollowing: boolean;
}
const suggestionsFor = async (viewer: TestUser, query = '') => {
  const res = await call('GET', `/api/me/suggested-readers${query}`, viewer);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Suggestion[];
};

/** A reader with a fixed, sortable name, so ties in the order are predictable. */
const reader = (name: string) =>
  registerUser(t.app, { username: `${name}_${Math.random().toString(36).slice(2, 8)}` });

describe('GET /api/me/suggested-readers', () => {
  it('suggests whom the people you follow follow, most shared first, as privacy and blocks allow', async () => {
    const me = await reader('me');
    const [b, c, hidden, fans] = [await reader('b'), await reader('c'), await reader('d'), await reader('e')];
    const [x, y, w, z, p, q, r] = [
      await reader('x'),
      await reader('y'),
      await reader('w'),
      await reader('z'),
      await reader('p'),
      await reader('q'),
      await reader('r'),
    ];
    for (const followee of [b, c, hidden, fans]) await follow(me, followee);
    await follow(b, x);
    await follow(c, x);
    await follow(b, y);
    await follow(fans, w); // a followers-only account: I follow it, so I may see whom it follows
    await follow(hidden, z); // a private account: whom it follows is nobody's business
    await follow(b, p); // p has a private account: found only by exact username
    await follow(b, q); // I block q
    await follow(b, r); // r blocks me
    await follow(b, c); // c: I already follow
    await follow(b, me); // never myself
    await setPrivacy(fans, 'followers');
    await setPrivacy(hidden, 'private');
    await setPrivacy(p, 'private');
    expect((await call('PUT', `/api/users/${q.username}/block`, me)).statusCode).toBe(204);
    expect((await call('PUT', `/api/users/${me.username}/block`, r)).statusCode).toBe(204);

    const items = await suggestionsFor(me);
    const shared = items.filter((s) => s.followedBy > 0);
    expect(shared.map((s) => [s.username, s.followedBy])).toEqual([
      [x.username, 2],
      [w.username, 1],
      [y.username, 1],
    ]);
    expect(items[0]).toMatchObject({ username: x.username, isFollowing: false, avatarUrl: null });
    const suggested = items.map((s) => s.username);
    for (const never of [me, b, c, hidden, fans, z, p, q, r]) expect(suggested).not.toContain(never.username);

    // Following one takes it off the list; `limit` cuts it.
    await follow(me, x);
    expect((await suggestionsFor(me)).filter((s) => s.followedBy > 0).map((s) => s.username)).toEqual([
      w.username,
      y.username,
    ]);
    expect((await suggestionsFor(me, '?limit=1')).map((s) => s.username)).toEqual([w.username]);
  });

  it('fills up with recently active public readers, never private or followers-only ones', async () => {
    const newcomer = await reader('newcomer');
    const [older, newer, quiet, closed] = [
      await reader('older'),
      await reader('newer'),
      await reader('quiet'),
      await reader('closed'),
    ];
    await setPrivacy(closed, 'followers');
    for (const active of [older, newer, closed]) {
      const book = await buildBook(t.database.db);
      expect((await call('POST', '/api/library', active, { bookId: book.id })).statusCode).toBe(201);
    }
    const items = await suggestionsFor(newcomer, '?limit=50');
    expect(items.every((s) => s.followedBy === 0 && !s.isFollowing)).toBe(true);
    const names = items.map((s) => s.username);
    // The most recently active first; a reader with no activity is not suggested.
    expect(names.slice(0, 2)).toEqual([newer.username, older.username]);
    expect(names).not.toContain(quiet.username);
    expect(names).not.toContain(closed.username);
    expect(names).not.toContain(newcomer.username);
  });

  it('needs a signed-in reader and refuses a bad limit', async () => {
    const me = await reader('me');
    expect((await call('GET', '/api/me/suggested-readers', null)).statusCode).toBe(401);
    for (const query of ['?limit=0', '?limit=51', '?limit=ten', '?sort=name']) {
      const res = await call('GET', `/api/me/suggested-readers${query}`, me);
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
  });
});
