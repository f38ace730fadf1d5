import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, registerUser, type TestUser } from '../../../test/helpers.ts';

let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

type Method = 'GET' | 'PUT' | 'DELETE' | 'PATCH';
const call = (method: Method, url: string, user: TestUser | null, payload?: Record<string, unknown>) =>
  t.app.inject({ method, url, headers: user ? user.auth : {}, ...(payload ? { payload } : {}) });

const names = async (url: string, user: TestUser | null) => {
  const res = await call('GET', url, user);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { username: string }[]).map((u) => u.username);
};

describe('PUT / DELETE /api/users/:username/follow', () => {
  it('follows and unfollows, idempotently, and lists both sides', async () => {
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    expect((await call('PUT', `/api/users/${b.username}/follow`, a)).statusCode).toBe(204);
    expect((await call('PUT', `/api/users/${b.username.toUpperCase()}/follow`, a)).statusCode).toBe(204);
    expect(await names(`/api/users/${b.username}/followers`, a)).toEqual([a.username]);
    expect(await names(`/api/users/${a.username}/following`, null)).toEqual([b.username]);
    const following = await call('GET', `/api/users/${a.username}/following`, a);
    expect(following.json().items[0]).toMatchObject({
      username: b.username,
      isFollowing: true,
      avatarUrl: null,
    });
    expect((await call('DELETE', `/api/users/${b.username.toUpperCase()}/follow`, a)).statusCode).toBe(204);
    expect(await names(`/api/users/${b.username}/followers`, a)).toEqual([]);
    expect((await call('DELETE', `/api/users/${b.username}/follow`, a)).statusCode).toBe(204);
    expect(await names(`/api/users/${b.username}/followers`, a)).toEqual([]);
  });

  it('refuses oneself (400 naming the field), unknown readers (404) and anonymous callers (401)', async () => {
    const a = await registerUser(t.app);
    const self = await call('PUT', `/api/users/${a.username}/follow`, a);
    expect(self.statusCode).toBe(400);
    expect(self.json().error.details).toHaveProperty('username');
    expect((await call('DELETE', `/api/users/${a.username}/follow`, a)).statusCode).toBe(400);
    expect((await call('PUT', '/api/users/nobody_by_that_name/follow', a)).statusCode).toBe(404);
    expect((await call('DELETE', '/api/users/nobody_by_that_name/follow', a)).statusCode).toBe(404);
    expect((await call('PUT', `/api/users/${a.username}/follow`, null)).statusCode).toBe(401);
    expect(await names(`/api/users/${a.username}/following`, a)).toEqual([]);
  });

  it('pages followers newest first with a cursor that survives new follows', async () => {
    const star = await registerUser(t.app);
    const fans: TestUser[] = [];
    for (let i = 0; i < 5; i += 1) {
      const fan = await registerUser(t.app);
      fans.push(fan);
      await call('PUT', `/api/users/${star.username}/follow`, fan);
    }
    const first = await call('GET', `/api/users/${star.username}/followers?limit=2`, null);
    const page1 = first.json() as { items: { username: string }[]; nextCursor: string };
    expect(page1.items.map((u) => u.username)).toEqual([fans[4]?.username, fans[3]?.username]);
    // A new follower arrives between pages: it belongs before the first page, not in the next ones.
    const late = await registerUser(t.app);
    await call('PUT', `/api/users/${star.username}/follow`, late);
    const seen = [...page1.items.map((u) => u.username)];
    let cursor: string | null = page1.nextCursor;
    while (cursor) {
      const res = await call('GET', `/api/users/${star.username}/followers?limit=2&cursor=${cursor}`, null);
      const page = res.json() as { items: { username: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((u) => u.username));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(fans.map((f) => f.username).reverse());
    const bad = await call('GET', `/api/users/${star.username}/following?cursor=${page1.nextCursor}`, null);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_cursor');
    const badLimit = await call('GET', `/api/users/${star.username}/followers?limit=0`, null);
    expect(badLimit.statusCode).toBe(400);
  });
});

describe('blocks', () => {
  it('end follows both ways, forbid new ones and hide each from the other', async () => {
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    const c = await registerUser(t.app);
    await call('PUT', `/api/users/${b.username}/follow`, a);
    await call('PUT', `/api/users/${a.username}/follow`, b);
    await call('PUT', `/api/users/${a.username}/follow`, c);
    expect((await call('PUT', `/api/users/${b.username}/block`, a)).statusCode).toBe(204);
    expect((await call('PUT', `/api/users/${b.username}/block`, a)).statusCode).toBe(204);
    expect(await names(`/api/users/${a.username}/followers`, a)).toEqual([c.username]);
    expect(await names(`/api/users/${a.username}/following`, a)).toEqual([]);
    // Neither can follow the other; the blocked reader just finds nobody there.
    expect((await call('PUT', `/api/users/${b.username}/follow`, a)).statusCode).toBe(404);
    expect((await call('PUT', `/api/users/${a.username}/follow`, b)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/users/${a.username}/follow`, b)).statusCode).toBe(404);
    expect((await call('GET', `/api/users/${a.username}/followers`, b)).statusCode).toBe(404);
    expect((await call('GET', `/api/users/${b.username}/following`, a)).statusCode).toBe(404);
    expect(await names(`/api/users?q=${a.username}`, b)).toEqual([]);
    expect(await names(`/api/users?q=${b.username}`, a)).toEqual([]);
    // Third parties' lists hide the blocked side from each of them.
    await call('PUT', `/api/users/${c.username}/follow`, b);
    expect(await names(`/api/users/${c.username}/followers`, a)).toEqual([]);
    expect(await names(`/api/users/${c.username}/followers`, null)).toEqual([b.username]);

    const blocks = await call('GET', '/api/me/blocks', a);
    expect(blocks.json()).toEqual({
      items: [
        { id: b.id, username: b.username, displayName: b.username, avatarUrl: null, isFollowing: false },
      ],
      nextCursor: null,
    });
    expect((await call('GET', '/api/me/blocks', b)).json().items).toEqual([]);

    expect((await call('DELETE', `/api/users/${b.username}/block`, a)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/users/${b.username}/block`, a)).statusCode).toBe(204);
    expect((await call('PUT', `/api/users/${a.username}/follow`, b)).statusCode).toBe(204);
    // Follows that the block ended stay ended.
    expect(await names(`/api/users/${b.username}/followers`, a)).toEqual([]);
  });

  it('refuses oneself, unknown readers and anonymous callers; blocking back reveals nothing', async () => {
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    expect((await call('PUT', `/api/users/${a.username}/block`, a)).statusCode).toBe(400);
    expect((await call('DELETE', `/api/users/${a.username}/block`, a)).statusCode).toBe(400);
    expect((await call('PUT', '/api/users/nobody_by_that_name/block', a)).statusCode).toBe(404);
    expect((await call('PUT', `/api/users/${b.username}/block`, null)).statusCode).toBe(401);
    expect((await call('GET', '/api/me/blocks', null)).statusCode).toBe(401);
    await call('PUT', `/api/users/${a.username}/block`, b);
    expect((await call('PUT', `/api/users/${b.username}/block`, a)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/users/${a.username}/block`, b)).statusCode).toBe(204);
    // a's own block still stands.
    expect((await call('PUT', `/api/users/${a.username}/follow`, b)).statusCode).toBe(404);
  });
});

describe('GET /api/users?q=', () => {
  it('finds readers by username prefix or display name; private accounts only by exact username', async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const pub = await registerUser(t.app, { username: `zed_${tag}_pub`, displayName: `Quiet Heron ${tag}` });
    const priv = await registerUser(t.app, {
      username: `zed_${tag}_priv`,
      displayName: `Quiet Heron ${tag}`,
    });
    await call('PATCH', '/api/me', priv, { privacy: 'private' });
    expect(await names(`/api/users?q=zed_${tag}`, null)).toEqual([pub.username]);
    expect(await names(`/api/users?q=heron%20${tag.toUpperCase()}`, null)).toEqual([pub.username]);
    expect(await names(`/api/users?q=${priv.username.toUpperCase()}`, null)).toEqual([priv.username]);
    // LIKE wildcards in the query are plain characters.
    expect(await names('/api/users?q=%25', null)).toEqual([]);
    const blank = await call('GET', '/api/users?q=%20%20', null);
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.details).toHaveProperty('q');
    expect((await call('GET', '/api/users', null)).statusCode).toBe(400);
  });

  it('pages by username', async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const made: string[] = [];
    for (let i = 0; i < 3; i += 1)
      made.push((await registerUser(t.app, { username: `pg_${tag}_${i}` })).username);
    const first = (await call('GET', `/api/users?q=pg_${tag}&limit=2`, null)).json();
    expect(first.items.map((u: { username: string }) => u.username)).toEqual(made.slice(0, 2));
    const second = (
      await call('GET', `/api/users?q=pg_${tag}&limit=2&cursor=${first.nextCursor}`, null)
    ).json();
    expect(second).toMatchObject({ nextCursor: null });
    expect(second.items.map((u: { username: string }) => u.username)).toEqual(made.slice(2));
  });
});

describe('a deleted account', () => {
  it('takes its follows and blocks with it', async () => {
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    const c = await registerUser(t.app);
    await call('PUT', `/api/users/${b.username}/follow`, a);
    await call('PUT', `/api/users/${a.username}/follow`, c);
    await call('PUT', `/api/users/${c.username}/block`, a);
    expect((await call('DELETE', '/api/me', a, { password: a.password })).statusCode).toBe(204);
    expect(await names(`/api/users/${b.username}/followers`, null)).toEqual([]);
    expect(await names(`/api/users/${c.username}/following`, null)).toEqual([]);
    expect((await call('GET', '/api/me/blocks', c)).json().items).toEqual([]);
    const left = await t.database.db
      .selectFrom('follows')
      .select('followerId')
      .where((eb) => eb.or([eb('followerId', '=', a.id), eb('followeeId', '=', a.id)]))
      .execute();
    expect(left).toEqual([]);
    expect((await call('PUT', `/api/users/${a.username}/follow`, b)).statusCode).toBe(404);
  });
});
