import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, registerUser } from '../../../../test/helpers.ts';
import { fetchJson } from './http.ts';
import { ProviderError } from './provider.ts';

let server: Server;
let port: number;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/ok') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    } else if (url.pathname === '/same-host-redirect') {
      res.writeHead(302, { location: '/ok' }).end();
    } else if (url.pathname === '/other-host-redirect') {
      // localhost and 127.0.0.1 are the same machine but not the same host.
      res.writeHead(302, { location: `http://localhost:${port}/secret` }).end();
    } else if (url.pathname === '/loop') {
      res.writeHead(302, { location: '/loop' }).end();
    } else if (url.pathname === '/huge') {
      // No content-length: the cap has to count while reading.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('["');
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end('"]');
      };
      res.on('error', () => {});
      pump();
    } else if (url.pathname === '/declared-huge') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(100 * 1024 * 1024) });
      res.write('[');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const base = () => `http://127.0.0.1:${port}`;
const options = { timeoutMs: 10_000 };

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe('provider fetches', () => {
  it('follow a redirect on the same host', async () => {
    expect(await fetchJson('google', `${base()}/same-host-redirect`, options)).toEqual({ ok: true });
  });

  it('refuse a redirect to another host without fetching it', async () => {
    hits.length = 0;
    const err = await failure(fetchJson('google', `${base()}/other-host-redirect`, options));
    expect(err.message).toMatch(/another host/);
    expect(hits).not.toContain('/secret');
  });

  it('give up on redirect loops', async () => {
    expect((await failure(fetchJson('google', `${base()}/loop`, options))).message).toMatch(/too many/);
  });

  it('stop reading a body beyond the size cap, declared or not', async () => {
    const streamed = await failure(
      fetchJson('google', `${base()}/huge`, { ...options, maxBytes: 1024 * 1024 }),
    );
    expect(streamed.message).toMatch(/more than/);
    const declared = await failure(fetchJson('google', `${base()}/declared-huge`, options));
    expect(declared.message).toMatch(/more than/);
  });

  it('keep network details for the log and give the client a summary', async () => {
    const err = await failure(fetchJson('google', 'http://no-such-host.invalid/x', options));
    expect(err.message).toMatch(/ENOTFOUND|EAI_AGAIN|getaddrinfo/);
    expect(err.summary).toBe('google could not be reached');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const refused = await failure(fetchJson('openlibrary', `http://127.0.0.1:${closedPort}/x`, options));
    expect(refused.message).toMatch(/ECONNREFUSED/);
    expect(refused.summary).toBe('openlibrary could not be reached');
  });

  it('reach search results only as summaries', async () => {
    const t = await buildTestApp({
      GOOGLE_BOOKS_API_URL: 'http://no-such-host.invalid/books/v1',
      OPEN_LIBRARY_URL: 'http://no-such-host.invalid',
    });
    try {
      const reader = await registerUser(t.app);
      const res = await t.app.inject({ url: '/api/books/search?q=dune', headers: reader.auth });
      expect(res.statusCode).toBe(200);
      const messages = (res.json().providers as { message?: string }[]).map((p) => p.message ?? '');
      expect(messages).toEqual(['google could not be reached', 'openlibrary could not be reached']);
      expect(res.body).not.toMatch(/getaddrinfo|ENOTFOUND|EAI_AGAIN|no-such-host/);
    } finally {
      await t.close();
    }
  });
});
