import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers.ts';

let t: Awaited<ReturnType<typeof buildTestApp>>;
let app: FastifyInstance;

beforeAll(async () => {
  t = await buildTestApp(
    {},
    {
      serveWebApp: true,
      // A built web app in the test's own folder (beside its uploads).
      config: (config) => {
        const dist = path.join(path.dirname(config.uploadDir), 'dist');
        mkdirSync(path.join(dist, 'assets'), { recursive: true });
        writeFileSync(
          path.join(dist, 'index.html'),
          '<!doctype html><title>Book Tracker</title><div id="root"></div>',
        );
        writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
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
      expect(res.headers['cache-control']).toBe('no-cache');
    }
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
});
