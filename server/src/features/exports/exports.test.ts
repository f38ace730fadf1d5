import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { buildBook } from '../../../test/factories.ts';
import { buildTestApp, multipartFile, registerUser, type TestUser } from '../../../test/helpers.ts';
import { blankPng } from '../../../test/images.ts';
import { type ExportDocument, ExportSchema } from './export.schemas.ts';
import { GOODREADS_COLUMNS, inert } from './goodreads-csv.ts';

const SCHEMA_FILE = path.resolve(import.meta.dirname, '../../../../docs/export-v2.schema.json');
const SCHEMA_V1_FILE = path.resolve(import.meta.dirname, '../../../../docs/export-v1.schema.json');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let t: Awaited<ReturnType<typeof buildTestApp>>;
let reader: TestUser;
beforeAll(async () => {
  t = await buildTestApp();
  reader = await registerUser(t.app);
  const add = async (
    book: Parameters<typeof buildBook>[1],
    entry: Record<string, unknown>,
    rereads: unknown[] = [],
  ) => {
    const stored = await buildBook(t.database.db, book);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/library',
      headers: reader.auth,
      payload: { bookId: stored.id, ...entry },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: number }).id;
    for (const r of rereads) {
      await t.app.inject({
        method: 'POST',
        url: `/api/library/${id}/reads`,
        headers: reader.auth,
        payload: r as Record<string, unknown>,
      });
    }
  };
  await add(
    { title: 'Round Trip', authors: ['Ann Author', 'Bo Second'], pageCount: 250, isbn13: '9780441172719' },
    {
      status: 'read',
      rating: 4.5,
      format: 'ebook',
      ownership: 'owned',
      finishedOn: '2024-03-02',
      startedOn: '2024-02-01',
      tags: ['fantasy', 'Fav Shelf'],
      review: 'Loved it.\nSecond line & <stuff>',
      reviewHasSpoilers: true,
    },
    [{ startedOn: '2025-01-01', finishedOn: '2025-01-09' }],
  );
  await add(
    { title: '=cmd|calc', authors: ['-Minus Man'], pageCount: null },
    { status: 'want_to_read', tags: ['@home'] },
  );
  await add(
    { title: 'Middle', authors: ['Cy'], pageCount: 120 },
    { status: 'currently_reading', startedOn: '2025-05-05', format: 'audiobook' },
  );
  await add(
    { title: 'Gave Up', authors: ['Dee'], pageCount: 90 },
    { status: 'did_not_finish', finishedOn: '2025-06-01', rating: 1 },
  );
  await t.app.inject({
    method: 'PUT',
    url: '/api/goals/2025',
    headers: reader.auth,
    payload: { target: 20, pagesTarget: 5000 },
  });
  const roundTrip = (
    await t.app.inject({ method: 'GET', url: '/api/library?limit=100', headers: reader.auth })
  ).json() as { items: { book: { id: number; title: string } }[] };
  const bookId = roundTrip.items.find((e) => e.book.title === 'Round Trip')?.book.id;
  const journal = await t.app.inject({
    method: 'POST',
    url: '/api/journals',
    headers: reader.auth,
    payload: { content: 'Day one: *started* it.', bookId, page: 12, visibility: 'followers' },
  });
  expect(journal.statusCode, journal.body).toBe(201);
  await t.app.inject({
    method: 'POST',
    url: '/api/journals',
    headers: reader.auth,
    payload: { content: 'A day without a book.' },
  });
  const note = await t.app.inject({
    method: 'POST',
    url: '/api/notes',
    headers: reader.auth,
    payload: {
      bookId,
      content: 'Why the spice?',
      quote: 'Fear is the mind-killer.',
      page: 8,
      location: 'ch. 1',
    },
  });
  expect(note.statusCode, note.body).toBe(201);
  noteId = (note.json() as { id: number }).id;
  for (const [data, name, type] of [
    [blankPng(40, 30), 'map.png', 'image/png'],
    [Buffer.from('plain words\nand a second line\n'), 'words.txt', 'text/plain'],
    [PDF, 'paper.pdf', 'application/pdf'],
  ] as const) {
    const { payload, headers } = multipartFile(data, name, type);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/notes/${noteId}/attachments`,
      headers: { ...headers, ...reader.auth },
      payload,
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const friend = await registerUser(t.app);
  const pest = await registerUser(t.app);
  followed = friend.username;
  blocked = pest.username;
  expect(
    (await t.app.inject({ method: 'PUT', url: `/api/users/${friend.username}/follow`, headers: reader.auth }))
      .statusCode,
  ).toBe(204);
  expect(
    (await t.app.inject({ method: 'PUT', url: `/api/users/${pest.username}/block`, headers: reader.auth }))
      .statusCode,
  ).toBe(204);
});
let noteId: number;
let followed: string;
let blocked: string;

/** The files of a reader's notes, as the API serves them, by file name. */
async function attachmentHashes(user: TestUser): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const notes = (
    await t.app.inject({ method: 'GET', url: '/api/notes?limit=100', headers: user.auth })
  ).json() as {
    items: { id: number; attachments: { id: number; fileName: string }[] }[];
  };
  for (const n of notes.items) {
    for (const a of n.attachments) {
      const file = await t.app.inject({
        method: 'GET',
        url: `/api/notes/${n.id}/attachments/${a.id}`,
        headers: user.auth,
      });
      expect(file.statusCode).toBe(200);
      out.set(a.fileName, sha256(file.rawPayload));
    }
  }
  return out;
}
afterAll(async () => {
  await t.close();
});

const get = (user: TestUser | null, format: string) =>
  t.app.inject({ method: 'GET', url: `/api/export?format=${format}`, headers: user ? user.auth : {} });

async function importAndWait(user: TestUser, source: string, content: Buffer, name: string, type: string) {
  const { payload, headers } = multipartFile(content, name, type);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/imports?source=${source}`,
    headers: { ...headers, ...user.auth },
    payload,
  });
  expect(res.statusCode, res.body).toBe(202);
  const id = (res.json() as { id: number }).id;
  for (let i = 0; i < 400; i++) {
    const job = (
      await t.app.inject({ method: 'GET', url: `/api/imports/${id}`, headers: user.auth })
    ).json() as { status: string; imported: number; skipped: number; failed: number };
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('import did not finish');
}

interface EntryJson {
  status: string;
  rating: number | null;
  format: string | null;
  ownership: string | null;
  startedOn: string | null;
  finishedOn: string | null;
  tags: string[];
  review: string | null;
  reviewHasSpoilers: boolean;
  visibility: string;
  reads: { startedOn: string | null; finishedOn: string | null }[];
  book: { title: string; authors: string[]; isbn13: string | null; pageCount: number | null };
}
async function shelf(user: TestUser): Promise<Map<string, EntryJson>> {
  const res = await t.app.inject({ method: 'GET', url: '/api/library?limit=100', headers: user.auth });
  return new Map((res.json() as { items: EntryJson[] }).items.map((e) => [e.book.title, e]));
}

describe('GET /api/export?format=csv', () => {
  it('writes Goodreads columns with a BOM and inert formula cells', async () => {
    const res = await get(reader, 'csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="book-tracker-.*\.csv"/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(res.rawPayload, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([...GOODREADS_COLUMNS]);
    const byTitle = new Map(rows.map((r) => [r.Title, r]));
    expect(byTitle.get('Round Trip')).toMatchObject({
      Author: 'Ann Author',
      'Author l-f': 'Author, Ann',
      'Additional Authors': 'Bo Second',
      ISBN13: '9780441172719',
      ISBN: '',
      'My Rating': '4.5',
      Binding: 'Kindle Edition',
      'Date Read': '2024/03/02',
      'Exclusive Shelf': 'read',
      Bookshelves: 'fantasy, Fav Shelf',
      'Read Count': '2',
      'Owned Copies': '1',
      Spoiler: 'true',
      'My Review': 'Loved it.<br/>Second line &amp; &lt;stuff&gt;',
      'Number of Pages': '250',
    });
    expect(byTitle.has("'=cmd|calc")).toBe(true);
    expect(byTitle.get("'=cmd|calc")).toMatchObject({
      Author: "'-Minus Man",
      Bookshelves: "'@home",
      'Exclusive Shelf': 'to-read',
    });
    expect(byTitle.get('Gave Up')).toMatchObject({ 'Exclusive Shelf': 'did-not-finish', 'My Rating': '1' });
  });

  it('inert() leaves ordinary text alone', () => {
    expect(inert('Dune')).toBe('Dune');
    expect(inert('+1')).toBe("'+1");
    expect(inert('\tx')).toBe("'\tx");
  });

  it('imports back into a new account with the same entries, ratings, dates and tags', async () => {
    const csv = (await get(reader, 'csv')).rawPayload;
    const fresh = await registerUser(t.app);
    const job = await importAndWait(fresh, 'goodreads', csv, 'export.csv', 'text/csv');
    expect(job).toMatchObject({ status: 'done', imported: 4, failed: 0 });
    const [before, after] = [await shelf(reader), await shelf(fresh)];
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [title, old] of before) {
      const now = after.get(title);
      expect(now, title).toMatchObject({
        status: old.status,
        rating: old.rating,
        format: old.format,
        ownership: old.ownership,
        finishedOn: old.finishedOn,
        review: old.review,
        reviewHasSpoilers: old.reviewHasSpoilers,
        // Goodreads has no shelf for "did not finish": ours is a custom shelf, and custom shelves become tags.
        tags: old.status === 'did_not_finish' ? ['did-not-finish', ...old.tags] : old.tags,
      });
      expect(now?.reads.length, title).toBe(old.reads.length);
      expect(now?.book.authors, title).toEqual(old.book.authors);
    }
  });
});

describe('GET /api/export?format=json', () => {
  it('is the documented, versioned document, valid against docs/export-v1.schema.json', async () => {
    const res = await get(reader, 'json');
    expect(res.statusCode).toBe(200);
    const doc = res.json() as ExportDocument;
    expect(Value.Check(ExportSchema, doc)).toBe(true);
    expect(doc).toMatchObject({
      format: 'book-tracker-export',
      version: 2,
      profile: { username: reader.username, email: reader.email },
      follows: [{ username: followed }],
      blocks: [{ username: blocked }],
    });
    expect(doc.journals).toEqual([
      expect.objectContaining({
        content: 'Day one: *started* it.',
        page: 12,
        visibility: 'followers',
        book: expect.objectContaining({ title: 'Round Trip', isbn13: '9780441172719' }),
      }),
      expect.objectContaining({ content: 'A day without a book.', book: null, page: null }),
    ]);
    expect(doc.notes).toEqual([
      expect.objectContaining({
        id: 1,
        content: 'Why the spice?',
        quote: 'Fear is the mind-killer.',
        page: 8,
        location: 'ch. 1',
        visibility: 'private',
        book: expect.objectContaining({ title: 'Round Trip' }),
      }),
    ]);
    expect(doc.attachments.map((a) => [a.noteId, a.fileName, a.mimeType])).toEqual([
      [1, 'map.png', 'image/png'],
      [1, 'words.txt', 'text/plain; charset=utf-8'],
      [1, 'paper.pdf', 'application/pdf'],
    ]);
    const served = await attachmentHashes(reader);
    for (const a of doc.attachments) expect(a.sha256, a.fileName).toBe(served.get(a.fileName));
    expect(doc.goals).toEqual([{ year: 2025, target: 20, pagesTarget: 5000 }]);
    const round = doc.entries.find((e) => e.book.title === 'Round Trip');
    expect(round).toMatchObject({
      rating: 4.5,
      startedOn: '2024-02-01',
      finishedOn: '2024-03-02',
      tags: ['fantasy', 'Fav Shelf'],
      reads: [{ startedOn: '2025-01-01', finishedOn: '2025-01-09' }],
    });
  });

  it('the JSON Schema file in the repository is the one the server checks with', async () => {
    const expected = `${JSON.stringify(ExportSchema, null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA) await writeFile(SCHEMA_FILE, expected);
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(expected);
  });

  it('restores follows and blocks of readers this instance has, skipping the others', async () => {
    const doc = (await get(reader, 'json')).json() as ExportDocument;
    const fresh = await registerUser(t.app);
    const closed = await registerUser(t.app);
    // A reader who blocked the importer cannot be followed; one the importer blocks is not followed either.
    expect(
      (await t.app.inject({ method: 'PUT', url: `/api/users/${fresh.username}/block`, headers: closed.auth }))
        .statusCode,
    ).toBe(204);
    const at = '2024-01-01T00:00:00.000Z';
    const handmade: ExportDocument = {
      ...doc,
      entries: [],
      journals: [],
      notes: [],
      goals: [],
      attachments: [],
      follows: [
        { username: followed, createdAt: at },
        { username: 'nobody_here_at_all', createdAt: at },
        { username: fresh.username, createdAt: at },
        { username: closed.username, createdAt: at },
        { username: blocked, createdAt: at },
      ],
      blocks: [
        { username: blocked, createdAt: at },
        { username: 'gone_reader_xyz', createdAt: at },
      ],
    };
    const body = Buffer.from(JSON.stringify(handmade));
    const job = await importAndWait(fresh, 'book-tracker', body, 'export.json', 'application/json');
    // Imported: the follow of `followed`, the block of `blocked`; the rest skipped, none failed.
    expect(job).toMatchObject({ status: 'done', imported: 2, skipped: 5, failed: 0 });
    const following = (
      await t.app.inject({
        method: 'GET',
        url: `/api/users/${fresh.username}/following`,
        headers: fresh.auth,
      })
    ).json() as { items: { username: string }[] };
    expect(following.items.map((u) => u.username)).toEqual([followed]);
    const blocks = (
      await t.app.inject({ method: 'GET', url: '/api/me/blocks', headers: fresh.auth })
    ).json() as { items: { username: string }[] };
    expect(blocks.items.map((u) => u.username)).toEqual([blocked]);
    // Again: nothing new.
    const again = await importAndWait(fresh, 'book-tracker', body, 'export.json', 'application/json');
    expect(again).toMatchObject({ status: 'done', imported: 0, skipped: 7, failed: 0 });
  });

  it('version 1 documents (docs/export-v1.schema.json) still validate and import', async () => {
    const doc = (await get(reader, 'json')).json() as ExportDocument;
    const { journals: _j, notes: _n, follows: _f, blocks: _b, ...rest } = doc;
    const v1 = {
      ...rest,
      version: 1,
      profile: { ...doc.profile, email: undefined },
      attachments: [],
    };
    delete v1.profile.email;
    expect(Value.Check(ExportSchema, v1)).toBe(true);
    const schemaV1 = JSON.parse(await readFile(SCHEMA_V1_FILE, 'utf8')) as {
      properties: { version: unknown };
    };
    expect(schemaV1.properties.version).toEqual({ const: 1, type: 'number' });
    const fresh = await registerUser(t.app);
    const job = await importAndWait(
      fresh,
      'book-tracker',
      Buffer.from(JSON.stringify(v1)),
      'export-v1.json',
      'application/json',
    );
    expect(job).toMatchObject({ status: 'done', imported: 5, failed: 0 });
    expect((await shelf(fresh)).size).toBe(4);
  });

  it('imports back into a new account with every field, rereads dated', async () => {
    const json = (await get(reader, 'json')).rawPayload;
    const fresh = await registerUser(t.app);
    // 4 entries, 2 journal entries, 1 note, 1 goal, 1 block, 1 follow; the JSON alone brings no files back.
    expect(await importAndWait(fresh, 'book-tracker', json, 'export.json', 'application/json')).toMatchObject(
      { status: 'done', imported: 10, failed: 0 },
    );
    const again = (await get(fresh, 'json')).json() as ExportDocument;
    const original = (await get(reader, 'json')).json() as ExportDocument;
    expect(again.journals).toEqual(original.journals);
    expect(again.notes).toEqual(original.notes);
    expect(again.goals).toEqual(original.goals);
    expect(again.attachments).toEqual([]);
    expect(again.follows?.map((f) => f.username)).toEqual([followed]);
    expect(again.blocks?.map((b) => b.username)).toEqual([blocked]);
    const [before, after] = [await shelf(reader), await shelf(fresh)];
    for (const [title, old] of before) {
      const {
        book: _b,
        id: _i,
        bookId: _k,
        updatedAt: _u,
        reads,
        ...rest
      } = old as EntryJson & { id: number; bookId: number; updatedAt: string };
      const now = after.get(title);
      expect(now, title).toMatchObject(rest);
      expect(
        now?.reads.map((r) => [r.startedOn, r.finishedOn]),
        title,
      ).toEqual(reads.map((r) => [r.startedOn, r.finishedOn]));
    }
  });
});

function unzip(data: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(data, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const files = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const parts: Buffer[] = [];
          stream.on('data', (c: Buffer) => parts.push(c));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(parts));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(files));
      zip.readEntry();
    });
  });
}

describe('GET /api/export?format=archive', () => {
  it('is a ZIP holding the JSON document, and imports back', async () => {
    const res = await get(reader, 'archive');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const files = await unzip(res.rawPayload);
    const doc = JSON.parse(files.get('book-tracker.json')?.toString('utf8') ?? '{}') as ExportDocument;
    expect(Value.Check(ExportSchema, doc)).toBe(true);
    expect(doc.entries).toHaveLength(4);
    expect(doc.attachments).toHaveLength(3);
    for (const a of doc.attachments) {
      const file = files.get(a.path);
      expect(file, a.path).toBeDefined();
      expect(sha256(file as Buffer), a.path).toBe(a.sha256);
    }
    const fresh = await registerUser(t.app);
    expect(
      await importAndWait(fresh, 'book-tracker', res.rawPayload, 'export.zip', 'application/zip'),
    ).toMatchObject({ status: 'done', imported: 10, failed: 0 });
    // The attachments are back byte for byte, on the note they were on.
    expect(await attachmentHashes(fresh)).toEqual(await attachmentHashes(reader));
    const restored = (await get(fresh, 'json')).json() as ExportDocument;
    expect(restored.notes).toEqual(doc.notes);
    expect(restored.attachments.map(({ createdAt: _c, path: _p, ...a }) => a)).toEqual(
      doc.attachments.map(({ createdAt: _c, path: _p, ...a }) => a),
    );
    const thumb = (
      (await t.app.inject({ method: 'GET', url: '/api/notes?limit=10', headers: fresh.auth })).json() as {
        items: { attachments: { fileName: string; thumbnailUrl?: string | null }[] }[];
      }
    ).items[0]?.attachments.find((a) => a.fileName === 'map.png');
    expect(thumb).toBeDefined();
    // Importing the same archive again adds nothing and stores no file twice.
    const again = await importAndWait(fresh, 'book-tracker', res.rawPayload, 'export.zip', 'application/zip');
    expect(again).toMatchObject({ status: 'done', imported: 0, skipped: 10, failed: 0 });
    expect(
      await t.database.db.selectFrom('noteAttachments').select('id').where('userId', '=', fresh.id).execute(),
    ).toHaveLength(3);
  });

  it('is streamed: a file is read only when the ZIP reaches it, after the response started', async () => {
    const writer = await registerUser(t.app);
    const stored = await buildBook(t.database.db, { title: 'Big Files', authors: ['Ann Author'] });
    const note = await t.app.inject({
      method: 'POST',
      url: '/api/notes',
      headers: writer.auth,
      payload: { bookId: stored.id, content: 'three large files' },
    });
    const id = (note.json() as { id: number }).id;
    // Larger together than every buffer between the server and this reader (socket buffers
    // on localhost grow to a few MB), so the last file cannot have been read ahead.
    const size = 8 * 1024 * 1024;
    for (const name of ['a.txt', 'b.txt', 'c.txt', 'd.txt']) {
      const text = Buffer.alloc(size, name[0]);
      const { payload, headers } = multipartFile(text, name, 'text/plain');
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/notes/${id}/attachments`,
        headers: { ...headers, ...writer.auth },
        payload,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const last = await t.database.db
      .selectFrom('noteAttachments')
      .select('storageKey')
      .where('userId', '=', writer.id)
      .where('fileName', '=', 'd.txt')
      .executeTakeFirstOrThrow();
    // A real socket (inject buffers the whole answer); afterAll closes it with the app.
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    {
      const res = await fetch(`${address}/api/export?format=archive`, { headers: writer.auth });
      expect(res.status).toBe(200);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const chunks: Uint8Array[] = [];
      const first = await reader.read();
      if (first.value) chunks.push(first.value);
      // The response has begun; the last file changes on disk now. A ZIP built before answering
      // would hold the old bytes; a streamed one reads the file when it gets there.
      await writeFile(path.join(t.config.uploadDir, last.storageKey), Buffer.alloc(size, 'z'));
      for (;;) {
        const next = await reader.read();
        if (next.done) break;
        chunks.push(next.value);
      }
      const files = await unzip(Buffer.concat(chunks));
      const d = [...files].find(([name]) => name.endsWith('d.txt'))?.[1];
      expect(d?.equals(Buffer.alloc(size, 'z'))).toBe(true);
      const a = [...files].find(([name]) => name.endsWith('a.txt'))?.[1];
      expect(a?.equals(Buffer.alloc(size, 'a'))).toBe(true);
    }
  }, 60_000);
});

describe('export refusals', () => {
  it('needs a reader and a known format', async () => {
    expect((await get(null, 'csv')).statusCode).toBe(401);
    const bad = await get(reader, 'xml');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('format');
  });

  it('another reader exports only their own (empty) shelves', async () => {
    const other = await registerUser(t.app);
    const doc = (await get(other, 'json')).json() as ExportDocument;
    expect(doc.entries).toEqual([]);
    expect(doc.goals).toEqual([]);
    expect(doc.notes).toEqual([]);
    expect(doc.journals).toEqual([]);
    expect(doc.attachments).toEqual([]);
  });
});
