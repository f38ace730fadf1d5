import { createHash } from 'node:crypto';
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../../../test/factories.ts';
import { buildTestApp, multipartFile, registerUser, type TestUser } from '../../../test/helpers.ts';
import { checkUploads } from '../../ops/check.ts';
import type { NoteView } from './index.ts';

type App = Awaited<ReturnType<typeof buildTestApp>>;
let t: App;
let small: App;
let owner: TestUser;
let other: TestUser;
let sharedBookId: number;
let bookId: number;

beforeAll(async () => {
  t = await buildTestApp();
  small = await buildTestApp({ USER_STORAGE_QUOTA_MB: '1' });
  owner = await registerUser(t.app);
  other = await registerUser(t.app);
  bookId = (await buildBook(t.database.db)).id;
  sharedBookId = bookId;
});
afterAll(async () => {
  await t.close();
  await small.close();
});

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function png(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
}

function pdf(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );
}

async function newNote(app: App, user: TestUser, extra: Record<string, unknown> = {}): Promise<NoteView> {
  const bookId = app === t ? sharedBookId : (await buildBook(app.database.db)).id;
  const res = await app.app.inject({
    method: 'POST',
    url: '/api/notes',
    headers: user.auth,
    payload: { bookId, content: 'with files', ...extra },
  });
  expect(res.statusCode).toBe(201);
  return res.json();
}

function upload(app: App, user: TestUser | null, noteId: number, data: Buffer, name: string, type: string) {
  const body = multipartFile(data, name, type);
  return app.app.inject({
    method: 'POST',
    url: `/api/notes/${noteId}/attachments`,
    headers: { ...(user ? user.auth : {}), ...body.headers },
    payload: body.payload,
  });
}

async function storedFiles(app: App): Promise<string[]> {
  try {
    return (await readdir(path.join(app.config.uploadDir, 'attachments'))).sort();
  } catch {
    return [];
  }
}

const onDisk = (app: App, key: string) => readFile(path.join(app.config.uploadDir, key));

describe('attachments', () => {
  it('stores a PNG re-encoded with a thumbnail, serves it safely with ETag and ranges', async () => {
    const note = await newNote(t, owner);
    const before = await storedFiles(t);
    const image = await png();
    const res = await upload(t, owner, note.id, image, 'page.png', 'image/png');
    expect(res.statusCode).toBe(201);
    const att = res.json();
    expect(att).toMatchObject({
      fileName: 'page.png',
      mimeType: 'image/png',
      width: 64,
      height: 48,
      url: `/api/notes/${note.id}/attachments/${att.id}`,
      thumbnailUrl: `/api/notes/${note.id}/attachments/${att.id}/thumbnail`,
    });
    const row = await t.database.db
      .selectFrom('noteAttachments')
      .selectAll()
      .where('id', '=', att.id)
      .executeTakeFirstOrThrow();
    expect(row.storageKey).toMatch(/^attachments\/[a-f0-9]{32}\.png$/);
    const stored = await onDisk(t, row.storageKey);
    expect(sha256(stored)).toBe(row.sha256);
    expect(att.sha256).toBe(row.sha256);
    expect(stored.length).toBe(att.size);
    expect((await storedFiles(t)).length).toBe(before.length + 2);

    const listed = await t.app.inject({ method: 'GET', url: `/api/notes/${note.id}`, headers: owner.auth });
    expect(listed.json().attachments).toEqual([att]);

    const get = await t.app.inject({ method: 'GET', url: att.url, headers: owner.auth });
    expect(get.statusCode).toBe(200);
    expect(Buffer.compare(get.rawPayload, stored)).toBe(0);
    expect(get.headers['content-type']).toBe('image/png');
    expect(get.headers['content-disposition']).toBe('inline; filename=page.png');
    expect(get.headers['x-content-type-options']).toBe('nosniff');
    expect(get.headers['content-security-policy']).toMatch(/^sandbox/);
    expect(get.headers['cache-control']).toMatch(/^private/);
    expect(get.headers.etag).toBe(`"${row.sha256}"`);
    expect(get.headers['accept-ranges']).toBe('bytes');

    const again = await t.app.inject({
      method: 'GET',
      url: att.url,
      headers: { ...owner.auth, 'if-none-match': `"${row.sha256}"` },
    });
    expect(again.statusCode).toBe(304);
    const part = await t.app.inject({
      method: 'GET',
      url: att.url,
      headers: { ...owner.auth, range: 'bytes=0-7' },
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-7/${stored.length}`);
    expect(Buffer.compare(part.rawPayload, stored.subarray(0, 8))).toBe(0);
    const tail = await t.app.inject({
      method: 'GET',
      url: att.url,
      headers: { ...owner.auth, range: 'bytes=-4' },
    });
    expect(Buffer.compare(tail.rawPayload, stored.subarray(stored.length - 4))).toBe(0);
    const beyond = await t.app.inject({
      method: 'GET',
      url: att.url,
      headers: { ...owner.auth, range: `bytes=${stored.length + 10}-` },
    });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${stored.length}`);

    const thumb = await t.app.inject({ method: 'GET', url: att.thumbnailUrl, headers: owner.auth });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect((await sharp(thumb.rawPayload).metadata()).format).toBe('webp');
  });

  it('drops EXIF and GPS from photos', async () => {
    const note = await newNote(t, owner);
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#884422' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'SpyCam', Copyright: 'secret place' }, IFD3: { GPSLatitudeRef: 'N' } })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const res = await upload(t, owner, note.id, photo, 'photo.jpg', 'image/jpeg');
    expect(res.statusCode).toBe(201);
    const get = await t.app.inject({ method: 'GET', url: res.json().url, headers: owner.auth });
    expect(get.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(get.rawPayload).metadata()).exif).toBeUndefined();
    expect(get.rawPayload.includes('SpyCam')).toBe(false);
  });

  it('keeps PDFs and text byte for byte, as downloads', async () => {
    const note = await newNote(t, owner);
    const doc = pdf();
    const p = await upload(t, owner, note.id, doc, 'scan.pdf', 'application/octet-stream');
    expect(p.statusCode).toBe(201);
    expect(p.json()).toMatchObject({
      mimeType: 'application/pdf',
      size: doc.length,
      sha256: sha256(doc),
      thumbnailUrl: null,
    });
    const got = await t.app.inject({ method: 'GET', url: p.json().url, headers: owner.auth });
    expect(Buffer.compare(got.rawPayload, doc)).toBe(0);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe('attachment; filename=scan.pdf');

    const text = Buffer.from('Chapter 3 — notes from the margin\nthe whale, again.\n');
    const tx = await upload(t, owner, note.id, text, '../../etc/notes x.txt', 'text/plain');
    expect(tx.statusCode).toBe(201);
    expect(tx.json()).toMatchObject({ mimeType: 'text/plain; charset=utf-8', fileName: 'notes x.txt' });
    const gotText = await t.app.inject({ method: 'GET', url: tx.json().url, headers: owner.auth });
    expect(gotText.headers['content-disposition']).toBe('attachment; filename="notes x.txt"');
    expect(gotText.body).toBe(text.toString());
  });

  it('refuses what is not what it claims (415), storing nothing', async () => {
    const note = await newNote(t, owner);
    const before = await storedFiles(t);
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 1)]);
    const cases: [Buffer, string, string][] = [
      [elf, 'manual.pdf', 'application/pdf'],
      [Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'), 'notes.txt', 'text/plain'],
      [Buffer.from('  <script>fetch("/api/me")</script>'), 'notes.txt', 'text/plain'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'pic.png', 'image/png'],
      [Buffer.from('<?xml version="1.0"?><svg/>'), 'pic.svg', 'image/svg+xml'],
      [Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x00, 0x42]), 'utf16.txt', 'text/plain'],
      [Buffer.from('PK\u0003\u0004 zipped'), 'archive.txt', 'text/plain'],
      [
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]),
        'broken.png',
        'image/png',
      ],
    ];
    for (const [data, name, type] of cases) {
      const res = await upload(t, owner, note.id, data, name, type);
      expect(res.statusCode, name).toBe(415);
      expect(res.json().error.message).toMatch(
        /PDF, JPEG, PNG, WebP, GIF or plain UTF-8 text|could not be read/,
      );
    }
    expect(await storedFiles(t)).toEqual(before);
    expect(await readdir(path.join(t.config.uploadDir, '.tmp'))).toEqual([]);
    const after = await t.app.inject({ method: 'GET', url: `/api/notes/${note.id}`, headers: owner.auth });
    expect(after.json().attachments).toEqual([]);
  });

  it('strips a ZIP riding on a PNG by re-encoding it', async () => {
    const note = await newNote(t, owner);
    const zip = Buffer.concat([
      Buffer.from('PK\u0003\u0004'),
      Buffer.alloc(64, 7),
      Buffer.from('PK\u0005\u0006'),
    ]);
    const polyglot = Buffer.concat([await png(), zip]);
    const res = await upload(t, owner, note.id, polyglot, 'cat.png', 'image/png');
    expect(res.statusCode).toBe(201);
    const got = await t.app.inject({ method: 'GET', url: res.json().url, headers: owner.auth });
    expect(got.rawPayload.includes(Buffer.from('PK\u0003\u0004'))).toBe(false);
    expect(got.rawPayload.length).toBeLessThan(polyglot.length);
    expect((await sharp(got.rawPayload).metadata()).format).toBe('png');
  });

  it('stops a file one byte over MAX_FILE_SIZE with 413 while streaming', async () => {
    const note = await newNote(t, owner);
    const before = await storedFiles(t);
    const res = await upload(
      t,
      owner,
      note.id,
      Buffer.alloc(10 * 1024 * 1024 + 1, 0x61),
      'big.txt',
      'text/plain',
    );
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toContain('10.0 MB');
    expect(await storedFiles(t)).toEqual(before);
    expect(await readdir(path.join(t.config.uploadDir, '.tmp'))).toEqual([]);
  });

  it('takes at most 20 attachments per note', async () => {
    const note = await newNote(t, owner);
    for (let i = 0; i < 20; i++) {
      expect(
        (await upload(t, owner, note.id, Buffer.from(`file ${i}\n`), `f${i}.txt`, 'text/plain')).statusCode,
      ).toBe(201);
    }
    const res = await upload(t, owner, note.id, Buffer.from('one more\n'), 'f21.txt', 'text/plain');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('too_many_attachments');
  });

  it('refuses an upload over the reader’s quota with 413 saying how much is left', async () => {
    const reader = await registerUser(small.app);
    const note = await newNote(small, reader);
    const chunk = Buffer.alloc(700 * 1024, 0x62);
    expect((await upload(small, reader, note.id, chunk, 'a.txt', 'text/plain')).statusCode).toBe(201);
    const res = await upload(small, reader, note.id, chunk, 'b.txt', 'text/plain');
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toMatch(/only 0\.3 MB of your 1\.0 MB is left/);
    const usage = await small.app.inject({ method: 'GET', url: '/api/notes/storage', headers: reader.auth });
    expect(usage.json()).toEqual({
      usedBytes: chunk.length,
      quotaBytes: 1048576,
      remainingBytes: 1048576 - chunk.length,
    });
    expect((await storedFiles(small)).length).toBe(1);
  });

  it('keeps other readers and strangers out', async () => {
    const note = await newNote(t, owner);
    const att = (await upload(t, owner, note.id, await png(), 'p.png', 'image/png')).json();
    const url = `/api/notes/${note.id}/attachments/${att.id}`;
    for (const [user, code] of [
      [other, 404],
      [null, 404],
    ] as const) {
      const headers = user ? user.auth : {};
      expect((await t.app.inject({ method: 'GET', url, headers })).statusCode).toBe(code);
      expect((await t.app.inject({ method: 'GET', url: `${url}/thumbnail`, headers })).statusCode).toBe(code);
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/notes/${note.id}/attachments`, headers })).statusCode,
      ).toBe(code);
    }
    expect((await upload(t, other, note.id, await png(), 'x.png', 'image/png')).statusCode).toBe(404);
    expect((await upload(t, null, note.id, await png(), 'x.png', 'image/png')).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url, headers: other.auth })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url })).statusCode).toBe(401);
    // An attachment id under another note is not found either.
    const second = await newNote(t, owner);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/notes/${second.id}/attachments/${att.id}`,
          headers: owner.auth,
        })
      ).statusCode,
    ).toBe(404);
    // Shared notes share their files.
    await t.app.inject({
      method: 'PATCH',
      url: `/api/notes/${note.id}`,
      headers: owner.auth,
      payload: { visibility: 'public' },
    });
    expect((await t.app.inject({ method: 'GET', url, headers: other.auth })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url, headers: other.auth })).statusCode).toBe(404);
    const del = await t.app.inject({ method: 'DELETE', url, headers: owner.auth });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url, headers: owner.auth })).statusCode).toBe(404);
  });

  it('removes the files with the attachment, the note, the book with deleteNotes, and the account', async () => {
    const reader = await registerUser(t.app);
    const keyOf = async (attachmentId: number) =>
      (
        await t.database.db
          .selectFrom('noteAttachments')
          .select(['storageKey', 'thumbnailKey'])
          .where('id', '=', attachmentId)
          .executeTakeFirstOrThrow()
      ).storageKey;
    const exists = (key: string) =>
      onDisk(t, key).then(
        () => true,
        () => false,
      );

    // Deleting the note.
    const n1 = await newNote(t, reader);
    const a1 = (await upload(t, reader, n1.id, pdf(), 'a.pdf', 'application/pdf')).json();
    const k1 = await keyOf(a1.id);
    expect(await exists(k1)).toBe(true);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/notes/${n1.id}`, headers: reader.auth })).statusCode,
    ).toBe(204);
    expect(await exists(k1)).toBe(false);

    // Removing the book from the library keeps its notes unless asked.
    const shelf = async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/library',
        headers: reader.auth,
        payload: { bookId },
      });
      expect(res.statusCode).toBe(201);
      return res.json().id as number;
    };
    const n2 = await newNote(t, reader);
    const a2 = (await upload(t, reader, n2.id, pdf(), 'b.pdf', 'application/pdf')).json();
    const k2 = await keyOf(a2.id);
    let entryId = await shelf();
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/library/${entryId}`, headers: reader.auth }))
        .statusCode,
    ).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/notes/${n2.id}`, headers: reader.auth })).statusCode,
    ).toBe(200);
    expect(await exists(k2)).toBe(true);
    entryId = await shelf();
    const bad = await t.app.inject({
      method: 'DELETE',
      url: `/api/library/${entryId}?deleteNotes=maybe`,
      headers: reader.auth,
    });
    expect(bad.statusCode).toBe(400);
    const gone = await t.app.inject({
      method: 'DELETE',
      url: `/api/library/${entryId}?deleteNotes=true`,
      headers: reader.auth,
    });
    expect(gone.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/notes/${n2.id}`, headers: reader.auth })).statusCode,
    ).toBe(404);
    expect(await exists(k2)).toBe(false);

    // Deleting the account.
    const n3 = await newNote(t, reader);
    const a3 = (await upload(t, reader, n3.id, await png(), 'c.png', 'image/png')).json();
    const row3 = await t.database.db
      .selectFrom('noteAttachments')
      .select(['storageKey', 'thumbnailKey'])
      .where('id', '=', a3.id)
      .executeTakeFirstOrThrow();
    const del = await t.app.inject({
      method: 'DELETE',
      url: '/api/me',
      headers: reader.auth,
      payload: { password: reader.password },
    });
    expect(del.statusCode).toBe(204);
    expect(await exists(row3.storageKey)).toBe(false);
    expect(await exists(row3.thumbnailKey ?? '')).toBe(false);
  });

  it('finds orphan files and rows without files; --fix removes the orphans', async () => {
    const note = await newNote(t, owner);
    const att = (await upload(t, owner, note.id, pdf(), 'kept.pdf', 'application/pdf')).json();
    const orphan = path.join(t.config.uploadDir, 'attachments', `${'ab'.repeat(16)}.pdf`);
    const fresh = path.join(t.config.uploadDir, 'attachments', `${'cd'.repeat(16)}.pdf`);
    await writeFile(orphan, 'left behind');
    await writeFile(fresh, 'an upload in flight');
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(orphan, hourAgo, hourAgo);

    const looked = await checkUploads(t.config, t.database, { fix: false });
    expect(looked.orphans).toEqual([`attachments/${'ab'.repeat(16)}.pdf`]);
    expect(looked.removed).toEqual([]);
    expect(looked.problems.join(' ')).toContain('--fix');

    const fixed = await checkUploads(t.config, t.database, { fix: true });
    expect(fixed.removed).toEqual([`attachments/${'ab'.repeat(16)}.pdf`]);
    expect(fixed.problems).toEqual([]);
    await expect(readFile(orphan)).rejects.toThrow();
    expect(await readFile(fresh, 'utf8')).toBe('an upload in flight');

    // The reverse: a row whose file vanished is reported, not "fixed".
    const row = await t.database.db
      .selectFrom('noteAttachments')
      .select('storageKey')
      .where('id', '=', att.id)
      .executeTakeFirstOrThrow();
    await t.app.ctx.storage.remove(row.storageKey);
    const missing = await checkUploads(t.config, t.database, { fix: true });
    expect(missing.missing).toEqual([{ attachmentId: att.id, key: row.storageKey }]);
    expect(missing.problems.join(' ')).toContain('missing file');
    await t.app.inject({ method: 'DELETE', url: `/api/notes/${note.id}`, headers: owner.auth });
  });
});
