import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeBookProviders,
  googleVolume,
  googleVolumes,
  openLibrarySearch,
  startFakeBookProviders,
} from '../../../test/fake-book-providers.ts';
import { CachedProvider, TtlCache } from './providers/cache.ts';
import { GoogleBooksProvider } from './providers/google-books.provider.ts';
import { OpenLibraryProvider } from './providers/open-library.provider.ts';
import { looseDate } from './providers/parse.ts';
import { ProviderError } from './providers/provider.ts';

let fake: FakeBookProviders;
let google: GoogleBooksProvider;
let openLibrary: OpenLibraryProvider;
let impatientGoogle: GoogleBooksProvider;
let impatientOpenLibrary: OpenLibraryProvider;
// Generous for answers that come (a loaded test machine must not turn them into timeouts); the
// impatient providers meet a fake that never answers, so they time out whatever the load.
const TIMEOUT_MS = 10_000;
const SHORT_TIMEOUT_MS = 200;
const NEVER = 60_000;

beforeAll(async () => {
  fake = await startFakeBookProviders();
  google = new GoogleBooksProvider({ baseUrl: fake.googleUrl, apiKey: null, timeoutMs: TIMEOUT_MS });
  openLibrary = new OpenLibraryProvider({ baseUrl: fake.openLibraryUrl, timeoutMs: TIMEOUT_MS });
  impatientGoogle = new GoogleBooksProvider({
    baseUrl: fake.googleUrl,
    apiKey: null,
    timeoutMs: SHORT_TIMEOUT_MS,
  });
  impatientOpenLibrary = new OpenLibraryProvider({
    baseUrl: fake.openLibraryUrl,
    timeoutMs: SHORT_TIMEOUT_MS,
  });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe('Google Books', () => {
  it('reads a full volume: ISBNs, https covers, plain-text description, dates as given', async () => {
    fake.on('/books/v1/volumes', () => ({
      body: googleVolumes([
        googleVolume('zyTCAlFPjgYC', {
          title: 'The Google Story',
          subtitle: 'Inside the Hottest Business',
          authors: ['David A. Vise', 'Mark Malseed'],
          publisher: 'Random House Digital, Inc.',
          publishedDate: '2005-11-15',
          description:
            '<p>Here is the <b>story</b> behind one of the most remarkable companies&nbsp;&amp; more.<br>Second line.</p>',
          industryIdentifiers: [
            { type: 'ISBN_10', identifier: '055380457X' },
            { type: 'ISBN_13', identifier: '9780553804577' },
          ],
          pageCount: 207,
          categories: ['Browsers (Computer programs)'],
          imageLinks: {
            smallThumbnail:
              'http://books.google.com/books/content?id=zyTCAlFPjgYC&printsec=frontcover&img=1&zoom=5',
            thumbnail:
              'http://books.google.com/books/content?id=zyTCAlFPjgYC&printsec=frontcover&img=1&zoom=1',
          },
          language: 'en',
        }),
      ]),
    }));
    const [book] = await google.search('google story', 10);
    expect(book).toEqual({
      source: 'google',
      sourceId: 'zyTCAlFPjgYC',
      title: 'The Google Story',
      subtitle: 'Inside the Hottest Business',
      authors: ['David A. Vise', 'Mark Malseed'],
      isbn10: '055380457X',
      isbn13: '9780553804577',
      matchIsbn13s: ['9780553804577'],
      pageCount: 207,
      publishedDate: '2005-11-15',
      publisher: 'Random House Digital, Inc.',
      description: 'Here is the story behind one of the most remarkable companies & more.\nSecond line.',
      language: 'en',
      categories: ['Browsers (Computer programs)'],
      coverUrl: 'https://books.google.com/books/content?id=zyTCAlFPjgYC&printsec=frontcover&img=1&zoom=1',
    });
    const [request] = fake.requestsTo('/books/v1/volumes');
    expect(request?.query.get('q')).toBe('google story');
    expect(request?.query.get('maxResults')).toBe('10');
    expect(request?.query.has('key')).toBe(false);
  });

  it('answers an empty list when `items` is absent', async () => {
    fake.on('/books/v1/volumes', () => ({ body: { kind: 'books#volumes', totalItems: 0 } }));
    expect(await google.search('zzzz nothing', 10)).toEqual([]);
  });

  it('copes with sparse volumes: year or year-month dates, only an ISBN-10, no ISBN, no pages or covers', async () => {
    fake.on('/books/v1/volumes', () => ({
      body: googleVolumes([
        googleVolume('onlyTen', {
          title: 'Dune',
          authors: ['Frank Herbert'],
          publishedDate: '1990',
          industryIdentifiers: [{ type: 'ISBN_10', identifier: '0441172717' }],
          imageLinks: { smallThumbnail: 'http://books.google.com/small.jpg' },
        }),
        googleVolume('noIsbn', {
          title: 'A Pamphlet',
          publishedDate: '1871-03',
          industryIdentifiers: [{ type: 'OTHER', identifier: 'UOM:39015012345678' }],
        }),
        googleVolume('badDate', { title: 'Odd Dates', publishedDate: '1997-13-45', pageCount: 0 }),
        googleVolume('worse', { title: 'Worse Dates', publishedDate: 'sometime' }),
        { kind: 'books#volume', id: 'noInfo' },
        googleVolume('noTitle', { authors: ['Nobody'] }),
      ]),
    }));
    const books = await google.search('sparse', 10);
    expect(books.map((b) => b.sourceId)).toEqual(['onlyTen', 'noIsbn', 'badDate', 'worse']);
    const [dune, pamphlet, odd, worse] = books;
    expect(dune).toMatchObject({
      isbn10: '0441172717',
      isbn13: '9780441172719',
      publishedDate: '1990',
      pageCount: null,
      description: null,
      coverUrl: 'https://books.google.com/small.jpg',
    });
    expect(pamphlet).toMatchObject({
      isbn10: null,
      isbn13: null,
      matchIsbn13s: [],
      authors: [],
      publishedDate: '1871-03',
      coverUrl: null,
    });
    expect(odd).toMatchObject({ publishedDate: '1997', pageCount: null });
    expect(worse?.publishedDate).toBeNull();
  });

  it('ignores an identifier whose checksum is wrong', async () => {
    fake.on('/books/v1/volumes', () => ({
      body: googleVolumes([
        googleVolume('wrong', {
          title: 'Typo',
          industryIdentifiers: [{ type: 'ISBN_13', identifier: '9780441172710' }],
        }),
      ]),
    }));
    const [book] = await google.search('typo', 5);
    expect(book?.isbn13).toBeNull();
  });

  it('looks an ISBN up with q=isbn: and keeps only the volume that carries it', async () => {
    fake.on('/books/v1/volumes', () => ({
      body: googleVolumes([
        googleVolume('other', {
          title: 'Another Book',
          industryIdentifiers: [{ type: 'ISBN_13', identifier: '9780316769488' }],
        }),
        googleVolume('match', {
          title: 'Dune',
          industryIdentifiers: [{ type: 'ISBN_10', identifier: '0441172717' }],
        }),
      ]),
    }));
    const book = await google.byIsbn('9780441172719');
    expect(book?.sourceId).toBe('match');
    expect(fake.requestsTo('/books/v1/volumes')[0]?.query.get('q')).toBe('isbn:9780441172719');
  });

  it('fetches one volume by id, and answers null for an unknown one', async () => {
    fake.on('/books/v1/volumes/', (_q, path) =>
      path.endsWith('/known')
        ? { body: googleVolume('known', { title: 'Known' }) }
        : { status: 404, body: { error: { code: 404 } } },
    );
    expect((await google.byId('known'))?.title).toBe('Known');
    expect(await google.byId('unknown')).toBeNull();
    expect(await google.byId('../../etc')).toBeNull();
  });

  it('sends the API key when one is configured', async () => {
    fake.on('/books/v1/volumes', () => ({ body: googleVolumes([]) }));
    const keyed = new GoogleBooksProvider({
      baseUrl: fake.googleUrl,
      apiKey: 'k-123',
      timeoutMs: TIMEOUT_MS,
    });
    await keyed.search('anything', 5);
    expect(fake.requestsTo('/books/v1/volumes')[0]?.query.get('key')).toBe('k-123');
  });

  it('fails with a ProviderError on a server error, a rate limit, bad JSON or a slow answer', async () => {
    fake.on('/books/v1/volumes', () => ({
      status: 500,
      body: { error: { code: 500, message: 'Backend Error' } },
    }));
    expect(await failure(google.search('x', 5))).toMatchObject({ kind: 'error', status: 500 });

    fake.on('/books/v1/volumes', () => ({
      status: 429,
      headers: { 'retry-after': '30' },
      body: { error: { code: 429 } },
    }));
    expect(await failure(google.search('x', 5))).toMatchObject({
      kind: 'error',
      status: 429,
      retryAfterSeconds: 30,
    });

    fake.on('/books/v1/volumes', () => ({ raw: '{"kind": "books#volumes", "items": [' }));
    expect((await failure(google.search('x', 5))).message).toMatch(/invalid JSON/);

    fake.on('/books/v1/volumes', () => ({ raw: '"just a string"' }));
    expect((await failure(google.search('x', 5))).kind).toBe('error');

    fake.on('/books/v1/volumes', () => ({ delayMs: NEVER, body: googleVolumes([]) }));
    expect((await failure(impatientGoogle.search('x', 5))).kind).toBe('timeout');
  });

  it('fails with a ProviderError when nothing listens', async () => {
    const nowhere = new GoogleBooksProvider({
      baseUrl: 'http://127.0.0.1:9/books/v1',
      apiKey: null,
      timeoutMs: SHORT_TIMEOUT_MS,
    });
    expect((await failure(nowhere.search('x', 5))).kind).toMatch(/error|timeout/);
  });
});

describe('Open Library', () => {
  const foxDoc = {
    key: '/works/OL45804W',
    title: 'Fantastic Mr Fox',
    author_name: ['Roald Dahl'],
    isbn: ['9780140328721', '0140328726', 'not-an-isbn', '9780141439518'],
    number_of_pages_median: 96,
    first_publish_year: 1970,
    publisher: ['Puffin', 'Knopf'],
    language: ['eng', 'fre'],
    subject: ['Foxes', 'Fiction'],
    cover_i: 6498519,
  };

  it('reads search.json works: every edition ISBN for matching, a cover from cover_i, a year', async () => {
    fake.on('/ol/search.json', () => ({ body: openLibrarySearch([foxDoc]) }));
    const [book] = await openLibrary.search('fantastic mr fox', 10);
    expect(book).toEqual({
      source: 'openlibrary',
      sourceId: 'OL45804W',
      title: 'Fantastic Mr Fox',
      subtitle: null,
      authors: ['Roald Dahl'],
      isbn13: '9780140328721',
      isbn10: '0140328726',
      matchIsbn13s: ['9780140328721', '9780141439518'],
      pageCount: 96,
      publishedDate: '1970',
      publisher: 'Puffin',
      description: null,
      language: 'en',
      categories: ['Foxes', 'Fiction'],
      coverUrl: 'https://covers.openlibrary.org/b/id/6498519-M.jpg',
    });
    const [request] = fake.requestsTo('/ol/search.json');
    expect(request?.query.get('q')).toBe('fantastic mr fox');
    expect(request?.query.get('limit')).toBe('10');
    expect(request?.query.get('fields')).toContain('author_name');
  });

  it('copes with bare keys, no ISBN, no cover, no pages and empty answers', async () => {
    fake.on('/ol/search.json', () => ({
      body: openLibrarySearch([
        { key: 'OL1W', title: 'Bare Key' },
        { key: '/works/OL2W', title: 'Only Ten', isbn: ['0441172717'] },
        { key: '/authors/OL3A', title: 'Not A Work' },
        { title: 'No Key' },
      ]),
    }));
    const books = await openLibrary.search('odd', 10);
    expect(books.map((b) => b.sourceId)).toEqual(['OL1W', 'OL2W']);
    expect(books[0]).toMatchObject({
      isbn13: null,
      isbn10: null,
      coverUrl: null,
      pageCount: null,
      publishedDate: null,
    });
    expect(books[1]).toMatchObject({ isbn13: '9780441172719', isbn10: '0441172717' });

    fake.on('/ol/search.json', () => ({ body: { numFound: 0, start: 0, docs: [] } }));
    expect(await openLibrary.search('nothing', 10)).toEqual([]);
    fake.on('/ol/search.json', () => ({ body: { numFound: 0 } }));
    expect(await openLibrary.search('nothing at all', 10)).toEqual([]);
  });

  it('reads an edition from /api/books?jscmd=data, with a free-text date and a {type, value} description', async () => {
    fake.on('/ol/api/books', (q) =>
      q.get('bibkeys') === 'ISBN:9780140328721'
        ? {
            body: {
              'ISBN:9780140328721': {
                url: 'https://openlibrary.org/books/OL7353617M/Fantastic_Mr._Fox',
                key: '/books/OL7353617M',
                title: 'Fantastic Mr. Fox',
                authors: [{ url: 'https://openlibrary.org/authors/OL34184A/Roald_Dahl', name: 'Roald Dahl' }],
                number_of_pages: 96,
                identifiers: {
                  isbn_10: ['0140328726'],
                  isbn_13: ['9780140328721'],
                  openlibrary: ['OL7353617M'],
                },
                publishers: [{ name: 'Puffin' }],
                publish_date: 'October 1, 1988',
                subjects: [{ name: 'Animals', url: 'https://openlibrary.org/subjects/animals' }],
                description: { type: '/type/text', value: 'The foxes <i>outwit</i> three farmers.' },
                cover: {
                  small: 'http://covers.openlibrary.org/b/id/8739161-S.jpg',
                  medium: 'http://covers.openlibrary.org/b/id/8739161-M.jpg',
                  large: 'http://covers.openlibrary.org/b/id/8739161-L.jpg',
                },
              },
            },
          }
        : { body: {} },
    );
    const book = await openLibrary.byIsbn('9780140328721');
    expect(book).toMatchObject({
      source: 'openlibrary',
      sourceId: 'OL7353617M',
      title: 'Fantastic Mr. Fox',
      authors: ['Roald Dahl'],
      isbn13: '9780140328721',
      isbn10: '0140328726',
      pageCount: 96,
      publishedDate: '1988-10-01',
      publisher: 'Puffin',
      description: 'The foxes outwit three farmers.',
      categories: ['Animals'],
      coverUrl: 'https://covers.openlibrary.org/b/id/8739161-M.jpg',
    });
    const [request] = fake.requestsTo('/ol/api/books');
    expect(request?.query.get('jscmd')).toBe('data');
    expect(request?.query.get('format')).toBe('json');

    expect(await openLibrary.byIsbn('9780441172719')).toBeNull();
  });

  it('takes a plain-string description too', async () => {
    fake.on('/ol/api/books', () => ({
      body: {
        'ISBN:9780441172719': {
          key: '/books/OL1M',
          title: 'Dune',
          description: 'Desert planet.',
          publish_date: '1990',
        },
      },
    }));
    expect(await openLibrary.byIsbn('9780441172719')).toMatchObject({
      description: 'Desert planet.',
      publishedDate: '1990',
      isbn13: null,
      pageCount: null,
      coverUrl: null,
    });
  });

  it('fetches by id: editions through /api/books, works through a key: search', async () => {
    fake.on('/ol/api/books', (q) =>
      q.get('bibkeys') === 'OLID:OL7353617M'
        ? { body: { 'OLID:OL7353617M': { key: '/books/OL7353617M', title: 'Fox' } } }
        : { body: {} },
    );
    fake.on('/ol/search.json', (q) =>
      q.get('q') === 'key:"/works/OL45804W"'
        ? { body: openLibrarySearch([foxDoc]) }
        : { body: openLibrarySearch([]) },
    );
    expect((await openLibrary.byId('OL7353617M'))?.title).toBe('Fox');
    expect((await openLibrary.byId('OL45804W'))?.title).toBe('Fantastic Mr Fox');
    expect(await openLibrary.byId('OL99W')).toBeNull();
    expect(await openLibrary.byId('nonsense')).toBeNull();
  });

  it('fails with a ProviderError on errors, bad JSON and slow answers', async () => {
    fake.on('/ol/search.json', () => ({ status: 503, raw: '<html>Service Unavailable</html>' }));
    expect(await failure(openLibrary.search('x', 5))).toMatchObject({ kind: 'error', status: 503 });
    fake.on('/ol/search.json', () => ({ raw: '<html>not json</html>' }));
    expect((await failure(openLibrary.search('x', 5))).message).toMatch(/invalid JSON/);
    fake.on('/ol/api/books', () => ({ delayMs: NEVER, body: {} }));
    expect((await failure(impatientOpenLibrary.byIsbn('9780441172719'))).kind).toBe('timeout');
  });
});

describe('free-text dates', () => {
  it('keeps the precision the provider gave', () => {
    expect(looseDate('1997')).toBe('1997');
    expect(looseDate('March 2003')).toBe('2003-03');
    expect(looseDate('Sep 12, 2003')).toBe('2003-09-12');
    expect(looseDate('12 September 2003')).toBe('2003-09-12');
    expect(looseDate('2003-05-01')).toBe('2003-05-01');
    expect(looseDate('c1997')).toBe('1997');
    expect(looseDate('[1997?]')).toBe('1997');
    expect(looseDate('February 30, 2003')).toBe('2003-02');
    expect(looseDate('someday')).toBeNull();
    expect(looseDate(1970)).toBe('1970');
  });
});

describe('cache', () => {
  it('expires entries after their time and drops the least recently used when full', () => {
    let now = 0;
    const cache = new TtlCache<string>({ maxEntries: 2, ttlMs: 100, now: () => now });
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.get('a')).toBe('A'); // a is now the most recently used
    cache.set('c', 'C');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    now = 150;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('answers a repeated question from memory, shares one call between concurrent askers, and does not keep failures', async () => {
    const cached = new CachedProvider(
      new GoogleBooksProvider({ baseUrl: fake.googleUrl, apiKey: null, timeoutMs: TIMEOUT_MS }),
    );
    let fail = true;
    fake.on('/books/v1/volumes', () =>
      fail ? { status: 500, body: {} } : { body: googleVolumes([googleVolume('c1', { title: 'Cached' })]) },
    );
    await failure(cached.search('cache me', 5));
    fail = false;
    const [first, second] = await Promise.all([cached.search('cache me', 5), cached.search('cache me', 5)]);
    expect(first).toEqual(second);
    expect((await cached.search('cache me', 5))[0]?.title).toBe('Cached');
    expect(fake.requestsTo('/books/v1/volumes')).toHaveLength(2);

    // A search result is remembered for adding it by id without another request.
    expect((await cached.byId('c1'))?.title).toBe('Cached');
    expect(fake.requestsTo('/books/v1/volumes/')).toHaveLength(0);
  });
});
