import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { buildBook } from '../../test/factories.ts';
import { buildTestApp, multipartFile, registerUser, testDialect } from '../../test/helpers.ts';
import { buildApp } from '../app.ts';
import { createDatabase } from '../db/database.ts';
import { createBackup } from './backup.service.ts';
import { checkUploads } from './check.ts';
import { restoreBackup } from './restore.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('backup and restore of notes with attachments', { timeout: 120_000 }, () => {
  it('brings back notes and their files byte for byte', async () => {
    const t = await buildTestApp();
    cleanups.push(() => t.close());
    const reader = await registerUser(t.app);
    const bookId = (await buildBook(t.database.db)).id;
    const note = await t.app.inject({
      method: 'POST',
      url: '/api/notes',
      headers: reader.auth,
      payload: { bookId, quote: 'Call me Ishmael.', page: 1 },
    });
    expect(note.statusCode).toBe(201);
    const noteId: number = note.json().id;
    const files = [
      multipartFile(
        await sharp({ create: { width: 80, height: 60, channels: 3, background: '#aa3355' } })
          .png()
          .toBuffer(),
        'page.png',
        'image/png',
      ),
      multipartFile(Buffer.from('%PDF-1.4\n%%EOF\n'), 'scan.pdf', 'application/pdf'),
      multipartFile(Buffer.from('margin notes, café\n'), 'notes.txt', 'text/plain'),
    ];
    const before: { url: string; sha256: string; bytes: Buffer }[] = [];
    for (const file of files) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/notes/${noteId}/attachments`,
        headers: { ...reader.auth, ...file.headers },
        payload: file.payload,
      });
      expect(res.statusCode).toBe(201);
      const got = await t.app.inject({ method: 'GET', url: res.json().url, headers: reader.auth });
      before.push({ url: res.json().url, sha256: res.json().sha256, bytes: got.rawPayload });
      if (res.json().thumbnailUrl) {
        const thumb = await t.app.inject({
          method: 'GET',
          url: res.json().thumbnailUrl,
          headers: reader.auth,
        });
        before.push({
          url: res.json().thumbnailUrl,
          sha256: sha256(thumb.rawPayload),
          bytes: thumb.rawPayload,
        });
      }
    }

    const backup = await createBackup(t.config, t.database);
    // After the backup the note goes, taking its files along.
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/notes/${noteId}`, headers: reader.auth }))
        .statusCode,
    ).toBe(204);

    if (testDialect === 'sqlite') await t.database.close();
    await restoreBackup(t.config, backup.path);
    const database = createDatabase(t.config.database);
    const app = await buildApp(t.config, { context: { database }, serveWebApp: false });
    cleanups.push(async () => {
      await app.close();
      await database.close();
    });
    const restored = await app.inject({ method: 'GET', url: `/api/notes/${noteId}`, headers: reader.auth });
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ quote: 'Call me Ishmael.', page: 1 });
    expect(restored.json().attachments).toHaveLength(3);
    for (const file of before) {
      const got = await app.inject({ method: 'GET', url: file.url, headers: reader.auth });
      expect(got.statusCode).toBe(200);
      expect(sha256(got.rawPayload)).toBe(file.sha256);
      expect(Buffer.compare(got.rawPayload, file.bytes)).toBe(0);
    }
    const check = await checkUploads(t.config, database, { fix: false });
    expect(check.problems).toEqual([]);
  });
});
