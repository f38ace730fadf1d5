import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeBookProviders,
  googleVolume,
  googleVolumes,
  openLibrarySearch,
  startFakeBookProviders,
} from '../../../test/fake-book-providers.ts';
import { buildTestApp, registerUser, type TestUser, testDialect } from '../../../test/helpers.ts';
import type { SearchBookView, SearchResultView } from './books.schemas.ts';

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;

// The response schemas' own types (a search answer always lists its providers).
type BookJson = SearchBookView;
type SearchJson = Required<SearchResultView>;

let fake: FakeBookProviders;
let t: TestApp;
let reader: TestUser;

beforeAll(async () => {
  fake = await startFakeBookProviders();
  // Answers that come must not time out on a loaded test machine; timeouts get their own app.
  t = await buildTestApp({ ...fake.env, PROVIDER_TIMEOUT_MS: '10000' });
  reader = await registerUser(t.app);
});
afterAll(async () => {
  await t.close();
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

async function addBook(
  app: TestApp['app'],
  user: TestUser,
  body: Record<string, unknown>,
): Promise<BookJson> {
  const res = await app.inject({ method: 'POST', url: '/api/books', headers: user.auth, payload: body });
  if (res.statusCode !== 201) throw new Error(`addBook failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function search(app: TestApp['app'], user: TestUser, q: string, limit?: number): Promise<SearchJson> {
  const res = await app.inject({
    method: 'GET',
    url: '/api/books/search',
    headers: user.auth,
    query: { q, ...(limit ? { limit: String(limit) } : {}) },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const status = (result: SearchJson, name: string) => result.providers.find((p) => p.name === name)?.status;

describe('POST /api/books (manual add)', () => {
  it('adds a book with a canonical ISBN-13 worked out from an ISBN-10 with hyphens', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/books',
      headers: reader.auth,
      payload: {
        title: '  The Left Hand of Darkness ',
        authors: ['Ursula K. Le Guin'],
        isbn10: '0-441-47812-3',
        pageCount: 304,
        publishedDate: '1969-03',
        publisher: 'Ace',
        description: 'Winter.',
        coverUrl: 'https://example.test/cover.jpg',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({
      id: expect.any(Number),
      title: 'The Left Hand of Darkness',
      subtitle: null,
      authors: ['Ursula K. Le Guin'],
      isbn10: '0441478123',
      isbn13: '9780441478125',
      pageCount: 304,
      publishedDate: '1969-03',
      publisher: 'Ace',
      description: 'Winter.',
      language: null,
      categories: [],
      // Never the third-party address: our own copy once the background job has fetched it.
      coverUrl: null,
      coverThumbnailUrl: null,
      source: 'manual',
      sourceId: null,
    });
  });

  it('refuses a bad checksum with details naming the field, and changes nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/books',
      headers: reader.auth,
      payload: { title: 'Checksum', authors: ['A'], isbn13: '978-0-14-032872-2' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_isbn', details: { isbn13: expect.any(String) } });
    expect((await search(t.app, reader, 'checksum')).items).toEqual([]);

    const mismatch = await t.app.inject({
      method: 'POST',
      url: '/api/books',
      headers: reader.auth,
      payload: { title: 'Mismatch', authors: ['A'], isbn13: '9780140328721', isbn10: '0441172717' },
    });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.details).toHaveProperty('isbn10');
  });

  it('refuses unknown fields, missing fields, impossible dates and non-http covers', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 'X', authors: ['A'], rating: 5 }, 'rating'],
      [{ authors: ['A'] }, 'title'],
      [{ title: 'X' }, 'authors'],
      [{ title: 'X', authors: [] }, 'authors'],
      [{ title: 'X', authors: ['A'], publishedDate: '2023-02-30' }, 'publishedDate'],
      [{ title: 'X', authors: ['A'], publishedDate: 'yesterday' }, 'publishedDate'],
      [{ title: 'X', authors: ['A'], coverUrl: 'javascript:alert(1)' }, 'coverUrl'],
      [{ title: 'X', authors: ['A'], coverUrl: 'http://example.test/cover.jpg' }, 'coverUrl'],
      [{ title: '   ', authors: ['A'] }, 'title'],
      [{ title: 'X', authors: ['A'], pageCount: 0 }, 'pageCount'],
    ];
    for (const [payload, field] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/books', headers: reader.auth, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.details, JSON.stringify(payload)).toHaveProperty(field);
    }
  });

  it('answers 409 book_exists naming the stored book when the ISBN is already in the catalog', async () => {
    const first = await addBook(t.app, reader, {
      title: 'Catch-22',
      authors: ['Joseph Heller'],
      isbn13: '9780684833392',
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/books',
      headers: reader.auth,
      payload: { title: 'Catch 22 again', authors: ['J. Heller'], isbn10: '0-684-83339-5' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'book_exists', details: { bookId: first.id } });
  });

  it('needs a signed-in reader', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/books',
      payload: { title: 'X', authors: ['A'] },
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('GET /api/books/:id', () => {
  it('answers the book with the caller’s library entry (none yet)', async () => {
    const book = await addBook(t.app, reader, { title: 'Piranesi', authors: ['Susanna Clarke'] });
    const res = await t.app.inject({ method: 'GET', url: `/api/books/${book.id}`, headers: reader.auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: book.id, title: 'Piranesi', libraryEntry: null });
  });

  it('shows the caller’s own library entry, never another reader’s', async () => {
    const book = await addBook(t.app, reader, { title: 'Entry Holder', authors: ['Someone'] });
    const added = await t.app.inject({
      method: 'POST',
      url: '/api/library',
      headers: reader.auth,
      payload: { bookId: book.id, status: 'want_to_read' },
    });
    expect(added.statusCode, added.body).toBe(201);
    const mine = await t.app.inject({ method: 'GET', url: `/api/books/${book.id}`, headers: reader.auth });
    expect(mine.json().libraryEntry).toMatchObject({ status: 'want_to_read' });
    const other = await registerUser(t.app);
    const theirs = await t.app.inject({ method: 'GET', url: `/api/books/${book.id}`, headers: other.auth });
    expect(theirs.json().libraryEntry).toBeNull();
  });

  it('answers 404 for an unknown book and 400 for a malformed id', async () => {
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/books/999999', headers: reader.auth })).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/books/abc', headers: reader.auth })).statusCode,
    ).toBe(400);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/books/0', headers: reader.auth })).statusCode,
    ).toBe(400);
  });
});

describe('catalog full-text search', () => {
  beforeAll(async () => {
    await addBook(t.app, reader, {
      title: 'Du côté de chez Swann',
      subtitle: 'À la recherche du temps perdu',
      authors: ['Marcel Próust'],
      isbn13: '9782070754922',
    });
    await addBook(t.app, reader, { title: 'Le Temps retrouvé', authors: ['Marcel Proust'] });
    await addBook(t.app, reader, { title: 'Dune', authors: ['Frank Herbert'], isbn10: '0441172717' });
    await addBook(t.app, reader, { title: 'Dune Messiah', authors: ['Frank Herbert'] });
    await addBook(t.app, reader, { title: 'Children of Dune', authors: ['Frank Herbert'] });
    await addBook(t.app, reader, { title: 'Terre des hommes', authors: ['Antoine de Saint-Exupéry'] });
  });

  const titles = (result: SearchJson) => result.items.map((b) => b.title).sort();

  it(`matches prefixes as you type (${testDialect})`, async () => {
    expect(titles(await search(t.app, reader, 'prou'))).toEqual([
      'Du côté de chez Swann',
      'Le Temps retrouvé',
    ]);
    expect(titles(await search(t.app, reader, 'messi'))).toEqual(['Dune Messiah']);
    expect(titles(await search(t.app, reader, 'herb'))).toEqual(['Children of Dune', 'Dune', 'Dune Messiah']);
  });

  it('ignores diacritics in both the books and the query', async () => {
    expect(titles(await search(t.app, reader, 'Próust'))).toEqual([
      'Du côté de chez Swann',
      'Le Temps retrouvé',
    ]);
    expect(titles(await search(t.app, reader, 'proust cote'))).toEqual(['Du côté de chez Swann']);
    expect(titles(await search(t.app, reader, 'exupery'))).toEqual(['Terre des hommes']);
    expect(titles(await search(t.app, reader, 'SAINT-EXUPÉRY'))).toEqual(['Terre des hommes']);
  });

  it('needs every term (AND), across title, subtitle and authors', async () => {
    expect(titles(await search(t.app, reader, 'dune herbert'))).toEqual([
      'Children of Dune',
      'Dune',
      'Dune Messiah',
    ]);
    expect(titles(await search(t.app, reader, 'dune child'))).toEqual(['Children of Dune']);
    expect(titles(await search(t.app, reader, 'recherche perdu'))).toEqual(['Du côté de chez Swann']);
    expect(titles(await search(t.app, reader, 'dune proust'))).toEqual([]);
  });

  it('finds a book by its ISBN with hyphens or spaces, as ISBN-10 or ISBN-13, and by a partial ISBN', async () => {
    for (const q of ['978-2-07-075492-2', '2 07 075492 8', '9782070754922']) {
      expect(titles(await search(t.app, reader, q)), q).toEqual(['Du côté de chez Swann']);
    }
    expect(titles(await search(t.app, reader, '978-0-441-17'))).toEqual(['Dune']);
    expect(titles(await search(t.app, reader, '978-0-441'))).toEqual(['Dune', 'The Left Hand of Darkness']);
    expect(titles(await search(t.app, reader, '0441172717'))).toEqual(['Dune']);
  });

  it('takes any input without a query-language error', async () => {
    for (const q of [
      '"*:) OR',
      "'",
      '"',
      '*',
      'dune AND',
      'NOT dune',
      'dune OR herbert',
      'a & b | !c',
      'NEAR(x y)',
      '-dune',
      '^du',
      '\\',
      'dune:*',
      '(((',
    ]) {
      await search(t.app, reader, q);
    }
    expect(titles(await search(t.app, reader, '"dune*" (herbert'))).toEqual([
      'Children of Dune',
      'Dune',
      'Dune Messiah',
    ]);
  });

  it('honours the limit and validates the query', async () => {
    expect((await search(t.app, reader, 'dune', 2)).items).toHaveLength(2);
    const bad: Record<string, string>[] = [
      { q: '' },
      { q: 'x', limit: '0' },
      { q: 'x', limit: '41' },
      { q: 'x'.repeat(201) },
      {},
    ];
    for (const query of bad) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/books/search',
        headers: reader.auth,
        query,
      });
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/books/search?q=dune' })).statusCode).toBe(401);
  });
});

describe('search across providers', () => {
  it('merges catalog, Google and Open Library and de-duplicates by ISBN-13 (ISBN-10s converted)', async () => {
    const stored = await addBook(t.app, reader, {
      title: 'The Catcher in the Rye',
      authors: ['J. D. Salinger'],
      isbn13: '9780316769488',
    });
    fake.on('/books/v1/volumes', () => ({
      body: googleVolumes([
        // The same book, known to Google only by its ISBN-10.
        googleVolume('catcherG', {
          title: 'The Catcher in the Rye',
          authors: ['J.D. Salinger'],
          industryIdentifiers: [{ type: 'ISBN_10', identifier: '0316769487' }],
        }),
        googleVolume('nineStories', {
          title: 'Nine Stories',
          authors: ['J.D. Salinger'],
          industryIdentifiers: [{ type: 'ISBN_13', identifier: '9780316769501' }],
        }),
        googleVolume('letters', { title: 'Letters (no ISBN)', authors: ['J.D. Salinger'] }),
        googleVolume('letters', { title: 'Letters (no ISBN)', authors: ['J.D. Salinger'] }),
      ]),
    }));
    fake.on('/ol/search.json', () => ({
      body: openLibrarySearch([
        // The same book again, by ISBN-13, among the work's other editions.
        {
          key: '/works/OL3335245W',
          title: 'The Catcher in the Rye',
          author_name: ['J. D. Salinger'],
          isbn: ['9780241950425', '9780316769488'],
        },
        // Nine Stories again, known by another edition's ISBN-10.
        {
          key: '/works/OL3335292W',
          title: 'Nine Stories',
          author_name: ['J. D. Salinger'],
          isbn: ['0316769509'],
        },
        { key: '/works/OL1W', title: 'Franny and Zooey', author_name: ['J. D. Salinger'] },
      ]),
    }));

    const result = await search(t.app, reader, 'catcher rye');
    expect(result.items.map((b) => [b.title, b.id === null ? null : 'stored', b.source])).toEqual([
      ['The Catcher in the Rye', 'stored', 'manual'],
      ['Nine Stories', null, 'google'],
      ['Letters (no ISBN)', null, 'google'],
      ['Franny and Zooey', null, 'openlibrary'],
    ]);
    expect(result.items[0]?.id).toBe(stored.id);
    expect(result.items[1]).toMatchObject({ sourceId: 'nineStories', isbn13: '9780316769501' });
    expect(result.providers).toEqual([
      { name: 'google', status: 'ok' },
      { name: 'openlibrary', status: 'ok' },
    ]);
  });

  it('answers a provider result the catalog already holds as the stored book, with its id', async () => {
    fake.on('/books/v1/volumes', () => ({
      body: googleVolumes([googleVolume('storedOne', { title: 'Quiet Volume', authors: ['Q'] })]),
    }));
    const first = await search(t.app, reader, 'unusual words here');
    expect(first.items[0]).toMatchObject({ id: null, source: 'google', sourceId: 'storedOne' });
    const stored = await t.app.services.books.resolveBook(
      { source: 'google', sourceId: 'storedOne' },
      reader.id,
    );
    // The search answer was remembered: storing it asked Google nothing more.
    expect(fake.requestsTo('/books/v1/volumes/')).toHaveLength(0);

    fake.on('/books/v1/volumes', () => ({
      body: googleVolumes([googleVolume('storedOne', { title: 'Quiet Volume', authors: ['Q'] })]),
    }));
    const again = await search(t.app, reader, 'other unusual words');
    expect(again.items[0]).toMatchObject({ id: stored.id, source: 'google', sourceId: 'storedOne' });
  });

  it('keeps the other provider’s results and says what failed: an error or bad JSON', async () => {
    fake.on('/ol/search.json', () => ({
      body: openLibrarySearch([{ key: '/works/OL77W', title: 'Survivor', author_name: ['Someone'] }]),
    }));
    fake.on('/books/v1/volumes', () => ({ status: 500, body: { error: { code: 500 } } }));
    let result = await search(t.app, reader, 'survivor one');
    expect(result.items.map((b) => b.title)).toEqual(['Survivor']);
    expect(result.providers).toEqual([
      { name: 'google', status: 'error', message: expect.stringContaining('500') },
      { name: 'openlibrary', status: 'ok' },
    ]);

    fake.on('/books/v1/volumes', () => ({ raw: '{"items": [}' }));
    result = await search(t.app, reader, 'survivor two');
    expect(status(result, 'google')).toBe('error');
    expect(result.items.map((b) => b.title)).toEqual(['Survivor']);
  });

  it('asks each provider once per query (cache), and only when the catalog leaves room', async () => {
    fake.on('/books/v1/volumes', () => ({
      body: googleVolumes([googleVolume('once', { title: 'Once Only' })]),
    }));
    fake.on('/ol/search.json', () => ({ body: openLibrarySearch([]) }));
    await search(t.app, reader, 'asked once');
    await search(t.app, reader, '  Asked   ONCE ');
    expect(fake.requestsTo('/books/v1/volumes')).toHaveLength(1);
    expect(fake.requestsTo('/ol/search.json')).toHaveLength(1);

    const full = await search(t.app, reader, 'dune', 2);
    expect(full.items).toHaveLength(2);
    expect(full.providers.every((p) => p.status === 'skipped')).toBe(true);
    const short = await search(t.app, reader, 'du');
    expect(short.providers.every((p) => p.status === 'skipped')).toBe(true);
    expect(fake.requestsTo('/books/v1/volumes')).toHaveLength(1);
  });

  it('looks an ISBN query up by ISBN with each provider when the catalog lacks it', async () => {
    fake.on('/books/v1/volumes', () => ({ body: googleVolumes([]) }));
    fake.on('/ol/api/books', () => ({
      body: {
        'ISBN:9780143105428': {
          key: '/books/OL24274306M',
          title: 'Middlemarch',
          authors: [{ name: 'George Eliot' }],
        },
      },
    }));
    const result = await search(t.app, reader, '978-0-14-310542-8');
    expect(result.items).toEqual([
      expect.objectContaining({
        id: null,
        title: 'Middlemarch',
        isbn13: '9780143105428',
        source: 'openlibrary',
        sourceId: 'OL24274306M',
      }),
    ]);
    expect(fake.requestsTo('/books/v1/volumes')[0]?.query.get('q')).toBe('isbn:9780143105428');
  });
});

describe('search with no network at all', () => {
  it('answers from the catalog with 200 and a note per provider', async () => {
    const offline = await buildTestApp(); // providers point at a closed port
    try {
      const user = await registerUser(offline.app);
      await addBook(offline.app, user, { title: 'Offline Reading', authors: ['Local Author'] });
      const result = await search(offline.app, user, 'offline read');
      expect(result.items.map((b) => b.title)).toEqual(['Offline Reading']);
      expect(result.providers.map((p) => p.name)).toEqual(['google', 'openlibrary']);
      for (const provider of result.providers) expect(['error', 'timeout']).toContain(provider.status);
      const byIsbn = await offline.app.inject({
        method: 'GET',
        url: '/api/books/isbn/9780441172719',
        headers: user.auth,
      });
      expect(byIsbn.statusCode).toBe(503);
      expect(byIsbn.json().error.code).toBe('providers_unavailable');
    } finally {
      await offline.close();
    }
  });
});

describe('a provider that does not answer in time', () => {
  it('is reported as a timeout while the catalog still answers', async () => {
    const local = await startFakeBookProviders();
    const app = await buildTestApp({ ...local.env, PROVIDER_TIMEOUT_MS: '200' });
    try {
      const user = await registerUser(app.app);
      await addBook(app.app, user, { title: 'Patient Reader', authors: ['Slow Poke'] });
      local.on('/books/v1/volumes', () => ({ delayMs: 60_000, body: googleVolumes([]) }));
      local.on('/ol/search.json', () => ({ delayMs: 60_000, body: openLibrarySearch([]) }));
      const result = await search(app.app, user, 'patient reader');
      expect(result.items.map((b) => b.title)).toEqual(['Patient Reader']);
      expect(result.providers).toEqual([
        { name: 'google', status: 'timeout', message: expect.any(String) },
        { name: 'openlibrary', status: 'timeout', message: expect.any(String) },
      ]);
    } finally {
      await app.close();
      await local.close();
    }
  });
});

describe('a provider that rate-limits', () => {
  it('is left alone until its Retry-After has passed', async () => {
    const local = await startFakeBookProviders();
    const app = await buildTestApp({ ...local.env, PROVIDER_TIMEOUT_MS: '10000' });
    try {
      const user = await registerUser(app.app);
      local.on('/books/v1/volumes', () => ({ status: 429, headers: { 'retry-after': '120' }, body: {} }));
      local.on('/ol/search.json', () => ({ body: openLibrarySearch([]) }));
      const first = await search(app.app, user, 'limited one');
      expect(first.providers[0]).toMatchObject({
        name: 'google',
        status: 'error',
        message: expect.stringContaining('429'),
      });
      const second = await search(app.app, user, 'limited two');
      expect(second.providers[0]).toMatchObject({ name: 'google', status: 'skipped' });
      expect(status(second, 'openlibrary')).toBe('ok');
      expect(local.requestsTo('/books/v1/volumes')).toHaveLength(1);
    } finally {
      await app.close();
      await local.close();
    }
  });
});

describe('GET /api/books/isbn/:isbn', () => {
  it('answers 400 invalid_isbn for a bad checksum', async () => {
    for (const isbn of ['9780441172710', '0441172718', '12345', 'abcdefghij']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/books/isbn/${isbn}`, headers: reader.auth });
      expect(res.statusCode, isbn).toBe(400);
      expect(res.json().error.code).toBe('invalid_isbn');
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('answers from the catalog without asking anyone', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/books/isbn/2-07-075492-8',
      headers: reader.auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ title: 'Du côté de chez Swann', isbn13: '9782070754922' });
    expect(fake.requests).toHaveLength(0);
  });

  it('stores what a provider returns, filling gaps from the other, and answers from the catalog next time', async () => {
    fake.on('/books/v1/volumes', () => ({
      body: googleVolumes([
        googleVolume('harryG', {
          title: "Harry Potter and the Philosopher's Stone",
          authors: ['J. K. Rowling'],
          industryIdentifiers: [{ type: 'ISBN_13', identifier: '9780747532699' }],
          imageLinks: { thumbnail: 'http://books.google.com/hp.jpg' },
        }),
      ]),
    }));
    fake.on('/ol/api/books', () => ({
      body: {
        'ISBN:9780747532699': { key: '/books/OL1M', title: 'HP', number_of_pages: 223, publish_date: '1997' },
      },
    }));
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/books/isbn/0-7475-3269-9',
      headers: reader.auth,
    });
    expect(res.statusCode, res.body).toBe(200);
    const book = res.json();
    expect(book).toMatchObject({
      id: expect.any(Number),
      title: "Harry Potter and the Philosopher's Stone",
      isbn13: '9780747532699',
      isbn10: '0747532699',
      pageCount: 223,
      publishedDate: '1997',
      coverUrl: null,
      source: 'google',
      sourceId: 'harryG',
    });
    fake.reset();
    const again = await t.app.inject({
      method: 'GET',
      url: '/api/books/isbn/9780747532699',
      headers: reader.auth,
    });
    expect(again.json().id).toBe(book.id);
    expect(fake.requests).toHaveLength(0);
    const found = await search(t.app, reader, 'philosopher stone');
    expect(found.items.map((b) => b.id)).toContain(book.id);
  });

  it('answers 404 when every provider says it does not know the ISBN', async () => {
    fake.on('/books/v1/volumes', () => ({ body: googleVolumes([]) }));
    fake.on('/ol/api/books', () => ({ body: {} }));
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/books/isbn/9781400079988',
      headers: reader.auth,
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('resolveBook (for the library)', () => {
  it('finds by id, by ISBN and by provider record, storing each book once', async () => {
    const books = t.app.services.books;
    const manual = await addBook(t.app, reader, { title: 'Resolve Me', authors: ['R'] });
    expect((await books.resolveBook({ bookId: manual.id as number }, reader.id)).title).toBe('Resolve Me');
    await expect(books.resolveBook({ bookId: 987654 }, reader.id)).rejects.toMatchObject({ statusCode: 404 });
    await expect(books.resolveBook({ isbn: '123' }, reader.id)).rejects.toMatchObject({
      statusCode: 400,
      code: 'invalid_isbn',
    });
    await expect(books.resolveBook({ source: 'amazon', sourceId: 'x' }, reader.id)).rejects.toMatchObject({
      statusCode: 400,
    });

    fake.on('/ol/search.json', (q) =>
      q.get('q') === 'key:"/works/OL5W"'
        ? {
            body: openLibrarySearch([
              { key: '/works/OL5W', title: 'A Work', author_name: ['W'], isbn: ['9780679783268'] },
            ]),
          }
        : { body: openLibrarySearch([]) },
    );
    const work = await books.resolveBook({ source: 'openlibrary', sourceId: 'OL5W' }, reader.id);
    expect(work).toMatchObject({
      title: 'A Work',
      isbn13: '9780679783268',
      source: 'openlibrary',
      sourceId: 'OL5W',
    });
    expect((await books.resolveBook({ source: 'openlibrary', sourceId: 'OL5W' }, reader.id)).id).toBe(
      work.id,
    );
    expect((await books.resolveBook({ isbn: '0-679-78326-1' }, reader.id)).id).toBe(work.id);
    await expect(
      books.resolveBook({ source: 'openlibrary', sourceId: 'OL6W' }, reader.id),
    ).rejects.toMatchObject({
      statusCode: 404,
    });

    fake.on('/books/v1/volumes/', () => ({ status: 500, body: {} }));
    await expect(
      books.resolveBook({ source: 'google', sourceId: 'brokenOne' }, reader.id),
    ).rejects.toMatchObject({
      statusCode: 503,
    });
  });
});

describe('openapi', () => {
  it('documents every catalog route', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    const paths = Object.keys(res.json().paths);
    for (const path of ['/api/books/search', '/api/books/isbn/{isbn}', '/api/books', '/api/books/{id}']) {
      expect(paths).toContain(path);
    }
  });
});
