import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../../../test/factories.ts';
import { buildTestApp, registerUser, type TestUser } from '../../../test/helpers.ts';
import type { JournalView, NoteView } from './index.ts';

let t: Awaited<ReturnType<typeof buildTestApp>>;
let ana: TestUser;
let ben: TestUser;
let bookId: number;

beforeAll(async () => {
  t = await buildTestApp();
  ana = await registerUser(t.app);
  ben = await registerUser(t.app);
  bookId = (await buildBook(t.database.db, { title: 'Le Petit Prince' })).id;
});
afterAll(async () => {
  await t.close();
});

function as(user: TestUser | null) {
  const headers = user ? user.auth : {};
  return (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: Record<string, unknown>,
  ) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
}

async function countRows(table: 'journals' | 'notes'): Promise<number> {
  const row = await t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('journals', () => {
  it('writes, reads, edits and deletes an entry; private by default', async () => {
    const created = await as(ana)('POST', '/api/journals', { content: 'Started *today*.', bookId, page: 12 });
    expect(created.statusCode).toBe(201);
    const entry = created.json() as JournalView;
    expect(entry).toMatchObject({
      content: 'Started *today*.',
      bookId,
      page: 12,
      visibility: 'private',
      book: { id: bookId, title: 'Le Petit Prince' },
    });
    expect((await as(ana)('GET', `/api/journals/${entry.id}`)).json()).toEqual(entry);
    const edited = await as(ana)('PATCH', `/api/journals/${entry.id}`, { content: 'Page 20 now', page: 20 });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ content: 'Page 20 now', page: 20, bookId });
    const unlinked = await as(ana)('PATCH', `/api/journals/${entry.id}`, { bookId: null, page: null });
    expect(unlinked.json()).toMatchObject({ bookId: null, book: null, page: null });
    expect((await as(ana)('DELETE', `/api/journals/${entry.id}`)).statusCode).toBe(204);
    expect((await as(ana)('GET', `/api/journals/${entry.id}`)).statusCode).toBe(404);
    expect((await as(ana)('DELETE', `/api/journals/${entry.id}`)).statusCode).toBe(404);
  });

  it('lists newest first with cursors and a book filter', async () => {
    const reader = await registerUser(t.app);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await as(reader)('POST', '/api/journals', {
        content: `entry ${i}`,
        ...(i % 2 === 0 ? { bookId } : {}),
      });
      ids.push((res.json() as JournalView).id);
    }
    const first = (await as(reader)('GET', '/api/journals?limit=2')).json();
    expect(first.items.map((e: JournalView) => e.id)).toEqual([ids[4], ids[3]]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await as(reader)('GET', `/api/journals?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((e: JournalView) => e.id)).toEqual([ids[2], ids[1]]);
    const third = (await as(reader)('GET', `/api/journals?limit=2&cursor=${second.nextCursor}`)).json();
    expect(third.items.map((e: JournalView) => e.id)).toEqual([ids[0]]);
    expect(third.nextCursor).toBeNull();
    const aboutBook = (await as(reader)('GET', `/api/journals?bookId=${bookId}`)).json();
    expect(aboutBook.items.map((e: JournalView) => e.id)).toEqual([ids[4], ids[2], ids[0]]);
    const bad = await as(reader)('GET', '/api/journals?cursor=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_cursor');
  });

  it('refuses bad input with 400 naming the field, and changes nothing', async () => {
    const before = await countRows('journals');
    const post = (payload: Record<string, unknown>) => as(ana)('POST', '/api/journals', payload);
    for (const [payload, field] of [
      [{}, 'content'],
      [{ content: '' }, 'content'],
      [{ content: '   ' }, 'content'],
      [{ content: 'x'.repeat(50_001) }, 'content'],
      [{ content: { text: 'x' } }, 'content'],
      [{ content: 'ok', page: 1.5 }, 'page'],
      [{ content: 'ok', page: 0 }, 'page'],
      [{ content: 'ok', page: 'twelve' }, 'page'],
      [{ content: 'ok', bookId: 'one' }, 'bookId'],
      [{ content: 'ok', visibility: 'everyone' }, 'visibility'],
      [{ content: 'ok', extra: 1 }, 'extra'],
    ] as const) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(JSON.stringify(res.json().error.details ?? res.json().error.message)).toContain(field);
    }
    expect((await post({ content: 'x'.repeat(50_000) })).statusCode).toBe(201);
    const unknownBook = await post({ content: 'about a ghost', bookId: 999_999 });
    expect(unknownBook.statusCode).toBe(404);
    expect(await countRows('journals')).toBe(before + 1);
  });

  it('keeps other readers out: 404 for their private entries, 401 when signed out', async () => {
    const mine = (await as(ana)('POST', '/api/journals', { content: 'secret' })).json() as JournalView;
    expect((await as(ben)('GET', `/api/journals/${mine.id}`)).statusCode).toBe(404);
    expect((await as(ben)('PATCH', `/api/journals/${mine.id}`, { content: 'mine now' })).statusCode).toBe(
      404,
    );
    expect((await as(ben)('DELETE', `/api/journals/${mine.id}`)).statusCode).toBe(404);
    expect((await as(null)('GET', `/api/journals/${mine.id}`)).statusCode).toBe(404);
    expect((await as(null)('GET', '/api/journals')).statusCode).toBe(401);
    expect((await as(null)('POST', '/api/journals', { content: 'hi' })).statusCode).toBe(401);
    expect((await as(null)('PATCH', `/api/journals/${mine.id}`, { content: 'hi' })).statusCode).toBe(401);
    expect((await as(null)('DELETE', `/api/journals/${mine.id}`)).statusCode).toBe(401);
    expect((await as(ana)('GET', `/api/journals/${mine.id}`)).json().content).toBe('secret');
  });

  it("shows a reader's journal as privacy allows", async () => {
    const owner = await registerUser(t.app);
    const pub = (
      await as(owner)('POST', '/api/journals', { content: 'for all', visibility: 'public' })
    ).json();
    await as(owner)('POST', '/api/journals', { content: 'for followers', visibility: 'followers' });
    await as(owner)('POST', '/api/journals', { content: 'for me' });
    const seen = (user: TestUser | null) =>
      as(user)('GET', `/api/users/${owner.username}/journals`).then((r) =>
        r.json().items.map((e: JournalView) => e.content),
      );
    expect(await seen(null)).toEqual(['for all']);
    expect(await seen(ben)).toEqual(['for all']);
    expect(await seen(owner)).toEqual(['for me', 'for followers', 'for all']);
    expect((await as(null)('GET', `/api/journals/${pub.id}`)).statusCode).toBe(200);
    // A private profile hides even public entries from everyone else.
    await as(owner)('PATCH', '/api/me', { privacy: 'private' });
    expect(await seen(ben)).toEqual([]);
    expect((await as(ben)('GET', `/api/journals/${pub.id}`)).statusCode).toBe(404);
    expect((await as(null)('GET', '/api/users/nobody_here/journals')).statusCode).toBe(404);
  });
});

describe('notes and quotes', () => {
  it('keeps a quote with a page, private by default; a book lists its notes in page order', async () => {
    const reader = await registerUser(t.app);
    const add = (payload: Record<string, unknown>) =>
      as(reader)('POST', '/api/notes', { bookId, ...payload }).then((r) => {
        expect(r.statusCode).toBe(201);
        return r.json() as NoteView;
      });
    const late = await add({ content: 'late thought', page: 90 });
    const quote = await add({ quote: 'On ne voit bien qu’avec le cœur.', page: 42 });
    const unplaced = await add({ content: 'somewhere in the middle', location: 'ch. 12' });
    const early = await add({ content: 'early', page: 3 });
    expect(quote).toMatchObject({
      quote: 'On ne voit bien qu’avec le cœur.',
      content: '',
      page: 42,
      location: null,
      visibility: 'private',
      attachments: [],
      book: { id: bookId },
    });
    expect(unplaced).toMatchObject({ page: null, location: 'ch. 12' });
    const list = (await as(reader)('GET', `/api/notes?bookId=${bookId}&limit=3`)).json();
    expect(list.items.map((n: NoteView) => n.id)).toEqual([early.id, quote.id, late.id]);
    const rest = (
      await as(reader)('GET', `/api/notes?bookId=${bookId}&limit=3&cursor=${list.nextCursor}`)
    ).json();
    expect(rest.items.map((n: NoteView) => n.id)).toEqual([unplaced.id]);
    expect(rest.nextCursor).toBeNull();
    const recent = (await as(reader)('GET', '/api/notes')).json();
    expect(recent.items.map((n: NoteView) => n.id)).toEqual([early.id, unplaced.id, quote.id, late.id]);

    const moved = await as(reader)('PATCH', `/api/notes/${late.id}`, { page: 1, content: 'moved' });
    expect(moved.json()).toMatchObject({ page: 1, content: 'moved' });
    const reordered = (await as(reader)('GET', `/api/notes?bookId=${bookId}`)).json();
    expect(reordered.items[0].id).toBe(late.id);
    expect((await as(reader)('DELETE', `/api/notes/${late.id}`)).statusCode).toBe(204);
    expect((await as(reader)('GET', `/api/notes/${late.id}`)).statusCode).toBe(404);
  });

  it('refuses bad notes with 400 and unknown books with 404, changing nothing', async () => {
    const before = await countRows('notes');
    const post = (payload: Record<string, unknown>) => as(ana)('POST', '/api/notes', payload);
    for (const [payload, field] of [
      [{ content: 'no book' }, 'bookId'],
      [{ bookId: 'one', content: 'x' }, 'bookId'],
      [{ bookId }, 'content'],
      [{ bookId, content: '' }, 'content'],
      [{ bookId, content: ' ', quote: ' ' }, 'content'],
      [{ bookId, content: 'x'.repeat(50_001) }, 'content'],
      [{ bookId, content: 'x', page: -1 }, 'page'],
      [{ bookId, content: 'x', location: '' }, 'location'],
      [{ bookId, content: 'x', visibility: 'friends' }, 'visibility'],
    ] as const) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(JSON.stringify(res.json().error.details ?? res.json().error.message)).toContain(field);
    }
    expect((await post({ bookId: 999_999, content: 'ghost' })).statusCode).toBe(404);
    expect(await countRows('notes')).toBe(before);
  });

  it("answers 404 for another reader's private note and 401 when signed out", async () => {
    const note = (await as(ana)('POST', '/api/notes', { bookId, content: 'mine' })).json() as NoteView;
    const open = (
      await as(ana)('POST', '/api/notes', { bookId, content: 'shared', visibility: 'public' })
    ).json();
    expect((await as(ben)('GET', `/api/notes/${note.id}`)).statusCode).toBe(404);
    expect((await as(ben)('PATCH', `/api/notes/${note.id}`, { content: 'x' })).statusCode).toBe(404);
    expect((await as(ben)('DELETE', `/api/notes/${note.id}`)).statusCode).toBe(404);
    expect((await as(ben)('PATCH', `/api/notes/${open.id}`, { content: 'x' })).statusCode).toBe(404);
    expect((await as(ben)('GET', `/api/notes/${open.id}`)).statusCode).toBe(200);
    expect((await as(null)('GET', `/api/notes/${note.id}`)).statusCode).toBe(404);
    expect((await as(null)('GET', '/api/notes')).statusCode).toBe(401);
    expect((await as(null)('POST', '/api/notes', { bookId, content: 'x' })).statusCode).toBe(401);
    expect((await as(null)('DELETE', `/api/notes/${note.id}`)).statusCode).toBe(401);
    const bens = (await as(ben)('GET', `/api/notes?bookId=${bookId}`)).json();
    expect(bens.items).toEqual([]);
  });
});

describe('search my words', () => {
  it('finds café for cafe (and CAFÉ), across journals, notes, quotes and reviews, with highlights', async () => {
    const reader = await registerUser(t.app);
    const journal = (
      await as(reader)('POST', '/api/journals', {
        content: 'Read two chapters at the Café de Flore this morning.',
      })
    ).json() as JournalView;
    const note = (
      await as(reader)('POST', '/api/notes', {
        bookId,
        quote: 'Un café noir, un café crème, un CAFÉ au lait.',
      })
    ).json() as NoteView;
    const entry = await as(reader)('POST', '/api/library', { bookId, review: 'Best read in a cafe.' });
    expect(entry.statusCode).toBe(201);
    await as(reader)('POST', '/api/journals', { content: 'Nothing about coffee here.' });
    await as(ana)('POST', '/api/journals', { content: 'Another reader’s café.' });

    for (const q of ['cafe', 'CAFÉ', 'Cafe']) {
      const res = await as(reader)('GET', `/api/search/mine?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      const items = res.json().items as {
        kind: string;
        id: number;
        snippet: { text: string; highlight: boolean }[];
      }[];
      // The quote has the word three times (and quotes count double): it ranks first.
      expect(items[0]).toMatchObject({ kind: 'note', id: note.id });
      expect(items.map((i) => i.kind).sort()).toEqual(['journal', 'note', 'review']);
      const marked = (kind: string) =>
        items
          .find((i) => i.kind === kind)
          ?.snippet.filter((p) => p.highlight)
          .map((p) => p.text);
      expect(marked('journal')).toEqual(['Café']);
      expect(marked('review')).toEqual(['cafe']);
      expect(marked('note')).toEqual(['café', 'café', 'CAFÉ']);
    }
    const prefix = (await as(reader)('GET', '/api/search/mine?q=chap')).json();
    expect(prefix.items.map((i: { id: number }) => i.id)).toEqual([journal.id]);
    const both = (await as(reader)('GET', '/api/search/mine?q=flore%20morning')).json();
    expect(both.items.map((i: { id: number }) => i.id)).toEqual([journal.id]);
    const none = (await as(reader)('GET', '/api/search/mine?q=flore%20tea')).json();
    expect(none.items).toEqual([]);
    // Wildcards are words like any other, never patterns.
    expect((await as(reader)('GET', '/api/search/mine?q=%25')).json().items).toEqual([]);
    expect((await as(reader)('GET', '/api/search/mine?q=_')).json().items).toEqual([]);
    expect((await as(reader)('GET', '/api/search/mine')).statusCode).toBe(400);
    expect((await as(null)('GET', '/api/search/mine?q=cafe')).statusCode).toBe(401);
  });
});

describe('privacy and activities', () => {
  const activitiesOf = (userId: number) =>
    t.database.db
      .selectFrom('activities')
      .select(['type', 'subjectType', 'subjectId', 'visibility', 'data', 'bookId'])
      .where('userId', '=', userId)
      .execute();

  it('opens followers-only entries and notes to followers, and nothing to blocked readers', async () => {
    const owner = await registerUser(t.app);
    const fan = await registerUser(t.app);
    const foe = await registerUser(t.app);
    expect((await as(fan)('PUT', `/api/users/${owner.username}/follow`)).statusCode).toBe(204);
    await as(owner)('POST', '/api/journals', { content: 'for everyone', visibility: 'public' });
    const inner = (
      await as(owner)('POST', '/api/journals', { content: 'for my followers', visibility: 'followers' })
    ).json() as JournalView;
    const note = (
      await as(owner)('POST', '/api/notes', { bookId, content: 'followers note', visibility: 'followers' })
    ).json() as NoteView;
    const seen = (user: TestUser | null) =>
      as(user)('GET', `/api/users/${owner.username}/journals`).then((r) =>
        r.statusCode === 200 ? r.json().items.map((e: JournalView) => e.content) : r.statusCode,
      );
    expect(await seen(fan)).toEqual(['for my followers', 'for everyone']);
    expect(await seen(ben)).toEqual(['for everyone']);
    expect((await as(fan)('GET', `/api/journals/${inner.id}`)).statusCode).toBe(200);
    expect((await as(ben)('GET', `/api/journals/${inner.id}`)).statusCode).toBe(404);
    expect((await as(fan)('GET', `/api/notes/${note.id}`)).statusCode).toBe(200);
    expect((await as(ben)('GET', `/api/notes/${note.id}`)).statusCode).toBe(404);

    expect((await as(owner)('PUT', `/api/users/${foe.username}/block`)).statusCode).toBe(204);
    expect(await seen(foe)).toBe(404);
    const open = (
      await as(owner)('POST', '/api/journals', { content: 'public', visibility: 'public' })
    ).json();
    expect((await as(foe)('GET', `/api/journals/${open.id}`)).statusCode).toBe(404);
  });

  it('turns shared entries into activities and takes them back when made private or deleted', async () => {
    const writer = await registerUser(t.app);
    const secret = (await as(writer)('POST', '/api/journals', { content: 'private thoughts' })).json();
    expect(await activitiesOf(writer.id)).toEqual([]);
    const shared = (
      await as(writer)('POST', '/api/journals', {
        content: 'Loved   the *ending*.',
        bookId,
        visibility: 'public',
      })
    ).json() as JournalView;
    expect(await activitiesOf(writer.id)).toEqual([
      {
        type: 'journal_entry',
        subjectType: 'journal',
        subjectId: shared.id,
        visibility: 'public',
        data: JSON.stringify({ excerpt: 'Loved the *ending*.' }),
        bookId,
      },
    ]);
    await as(writer)('PATCH', `/api/journals/${shared.id}`, { visibility: 'followers', content: 'Edited.' });
    expect(await activitiesOf(writer.id)).toMatchObject([
      { visibility: 'followers', data: JSON.stringify({ excerpt: 'Edited.' }) },
    ]);
    await as(writer)('PATCH', `/api/journals/${shared.id}`, { visibility: 'private' });
    expect(await activitiesOf(writer.id)).toEqual([]);
    await as(writer)('PATCH', `/api/journals/${secret.id}`, { visibility: 'public' });
    expect(await activitiesOf(writer.id)).toMatchObject([{ subjectId: secret.id }]);
    await as(writer)('DELETE', `/api/journals/${secret.id}`);
    expect(await activitiesOf(writer.id)).toEqual([]);
  });
});
