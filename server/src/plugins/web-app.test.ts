import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, registerUser } from '../../test/helpers.ts';

let t: Awaited<ReturnType<typeof buildTestApp>>;
let app: FastifyInstance;
let distDir = '';
const INDEX_HTML =
  '<!doctype html><title>Book Tracker</title><script type="module" crossorigin src="/assets/app-abc123.js"></script></head><div id="root"></div>';

beforeAll(async () => {
  t = await buildTestApp(
    {},
    {
      serveWebApp: true,
      // A built web app in the test's own folder (beside its uploads).
      config: (config) => {
        const dist = path.join(path.dirname(config.uploadDir), 'dist');
        distDir = dist;
        mkdirSync(path.join(dist, 'assets'), { recursive: true });
        writeFileSync(path.join(dist, 'index.html'), INDEX_HTML);
        writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
        writeFileSync(
          path.join(dist, 'page-preloads.json'),
          JSON.stringify({
            modules: {
              library: ['/assets/library-page-1.js', '/assets/shared-2.js'],
              book: ['/assets/book-page-3.js'],
            },
            sameOriginApi: true,
          }),
        );
        return { ...config, webDistDir: dist };
      },
    },
  );
  app = t.app;
});
afterAll(async () => {
  await t.close();
});

describe('the web app on the API port', () => {
  it('serves index.html for the app and its client-side routes', async () => {
    for (const url of ['/', '/library', '/books/12?tab=notes', '/u/someone']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('private, no-cache');
      expect(res.headers.vary).toContain('cookie');
    }
  });

  it("names each page's chunks and first API answers as preloads, the data only for a signed-in reader", async () => {
    const preloads = (body: string) =>
      [...body.matchAll(/<link rel="(modulepreload|preload)"[^>]*href="([^"]+)">/g)].map(
        (match) => `${match[1]} ${match[2]?.replaceAll('&amp;', '&')}`,
      );
    const signedOut = await app.inject('/library');
    expect(preloads(signedOut.body)).toEqual([
      'preload /api/session',
      'modulepreload /assets/library-page-1.js',
      'modulepreload /assets/shared-2.js',
    ]);
    // Right after the app's script, before anything else the parser meets.
    expect(signedOut.body).toMatch(
      /app-abc123\.js"><\/script><link rel="preload" as="fetch" crossorigin="use-credentials"/,
    );
    // A cookie of a session that has ended (signed out elsewhere): no data preloads, which would
    // answer 401 before the app's session probe tells the reader why.
    const dead = await app.inject({ url: '/library', headers: { cookie: 'bt_session=abc; bt_csrf=def' } });
    expect(preloads(dead.body)).toEqual(preloads(signedOut.body));
    const reader = await registerUser(app);
    const cookie = `bt_session=${encodeURIComponent(reader.token)}; bt_csrf=def`;
    const library = await app.inject({ url: '/library', headers: { cookie } });
    expect(preloads(library.body)).toEqual([
      'preload /api/session',
      'preload /api/library?limit=48&sort=updated&order=desc',
      'preload /api/library/counts',
      'modulepreload /assets/library-page-1.js',
      'modulepreload /assets/shared-2.js',
    ]);
    // A filtered library asks for other data: only the session and the code.
    const filtered = await app.inject({ url: '/library?status=read', headers: { cookie } });
    expect(preloads(filtered.body)).toEqual([
      'preload /api/session',
      'modulepreload /assets/library-page-1.js',
      'modulepreload /assets/shared-2.js',
    ]);
    const book = await app.inject({ url: '/books/12', headers: { cookie, 'accept-encoding': 'br' } });
    expect(book.headers['content-encoding']).toBe('br');
    const { brotliDecompressSync } = await import('node:zlib');
    expect(preloads(brotliDecompressSync(book.rawPayload).toString())).toEqual([
      'preload /api/session',
      'preload /api/books/12',
      'preload /api/notes?bookId=12&limit=100',
      'preload /api/books/12/reviews?limit=50',
      'modulepreload /assets/book-page-3.js',
    ]);
    // Not a book id the API would take: no data preload.
    const odd = await app.inject({ url: '/books/012', headers: { cookie } });
    expect(preloads(odd.body)).toEqual(['preload /api/session', 'modulepreload /assets/book-page-3.js']);
    // The app's not-found page loads nothing of any page.
    expect(preloads((await app.inject({ url: '/nope', headers: { cookie } })).body)).toEqual([]);
  });

  it('answers 404 for a path that is no page of the app, still with the app (its not-found page)', async () => {
    for (const url of ['/nope', '/books', '/books/12/extra', '/library/shelf/x']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<div id="root">');
    }
  });

  it('serves hashed assets as immutable and answers missing files and API paths with 404', async () => {
    const asset = await app.inject('/assets/app-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject('/assets/missing.js')).statusCode).toBe(404);
    const api = await app.inject('/api/unknown');
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('not_found');
    expect((await app.inject({ method: 'POST', url: '/library' })).statusCode).toBe(404);
  });

  it('serves a new build made while it runs (npm run build), not the old page naming removed scripts', async () => {
    const scripts = (body: string) => [...body.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts((await app.inject('/library')).body)).toEqual(['/assets/app-abc123.js']);
    const later = new Date(Date.now() + 5000);
    try {
      // What Vite does: empties the folder, then writes the new files.
      rmSync(path.join(distDir, 'assets', 'app-abc123.js'));
      rmSync(path.join(distDir, 'index.html'));
      // Between the two, pages keep the last build rather than failing.
      expect((await app.inject('/library')).statusCode).toBe(200);
      writeFileSync(path.join(distDir, 'assets', 'app-def456.js'), 'console.log(2)');
      writeFileSync(path.join(distDir, 'index.html'), INDEX_HTML.replace('abc123', 'def456'));
      utimesSync(path.join(distDir, 'index.html'), later, later);
      for (const url of ['/', '/library', '/books/12']) {
        expect(scripts((await app.inject(url)).body), url).toEqual(['/assets/app-def456.js']);
      }
      expect((await app.inject('/assets/app-def456.js')).statusCode).toBe(200);
    } finally {
      writeFileSync(path.join(distDir, 'assets', 'app-abc123.js'), 'console.log(1)');
      writeFileSync(path.join(distDir, 'index.html'), INDEX_HTML);
    }
    expect(scripts((await app.inject('/')).body)).toEqual(['/assets/app-abc123.js']);
  });
});
