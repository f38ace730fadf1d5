import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type FakeBookProviders,
  googleVolume,
  googleVolumes,
  openLibrarySearch,
  startFakeBookProviders,
} from '../../../test/fake-book-providers.ts';
import { buildTestApp, multipartFile, registerUser, type TestUser } from '../../../test/helpers.ts';

/**
 * A finished import wakes the enrichment job of the process that ran it at once, across the import
 * thread's boundary (the job runs in the server's thread, the import in its own), instead of the
 * new books waiting for the next timed sweep (an hour here).
 */
type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
let fake: FakeBookProviders;
let t: TestApp;
let reader: TestUser;

const ISBN = '9780306406157';
const HEADER =
  'Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Publisher,Binding,Number of Pages,Year Published,Original Publication Year,Date Read,Date Added,Bookshelves,Bookshelves with positions,Exclusive Shelf,My Review,Spoiler,Private Notes,Read Count,Owned Copies';
const ROW = `1,The Kicked Book,Kim Ick,"Ick, Kim",,="",="${ISBN}",4,Pub,Paperback,200,2020,,2024/03/01,2024/01/01,,,read,,,,1,0`;

beforeAll(async () => {
  fake = await startFakeBookProviders();
  fake.on('/books/v1/volumes', (q) =>
    q.get('q') === `isbn:${ISBN}`
      ? {
          body: googleVolumes([
            googleVolume('kick', {
              title: 'The Kicked Book',
              authors: ['Kim Ick'],
              description: 'Completed right after the import.',
              industryIdentifiers: [{ type: 'ISBN_13', identifier: ISBN }],
            }),
          ]),
        }
      : { body: googleVolumes([]) },
  );
  fake.on('/ol/api/books', () => ({ body: {} }));
  fake.on('/ol/search.json', () => ({ body: openLibrarySearch([]) }));
  t = await buildTestApp({
    ...fake.env,
    PROVIDER_TIMEOUT_MS: '10000',
    ENRICH_REQUESTS_PER_SECOND: '20',
    ENRICH_SWEEP_SECONDS: '3600',
  });
  reader = await registerUser(t.app);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

it('wakes the enrichment job when an import finishes, not at its next sweep', async () => {
  const { payload, headers } = multipartFile(
    Buffer.from(`${HEADER}\r\n${ROW}\r\n`),
    'goodreads_library_export.csv',
    'text/csv',
  );
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/imports?source=goodreads',
    headers: { ...headers, ...reader.auth },
    payload,
  });
  expect(res.statusCode, res.body).toBe(202);
  const { id } = res.json() as { id: number };
  let status = 'queued';
  for (let i = 0; i < 600 && status !== 'done' && status !== 'failed'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    status = (
      (await t.app.inject({ method: 'GET', url: `/api/imports/${id}`, headers: reader.auth })).json() as {
        status: string;
      }
    ).status;
  }
  expect(status).toBe('done');
  // The job's own sweep ran at start (nothing waited then); the next is an hour away.
  let book: { enrichState: string; description: string | null } | undefined;
  for (let i = 0; i < 200; i++) {
    book = await t.database.db
      .selectFrom('books')
      .select(['enrichState', 'description'])
      .where('isbn13', '=', ISBN)
      .executeTakeFirst();
    if (book?.enrichState === 'done') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(book).toEqual({ enrichState: 'done', description: 'Completed right after the import.' });
  expect(fake.requestsTo('/books/v1/volumes').map((r) => r.query.get('q'))).toEqual([`isbn:${ISBN}`]);
});
