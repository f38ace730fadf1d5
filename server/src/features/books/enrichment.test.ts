import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeBookProviders,
  type FakeResponse,
  googleVolume,
  googleVolumes,
  openLibrarySearch,
  startFakeBookProviders,
} from '../../../test/fake-book-providers.ts';
import { buildTestApp, injectAs, registerUser, type TestUser, testDialect } from '../../../test/helpers.ts';
import { createBooksService } from './books.service.ts';
import { authorsAgree, FAILED_RETRY_MS, NOT_FOUND_RETRY_MS, titlesAgree } from './enrichment.ts';

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;

/** A valid ISBN-13 of its own for each test (978 + 9 digits + check digit). */
let isbnCounter = 100_000_000;
function nextIsbn(): string {
  isbnCounter += 1;
  const body = `978${isbnCounter}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

let fake: FakeBookProviders;
let t: TestApp;
let alice: TestUser;
let bob: TestUser;

/** What the fake providers know: Google volumes by ISBN and for searches; Open Library knows nothing unless told. */
interface Known {
  google?: Record<string, unknown>[];
  googleDown?: boolean;
  openLibraryDown?: boolean;
  openLibraryIsbn?: Record<string, unknown>;
  openLibrarySearch?: Record<string, unknown>[];
}

function providersKnow(known: Known) {
  const down: FakeResponse = { status: 503, body: { error: 'unavailable' } };
  fake.on('/books/v1/volumes', (q) => {
    if (known.googleDown) return down;
    const query = q.get('q') ?? '';
    const volumes = known.google ?? [];
    if (query.startsWith('isbn:')) {
      const isbn = query.slice(5);
      return {
        body: googleVolumes(
          volumes.filter((v) =>
            JSON.stringify((v.volumeInfo as Record<string, unknown>).industryIdentifiers ?? []).includes(
              isbn,
            ),
          ),
        ),
      };
    }
    return { body: googleVolumes(volumes) };
  });
  fake.on('/ol/api/books', (q) => {
    if (known.openLibraryDown) return down;
    const key = q.get('bibkeys') ?? '';
    const found = known.openLibraryIsbn?.[key];
    return { body: found ? { [key]: found } : {} };
  });
  fake.on('/ol/search.json', () =>
    known.openLibraryDown ? down : { body: openLibrarySearch(known.openLibrarySearch ?? []) },
  );
}

function volume(id: string, isbn13: string | null, info: Record<string, unknown>) {
  return googleVolume(id, {
    ...(isbn13 ? { industryIdentifiers: [{ type: 'ISBN_13', identifier: isbn13 }] } : {}),
    ...info,
  });
}

beforeAll(async () => {
  fake = await startFakeBookProviders();
  t = await buildTestApp({ ...fake.env, PROVIDER_TIMEOUT_MS: '10000', ENRICH_REQUESTS_PER_SECOND: '20' });
  // The tests run the jobs themselves, so nothing happens between their steps.
  await t.app.services.books.enrichment.stop();
  await t.app.services.books.covers.stop();
  alice = await registerUser(t.app);
  bob = await registerUser(t.app);
});
afterAll(async () => {
  await t.close();
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

const enrich = () => t.app.services.books.enrichment.runOnce();
/** Another process's books service and enrichment job over the same database (its first sweep looks for books whose wait is over). */
const newProcess = () =>
  createBooksService(t.database, t.config, { remove: async () => {}, write: async () => {} });

async function bookRow(id: number) {
  return t.database.db
    .selectFrom('books')
    .select([
      'id',
      'title',
      'authors',
      'subtitle',
      'isbn13',
      'isbn10',
      'pageCount',
      'publisher',
      'publishedDate',
      'description',
      'language',
      'categories',
      'source',
      'sourceId',
      'ownerId',
      'confirmedAt',
      'coverSourceUrl',
      'coverState',
      'enrichState',
      'enrichAttempts',
      'enrichNextAt',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

async function addOwn(user: TestUser, payload: Record<string, unknown>) {
  const res = await injectAs(t.app, user, { method: 'POST', url: '/api/books', payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number };
}

async function shelve(user: TestUser, payload: Record<string, unknown>) {
  const res = await injectAs(t.app, user, { method: 'POST', url: '/api/library', payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; book: { id: number } };
}

async function entryOf(user: TestUser, isbnOrTitle: string) {
  const res = await injectAs(t.app, user, { method: 'GET', url: '/api/library?limit=100' });
  const items = (
    res.json() as { items: { id: number; book: { id: number; title: string; isbn13: string | null } }[] }
  ).items;
  return items.filter((e) => e.book.isbn13 === isbnOrTitle || e.book.title === isbnOrTitle);
}

describe('matching a provider’s record to a reader’s book', () => {
  it('agrees on titles without articles, series notes and subtitles, and on authors by family name and initial', () => {
    expect(titlesAgree('The Name of the Wind (The Kingkiller Chronicle, #1)', 'The Name of the Wind')).toBe(
      true,
    );
    expect(titlesAgree('Sapiens: A Brief History of Humankind', 'Sapiens')).toBe(true);
    expect(titlesAgree('Les Misérables', 'les miserables')).toBe(true);
    expect(titlesAgree('Dune Messiah', 'Dune')).toBe(false);
    expect(titlesAgree('(Untitled)', 'Untitled')).toBe(false);
    expect(authorsAgree(['J.R.R. Tolkien'], ['J. R. R. Tolkien'])).toBe(true);
    expect(authorsAgree(['Tolkien'], ['John Ronald Reuel Tolkien'])).toBe(true);
    expect(authorsAgree(['Frank  Herbert'], ['Brian Herbert', 'Frank Herbert'])).toBe(true);
    expect(authorsAgree(['Anne Brontë'], ['Emily Brontë'])).toBe(false);
    expect(authorsAgree(['Mallory'], ['J. R. R. Tolkien'])).toBe(false);
    expect(authorsAgree([], ['Anyone'])).toBe(false);
  });
});

describe('the enrichment job', () => {
  it('confirms an imported book by its ISBN: it becomes the provider’s catalog record, the reader’s entry intact', async () => {
    const isbn = nextIsbn();
    // What an import does for each row (in its batch's transaction), then the row's entry.
    const [bookId] = await t.database.db.transaction().execute((tx) =>
      t.app.services.books.resolveOwnedBooks(tx, alice.id, [
        {
          title: 'Dune (Dune #1)',
          authors: ['Frank Herbert'],
          isbn13: isbn,
          pageCount: 604,
          publisher: 'My Press',
        },
      ]),
    );
    const entry = await shelve(alice, {
      bookId,
      status: 'read',
      rating: 5,
      review: 'Loved it',
      tags: ['sci-fi'],
    });
    const before = await bookRow(entry.book.id);
    expect(before).toMatchObject({
      source: 'import',
      ownerId: alice.id,
      enrichState: 'pending',
      confirmedAt: null,
    });

    providersKnow({
      google: [
        volume('duneG', isbn, {
          title: 'Dune',
          authors: ['Frank Herbert'],
          pageCount: 617,
          publisher: 'Ace',
          publishedDate: '1990-09-01',
          description: 'A desert planet.',
          language: 'en',
          imageLinks: { thumbnail: 'http://books.google.example/dune.jpg' },
        }),
      ],
    });
    expect(await enrich()).toBeGreaterThanOrEqual(1);
    const after = await bookRow(entry.book.id);
    expect(after).toMatchObject({
      title: 'Dune',
      source: 'google',
      sourceId: 'duneG',
      ownerId: null,
      pageCount: 617,
      publisher: 'Ace',
      description: 'A desert planet.',
      // Handed to the cover job, which fetches it to our origin.
      coverSourceUrl: 'https://books.google.example/dune.jpg',
      coverState: 'pending',
      enrichState: 'done',
    });
    expect(after?.confirmedAt).not.toBeNull();
    expect(fake.requestsTo('/books/v1/volumes').map((r) => r.query.get('q'))).toEqual([`isbn:${isbn}`]);

    // The reader's entry is untouched and still on the same book.
    const res = await injectAs(t.app, alice, { method: 'GET', url: `/api/library/${entry.id}` });
    expect(res.json()).toMatchObject({ status: 'read', rating: 5, review: 'Loved it', tags: ['sci-fi'] });
    // Another reader now finds it in the shared catalog, without asking a provider.
    fake.reset();
    const lookup = await injectAs(t.app, bob, { method: 'GET', url: `/api/books/isbn/${isbn}` });
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json()).toMatchObject({ id: entry.book.id, title: 'Dune' });
    expect(fake.requests).toHaveLength(0);
    // A catalog record: nobody edits it any more.
    const edit = await injectAs(t.app, alice, {
      method: 'PATCH',
      url: `/api/books/${entry.book.id}`,
      payload: { title: 'Mine' },
    });
    expect(edit.statusCode).toBe(403);
  });

  it('completes a book without ISBN found by title and author, keeping everything the reader gave', async () => {
    const own = await addOwn(alice, {
      title: 'The Left Hand of Darkness',
      authors: ['Ursula K. Le Guin'],
      pageCount: 299,
      description: 'My own words.',
      coverUrl: 'https://example.org/my-cover.jpg',
    });
    providersKnow({
      google: [
        volume('wrongAuthor', nextIsbn(), { title: 'The Left Hand of Darkness', authors: ['Somebody Else'] }),
        volume('lhod', nextIsbn(), {
          title: 'The Left Hand of Darkness',
          subtitle: 'A Novel',
          authors: ['Ursula K. Le Guin'],
          pageCount: 304,
          publisher: 'Ace',
          publishedDate: '1969',
          description: 'Provider words.',
          language: 'en',
          categories: ['Fiction'],
          imageLinks: { thumbnail: 'https://books.google.example/lhod.jpg' },
        }),
      ],
    });
    await enrich();
    expect(await bookRow(own.id)).toMatchObject({
      title: 'The Left Hand of Darkness',
      authors: JSON.stringify(['Ursula K. Le Guin']),
      subtitle: 'A Novel',
      pageCount: 299,
      description: 'My own words.',
      coverSourceUrl: 'https://example.org/my-cover.jpg',
      publisher: 'Ace',
      publishedDate: '1969',
      language: 'en',
      categories: JSON.stringify(['Fiction']),
      // A title match may be another edition: no ISBN and no provider id are taken from it.
      isbn13: null,
      source: 'manual',
      sourceId: null,
      ownerId: alice.id,
      confirmedAt: null,
      enrichState: 'done',
    });
    const query = fake.requestsTo('/books/v1/volumes')[0]?.query.get('q');
    expect(query).toBe('left hand of darkness guin');
  });

  it('takes nothing from a record whose title or author disagrees, and ends a book nobody knows as not found', async () => {
    const isbn = nextIsbn();
    const poison = await addOwn(bob, {
      title: 'The Hobbit (totally legit)',
      authors: ['Mallory'],
      isbn13: isbn,
    });
    const unknown = await addOwn(bob, { title: 'A Book Nobody Has', authors: ['Nobody'] });
    providersKnow({
      google: [
        volume('hob', isbn, { title: 'The Hobbit', authors: ['J. R. R. Tolkien'], description: 'Hobbits.' }),
      ],
    });
    await enrich();
    expect(await bookRow(poison.id)).toMatchObject({
      title: 'The Hobbit (totally legit)',
      description: null,
      ownerId: bob.id,
      confirmedAt: null,
      enrichState: 'not_found',
    });
    expect(await bookRow(unknown.id)).toMatchObject({ enrichState: 'not_found', description: null });
    // Both providers were asked about each.
    expect(fake.requestsTo('/ol/api/books').map((r) => r.query.get('bibkeys'))).toEqual([`ISBN:${isbn}`]);
    expect(fake.requestsTo('/ol/search.json')).toHaveLength(1);
    // The catalog did not take the reader's book: another reader gets the provider's.
    const lookup = await injectAs(t.app, alice, { method: 'GET', url: `/api/books/isbn/${isbn}` });
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json()).toMatchObject({ title: 'The Hobbit', authors: ['J. R. R. Tolkien'] });
    expect((lookup.json() as { id: number }).id).not.toBe(poison.id);
  });

  it('takes the provider whose record agrees when the other knows the ISBN under another title', async () => {
    const isbn = nextIsbn();
    const own = await addOwn(alice, { title: 'Fantastic Mr Fox', authors: ['Roald Dahl'], isbn13: isbn });
    providersKnow({
      google: [
        volume('foxWrong', isbn, {
          title: 'Some Other Book',
          authors: ['Roald Dahl'],
          description: 'Wrong.',
        }),
      ],
      openLibraryIsbn: {
        [`ISBN:${isbn}`]: {
          key: '/books/OL7353617M',
          title: 'Fantastic Mr. Fox',
          authors: [{ name: 'Roald Dahl' }],
          identifiers: { isbn_13: [isbn], openlibrary: ['OL7353617M'] },
          description: { type: '/type/text', value: 'The foxes outwit three farmers.' },
        },
      },
    });
    await enrich();
    expect(await bookRow(own.id)).toMatchObject({
      title: 'Fantastic Mr. Fox',
      source: 'openlibrary',
      sourceId: 'OL7353617M',
      description: 'The foxes outwit three farmers.',
      ownerId: null,
      enrichState: 'done',
    });
  });

  it('leaves a book waiting while the providers are down, pauses the sweep, and finishes it once they answer', async () => {
    const first = await addOwn(alice, { title: 'Down One', authors: ['D One'], isbn13: nextIsbn() });
    const second = await addOwn(alice, { title: 'Down Two', authors: ['D Two'], isbn13: nextIsbn() });
    providersKnow({ googleDown: true, openLibraryDown: true });
    expect(await enrich()).toBe(1);
    const waiting = await bookRow(first.id);
    expect(waiting).toMatchObject({ enrichState: 'pending', enrichAttempts: 1 });
    expect(waiting?.enrichNextAt && waiting.enrichNextAt > new Date().toISOString()).toBe(true);
    // The other book was given back untouched, for the next sweep.
    expect(await bookRow(second.id)).toMatchObject({
      enrichState: 'pending',
      enrichAttempts: 0,
      enrichNextAt: null,
    });
    expect(await enrich()).toBe(1);
    expect(await bookRow(second.id)).toMatchObject({ enrichState: 'pending', enrichAttempts: 1 });
    // Not due yet: nothing is asked.
    fake.reset();
    providersKnow({});
    expect(await enrich()).toBe(0);
    expect(fake.requests).toHaveLength(0);

    // Time passes (the retry is due) and the providers are back.
    await t.database.db
      .updateTable('books')
      .set({ enrichNextAt: new Date(Date.now() - 1000).toISOString() })
      .where('id', 'in', [first.id, second.id])
      .execute();
    providersKnow({
      google: [
        volume('d1', (await bookRow(first.id))?.isbn13 ?? null, {
          title: 'Down One',
          authors: ['D. One'],
          description: 'Back.',
        }),
      ],
    });
    expect(await enrich()).toBe(2);
    expect(await bookRow(first.id)).toMatchObject({
      enrichState: 'done',
      confirmedAt: expect.any(String),
      description: 'Back.',
    });
    expect(await bookRow(second.id)).toMatchObject({ enrichState: 'not_found' });
  });

  it('gives up after its last attempt while the providers stay down', async () => {
    const own = await addOwn(alice, { title: 'Never Reached', authors: ['N R'], isbn13: nextIsbn() });
    providersKnow({ googleDown: true, openLibraryDown: true });
    for (let attempt = 1; attempt <= 5; attempt++) {
      await t.database.db.updateTable('books').set({ enrichNextAt: null }).where('id', '=', own.id).execute();
      await enrich();
      expect((await bookRow(own.id))?.enrichAttempts).toBe(attempt);
    }
    const failed = await bookRow(own.id);
    expect(failed).toMatchObject({ enrichState: 'failed', confirmedAt: null });
    // Tried again after a day.
    expect(Date.parse(failed?.enrichNextAt ?? '') - Date.now()).toBeGreaterThan(FAILED_RETRY_MS - 60_000);
    expect(Date.parse(failed?.enrichNextAt ?? '') - Date.now()).toBeLessThan(FAILED_RETRY_MS + 60_000);

    // Not before: a new process's first sweep (which looks for such books) leaves it alone.
    expect(await newProcess().enrichment.runOnce()).toBe(0);
    expect(await bookRow(own.id)).toMatchObject({ enrichState: 'failed', enrichAttempts: 5 });

    // A day later the providers are back: the sweep that looks puts it back in the queue.
    await t.database.db
      .updateTable('books')
      .set({ enrichNextAt: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', own.id)
      .execute();
    providersKnow({
      google: [
        volume('back', failed?.isbn13 ?? null, {
          title: 'Never Reached',
          authors: ['N. R'],
          description: 'At last.',
        }),
      ],
    });
    expect(await newProcess().enrichment.runOnce()).toBe(1);
    expect(await bookRow(own.id)).toMatchObject({ enrichState: 'done', description: 'At last.' });
  });

  it('asks again about a book nobody knew after 30 days', async () => {
    const isbn = nextIsbn();
    const own = await addOwn(alice, { title: 'Too New', authors: ['Ann Early'], isbn13: isbn });
    providersKnow({});
    await newProcess().enrichment.runOnce();
    const notFound = await bookRow(own.id);
    expect(notFound?.enrichState).toBe('not_found');
    const wait = Date.parse(notFound?.enrichNextAt ?? '') - Date.now();
    expect(wait).toBeGreaterThan(NOT_FOUND_RETRY_MS - 60_000);
    expect(wait).toBeLessThan(NOT_FOUND_RETRY_MS + 60_000);

    // 30 days later a provider knows it.
    await t.database.db
      .updateTable('books')
      .set({ enrichNextAt: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', own.id)
      .execute();
    providersKnow({
      google: [volume('late', isbn, { title: 'Too New', authors: ['Ann Early'], description: 'Out now.' })],
    });
    expect(await newProcess().enrichment.runOnce()).toBe(1);
    expect(await bookRow(own.id)).toMatchObject({
      enrichState: 'done',
      confirmedAt: expect.any(String),
      description: 'Out now.',
    });
  });

  it('waits as long as a provider’s 429 Retry-After (seconds) says, then goes on by itself', async () => {
    const isbn = nextIsbn();
    const own = await addOwn(alice, { title: 'Limited', authors: ['Rae Limit'], isbn13: isbn });
    let limited = true;
    const known = volume('lim', isbn, { title: 'Limited', authors: ['Rae Limit'], description: 'Waited.' });
    fake.on('/books/v1/volumes', (q) => {
      if (q.get('q') !== `isbn:${isbn}`) return { body: googleVolumes([]) };
      if (limited) {
        limited = false;
        return { status: 429, headers: { 'retry-after': '2' }, body: { error: 'slow down' } };
      }
      return { body: googleVolumes([known]) };
    });
    fake.on('/ol/api/books', () => ({ body: {} }));
    fake.on('/ol/search.json', () => ({ body: openLibrarySearch([]) }));

    // A running job (sweeps every 60 s here): it sweeps at start and meets the 429.
    const job = newProcess().enrichment;
    const started = Date.now();
    job.start();
    try {
      // Claimed (a 5-minute lease), asked, and put back until the provider's time.
      const settled = (r: Awaited<ReturnType<typeof bookRow>>) =>
        r?.enrichNextAt != null && Date.parse(r.enrichNextAt) < started + 60_000;
      let row = await bookRow(own.id);
      for (let i = 0; i < 250 && !settled(row) && row?.enrichState === 'pending'; i++) {
        await new Promise((r) => setTimeout(r, 20));
        row = await bookRow(own.id);
      }
      // Waiting for the provider is not a failed attempt; it is due when the provider said.
      expect(row).toMatchObject({ enrichState: 'pending', enrichAttempts: 0 });
      const due = Date.parse(row?.enrichNextAt ?? '') - started;
      expect(due).toBeGreaterThanOrEqual(1900);
      expect(due).toBeLessThan(5000);
      // No timed sweep comes for 60 s: the job wakes itself when the wait is over.
      for (let i = 0; i < 200 && (await bookRow(own.id))?.enrichState !== 'done'; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(await bookRow(own.id)).toMatchObject({ enrichState: 'done', description: 'Waited.' });
      const asked = fake.requestsTo('/books/v1/volumes').filter((r) => r.query.get('q') === `isbn:${isbn}`);
      expect(asked).toHaveLength(2);
    } finally {
      await job.stop();
    }
  });

  it('honours a Retry-After given as an HTTP date, and asks that provider nothing before it', async () => {
    const isbn = nextIsbn();
    const own = await addOwn(alice, { title: 'Dated Limit', authors: ['Dee Ate'], isbn13: isbn });
    const until = new Date(Math.ceil((Date.now() + 120_000) / 1000) * 1000);
    fake.on('/books/v1/volumes', () => ({
      status: 429,
      headers: { 'retry-after': until.toUTCString() },
      body: { error: 'slow down' },
    }));
    fake.on('/ol/api/books', () => ({ body: {} }));
    fake.on('/ol/search.json', () => ({ body: openLibrarySearch([]) }));
    const job = newProcess().enrichment;
    await job.runOnce();
    const row = await bookRow(own.id);
    expect(row).toMatchObject({ enrichState: 'pending', enrichAttempts: 0 });
    expect(Math.abs(Date.parse(row?.enrichNextAt ?? '') - until.getTime())).toBeLessThan(2000);

    // Due again early (as if by hand): the same job does not ask Google before the date.
    await t.database.db.updateTable('books').set({ enrichNextAt: null }).where('id', '=', own.id).execute();
    const before = fake.requestsTo('/books/v1/volumes').length;
    await job.runOnce();
    expect(fake.requestsTo('/books/v1/volumes')).toHaveLength(before);
    expect(await bookRow(own.id)).toMatchObject({ enrichState: 'pending', enrichAttempts: 0 });
    await job.stop();
  });

  it('moves every reader’s data into the catalog’s existing record of the ISBN, and nothing else changes', async () => {
    const isbn = nextIsbn();
    const carol = await registerUser(t.app);
    const dave = await registerUser(t.app);
    // Alice's own book first; later the catalog gets the provider's record of the same ISBN.
    const own = await addOwn(alice, {
      title: 'Piranesi',
      authors: ['Susanna Clarke'],
      isbn13: isbn,
      pageCount: 1,
    });
    const entry = await shelve(alice, {
      bookId: own.id,
      status: 'read',
      rating: 4.5,
      review: 'Strange and lovely.',
      tags: ['fantasy', 'house'],
      finishedOn: '2024-02-03',
      visibility: 'public',
    });
    const reread = await injectAs(t.app, alice, {
      method: 'POST',
      url: `/api/library/${entry.id}/reads`,
      payload: { startedOn: '2024-05-01', finishedOn: '2024-05-09' },
    });
    expect(reread.statusCode, reread.body).toBe(201);
    const note = await injectAs(t.app, alice, {
      method: 'POST',
      url: '/api/notes',
      payload: { bookId: own.id, content: 'The statues.', page: 12 },
    });
    expect(note.statusCode, note.body).toBe(201);
    const journal = await injectAs(t.app, alice, {
      method: 'POST',
      url: '/api/journals',
      payload: { bookId: own.id, content: 'Reading Piranesi.' },
    });
    expect(journal.statusCode, journal.body).toBe(201);
    // Carol sees Alice's book through Alice's public entry and shelves it too.
    const carolEntry = await shelve(carol, { bookId: own.id, status: 'want_to_read' });

    providersKnow({
      google: [
        volume('piraG', isbn, {
          title: 'Piranesi',
          authors: ['Susanna Clarke'],
          pageCount: 272,
          description: 'A house.',
        }),
      ],
    });
    const lookup = await injectAs(t.app, bob, { method: 'GET', url: `/api/books/isbn/${isbn}` });
    const shared = lookup.json() as { id: number };
    expect(shared.id).not.toBe(own.id);
    const daveEntry = await shelve(dave, { bookId: shared.id, status: 'currently_reading', rating: 2 });
    const countsBefore = await counts();
    const readsBefore = (
      (await injectAs(t.app, alice, { method: 'GET', url: `/api/library/${entry.id}` })).json() as {
        reads: unknown[];
      }
    ).reads;
    expect(readsBefore.length).toBeGreaterThanOrEqual(1);

    await enrich();

    expect(await bookRow(own.id)).toBeUndefined();
    expect(await bookRow(shared.id)).toMatchObject({
      title: 'Piranesi',
      pageCount: 272,
      description: 'A house.',
      ownerId: null,
    });
    const moved = await injectAs(t.app, alice, { method: 'GET', url: `/api/library/${entry.id}` });
    expect(moved.json()).toMatchObject({
      id: entry.id,
      book: { id: shared.id, title: 'Piranesi' },
      status: 'read',
      rating: 4.5,
      review: 'Strange and lovely.',
      tags: ['fantasy', 'house'],
      finishedOn: '2024-02-03',
    });
    expect((moved.json() as { reads: unknown[] }).reads).toEqual(readsBefore);
    expect(await entryOf(alice, isbn)).toHaveLength(1);
    const notes = await injectAs(t.app, alice, { method: 'GET', url: `/api/notes?bookId=${shared.id}` });
    expect((notes.json() as { items: { content: string }[] }).items.map((n) => n.content)).toEqual([
      'The statues.',
    ]);
    const journals = await injectAs(t.app, alice, {
      method: 'GET',
      url: `/api/journals?bookId=${shared.id}`,
    });
    expect((journals.json() as { items: { content: string }[] }).items.map((j) => j.content)).toEqual([
      'Reading Piranesi.',
    ]);
    const activities = await t.database.db
      .selectFrom('activities')
      .select('bookId')
      .where('entryId', '=', entry.id)
      .execute();
    expect(activities.length).toBeGreaterThan(0);
    expect(activities.every((a) => a.bookId === shared.id)).toBe(true);
    expect(
      (await injectAs(t.app, carol, { method: 'GET', url: `/api/library/${carolEntry.id}` })).json(),
    ).toMatchObject({
      book: { id: shared.id },
      status: 'want_to_read',
    });
    expect(
      (await injectAs(t.app, dave, { method: 'GET', url: `/api/library/${daveEntry.id}` })).json(),
    ).toMatchObject({
      book: { id: shared.id },
      status: 'currently_reading',
      rating: 2,
    });
    // Nothing lost, nothing duplicated: only the emptied book is gone.
    expect(await counts()).toEqual({ ...countsBefore, books: countsBefore.books - 1 });
    // Alice's shelf sorts and searches it under the catalog's title.
    const search = await injectAs(t.app, alice, { method: 'GET', url: '/api/library?q=piranesi' });
    expect((search.json() as { items: { id: number }[] }).items.map((e) => e.id)).toEqual([entry.id]);
  });

  it('never merges two entries: a reader with both the own book and the catalog record keeps both', async () => {
    const isbn = nextIsbn();
    const own = await addOwn(bob, { title: 'Kindred', authors: ['Octavia E. Butler'], isbn13: isbn });
    const ownEntry = await shelve(bob, { bookId: own.id, status: 'read', rating: 5 });
    providersKnow({
      google: [
        volume('kin', isbn, { title: 'Kindred', authors: ['Octavia E. Butler'], publisher: 'Beacon' }),
      ],
    });
    // Bob's own lookup would answer his own book; another reader's stores the provider's record.
    const shared = (
      await injectAs(t.app, alice, { method: 'GET', url: `/api/books/isbn/${isbn}` })
    ).json() as {
      id: number;
    };
    expect(shared.id).not.toBe(own.id);
    const sharedEntry = await shelve(bob, { bookId: shared.id, status: 'want_to_read' });
    await enrich();
    expect(await bookRow(own.id)).toMatchObject({
      ownerId: bob.id,
      confirmedAt: null,
      publisher: 'Beacon',
      enrichState: 'done',
    });
    expect(
      (await injectAs(t.app, bob, { method: 'GET', url: `/api/library/${ownEntry.id}` })).json(),
    ).toMatchObject({
      book: { id: own.id },
      rating: 5,
    });
    expect(
      (await injectAs(t.app, bob, { method: 'GET', url: `/api/library/${sharedEntry.id}` })).json(),
    ).toMatchObject({
      book: { id: shared.id },
    });
  });

  it('resumes after a restart: a book a stopped process had claimed is taken again once its lease runs out', async () => {
    const isbn = nextIsbn();
    const own = await addOwn(alice, { title: 'Leased', authors: ['L Ease'], isbn13: isbn });
    // A process claimed it and died.
    await t.database.db
      .updateTable('books')
      .set({ enrichNextAt: new Date(Date.now() + 60_000).toISOString() })
      .where('id', '=', own.id)
      .execute();
    providersKnow({
      google: [volume('leased', isbn, { title: 'Leased', authors: ['L. Ease'], description: 'Resumed.' })],
    });
    expect(await enrich()).toBe(0);
    expect(await bookRow(own.id)).toMatchObject({ enrichState: 'pending' });

    await t.database.db
      .updateTable('books')
      .set({ enrichNextAt: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', own.id)
      .execute();
    // A new process (its own service and job) over the same database.
    const restarted = createBooksService(t.database, t.config, {
      remove: async () => {},
      write: async () => {},
    });
    expect(await restarted.enrichment.runOnce()).toBe(1);
    expect(await bookRow(own.id)).toMatchObject({ enrichState: 'done', description: 'Resumed.' });
  });

  it('does not let two processes enrich the same book twice', async () => {
    const isbns = Array.from({ length: 6 }, () => nextIsbn());
    const ids: number[] = [];
    for (const [i, isbn] of isbns.entries()) {
      ids.push((await addOwn(alice, { title: `Twice ${i}`, authors: ['T Wice'], isbn13: isbn })).id);
    }
    providersKnow({
      google: isbns.map((isbn, i) =>
        volume(`twice${i}`, isbn, { title: `Twice ${i}`, authors: ['T. Wice'] }),
      ),
    });
    const other = () =>
      createBooksService(t.database, t.config, { remove: async () => {}, write: async () => {} });
    const [a, b] = await Promise.all([other().enrichment.runOnce(), other().enrichment.runOnce()]);
    expect(a + b).toBe(isbns.length);
    for (const isbn of isbns) {
      expect(
        fake.requestsTo('/books/v1/volumes').filter((r) => r.query.get('q') === `isbn:${isbn}`),
      ).toHaveLength(1);
    }
    for (const id of ids) expect((await bookRow(id))?.enrichState).toBe('done');
  });
});

describe('moving a reader’s book into the catalog’s record', () => {
  it('knows every table that refers to a book (a new one must be moved too, or its rows would be lost)', async () => {
    const referring =
      testDialect === 'sqlite'
        ? await sql<{
            name: string;
          }>`select m.name as name from sqlite_master m, pragma_foreign_key_list(m.name) p
            where m.type = 'table' and p."table" = 'books'`.execute(t.database.db)
        : await sql<{
            name: string;
          }>`select tc.table_name as name from information_schema.table_constraints tc
            join information_schema.constraint_column_usage cu
              on cu.constraint_name = tc.constraint_name and cu.constraint_schema = tc.constraint_schema
            where tc.constraint_type = 'FOREIGN KEY' and cu.table_name = 'books'
              and tc.table_schema = current_schema()`.execute(t.database.db);
    // BooksRepository.mergeInto moves the rows of exactly these.
    expect([...new Set(referring.rows.map((r) => r.name))].sort()).toEqual([
      'activities',
      'journals',
      'library_entries',
      'notes',
    ]);
  });
});

async function counts() {
  const count = async (
    table: 'books' | 'libraryEntries' | 'reads' | 'entryTags' | 'notes' | 'journals' | 'activities',
  ) =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    books: await count('books'),
    entries: await count('libraryEntries'),
    reads: await count('reads'),
    tags: await count('entryTags'),
    notes: await count('notes'),
    journals: await count('journals'),
    activities: await count('activities'),
  };
}
