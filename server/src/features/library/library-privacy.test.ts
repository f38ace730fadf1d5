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

async function shelve(user: TestUser, fields: Record<string, unknown> = {}) {
  const book = await buildBook(t.database.db);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/library',
    headers: user.auth,
    payload: { bookId: book.id, ...fields },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; bookId: number; updatedAt: string };
}

async function setPrivacy(user: TestUser, privacy: string) {
  const res = await t.app.inject({
    method: 'PATCH',
    url: '/api/me',
    headers: user.auth,
    payload: { privacy },
  });
  expect(res.statusCode).toBe(200);
}

describe("another reader's entries", () => {
  it('are invisible and untouchable (404) on every route that takes an id', async () => {
    const owner = await registerUser(t.app);
    const intruder = await registerUser(t.app);
    const entry = await shelve(owner, { status: 'read', rating: 4, tags: ['mine'] });
    const read = await t.app.inject({
      method: 'POST',
      url: `/api/library/${entry.id}/reads`,
      headers: owner.auth,
      payload: { startedOn: '2024-01-01' },
    });
    const readId = read.json().id as number;
    const before = (
      await t.app.inject({ method: 'GET', url: `/api/library/${entry.id}`, headers: owner.auth })
    ).json();
    const own = await shelve(intruder);

    const attempts: {
      method: 'GET' | 'PATCH' | 'DELETE' | 'POST';
      url: string;
      payload?: Record<string, unknown>;
    }[] = [
      { method: 'GET', url: `/api/library/${entry.id}` },
      { method: 'PATCH', url: `/api/library/${entry.id}`, payload: { rating: 1 } },
      { method: 'DELETE', url: `/api/library/${entry.id}` },
      { method: 'POST', url: `/api/library/${entry.id}/reads`, payload: { startedOn: '2024-02-01' } },
      {
        method: 'PATCH',
        url: `/api/library/${entry.id}/reads/${readId}`,
        payload: { finishedOn: '2024-02-01' },
      },
      { method: 'DELETE', url: `/api/library/${entry.id}/reads/${readId}` },
      // Through one's own entry id, another reader's read is still out of reach.
      {
        method: 'PATCH',
        url: `/api/library/${own.id}/reads/${readId}`,
        payload: { finishedOn: '2024-02-01' },
      },
      { method: 'DELETE', url: `/api/library/${own.id}/reads/${readId}` },
    ];
    for (const attempt of attempts) {
      const res = await t.app.inject({ ...attempt, headers: intruder.auth });
      expect(res.statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    // Same answer as for an entry that does not exist at all.
    const missing = await t.app.inject({ method: 'GET', url: '/api/library/999999', headers: intruder.auth });
    expect(missing.statusCode).toBe(404);

    const after = (
      await t.app.inject({ method: 'GET', url: `/api/library/${entry.id}`, headers: owner.auth })
    ).json();
    expect(after).toEqual(before);
    const list = await t.app.inject({ method: 'GET', url: '/api/library', headers: intruder.auth });
    expect(list.json().items.map((e: { id: number }) => e.id)).toEqual([own.id]);
    // Shelving the same book is the intruder's own business.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/library',
          headers: intruder.auth,
          payload: { bookId: entry.bookId },
        })
      ).statusCode,
    ).toBe(201);
  });
});

describe('GET /api/users/:username/library', () => {
  const listOf = async (username: string, viewer: TestUser | null, query = '') => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/users/${username}/library${query}`,
      headers: viewer ? viewer.auth : {},
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { id: number }[]).map((e) => e.id).sort((a, b) => a - b);
  };

  it('shows a public reader’s public entries to everyone, and everything to the reader', async () => {
    const owner = await registerUser(t.app);
    const viewer = await registerUser(t.app);
    const pub = await shelve(owner, { visibility: 'public', status: 'read' });
    const fol = await shelve(owner, { visibility: 'followers' });
    const priv = await shelve(owner, { visibility: 'private', status: 'read' });
    expect(await listOf(owner.username, null)).toEqual([pub.id]);
    expect(await listOf(owner.username, viewer)).toEqual([pub.id]);
    expect(await listOf(owner.username.toUpperCase(), viewer)).toEqual([pub.id]);
    expect(await listOf(owner.username, owner)).toEqual([pub.id, fol.id, priv.id].sort((a, b) => a - b));
    // Filters work as on /api/library, within what may be seen.
    expect(await listOf(owner.username, viewer, '?status=read')).toEqual([pub.id]);
    expect(await listOf(owner.username, viewer, '?status=want_to_read')).toEqual([]);
  });

  it('follows the reader’s privacy: followers-only and private profiles show others nothing (yet)', async () => {
    const owner = await registerUser(t.app);
    const viewer = await registerUser(t.app);
    const pub = await shelve(owner, { visibility: 'public' });
    await setPrivacy(owner, 'followers');
    expect(await listOf(owner.username, viewer)).toEqual([]);
    expect(await listOf(owner.username, null)).toEqual([]);
    expect(await listOf(owner.username, owner)).toEqual([pub.id]);
    await setPrivacy(owner, 'private');
    expect(await listOf(owner.username, viewer)).toEqual([]);
    expect(await listOf(owner.username, owner)).toEqual([pub.id]);
    await setPrivacy(owner, 'public');
    expect(await listOf(owner.username, viewer)).toEqual([pub.id]);
  });

  it('pages another reader’s library and refuses broken cursors', async () => {
    const owner = await registerUser(t.app);
    const ids: number[] = [];
    for (let i = 0; i < 5; i += 1)
      ids.push((await shelve(owner, { visibility: i === 2 ? 'private' : 'public' })).id);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/users/${owner.username}/library?limit=2&sort=added&order=asc${cursor ? `&cursor=${cursor}` : ''}`,
      });
      const page = res.json() as { items: { id: number }[]; nextCursor: string | null };
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids.filter((_, i) => i !== 2));
    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/users/${owner.username}/library?cursor=nope`,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_cursor');
  });

  it('answers 404 for an unknown reader', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/users/nobody_here_at_all/library' });
    expect(res.statusCode).toBe(404);
  });
});
