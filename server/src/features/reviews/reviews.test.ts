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

const shelve = (user: TestUser, bookId: number, fields: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/library', headers: user.auth, payload: { bookId, ...fields } });

describe('GET /api/books/:id/reviews', () => {
  it('lists followed readers first, then the rest newest first, with the average over what the caller sees', async () => {
    const me = await registerUser(t.app);
    const [friend, x, y, quiet] = [
      await registerUser(t.app),
      await registerUser(t.app),
      await registerUser(t.app),
      await registerUser(t.app),
    ];
    const book = await buildBook(t.database.db);
    await shelve(friend, book.id, { status: 'read', rating: 2 });
    await shelve(x, book.id, { status: 'read', rating: 5, review: 'Wow.', reviewHasSpoilers: true });
    await shelve(y, book.id, { status: 'did_not_finish', review: 'Not for me.' });
    await shelve(quiet, book.id, { status: 'want_to_read' });
    await shelve(me, book.id, { status: 'read', rating: 4 });
    await t.app.inject({ method: 'PUT', url: `/api/users/${friend.username}/follow`, headers: me.auth });

    const res = await t.app.inject({ method: 'GET', url: `/api/books/${book.id}/reviews`, headers: me.auth });
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.items.map((r: { reader: { username: string } }) => r.reader.username)).toEqual([
      friend.username,
      y.username,
      x.username,
    ]);
    expect(page.items[0]).toMatchObject({ followed: true, rating: 2, review: null });
    expect(page.items[2]).toMatchObject({
      followed: false,
      rating: 5,
      review: 'Wow.',
      reviewHasSpoilers: true,
    });
    expect(page).toMatchObject({ ratingCount: 3, averageRating: 3.67, nextCursor: null });

    // Paging keeps the same order.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const next = await t.app.inject({
        method: 'GET',
        url: `/api/books/${book.id}/reviews?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        headers: me.auth,
      });
      const body = next.json() as { items: { reader: { username: string } }[]; nextCursor: string | null };
      seen.push(...body.items.map((r) => r.reader.username));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([friend.username, y.username, x.username]);

    // Signed out: everyone's public entries, and no one is "followed".
    const anon = (await t.app.inject({ method: 'GET', url: `/api/books/${book.id}/reviews` })).json();
    expect(anon.ratingCount).toBe(3);
    expect(anon.items).toHaveLength(4);
  });

  it('answers 404 for an unknown book and 400 for a bad id or cursor', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/books/999999/reviews' })).statusCode).toBe(404);
    const bad = await t.app.inject({ method: 'GET', url: '/api/books/abc/reviews' });
    expect(bad.statusCode).toBe(400);
    const book = await buildBook(t.database.db);
    const cursor = await t.app.inject({ method: 'GET', url: `/api/books/${book.id}/reviews?cursor=zzz` });
    expect(cursor.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: `/api/books/${book.id}/reviews` })).json()).toEqual({
      averageRating: null,
      ratingCount: 0,
      items: [],
      nextCursor: null,
    });
  });
});
