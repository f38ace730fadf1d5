import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, multipartFile, registerUser, type TestUser } from '../../../test/helpers.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/imports');
const fixture = (name: string) => readFile(path.join(FIXTURES, name));

let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

interface Job {
  id: number;
  status: string;
  total: number;
  processed: number;
  imported: number;
  skipped: number;
  failed: number;
  errors: { row: number; message: string }[];
}
interface Entry {
  status: string;
  format: string | null;
  ownership: string | null;
  rating: number | null;
  review: string | null;
  reviewHasSpoilers: boolean;
  startedOn: string | null;
  finishedOn: string | null;
  tags: string[];
  reads: { startedOn: string | null; finishedOn: string | null }[];
  createdAt: string;
  book: {
    id: number;
    title: string;
    authors: string[];
    isbn13: string | null;
    isbn10: string | null;
    pageCount: number | null;
    publishedDate: string | null;
    publisher: string | null;
    source: string;
  };
}

export async function upload(
  user: TestUser,
  source: string,
  content: Buffer,
  name = 'export.csv',
  type = 'text/csv',
) {
  const { payload, headers } = multipartFile(content, name, type);
  return t.app.inject({
    method: 'POST',
    url: `/api/imports?source=${source}`,
    headers: { ...headers, ...user.auth },
    payload,
  });
}

async function waitFor(user: TestUser, id: number): Promise<Job> {
  for (let i = 0; i < 400; i++) {
    const res = await t.app.inject({ method: 'GET', url: `/api/imports/${id}`, headers: user.auth });
    const job = res.json() as Job;
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('import did not finish');
}

async function importFile(user: TestUser, source: string, content: Buffer): Promise<Job> {
  const res = await upload(user, source, content);
  expect(res.statusCode, res.body).toBe(202);
  const created = res.json() as { id: number; status: string };
  expect(created.status).toBe('queued');
  return waitFor(user, created.id);
}

async function library(user: TestUser): Promise<Map<string, Entry>> {
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/library?limit=100&sort=title',
    headers: user.auth,
  });
  const items = (res.json() as { items: Entry[] }).items;
  return new Map(items.map((e) => [e.book.title, e]));
}

function at(map: Map<string, Entry>, title: string): Entry {
  const entry = map.get(title);
  if (!entry) throw new Error(`no entry for ${title}; have ${[...map.keys()].join(' | ')}`);
  return entry;
}

describe('Goodreads, current 23-column layout', () => {
  let reader: TestUser;
  let job: Job;
  let shelf: Map<string, Entry>;
  beforeAll(async () => {
    reader = await registerUser(t.app);
    job = await importFile(reader, 'goodreads', await fixture('goodreads-current.csv'));
    shelf = await library(reader);
  });

  it('reports every row', () => {
    expect(job).toMatchObject({ status: 'done', total: 8, processed: 8, imported: 6, skipped: 1, failed: 1 });
    expect(job.errors).toEqual([{ row: 7, message: 'no title' }]);
  });

  it('row 1: ="…" ISBNs, rating, binding, dates, shelves, HTML review, rereads, owned, cleaned author', () => {
    const dune = at(shelf, 'Dune');
    expect(dune.book).toMatchObject({
      authors: ['Frank Herbert'],
      isbn13: '9780441172719',
      isbn10: '0441172717',
      pageCount: 604,
      publishedDate: '1990',
      publisher: 'Ace Books',
      source: 'import',
    });
    expect(dune).toMatchObject({
      status: 'read',
      rating: 5,
      format: 'paperback',
      ownership: 'owned',
      finishedOn: '2023-01-15',
      startedOn: null,
      tags: ['sci-fi', 'favorites'],
      review: 'Great\n\nbook & more',
      reviewHasSpoilers: false,
    });
    expect(dune.createdAt.slice(0, 10)).toBe('2022-12-01');
    expect(dune.reads).toEqual([
      { id: expect.any(Number), startedOn: null, finishedOn: null },
      { id: expect.any(Number), startedOn: null, finishedOn: null },
    ]);
  });

  it('rows 2–3: broken ISBNs are no ISBN, My Rating 0 is none, Kindle/Audible formats, additional authors', () => {
    const one = at(shelf, 'Broken ISBN One');
    expect(one.book).toMatchObject({ isbn13: null, isbn10: null });
    expect(one).toMatchObject({
      status: 'want_to_read',
      rating: null,
      format: 'ebook',
      ownership: null,
      tags: [],
      finishedOn: null,
    });
    const two = at(shelf, 'Broken ISBN Two');
    expect(two.book).toMatchObject({ isbn13: null, authors: ['Bo Example', 'Cy Helper', 'Di Helper'] });
    expect(two).toMatchObject({
      status: 'currently_reading',
      rating: 3,
      format: 'audiobook',
      tags: ['audio'],
    });
  });

  it('row 4: a custom dnf shelf, multi-line review with a spoiler', () => {
    const dnf = at(shelf, 'A Dark Tale');
    expect(dnf).toMatchObject({
      status: 'did_not_finish',
      finishedOn: '2024-02-03',
      format: 'hardcover',
      rating: 2,
      reviewHasSpoilers: true,
      tags: ['dnf', 'horror'],
    });
    expect(dnf.review).toContain('Line one\nLine two');
    expect(dnf.review).toContain('he dies');
    expect(dnf.review).not.toContain('<');
  });

  it('Private Notes become a private note on the book, seen by its reader only', async () => {
    const dnf = at(shelf, 'A Dark Tale');
    const mine = await t.app.inject({
      method: 'GET',
      url: `/api/notes?bookId=${dnf.book.id}`,
      headers: reader.auth,
    });
    expect(mine.statusCode, mine.body).toBe(200);
    const notes = (mine.json() as { items: { content: string; visibility: string; quote: unknown }[] }).items;
    expect(notes).toEqual([
      expect.objectContaining({ content: 'my secret note', visibility: 'private', quote: null }),
    ]);
    // Rows without private notes get none.
    const dune = await t.app.inject({
      method: 'GET',
      url: `/api/notes?bookId=${at(shelf, 'Dune').book.id}`,
      headers: reader.auth,
    });
    expect((dune.json() as { items: unknown[] }).items).toEqual([]);
    const stranger = await registerUser(t.app);
    const id = (notes[0] as unknown as { id: number }).id;
    const theirs = await t.app.inject({ method: 'GET', url: `/api/notes/${id}`, headers: stranger.auth });
    expect(theirs.statusCode).toBe(404);
  });

  it('rows 5–6: right-to-left and CJK text; custom shelves with and without a read date', () => {
    const rtl = at(shelf, 'الخيميائي');
    expect(rtl).toMatchObject({
      status: 'read',
      finishedOn: '2021-05-07',
      format: 'audiobook',
      ownership: 'owned',
      tags: ['owned-books'],
    });
    expect(rtl.book.authors).toEqual(['باولو كويلو']);
    const cjk = at(shelf, 'ノルウェイの森');
    expect(cjk).toMatchObject({
      status: 'want_to_read',
      format: null,
      tags: ['favourites-2020', '日本'],
      review: '静かな本',
      reviewHasSpoilers: true,
    });
    expect(cjk.book.authors).toEqual(['村上 春樹']);
  });

  it('adds one activity for the whole import, none per book', async () => {
    const rows = await t.database.db
      .selectFrom('activities')
      .select(['type', 'visibility', 'data'])
      .where('userId', '=', reader.id)
      .execute();
    expect(rows).toEqual([
      {
        type: 'books_added',
        visibility: 'public',
        data: JSON.stringify({ count: 6, counts: { public: 6, followers: 0, private: 0 } }),
      },
    ]);
  });

  it('importing the same file again adds nothing and changes nothing', async () => {
    const again = await importFile(reader, 'goodreads', await fixture('goodreads-current.csv'));
    expect(again).toMatchObject({ status: 'done', imported: 0, skipped: 7, failed: 1 });
    const after = await library(reader);
    expect(after.size).toBe(shelf.size);
    expect(at(after, 'Dune').rating).toBe(5);
    const notes = await t.database.db
      .selectFrom('notes')
      .select('content')
      .where('userId', '=', reader.id)
      .execute();
    expect(notes).toEqual([{ content: 'my secret note' }]);
  });

  it("imported books are the reader's own: never another reader's, never shown by ISBN lookup or search", async () => {
    const other = await registerUser(t.app);
    const res = await importFile(other, 'goodreads', await fixture('goodreads-current.csv'));
    expect(res.imported).toBe(6);
    const theirs = await library(other);
    expect(at(theirs, 'Dune').book.isbn13).toBe('9780441172719');
    for (const title of ['Dune', 'A Dark Tale', 'الخيميائي']) {
      expect(at(theirs, title).book.id, title).not.toBe(at(shelf, title).book.id);
    }
    const stranger = await registerUser(t.app);
    const lookup = await t.app.inject({
      method: 'GET',
      url: '/api/books/isbn/9780441172719',
      headers: stranger.auth,
    });
    if (lookup.statusCode === 200) {
      expect((lookup.json() as { id: number }).id).not.toBe(at(shelf, 'Dune').book.id);
    } else {
      // Not in the shared catalog, and the providers are unreachable in tests.
      expect([404, 503]).toContain(lookup.statusCode);
    }
    const search = await t.app.inject({
      method: 'GET',
      url: `/api/books/search?q=${encodeURIComponent('Dark Tale')}`,
      headers: stranger.auth,
    });
    expect(search.statusCode).toBe(200);
    const found = (search.json() as { items: { id?: number | null }[] }).items.map((b) => b.id);
    expect(found).not.toContain(at(shelf, 'A Dark Tale').book.id);
    expect(found).not.toContain(at(theirs, 'A Dark Tale').book.id);
  });

  it('keeps imports to their reader', async () => {
    const stranger = await registerUser(t.app);
    const res = await t.app.inject({ method: 'GET', url: `/api/imports/${job.id}`, headers: stranger.auth });
    expect(res.statusCode).toBe(404);
    const list = await t.app.inject({ method: 'GET', url: '/api/imports', headers: stranger.auth });
    expect((list.json() as { items: Job[] }).items).toEqual([]);
    const mine = await t.app.inject({ method: 'GET', url: '/api/imports?limit=1', headers: reader.auth });
    const page = mine.json() as { items: Job[]; nextCursor: string | null };
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    expect((await t.app.inject({ method: 'GET', url: `/api/imports/${job.id}` })).statusCode).toBe(401);
  });
});

describe('Goodreads, older layouts found by column name', () => {
  it('the 24-column layout (Average Rating, no BOM, LF) and an "abandoned" shelf', async () => {
    const reader = await registerUser(t.app);
    expect(await importFile(reader, 'goodreads', await fixture('goodreads-24.csv'))).toMatchObject({
      imported: 2,
      failed: 0,
    });
    const shelf = await library(reader);
    expect(at(shelf, 'The Hobbit')).toMatchObject({
      status: 'read',
      rating: 4,
      finishedOn: '2019-08-20',
      format: 'paperback',
      tags: ['classics'],
    });
    expect(at(shelf, 'The Hobbit').book).toMatchObject({ isbn13: '9780618260300', pageCount: 366 });
    expect(at(shelf, 'Abandoned Thing')).toMatchObject({ status: 'did_not_finish', tags: ['abandoned'] });
  });

  it('the 31-column layout (purchase and condition columns ignored) and a "trashed" shelf', async () => {
    const reader = await registerUser(t.app);
    expect(await importFile(reader, 'goodreads', await fixture('goodreads-31.csv'))).toMatchObject({
      imported: 2,
    });
    const shelf = await library(reader);
    expect(at(shelf, 'Emma')).toMatchObject({
      status: 'read',
      rating: 5,
      finishedOn: '2012-11-30',
      format: 'paperback',
      ownership: 'owned',
      tags: ['classics', 're-read'],
    });
    expect(at(shelf, 'Emma').reads).toHaveLength(1);
    expect(at(shelf, 'Emma').book).toMatchObject({
      isbn13: '9780141439587',
      publishedDate: '1815',
      pageCount: 474,
    });
    expect(at(shelf, 'Trashed Book')).toMatchObject({ status: 'did_not_finish', tags: ['trashed'] });
  });
});

describe('StoryGraph', () => {
  it('maps status, quarter stars, date ranges, formats, owned, tags and content warnings', async () => {
    const reader = await registerUser(t.app);
    const job = await importFile(reader, 'storygraph', await fixture('storygraph.csv'));
    expect(job).toMatchObject({ status: 'done', total: 5, imported: 4, failed: 1 });
    expect(job.errors).toEqual([{ row: 5, message: 'unknown Read Status "maybe"' }]);
    const shelf = await library(reader);
    const piranesi = at(shelf, 'Piranesi');
    expect(piranesi).toMatchObject({
      status: 'read',
      rating: 4.5,
      format: 'hardcover',
      ownership: 'owned',
      startedOn: '2023-01-05',
      finishedOn: '2023-01-20',
      review: 'Lovely, strange.',
      tags: ['fantasy', 'cozy', 'cw: Violence', 'cw: Death'],
    });
    expect(piranesi.reads).toMatchObject([{ startedOn: '2021-03-01', finishedOn: '2021-03-10' }]);
    expect(piranesi.book.isbn13).toBe('9781635575637');
    expect(at(shelf, 'Project Hail Mary')).toMatchObject({
      status: 'currently_reading',
      format: 'audiobook',
      startedOn: '2024-06-01',
      finishedOn: null,
      rating: null,
      ownership: null,
    });
    const two = at(shelf, 'Two Hands');
    expect(two).toMatchObject({
      status: 'did_not_finish',
      format: 'ebook',
      rating: 3,
      finishedOn: '2022-02-02',
    });
    expect(two.book.authors).toEqual(['Ann One', 'Bo Two']);
    expect(at(shelf, 'Unread Book')).toMatchObject({
      status: 'want_to_read',
      format: null,
      finishedOn: null,
      reads: [],
    });
  });
});

describe('bad uploads', () => {
  let reader: TestUser;
  beforeAll(async () => {
    reader = await registerUser(t.app);
  });
  const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

  it('a PNG or a ZIP posted as CSV is 415', async () => {
    expect((await upload(reader, 'goodreads', PNG, 'x.csv')).statusCode).toBe(415);
    const zip = Buffer.from('504b0304140000000000000000000000000000000000000000000000000000', 'hex');
    expect((await upload(reader, 'storygraph', zip, 'x.csv')).statusCode).toBe(415);
  });

  it('an empty file, a header only, missing columns, a wrong source, no source are 400', async () => {
    expect((await upload(reader, 'goodreads', Buffer.from(''))).statusCode).toBe(400);
    const header = await upload(reader, 'goodreads', Buffer.from('Title,Author,Exclusive Shelf\n'));
    expect(header.statusCode).toBe(400);
    // A StoryGraph file said to be from Goodreads: the Goodreads columns it lacks are named.
    const wrong = await upload(reader, 'goodreads', await fixture('storygraph.csv'));
    expect(wrong.statusCode).toBe(400);
    expect((wrong.json() as { error: { details: { columns: string } } }).error.details.columns).toBe(
      'Author, Exclusive Shelf',
    );
    const unknown = await upload(reader, 'librarything', await fixture('goodreads-24.csv'));
    expect(unknown.statusCode).toBe(400);
    const { payload, headers } = multipartFile(await fixture('goodreads-24.csv'), 'x.csv', 'text/csv');
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/imports',
      headers: { ...headers, ...reader.auth },
      payload,
    });
    expect(none.statusCode).toBe(400);
    expect(JSON.stringify(none.json())).toContain('source');
    const list = await t.app.inject({ method: 'GET', url: '/api/imports', headers: reader.auth });
    expect((list.json() as { items: Job[] }).items).toEqual([]);
  });

  it('100,001 rows are refused', async () => {
    const rows = [
      'Title,Author,Exclusive Shelf',
      ...Array.from({ length: 100_001 }, (_, i) => `B${i},A,read`),
    ];
    const res = await upload(reader, 'goodreads', Buffer.from(rows.join('\n')));
    expect([400, 413]).toContain(res.statusCode);
  });

  it('anonymous is 401', async () => {
    const { payload, headers } = multipartFile(Buffer.from('Title\n'), 'x.csv', 'text/csv');
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/imports?source=goodreads', headers, payload }))
        .statusCode,
    ).toBe(401);
  });

  it('the source may come as a form field before the file', async () => {
    const boundary = 'xyzBoundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\ngoodreads\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="g.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      await fixture('goodreads-24.csv'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...reader.auth },
    });
    expect(res.statusCode, res.body).toBe(202);
    await waitFor(reader, (res.json() as { id: number }).id);
  });
});
