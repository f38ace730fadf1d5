import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../../../test/factories.ts';
import {
  type FakeBookProviders,
  googleVolume,
  googleVolumes,
  startFakeBookProviders,
} from '../../../test/fake-book-providers.ts';
import { buildTestApp, injectAs, registerUser, type TestUser } from '../../../test/helpers.ts';
import { blankPng } from '../../../test/images.ts';

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;

let images: Server;
let imageBase: string;
const imageHits: string[] = [];
let fake: FakeBookProviders;
let t: TestApp;
let reader: TestUser;

beforeAll(async () => {
  const png = blankPng(300, 450);
  images = createServer((req, res) => {
    imageHits.push(req.url ?? '');
    if (req.url === '/cover.png') res.writeHead(200, { 'content-type': 'image/png' }).end(png);
    else if (req.url === '/to-metadata')
      res.writeHead(302, { location: 'http://169.254.169.254/latest/' }).end();
    else if (req.url === '/page.html')
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
    else if (req.url === '/lying.png')
      res.writeHead(200, { 'content-type': 'image/png' }).end('GIF? no, text');
    else if (req.url === '/huge.png') res.writeHead(200, { 'content-length': String(20_000_000) }).end();
    else if (req.url === '/flaky.png') res.writeHead(503).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
  imageBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
  fake = await startFakeBookProviders();
  t = await buildTestApp({ ...fake.env, PROVIDER_TIMEOUT_MS: '10000', COVER_FETCH_ALLOW_LOOPBACK: '1' });
  reader = await registerUser(t.app);
});
afterAll(async () => {
  await t.close();
  await fake.close();
  images.closeAllConnections();
  await new Promise((resolve) => images.close(resolve));
});

async function coverRow(id: number) {
  return t.database.db
    .selectFrom('books')
    .select(['coverUrl', 'coverState', 'coverAttempts', 'coverNextAt'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** Runs the cover job until the book is no longer waiting (the started job may be running too). */
async function settle(id: number) {
  for (let i = 0; i < 200; i++) {
    await t.app.services.books.covers.runOnce();
    const row = await coverRow(id);
    if (
      row.coverState !== 'pending' ||
      (row.coverNextAt &&
        row.coverNextAt > new Date(Date.now() + 30_000).toISOString() &&
        row.coverAttempts > 0)
    ) {
      return row;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the cover of book ${id} never settled`);
}

describe('covers from our own origin', () => {
  it('fetches a provider record’s cover once, stores two WebP sizes and serves them with an ETag', async () => {
    const book = await buildBook(t.database.db, { coverSourceUrl: `${imageBase}/cover.png` });
    const before = await injectAs(t.app, reader, { method: 'GET', url: `/api/books/${book.id}` });
    expect(before.json()).toMatchObject({ coverUrl: null, coverThumbnailUrl: null });

    const row = await settle(book.id);
    expect(row.coverState).toBe('ready');
    const res = await injectAs(t.app, reader, { method: 'GET', url: `/api/books/${book.id}` });
    const { coverUrl, coverThumbnailUrl } = res.json() as { coverUrl: string; coverThumbnailUrl: string };
    expect(coverUrl).toMatch(new RegExp(`^/media/covers/${book.id}-[a-f0-9]{16}-l\\.webp$`));
    expect(coverThumbnailUrl).toBe(coverUrl.replace(/-l\.webp$/, '-s.webp'));
    expect(imageHits.filter((h) => h === '/cover.png')).toHaveLength(1);

    const large = await t.app.inject({ method: 'GET', url: coverUrl });
    expect(large.statusCode).toBe(200);
    expect(large.headers['content-type']).toBe('image/webp');
    expect(large.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const etag = large.headers.etag as string;
    expect(etag).toMatch(/^"\d+-[a-f0-9]{16}-l"$/);
    const meta = await sharp(large.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 300, height: 450 });
    const small = await t.app.inject({ method: 'GET', url: coverThumbnailUrl });
    expect((await sharp(small.rawPayload).metadata()).width).toBe(160);

    const again = await t.app.inject({ method: 'GET', url: coverUrl, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(
      (await t.app.inject({ method: 'GET', url: '/media/covers/1-0000000000000000-l.webp' })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/media/covers/..%2Fsecret.webp' })).statusCode).toBe(
      400,
    );
  });

  it.each([
    ['a redirect to the metadata address', '/to-metadata'],
    ['a web page', '/page.html'],
    ['text sent as image/png (types go by magic bytes)', '/lying.png'],
    ['an oversized body', '/huge.png'],
    ['a missing picture', '/missing.png'],
  ])('gives up on %s and leaves the book without a cover', async (_what, path) => {
    const book = await buildBook(t.database.db, { coverSourceUrl: `${imageBase}${path}` });
    const row = await settle(book.id);
    expect(row).toMatchObject({ coverState: 'failed', coverUrl: null });
  });

  it('refuses a plain-http address for a reader’s own book, even where providers may use one', async () => {
    const book = await buildBook(t.database.db, {
      ownerId: reader.id,
      coverSourceUrl: `${imageBase}/cover.png?reader`,
    });
    const row = await settle(book.id);
    expect(row).toMatchObject({ coverState: 'failed', coverUrl: null });
    expect(imageHits).not.toContain('/cover.png?reader');
    const res = await injectAs(t.app, reader, {
      method: 'POST',
      url: '/api/books',
      payload: { title: 'Plain', authors: ['P'], coverUrl: `${imageBase}/cover.png` },
    });
    expect(res.statusCode).toBe(400);
  });

  it('tries a transient failure again later instead of giving up', async () => {
    const book = await buildBook(t.database.db, { coverSourceUrl: `${imageBase}/flaky.png` });
    const row = await settle(book.id);
    expect(row).toMatchObject({ coverState: 'pending', coverAttempts: 1, coverUrl: null });
    expect(row.coverNextAt && row.coverNextAt > new Date().toISOString()).toBe(true);
  });

  it('resumes a cover a crash left half-done once its lease has run out', async () => {
    const book = await buildBook(t.database.db, { coverSourceUrl: `${imageBase}/cover.png` });
    const lease = new Date(Date.now() + 60_000).toISOString();
    await t.database.db.updateTable('books').set({ coverNextAt: lease }).where('id', '=', book.id).execute();
    await t.app.services.books.covers.runOnce();
    expect((await coverRow(book.id)).coverState).toBe('pending');
    await t.database.db
      .updateTable('books')
      .set({ coverNextAt: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', book.id)
      .execute();
    expect((await settle(book.id)).coverState).toBe('ready');
  });

  it('never makes an add or a search wait for a cover, and shows no third-party address', async () => {
    const added = await injectAs(t.app, reader, {
      method: 'POST',
      url: '/api/books',
      payload: { title: 'Unreachable Cover', authors: ['U'], coverUrl: 'https://covers.invalid/c.jpg' },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ coverUrl: null, coverThumbnailUrl: null });

    fake.on('/books/v1/volumes', () => ({
      body: googleVolumes([
        googleVolume('coverG', {
          title: 'Covered Elsewhere',
          authors: ['C'],
          imageLinks: { thumbnail: 'https://books.google.example/c.jpg' },
        }),
      ]),
    }));
    const search = await injectAs(t.app, reader, {
      method: 'GET',
      url: '/api/books/search',
      query: { q: 'covered elsewhere' },
    });
    expect(search.statusCode).toBe(200);
    expect(search.body).not.toContain('google.example');
    expect((search.json() as { items: { coverUrl: string | null }[] }).items[0]?.coverUrl).toBeNull();
  });
});
