import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../../../test/factories.ts';
import { buildTestApp, registerUser, type TestUser } from '../../../test/helpers.ts';
import { sortAuthor, sortTitle } from '../books/index.ts';
import type { EntryView } from './library.schemas.ts';

let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

/** An entry as the API answers it: the response schema's own type. */
type EntryJson = EntryView;

const utcToday = () => new Date().toISOString().slice(0, 10);

function api(user: TestUser | null) {
  const headers = user ? user.auth : {};
  return {
    add: (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/library', headers, payload }),
    get: (id: number) => t.app.inject({ method: 'GET', url: `/api/library/${id}`, headers }),
    patch: (id: number, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'PATCH', url: `/api/library/${id}`, headers, payload }),
    remove: (id: number) => t.app.inject({ method: 'DELETE', url: `/api/library/${id}`, headers }),
    list: (query = '') =>
      t.app.inject({ method: 'GET', url: `/api/library${query ? `?${query}` : ''}`, headers }),
    addRead: (id: number, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: `/api/library/${id}/reads`, headers, payload }),
    patchRead: (id: number, readId: number, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'PATCH', url: `/api/library/${id}/reads/${readId}`, headers, payload }),
    removeRead: (id: number, readId: number) =>
      t.app.inject({ method: 'DELETE', url: `/api/library/${id}/reads/${readId}`, headers }),
  };
}

/** A reader with a fresh book shelved; answers the entry. */
async function shelved(
  user: TestUser,
  fields: Record<string, unknown> = {},
  book: Parameters<typeof buildBook>[1] = {},
) {
  const b = await buildBook(t.database.db, book);
  const res = await api(user).add({ bookId: b.id, ...fields });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as EntryJson;
}

describe('adding a book', () => {
  it('shelves by bookId with sensible defaults and the book embedded', async () => {
    const user = await registerUser(t.app);
    const book = await buildBook(t.database.db, {
      title: 'Dune',
      authors: ['Frank Herbert'],
      pageCount: 412,
    });
    const res = await api(user).add({ bookId: book.id });
    expect(res.statusCode).toBe(201);
    const entry = res.json() as EntryJson;
    expect(entry).toMatchObject({
      bookId: book.id,
      status: 'want_to_read',
      format: null,
      ownership: null,
      rating: null,
      review: null,
      reviewHasSpoilers: false,
      startedOn: null,
      finishedOn: null,
      progressPages: null,
      progressPercent: null,
      tags: [],
      visibility: 'public',
      reads: [],
      book: { id: book.id, title: 'Dune', authors: ['Frank Herbert'], pageCount: 412 },
    });
    expect(entry.createdAt).toBe(entry.updatedAt);
    const again = await api(user).get(entry.id);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(entry);
  });

  it('stores every entry field given on creation', async () => {
    const user = await registerUser(t.app);
    const entry = await shelved(
      user,
      {
        status: 'did_not_finish',
        format: 'audiobook',
        ownership: 'library',
        rating: 2.5,
        review: 'Lost me halfway.',
        reviewHasSpoilers: true,
        startedOn: '2025-01-02',
        finishedOn: '2025-02-03',
        progressPages: 120,
        progressPercent: 40,
        tags: ['Sci-Fi', 'book club'],
        visibility: 'followers',
      },
      { pageCount: 300 },
    );
    expect(entry).toMatchObject({
      status: 'did_not_finish',
      format: 'audiobook',
      ownership: 'library',
      rating: 2.5,
      review: 'Lost me halfway.',
      reviewHasSpoilers: true,
      startedOn: '2025-01-02',
      finishedOn: '2025-02-03',
      progressPages: 120,
      progressPercent: 40,
      tags: ['Sci-Fi', 'book club'],
      visibility: 'followers',
    });
  });

  it('answers 409 already_in_library with the entry id on a second add of the same book', async () => {
    const user = await registerUser(t.app);
    const entry = await shelved(user);
    const res = await api(user).add({ bookId: entry.bookId, status: 'read' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'already_in_library', details: { entryId: entry.id } });
    // Another reader may shelve the same book.
    const other = await registerUser(t.app);
    expect((await api(other).add({ bookId: entry.bookId })).statusCode).toBe(201);
  });

  it('lets only one of two simultaneous adds of the same book through', async () => {
    const user = await registerUser(t.app);
    const book = await buildBook(t.database.db);
    const results = await Promise.all([
      api(user).add({ bookId: book.id }),
      api(user).add({ bookId: book.id, tags: ['x'] }),
    ]);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 409]);
    const created = results.find((r) => r.statusCode === 201)?.json() as EntryJson;
    const refused = results.find((r) => r.statusCode === 409)?.json();
    expect(refused.error).toMatchObject({ code: 'already_in_library', details: { entryId: created.id } });
    expect((await api(user).list()).json().items).toHaveLength(1);
  });

  it('adds by ISBN (any form) through the catalog, and refuses a bad checksum', async () => {
    const user = await registerUser(t.app);
    const book = await buildBook(t.database.db, { title: 'Numbers', isbn13: '9780306406157' });
    const res = await api(user).add({ isbn: '978-0-306-40615-7', status: 'currently_reading' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ bookId: book.id, status: 'currently_reading' });
    const again = await api(user).add({ isbn: '0306406152' });
    expect(again.statusCode).toBe(409);
    const bad = await api(user).add({ isbn: '978-0-306-40615-8' });
    expect(bad.statusCode).toBe(400);
  });

  it('needs exactly one way of naming the book, and an existing one', async () => {
    const user = await registerUser(t.app);
    const book = await buildBook(t.database.db);
    expect((await api(user).add({ status: 'read' })).statusCode).toBe(400);
    expect((await api(user).add({ bookId: book.id, isbn: '9780306406157' })).statusCode).toBe(400);
    expect((await api(user).add({ source: 'google' })).statusCode).toBe(400);
    const missing = await api(user).add({ bookId: 999_999 });
    expect(missing.statusCode).toBe(404);
    expect((await api(user).list()).json().items).toEqual([]);
  });

  it('refuses unknown fields on create and edit', async () => {
    const user = await registerUser(t.app);
    const book = await buildBook(t.database.db);
    const res = await api(user).add({ bookId: book.id, stars: 4 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toMatchObject({ stars: 'is not an accepted field' });
    const entry = await shelved(user);
    const patch = await api(user).patch(entry.id, { userId: 1 });
    expect(patch.statusCode).toBe(400);
    expect((await api(user).patch(entry.id, { book: { title: 'x' } })).statusCode).toBe(400);
  });

  it('defaults the visibility to the reader’s privacy', async () => {
    const user = await registerUser(t.app);
    for (const privacy of ['private', 'followers', 'public']) {
      await t.app.inject({ method: 'PATCH', url: '/api/me', headers: user.auth, payload: { privacy } });
      const entry = await shelved(user);
      expect(entry.visibility).toBe(privacy);
    }
    const explicit = await shelved(user, { visibility: 'private' });
    expect(explicit.visibility).toBe('private');
  });

  it('needs a signed-in reader', async () => {
    const book = await buildBook(t.database.db);
    expect((await api(null).add({ bookId: book.id })).statusCode).toBe(401);
    expect((await api(null).list()).statusCode).toBe(401);
    expect((await api(null).get(1)).statusCode).toBe(401);
  });
});

describe('entry rules', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await registerUser(t.app);
  });

  it('takes ratings from 0.5 to 5 in halves only', async () => {
    const entry = await shelved(user);
    for (const rating of [4.3, 0, 5.5, -1, 0.25, 10]) {
      const res = await api(user).patch(entry.id, { rating });
      expect(res.statusCode, `rating ${rating}`).toBe(400);
      expect(res.json().error.details).toHaveProperty('rating');
    }
    for (const rating of [0.5, 1, 3.5, 5]) {
      const res = await api(user).patch(entry.id, { rating });
      expect(res.statusCode).toBe(200);
      expect(res.json().rating).toBe(rating);
    }
    expect((await api(user).patch(entry.id, { rating: null })).json().rating).toBeNull();
    const book = await buildBook(t.database.db);
    expect((await api(user).add({ bookId: book.id, rating: 4.3 })).statusCode).toBe(400);
    expect((await api(user).add({ bookId: book.id, rating: 0 })).statusCode).toBe(400);
  });

  it('takes progress in percent from 0 to 100 and pages up to the book’s length', async () => {
    const entry = await shelved(user, { status: 'currently_reading' }, { pageCount: 200 });
    for (const progressPercent of [101, -1, 50.5]) {
      expect((await api(user).patch(entry.id, { progressPercent })).statusCode).toBe(400);
    }
    const tooFar = await api(user).patch(entry.id, { progressPages: 201 });
    expect(tooFar.statusCode).toBe(400);
    expect(tooFar.json().error).toMatchObject({
      code: 'validation_failed',
      details: { progressPages: "must not be more than the book's 200 pages" },
    });
    const pages = await api(user).patch(entry.id, { progressPages: 50 });
    expect(pages.json()).toMatchObject({ progressPages: 50, progressPercent: 25 });
    const both = await api(user).patch(entry.id, { progressPages: 200, progressPercent: 99 });
    expect(both.json()).toMatchObject({ progressPages: 200, progressPercent: 99 });
    expect((await api(user).patch(entry.id, { progressPercent: 100 })).json().progressPercent).toBe(100);

    const unknownLength = await shelved(user, { status: 'currently_reading' }, { pageCount: null });
    const any = await api(user).patch(unknownLength.id, { progressPages: 5000 });
    expect(any.statusCode).toBe(200);
    expect(any.json()).toMatchObject({ progressPages: 5000, progressPercent: null });
  });

  it('takes real calendar dates with the finish not before the start', async () => {
    const entry = await shelved(user, { status: 'read', startedOn: '2024-01-10', finishedOn: '2024-01-20' });
    const before = await api(user).patch(entry.id, { finishedOn: '2024-01-09' });
    expect(before.statusCode).toBe(400);
    expect(before.json().error.details).toEqual({ finishedOn: 'must not be before startedOn' });
    const startAfter = await api(user).patch(entry.id, { startedOn: '2024-02-01' });
    expect(startAfter.statusCode).toBe(400);
    for (const bad of [
      '2026-02-30',
      '2023-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-1-5',
      'yesterday',
      '2026-01-01T00:00:00Z',
    ]) {
      const res = await api(user).patch(entry.id, { startedOn: bad });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.details).toHaveProperty('startedOn');
    }
    const leap = await api(user).patch(entry.id, { startedOn: '2024-01-20', finishedOn: '2024-02-29' });
    expect(leap.statusCode).toBe(200);
    expect(leap.json()).toMatchObject({ startedOn: '2024-01-20', finishedOn: '2024-02-29' });
    const sameDay = await api(user).patch(entry.id, { startedOn: '2024-02-29' });
    expect(sameDay.statusCode).toBe(200);
    const book = await buildBook(t.database.db);
    const created = await api(user).add({
      bookId: book.id,
      status: 'read',
      startedOn: '2024-05-02',
      finishedOn: '2024-05-01',
    });
    expect(created.statusCode).toBe(400);
    expect((await api(user).add({ bookId: book.id, startedOn: '2026-02-30' })).statusCode).toBe(400);
  });

  it('changes nothing when a request is refused', async () => {
    const entry = await shelved(user, { status: 'currently_reading', rating: 3, tags: ['keep'] });
    const res = await api(user).patch(entry.id, { rating: 4, tags: ['new'], progressPercent: 101 });
    expect(res.statusCode).toBe(400);
    expect((await api(user).get(entry.id)).json()).toEqual(entry);
  });

  it('fills the finish date with today (UTC), and completes the progress, when a book is marked read', async () => {
    const before = utcToday();
    const entry = await shelved(user, { status: 'read' }, { pageCount: 280 });
    expect([before, utcToday()]).toContain(entry.finishedOn);
    expect(entry).toMatchObject({ progressPercent: 100, progressPages: 280 });

    const reading = await shelved(
      user,
      { status: 'currently_reading', progressPages: 10 },
      { pageCount: 100 },
    );
    const done = await api(user).patch(reading.id, { status: 'read' });
    expect([before, utcToday()]).toContain(done.json().finishedOn);
    expect(done.json()).toMatchObject({
      status: 'read',
      progressPages: 100,
      progressPercent: 100,
      startedOn: reading.startedOn,
    });

    const dated = await shelved(user, { status: 'read', finishedOn: '2020-06-01' });
    expect(dated.finishedOn).toBe('2020-06-01');
    // An explicit null means "read, date unknown".
    const undated = await shelved(user, { status: 'read', finishedOn: null });
    expect(undated.finishedOn).toBeNull();
  });

  it('starts today when a book is marked currently reading, and clears the finish date', async () => {
    const before = utcToday();
    const entry = await shelved(user, { status: 'read', startedOn: '2023-03-01', finishedOn: '2023-03-09' });
    const reading = await api(user).patch(entry.id, { status: 'currently_reading' });
    expect(reading.json()).toMatchObject({ startedOn: '2023-03-01', finishedOn: null });
    const fresh = await shelved(user, { status: 'currently_reading' });
    expect([before, utcToday()]).toContain(fresh.startedOn);
    const withFinish = await api(user).patch(fresh.id, { finishedOn: '2030-01-01' });
    expect(withFinish.statusCode).toBe(400);
    expect(withFinish.json().error.details).toHaveProperty('finishedOn');
  });

  it('keeps no dates or progress on want to read', async () => {
    const entry = await shelved(user, {
      status: 'currently_reading',
      startedOn: '2024-04-01',
      progressPercent: 30,
    });
    const back = await api(user).patch(entry.id, { status: 'want_to_read' });
    expect(back.json()).toMatchObject({
      startedOn: null,
      finishedOn: null,
      progressPages: null,
      progressPercent: null,
    });
    const book = await buildBook(t.database.db);
    const res = await api(user).add({ bookId: book.id, status: 'want_to_read', finishedOn: '2024-01-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toHaveProperty('finishedOn');
  });

  it('keeps tags trimmed and unique regardless of case, at most 30 of at most 50 characters', async () => {
    const entry = await shelved(user, { tags: ['  Fantasy ', 'fantasy', 'FANTASY', 'Book   Club', 'café'] });
    expect(entry.tags).toEqual(['Fantasy', 'Book Club', 'café']);
    const replaced = await api(user).patch(entry.id, { tags: ['Re-read'] });
    expect(replaced.json().tags).toEqual(['Re-read']);
    const many = Array.from({ length: 31 }, (_, i) => `tag ${i}`);
    expect((await api(user).patch(entry.id, { tags: many })).statusCode).toBe(400);
    const thirty = [...many.slice(0, 30), 'TAG 0'];
    expect((await api(user).patch(entry.id, { tags: thirty })).json().tags).toHaveLength(30);
    expect((await api(user).patch(entry.id, { tags: ['x'.repeat(51)] })).statusCode).toBe(400);
    expect((await api(user).patch(entry.id, { tags: ['x'.repeat(50)] })).statusCode).toBe(200);
    expect((await api(user).patch(entry.id, { tags: ['ok', '   '] })).statusCode).toBe(400);
    expect((await api(user).patch(entry.id, { tags: [] })).json().tags).toEqual([]);
  });

  it('edits only what is sent, and a review of blanks is no review', async () => {
    const entry = await shelved(user, { format: 'ebook', review: 'Great.', reviewHasSpoilers: true });
    const res = await api(user).patch(entry.id, { ownership: 'owned' });
    expect(res.json()).toMatchObject({
      format: 'ebook',
      ownership: 'owned',
      review: 'Great.',
      reviewHasSpoilers: true,
    });
    expect(res.json().updatedAt >= entry.updatedAt).toBe(true);
    expect((await api(user).patch(entry.id, { review: '   ' })).json().review).toBeNull();
    expect((await api(user).patch(entry.id, { format: null })).json().format).toBeNull();
    expect((await api(user).patch(entry.id, { format: 'scroll' })).statusCode).toBe(400);
    expect((await api(user).patch(entry.id, { visibility: 'friends' })).statusCode).toBe(400);
    expect((await api(user).patch(entry.id, { status: 'reading' })).statusCode).toBe(400);
    const noop = await api(user).patch(entry.id, {});
    expect(noop.statusCode).toBe(200);
  });

  it('deletes an entry with its tags and rereads', async () => {
    const entry = await shelved(user, { status: 'read', tags: ['gone'] });
    expect((await api(user).addRead(entry.id, { startedOn: '2025-01-01' })).statusCode).toBe(201);
    expect((await api(user).remove(entry.id)).statusCode).toBe(204);
    expect((await api(user).get(entry.id)).statusCode).toBe(404);
    expect((await api(user).remove(entry.id)).statusCode).toBe(404);
    const db = t.database.db;
    expect(await db.selectFrom('entryTags').select('tag').where('entryId', '=', entry.id).execute()).toEqual(
      [],
    );
    expect(await db.selectFrom('reads').select('id').where('entryId', '=', entry.id).execute()).toEqual([]);
    // The book may be shelved again.
    expect((await api(user).add({ bookId: entry.bookId })).statusCode).toBe(201);
  });
});

describe('rereads', () => {
  it('adds, edits, lists and removes rereads with their own dates', async () => {
    const user = await registerUser(t.app);
    const entry = await shelved(user, { status: 'read', startedOn: '2019-01-01', finishedOn: '2019-01-15' });
    const created = await api(user).addRead(entry.id, { startedOn: '2024-06-01' });
    expect(created.statusCode).toBe(201);
    const read = created.json();
    expect(read).toEqual({ id: expect.any(Number), startedOn: '2024-06-01', finishedOn: null });
    const earlier = (
      await api(user).addRead(entry.id, { startedOn: '2022-03-01', finishedOn: '2022-03-20' })
    ).json();

    const withReads = (await api(user).get(entry.id)).json() as EntryJson;
    expect(withReads.reads).toEqual([earlier, read]);
    expect(withReads.updatedAt >= entry.updatedAt).toBe(true);

    const finished = await api(user).patchRead(entry.id, read.id, { finishedOn: '2024-06-30' });
    expect(finished.statusCode).toBe(200);
    expect(finished.json()).toEqual({ id: read.id, startedOn: '2024-06-01', finishedOn: '2024-06-30' });

    const backwards = await api(user).patchRead(entry.id, read.id, { finishedOn: '2024-05-31' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.details).toEqual({ finishedOn: 'must not be before startedOn' });
    expect((await api(user).patchRead(entry.id, read.id, { startedOn: '2024-07-01' })).statusCode).toBe(400);
    expect((await api(user).patchRead(entry.id, read.id, { startedOn: '2024-02-30' })).statusCode).toBe(400);
    expect((await api(user).patchRead(entry.id, read.id, { startedOn: null })).statusCode).toBe(400);
    expect((await api(user).patchRead(entry.id, read.id, { note: 'x' })).statusCode).toBe(400);
    expect((await api(user).addRead(entry.id, {})).statusCode).toBe(400);
    expect((await api(user).addRead(entry.id, { startedOn: '2024-02-30' })).statusCode).toBe(400);
    expect(
      (await api(user).addRead(entry.id, { startedOn: '2024-02-03', finishedOn: '2024-02-02' })).statusCode,
    ).toBe(400);

    expect((await api(user).removeRead(entry.id, earlier.id)).statusCode).toBe(204);
    expect((await api(user).removeRead(entry.id, earlier.id)).statusCode).toBe(404);
    expect((await api(user).patchRead(entry.id, earlier.id, { finishedOn: null })).statusCode).toBe(404);
    expect((await api(user).get(entry.id)).json().reads).toEqual([
      { id: read.id, startedOn: '2024-06-01', finishedOn: '2024-06-30' },
    ]);

    // A read belongs to its entry: not reachable through another entry of the same reader.
    const second = await shelved(user);
    expect((await api(user).patchRead(second.id, read.id, { finishedOn: null })).statusCode).toBe(404);
    expect((await api(user).removeRead(second.id, read.id)).statusCode).toBe(404);
    expect((await api(user).addRead(999_999, { startedOn: '2024-01-01' })).statusCode).toBe(404);
  });
});

describe('listing', () => {
  let user: TestUser;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    user = await registerUser(t.app);
    const specs: [string, Record<string, unknown>, Parameters<typeof buildBook>[1]][] = [
      [
        'hobbit',
        { status: 'read', format: 'paperback', ownership: 'owned', rating: 5, tags: ['Fantasy', 'classic'] },
        { title: 'The Hobbit', authors: ['J. R. R. Tolkien'] },
      ],
      [
        'solitude',
        { status: 'read', format: 'ebook', ownership: 'borrowed', rating: 4.5, tags: ['classic'] },
        { title: 'Cien años de soledad', authors: ['Gabriel García Márquez'] },
      ],
      [
        'dune',
        { status: 'currently_reading', format: 'ebook', ownership: 'owned', tags: ['sci-fi'] },
        { title: 'Dune', authors: ['Frank Herbert'] },
      ],
      [
        'percent',
        { status: 'want_to_read', ownership: 'wishlist' },
        { title: '100% Wrong_Title', authors: ['Someone Else'] },
      ],
      [
        'dnf',
        { status: 'did_not_finish', format: 'audiobook', tags: ['FANTASY'] },
        { title: 'Wheel of Time', authors: ['Robert Jordan'] },
      ],
    ];
    for (const [name, fields, book] of specs) ids[name] = (await shelved(user, fields, book)).id;
    // Another reader's entries never show in this reader's lists.
    const other = await registerUser(t.app);
    await shelved(
      other,
      { status: 'read', tags: ['fantasy'] },
      { title: 'The Hobbit', authors: ['J. R. R. Tolkien'] },
    );
  });

  const idsOf = async (query: string) => {
    const res = await api(user).list(query);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as EntryJson[]).map((e) => e.id);
  };
  const same = (actual: number[], names: string[]) =>
    expect([...actual].sort((a, b) => a - b)).toEqual(
      names.map((n) => ids[n]).sort((a, b) => (a ?? 0) - (b ?? 0)),
    );

  it('filters by status, format and ownership', async () => {
    same(await idsOf('status=read'), ['hobbit', 'solitude']);
    same(await idsOf('format=ebook'), ['solitude', 'dune']);
    same(await idsOf('ownership=owned'), ['hobbit', 'dune']);
    same(await idsOf('status=read&format=ebook'), ['solitude']);
    same(await idsOf(''), ['hobbit', 'solitude', 'dune', 'percent', 'dnf']);
    expect((await api(user).list('status=reading')).statusCode).toBe(400);
    expect((await api(user).list('format=scroll')).statusCode).toBe(400);
    expect((await api(user).list('colour=red')).statusCode).toBe(400);
  });

  it('filters by tag regardless of case', async () => {
    same(await idsOf('tag=fantasy'), ['hobbit', 'dnf']);
    same(await idsOf('tag=Classic'), ['hobbit', 'solitude']);
    same(await idsOf('tag=%20classic%20&status=read&format=paperback'), ['hobbit']);
    same(await idsOf('tag=nope'), []);
  });

  it('finds words in the title and authors, regardless of case and accents', async () => {
    same(await idsOf('q=hobb'), ['hobbit']);
    same(await idsOf('q=tolkien'), ['hobbit']);
    same(await idsOf('q=garcia%20marquez'), ['solitude']);
    same(await idsOf('q=A%C3%91OS'), ['solitude']);
    same(await idsOf('q=frank%20dune'), ['dune']);
    same(await idsOf('q=frank%20tolkien'), []);
    same(await idsOf('q=%25'), ['hobbit', 'solitude', 'dune', 'percent', 'dnf']);
    same(await idsOf('q=_'), ['hobbit', 'solitude', 'dune', 'percent', 'dnf']);
    same(await idsOf('q=wrong&status=want_to_read'), ['percent']);
  });

  it('counts entries per status and lists tags', async () => {
    const counts = await t.app.inject({ method: 'GET', url: '/api/library/counts', headers: user.auth });
    expect(counts.json()).toEqual({
      want_to_read: 1,
      currently_reading: 1,
      read: 2,
      did_not_finish: 1,
      total: 5,
    });
    const tags = await t.app.inject({ method: 'GET', url: '/api/library/tags', headers: user.auth });
    expect(tags.json().items).toEqual([
      { tag: 'classic', count: 2 },
      { tag: expect.stringMatching(/^fantasy$/i), count: 2 },
      { tag: 'sci-fi', count: 1 },
    ]);
    const profile = await t.app.inject({ method: 'GET', url: `/api/users/${user.username}` });
    expect(profile.json().counts.books).toBe(5);
  });

  it('pages with limit (default 20, at most 100) and refuses a broken cursor', async () => {
    const first = await api(user).list('limit=2');
    expect(first.json().items).toHaveLength(2);
    const cursor = first.json().nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    expect((await api(user).list('limit=101')).statusCode).toBe(400);
    expect((await api(user).list('limit=0')).statusCode).toBe(400);
    for (const bad of [
      'garbage!',
      'bm90IGpzb24',
      Buffer.from('[1,2,3]').toString('base64url'),
      `${cursor}x`,
    ]) {
      const res = await api(user).list(`limit=2&cursor=${encodeURIComponent(bad)}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('invalid_cursor');
    }
    // A cursor belongs to its sort and direction.
    expect((await api(user).list(`limit=2&sort=title&cursor=${cursor}`)).json().error.code).toBe(
      'invalid_cursor',
    );
    expect((await api(user).list(`limit=2&order=asc&cursor=${cursor}`)).json().error.code).toBe(
      'invalid_cursor',
    );
    const tampered = Buffer.from(JSON.stringify(['updated', 'desc', 0, 5, 1])).toString('base64url');
    expect((await api(user).list(`cursor=${tampered}`)).json().error.code).toBe('invalid_cursor');
    const rest = await api(user).list(`limit=2&cursor=${cursor}`);
    expect(rest.statusCode).toBe(200);
  });
});

describe('sorting and paging while the library changes', () => {
  type Sort = 'updated' | 'added' | 'title' | 'author' | 'rating' | 'finished';
  const key = (e: EntryJson, sort: Sort): string | number | null => {
    switch (sort) {
      case 'updated':
        return e.updatedAt;
      case 'added':
        return e.createdAt;
      case 'title':
        return sortTitle(e.book.title);
      case 'author':
        return sortAuthor(e.book.authors);
      case 'rating':
        return e.rating;
      case 'finished':
        return e.finishedOn;
    }
  };
  /** Negative when a comes first: by key in the given direction, nulls last, then by id the same way. */
  const compare = (a: EntryJson, b: EntryJson, sort: Sort, order: 'asc' | 'desc') => {
    const ka = key(a, sort);
    const kb = key(b, sort);
    if (ka === null || kb === null) {
      if (ka !== kb) return ka === null ? 1 : -1;
    } else if (ka !== kb) {
      // Byte order, as both databases compare these columns.
      const less =
        typeof ka === 'number'
          ? ka < (kb as number)
          : Buffer.compare(Buffer.from(ka), Buffer.from(kb as string)) < 0;
      return (less ? -1 : 1) * (order === 'asc' ? 1 : -1);
    }
    return (a.id - b.id) * (order === 'asc' ? 1 : -1);
  };

  const titles = [
    'Zebra',
    'apple',
    'Émile',
    'the apple',
    'Banana',
    'banana',
    'Mango',
    'Zebra',
    'Kiwi',
    'Cherry',
    'Date',
  ];
  const authors = ['Zed', 'Ann', 'Ann', 'Bob', 'Ånne', 'bob', 'Carl', 'Zed', 'Dee', 'Eve', 'Ann'];
  const ratings = [5, null, 3, 3, null, 4.5, 0.5, 3, null, 5, 1];
  const finished = [
    '2024-01-01',
    null,
    '2023-05-05',
    '2024-01-01',
    null,
    '2022-02-02',
    '2024-12-31',
    null,
    '2023-05-05',
    '2024-01-01',
    null,
  ];

  for (const sort of ['updated', 'added', 'title', 'author', 'rating', 'finished'] as Sort[]) {
    for (const order of ['asc', 'desc'] as const) {
      it(`sort=${sort} order=${order}: every unchanged entry exactly once, in order, while entries are added and edited`, async () => {
        const user = await registerUser(t.app);
        const start: EntryJson[] = [];
        for (let i = 0; i < titles.length; i += 1) {
          const status = finished[i] ? 'read' : 'currently_reading';
          start.push(
            await shelved(
              user,
              {
                status,
                rating: ratings[i],
                finishedOn: finished[i],
                ...(finished[i] ? { startedOn: '2020-01-01' } : {}),
              },
              { title: titles[i], authors: [authors[i] ?? 'Nobody'] },
            ),
          );
        }
        const seen: EntryJson[] = [];
        const moved = new Set<number>();
        let cursor: string | null = null;
        let pages = 0;
        do {
          const query: string = `sort=${sort}&order=${order}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
          const res = await api(user).list(query);
          expect(res.statusCode, res.body).toBe(200);
          const page = res.json() as { items: EntryJson[]; nextCursor: string | null };
          seen.push(...page.items);
          cursor = page.nextCursor;
          pages += 1;

          // Between fetches: a new book is shelved, and entries are edited. Editing changes the
          // "updated" key, so there the edit lands where the walk has already been (desc) or
          // at its end (asc); other keys stay put.
          await shelved(
            user,
            { status: 'read', rating: 2, finishedOn: '2024-01-01' },
            { title: 'Kiwi', authors: ['Dee'] },
          );
          const seenIds = new Set(seen.map((e) => e.id));
          const unseen = start.filter((e) => !seenIds.has(e.id));
          const target = sort === 'updated' ? (order === 'desc' ? seen[0] : unseen[0]) : unseen.at(-1);
          if (target) {
            const edited = await api(user).patch(target.id, { review: `edited on page ${pages}` });
            expect(edited.statusCode).toBe(200);
            if (sort === 'updated') moved.add(target.id);
          }
          const seenTarget = seen.at(-1);
          if (seenTarget && sort !== 'updated')
            await api(user).patch(seenTarget.id, { reviewHasSpoilers: true });
        } while (cursor !== null && pages < 50);

        expect(pages).toBeGreaterThan(3);
        const ids = seen.map((e) => e.id);
        expect(new Set(ids).size, 'no entry twice').toBe(ids.length);
        for (const e of start) {
          if (!moved.has(e.id)) expect(ids, `entry ${e.id} listed`).toContain(e.id);
        }
        for (let i = 1; i < seen.length; i += 1) {
          const [a, b] = [seen[i - 1] as EntryJson, seen[i] as EntryJson];
          expect(compare(a, b, sort, order), `${a.id} before ${b.id}`).toBeLessThan(0);
        }
        if (sort === 'rating' || sort === 'finished') {
          // Nulls come last in both directions.
          const firstNull = seen.findIndex((e) => key(e, sort) === null);
          expect(firstNull).toBeGreaterThan(0);
          expect(seen.slice(firstNull).every((e) => key(e, sort) === null)).toBe(true);
        }
      });
    }
  }

  it('uses sensible default directions: newest first, A to Z, best rated and latest finished first', async () => {
    const user = await registerUser(t.app);
    const a = await shelved(
      user,
      { status: 'read', rating: 2, finishedOn: '2021-01-01' },
      { title: 'Alpha', authors: ['Zed'] },
    );
    const b = await shelved(
      user,
      { status: 'read', rating: 4, finishedOn: '2022-01-01' },
      { title: 'Beta', authors: ['Amy'] },
    );
    const order = async (sort: string) =>
      ((await api(user).list(sort ? `sort=${sort}` : '')).json().items as EntryJson[]).map((e) => e.id);
    expect(await order('')).toEqual([b.id, a.id]);
    expect(await order('added')).toEqual([b.id, a.id]);
    expect(await order('title')).toEqual([a.id, b.id]);
    expect(await order('author')).toEqual([b.id, a.id]);
    expect(await order('rating')).toEqual([b.id, a.id]);
    expect(await order('finished')).toEqual([b.id, a.id]);
  });
});

describe('the catalog’s book page', () => {
  it('carries the caller’s entry, and nobody else’s', async () => {
    const user = await registerUser(t.app);
    const other = await registerUser(t.app);
    const entry = await shelved(user, { status: 'read', rating: 4.5, tags: ['mine'] });
    const mine = await t.app.inject({ method: 'GET', url: `/api/books/${entry.bookId}`, headers: user.auth });
    expect(mine.statusCode).toBe(200);
    const { book: _book, ...summary } = entry;
    expect(mine.json().libraryEntry).toEqual(summary);
    const theirs = await t.app.inject({
      method: 'GET',
      url: `/api/books/${entry.bookId}`,
      headers: other.auth,
    });
    expect(theirs.json().libraryEntry).toBeNull();
  });
});

describe('deleting the account', () => {
  it('removes the reader’s entries, tags and rereads', async () => {
    const user = await registerUser(t.app);
    const entry = await shelved(user, { status: 'read', tags: ['bye'] });
    expect((await api(user).addRead(entry.id, { startedOn: '2025-01-01' })).statusCode).toBe(201);
    const res = await t.app.inject({
      method: 'DELETE',
      url: '/api/me',
      headers: user.auth,
      payload: { password: user.password },
    });
    expect(res.statusCode).toBe(204);
    const db = t.database.db;
    expect(
      await db.selectFrom('libraryEntries').select('id').where('userId', '=', user.id).execute(),
    ).toEqual([]);
    expect(await db.selectFrom('entryTags').select('tag').where('userId', '=', user.id).execute()).toEqual(
      [],
    );
    expect(await db.selectFrom('reads').select('id').where('userId', '=', user.id).execute()).toEqual([]);
    // The book stays in the catalog.
    expect(await db.selectFrom('books').select('id').where('id', '=', entry.bookId).execute()).toHaveLength(
      1,
    );
  });
});
