import { type AddressInfo, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBookProviders, startFakeBookProviders } from '../../../test/fake-book-providers.ts';
import { buildTestApp, injectAs, registerUser, type TestUser } from '../../../test/helpers.ts';

let fake: FakeBookProviders;
let t: Awaited<ReturnType<typeof buildTestApp>>;
let reader: TestUser;
const lines: string[] = [];

beforeAll(async () => {
  fake = await startFakeBookProviders();
  t = await buildTestApp(
    {
      ...fake.env,
      PROVIDER_TIMEOUT_MS: '10000',
      LOG_LEVEL: 'warn',
      GOOGLE_BOOKS_API_KEY: 'secret-api-key-1',
    },
    { logStream: { write: (line: string) => lines.push(line) } },
  );
  reader = await registerUser(t.app);
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

describe('provider failures', () => {
  it('are summarised for the client and logged in full at warn, without the API key', async () => {
    fake.on('/books/v1/volumes', () => ({
      status: 500,
      body: { error: { message: 'Backend Error quota-xyz' } },
    }));
    const res = await injectAs(t.app, reader, {
      method: 'GET',
      url: '/api/books/search',
      query: { q: 'anything at all' },
    });
    expect(res.statusCode).toBe(200);
    const google = (res.json() as { providers: { name: string; message?: string }[] }).providers.find(
      (p) => p.name === 'google',
    );
    expect(google?.message).toBe('google answered HTTP 500');
    expect(res.body).not.toContain('quota-xyz');

    const logged = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry.provider === 'google' && entry.status === 500);
    expect(logged).toMatchObject({ level: 40, kind: 'error' });
    expect(String(logged?.body)).toContain('quota-xyz');
    expect(String(logged?.url)).toContain('/books/v1/volumes?q=');
    expect(String(logged?.url)).not.toContain('secret-api-key-1');
    expect(lines.join('\n')).not.toContain('secret-api-key-1');
  });

  it('log the network error code when a provider cannot be reached', async () => {
    // A port that was free a moment ago: nothing answers there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const offline = await buildTestApp(
      {
        GOOGLE_BOOKS_API_URL: `http://127.0.0.1:${port}/books/v1`,
        OPEN_LIBRARY_URL: `http://127.0.0.1:${port}`,
        LOG_LEVEL: 'warn',
      },
      { logStream: { write: (line: string) => lines.push(line) } },
    );
    try {
      const user = await registerUser(offline.app);
      const res = await injectAs(offline.app, user, { method: 'GET', url: '/api/books/isbn/9780261102217' });
      expect(res.statusCode).toBe(503);
      expect(res.body).not.toContain('ECONNREFUSED');
      // Asked again while still offline: the log does not repeat itself (one line per provider
      // until it answers again, then a reminder at most once an hour).
      for (const q of ['harbour', 'lighthouse', 'salt roads']) {
        const again = await injectAs(offline.app, user, {
          method: 'GET',
          url: '/api/books/search',
          query: { q },
        });
        expect(again.statusCode).toBe(200);
      }
      const logged = lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry.provider === 'google' && entry.code === 'ECONNREFUSED');
      expect(logged).toHaveLength(1);
    } finally {
      await offline.close();
    }
  });
});
