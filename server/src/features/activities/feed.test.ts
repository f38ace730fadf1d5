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

type Method = 'GET' | 'PUT' | 'DELETE' | 'PATCH' | 'POST';
const call = (method: Method, url: string, user: TestUser | null, payload?: Record<string, unknown>) =>
  t.app.inject({ method, url, headers: user ? user.auth : {}, ...(payload ? { payload } : {}) });

interface FeedItem {
  id: number;
  type: string;
  actor: { username: string };
  book: { id: number; title: string } | null;
  entry: { rating: number | null; review: string | null; reviewHasSpoilers: boolean } | null;
}
const feedOf = async (user: TestUser, query = '') => {
  const res = await call('GET', `/api/feed${query}`, user);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: FeedItem[]; nextCursor: string | null };
};

async function shelve(user: TestUser, fields: Record<string, unknown> = {}) {
  const book = await buildBook(t.database.db);
  const res = await call('POST', '/api/library', user, { bookId: book.id, ...fields });
  expect(res.statusCode, res.body).toBe(201);
  return { entryId: res.json().id as number, bookId: book.id, title: book.title };
}

describe('GET /api/feed', () => {
  it('shows the caller’s and followees’ activities newest first, with actor, book and entry', async () => {
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    const stranger = await registerUser(t.app);
    await call('PUT', `/api/users/${b.username}/follow`, a);
    const mine = await shelve(a);
    const theirs = await shelve(b, { status: 'read', rating: 4.5, review: 'Loved it.' });
    await shelve(stranger, { status: 'read' });
    const feed = await feedOf(a);
    expect(feed.nextCursor).toBeNull();
    expect(feed.items.map((i) => [i.actor.username, i.type, i.book?.id])).toEqual([
      [b.username, 'finished', theirs.bookId],
      [a.username, 'shelved', mine.bookId],
    ]);
    expect(feed.items[0]).toMatchObject({
      actor: { username: b.username, displayName: b.username, avatarUrl: null },
      book: { title: theirs.title, coverUrl: null },
      entry: { rating: 4.5, review: 'Loved it.', reviewHasSpoilers: false, status: 'read' },
      journal: null,
    });
    // The followee does not see the follower unless they follow back.
    expect((await feedOf(b)).items.map((i) => i.actor.username)).toEqual([b.username]);
    expect((await call('GET', '/api/feed', null)).statusCode).toBe(401);
  });

  it('folds a burst of edits into one activity and follows the entry’s edits and deletion', async () => {
    const a = await registerUser(t.app);
    const { entryId } = await shelve(a);
    await call('PATCH', `/api/library/${entryId}`, a, { status: 'currently_reading' });
    await call('PATCH', `/api/library/${entryId}`, a, { status: 'read', rating: 3 });
    await call('PATCH', `/api/library/${entryId}`, a, { review: 'Fine.' });
    await call('PATCH', `/api/library/${entryId}`, a, { progressPages: 10 });
    let items = (await feedOf(a)).items;
    expect(items.map((i) => i.type)).toEqual(['finished']);
    expect(items[0]?.entry).toMatchObject({ rating: 3, review: 'Fine.' });
    await call('PATCH', `/api/library/${entryId}`, a, { rating: 5 });
    items = (await feedOf(a)).items;
    expect(items[0]?.entry?.rating).toBe(5);
    expect((await call('DELETE', `/api/library/${entryId}`, a)).statusCode).toBe(204);
    expect((await feedOf(a)).items).toEqual([]);
  });

  it('hides spoilers unless asked, and cuts long reviews to an excerpt', async () => {
    const a = await registerUser(t.app);
    const long = 'x'.repeat(500);
    await shelve(a, { status: 'read', review: 'The butler did it.', reviewHasSpoilers: true });
    await shelve(a, { status: 'read', review: long });
    const [longItem, spoiler] = (await feedOf(a)).items;
    expect(spoiler?.entry).toMatchObject({ review: null, reviewHasSpoilers: true, hasReview: true });
    expect(longItem?.entry).toMatchObject({ reviewTruncated: true });
    expect(longItem?.entry?.review).toHaveLength(280);
    const shown = (await feedOf(a, '?spoilers=true')).items[1];
    expect(shown?.entry?.review).toBe('The butler did it.');
  });

  it('applies privacy at read time: entry visibility, account privacy, and blocks, old activities included', async () => {
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    await call('PUT', `/api/users/${b.username}/follow`, a);
    const pub = await shelve(b, { visibility: 'public' });
    const fol = await shelve(b, { visibility: 'followers' });
    const priv = await shelve(b, { visibility: 'private' });
    const books = async () => (await feedOf(a)).items.map((i) => i.book?.id);
    expect(await books()).toEqual([fol.bookId, pub.bookId]);
    expect((await feedOf(b)).items.map((i) => i.book?.id)).toEqual([priv.bookId, fol.bookId, pub.bookId]);
    // Making an old entry private hides its activity at once; and back.
    await call('PATCH', `/api/library/${fol.entryId}`, b, { visibility: 'private' });
    expect(await books()).toEqual([pub.bookId]);
    await call('PATCH', `/api/library/${fol.entryId}`, b, { visibility: 'followers' });
    expect(await books()).toEqual([fol.bookId, pub.bookId]);
    await call('PATCH', '/api/me', b, { privacy: 'private' });
    expect(await books()).toEqual([]);
    await call('PATCH', '/api/me', b, { privacy: 'followers' });
    expect(await books()).toEqual([fol.bookId, pub.bookId]);
    await call('PUT', `/api/users/${a.username}/block`, b);
    expect(await books()).toEqual([]);
    expect((await feedOf(b)).items).toHaveLength(3);
  });

  it('pages with a cursor that stays correct while activities are added', async () => {
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    await call('PUT', `/api/users/${b.username}/follow`, a);
    const made: number[] = [];
    for (let i = 0; i < 5; i += 1) made.push((await shelve(i % 2 ? a : b)).bookId);
    const first = await feedOf(a, '?limit=2');
    const seen = first.items.map((i) => i.book?.id);
    await shelve(b);
    await shelve(a);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await feedOf(a, `?limit=2&cursor=${cursor}`);
      seen.push(...page.items.map((i) => i.book?.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([...made].reverse());
    const bad = await call('GET', '/api/feed?cursor=abc', a);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_cursor');
    expect((await call('GET', '/api/feed?limit=101', a)).statusCode).toBe(400);
  });

  it('pages through many followed readers in exact time order (the per-page bound), hiding what privacy hides', async () => {
    const viewer = await registerUser(t.app);
    const readers = [];
    for (let i = 0; i < 7; i += 1) readers.push(await registerUser(t.app));
    for (const r of readers) await call('PUT', `/api/users/${r.username}/follow`, viewer);
    const [busy, hidden, ...rest] = readers as [TestUser, TestUser, ...TestUser[]];
    const expected: number[] = [];
    // One reader with a long, older history; the others interleave newer activities.
    for (let i = 0; i < 6; i += 1) expected.push((await shelve(busy)).bookId);
    await shelve(hidden);
    for (let round = 0; round < 3; round += 1) {
      for (const [k, r] of rest.entries()) {
        if (round === 1 && k === 0) await shelve(r, { visibility: 'private' });
        else expected.push((await shelve(r)).bookId);
      }
      if (round === 1) expected.push((await shelve(busy)).bookId);
    }
    const privacy = await call('PATCH', '/api/me', hidden, { privacy: 'private' });
    expect(privacy.statusCode, privacy.body).toBe(200);
    for (const limit of [1, 2, 5, 100]) {
      const seen: (number | undefined)[] = [];
      let query = `?limit=${limit}`;
      for (;;) {
        const page = await feedOf(viewer, query);
        seen.push(...page.items.map((i) => i.book?.id));
        if (!page.nextCursor) break;
        query = `?limit=${limit}&cursor=${page.nextCursor}`;
      }
      expect(seen, `limit ${limit}`).toEqual([...expected].reverse());
    }
  });

  it('pages exactly through more followed readers than the bound reads, when their newest activities are hidden', async () => {
    // The bound comes from the most recently active followed readers (users.last_activity_at);
    // here most of those have a newest activity the viewer may not see, one has nothing visible
    // at all, and the rest are older, so the bound is looser than the true one or missing.
    const viewer = await registerUser(t.app);
    const writer = t.app.services.activities;
    const readers: TestUser[] = [];
    for (let i = 0; i < 30; i += 1) readers.push(await registerUser(t.app));
    for (const r of readers) await call('PUT', `/api/users/${r.username}/follow`, viewer);
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
    const expected: { id: number; at: string }[] = [];
    const add = async (user: TestUser, minute: number, visibility: 'public' | 'followers' | 'private') => {
      const time = at(minute);
      const batch = await writer.recordBatch(t.database.db, {
        userId: user.id,
        added: { [visibility]: 1 },
        at: time,
      });
      if (!batch) throw new Error('the batch was not recorded');
      const { id } = batch;
      if (visibility !== 'private') expected.push({ id, at: time });
    };
    for (const [i, r] of readers.entries()) {
      if (i === 29) {
        await add(r, 1000, 'private'); // the most recent reader: nothing the viewer may see
        continue;
      }
      for (let k = 0; k < 3; k += 1) await add(r, i * 10 + k, k === 1 ? 'followers' : 'public');
      if (i >= 5) await add(r, 500 + i, 'private');
    }
    // An activity recorded with an older time does not move the reader's newest time back.
    await add(readers[0] as TestUser, 3, 'public');
    await add(readers[0] as TestUser, 2, 'public');
    expected.sort((x, y) => (x.at === y.at ? y.id - x.id : x.at < y.at ? 1 : -1));
    for (const limit of [1, 3, 20, 100]) {
      const seen: number[] = [];
      let query = `?limit=${limit}`;
      for (;;) {
        const page = await feedOf(viewer, query);
        seen.push(...page.items.map((i) => i.id));
        if (!page.nextCursor) break;
        query = `?limit=${limit}&cursor=${page.nextCursor}`;
      }
      expect(seen, `limit ${limit}`).toEqual(expected.map((e) => e.id));
    }
  });

  it('shows batches, journal and goal activities recorded by other features', async () => {
    const a = await registerUser(t.app);
    const writer = t.app.services.activities;
    await writer.recordBatch(t.database.db, {
      userId: a.id,
      added: { public: 312 },
      at: '2026-01-01T00:00:00.000Z',
    });
    await writer.record(t.database.db, {
      userId: a.id,
      type: 'goal_set',
      subject: { type: 'goal', id: 2026 },
      visibility: 'public',
      data: { year: 2026, target: 40 },
      at: '2026-01-02T00:00:00.000Z',
    });
    await writer.record(t.database.db, {
      userId: a.id,
      type: 'journal_entry',
      subject: { type: 'journal', id: 9 },
      visibility: 'public',
      data: { excerpt: 'Chapter one surprised me.' },
      at: '2026-01-03T00:00:00.000Z',
    });
    const items = (await feedOf(a)).items as unknown as Record<string, unknown>[];
    expect(items.map((i) => [i.type, i.booksAdded, i.goal, i.journal])).toEqual([
      ['journal_entry', null, null, { id: 9, excerpt: 'Chapter one surprised me.' }],
      ['goal_set', null, { year: 2026, target: 40 }, null],
      ['books_added', 312, null, null],
    ]);
  });
  it('tells each viewer only how many of a batch’s books they may see', async () => {
    const owner = await registerUser(t.app);
    const follower = await registerUser(t.app);
    await call('PUT', `/api/users/${owner.username}/follow`, follower);
    const writer = t.app.services.activities;
    await writer.recordBatch(t.database.db, {
      userId: owner.id,
      added: { public: 300, followers: 10, private: 2 },
    });
    const added = async (viewer: TestUser) =>
      ((await feedOf(viewer)).items as unknown as { type: string; booksAdded: number | null }[])
        .filter((i) => i.type === 'books_added')
        .map((i) => i.booksAdded);
    expect(await added(owner)).toEqual([312]);
    expect(await added(follower)).toEqual([310]);
    // A batch of private entries is the owner's alone; a followers-only account shows the rest.
    await writer.recordBatch(t.database.db, { userId: owner.id, added: { private: 40 } });
    expect(await added(owner)).toEqual([40, 312]);
    expect(await added(follower)).toEqual([310]);
    expect((await call('PATCH', '/api/me', owner, { privacy: 'private' })).statusCode).toBe(200);
    expect(await added(follower)).toEqual([]);
    expect((await call('PATCH', '/api/me', owner, { privacy: 'followers' })).statusCode).toBe(200);
    expect(await added(follower)).toEqual([310]);
  });
});
