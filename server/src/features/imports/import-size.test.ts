import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../../../test/factories.ts';
import { buildTestApp, multipartFile, registerUser, type TestUser } from '../../../test/helpers.ts';

/**
 * Imports have their own size limit (MAX_IMPORT_SIZE), apart from the attachment limit
 * (MAX_FILE_SIZE): an archive carries its attachments, so it is larger than any one of them.
 */
const MAX_FILE_SIZE = 4096;
const MAX_IMPORT_SIZE = 20_000;

let t: Awaited<ReturnType<typeof buildTestApp>>;
let reader: TestUser;
beforeAll(async () => {
  t = await buildTestApp({ MAX_FILE_SIZE: String(MAX_FILE_SIZE), MAX_IMPORT_SIZE: String(MAX_IMPORT_SIZE) });
  reader = await registerUser(t.app);
});
afterAll(async () => {
  await t.close();
});

async function upload(user: TestUser, source: string, content: Buffer, name: string, type: string) {
  const { payload, headers } = multipartFile(content, name, type);
  return t.app.inject({
    method: 'POST',
    url: `/api/imports?source=${source}`,
    headers: { ...headers, ...user.auth },
    payload,
  });
}

async function waitDone(user: TestUser, id: number) {
  for (let i = 0; i < 400; i++) {
    const job = (
      await t.app.inject({ method: 'GET', url: `/api/imports/${id}`, headers: user.auth })
    ).json() as { status: string; imported: number; failed: number; errors: unknown[] };
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('import did not finish');
}

describe('import size (MAX_IMPORT_SIZE)', () => {
  it('an archive larger than MAX_FILE_SIZE imports, its attachments byte for byte', async () => {
    const book = await buildBook(t.database.db);
    const note = await t.app.inject({
      method: 'POST',
      url: '/api/notes',
      headers: reader.auth,
      payload: { bookId: book.id, content: 'Three files' },
    });
    expect(note.statusCode, note.body).toBe(201);
    const noteId = (note.json() as { id: number }).id;
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) {
      // Random hex: text a note accepts, which the ZIP cannot squeeze much.
      const text = `${randomBytes(1700).toString('hex')}\n`;
      texts.push(text);
      const { payload, headers } = multipartFile(Buffer.from(text), `part-${i}.txt`, 'text/plain');
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/notes/${noteId}/attachments`,
        headers: { ...headers, ...reader.auth },
        payload,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const archive = await t.app.inject({
      method: 'GET',
      url: '/api/export?format=archive',
      headers: reader.auth,
    });
    expect(archive.statusCode).toBe(200);
    expect(archive.rawPayload.length).toBeGreaterThan(MAX_FILE_SIZE);
    expect(archive.rawPayload.length).toBeLessThan(MAX_IMPORT_SIZE);

    const fresh = await registerUser(t.app);
    const res = await upload(fresh, 'book-tracker', archive.rawPayload, 'export.zip', 'application/zip');
    expect(res.statusCode, res.body).toBe(202);
    const job = await waitDone(fresh, (res.json() as { id: number }).id);
    expect(job).toMatchObject({ status: 'done', failed: 0 });
    const notes = (
      await t.app.inject({ method: 'GET', url: '/api/notes?limit=10', headers: fresh.auth })
    ).json() as { items: { id: number; attachments: { id: number; fileName: string }[] }[] };
    const restored = notes.items[0];
    expect(restored?.attachments.map((a) => a.fileName).sort()).toEqual([
      'part-0.txt',
      'part-1.txt',
      'part-2.txt',
    ]);
    for (const a of restored?.attachments ?? []) {
      const file = await t.app.inject({
        method: 'GET',
        url: `/api/notes/${restored?.id}/attachments/${a.id}`,
        headers: fresh.auth,
      });
      expect(file.body).toBe(texts[Number(a.fileName.slice(5, 6))]);
    }
  });

  it('an upload over MAX_IMPORT_SIZE is 413 in the error shape, and no job is made', async () => {
    const rows = ['Title,Author,Exclusive Shelf'];
    for (let i = 0; rows.join('\n').length <= MAX_IMPORT_SIZE; i++)
      rows.push(`Book number ${i},An Author,read`);
    const res = await upload(reader, 'goodreads', Buffer.from(rows.join('\n')), 'big.csv', 'text/csv');
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'payload_too_large', message: expect.any(String) } });
    const list = await t.app.inject({ method: 'GET', url: '/api/imports', headers: reader.auth });
    expect((list.json() as { items: unknown[] }).items).toEqual([]);
  });

  it('other uploads keep MAX_FILE_SIZE', async () => {
    const book = await buildBook(t.database.db);
    const note = await t.app.inject({
      method: 'POST',
      url: '/api/notes',
      headers: reader.auth,
      payload: { bookId: book.id, content: 'Too big a file' },
    });
    const noteId = (note.json() as { id: number }).id;
    const { payload, headers } = multipartFile(
      Buffer.from('a'.repeat(MAX_FILE_SIZE + 10)),
      'big.txt',
      'text/plain',
    );
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/notes/${noteId}/attachments`,
      headers: { ...headers, ...reader.auth },
      payload,
    });
    expect(res.statusCode).toBe(413);
  });
});
