import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { json, startServer } from '../test/http-server';

// A build with VITE_API_BASE_URL on another origin than the page's (the web app hosted apart).
let server: Awaited<ReturnType<typeof startServer>>;
let client: typeof import('./api-client');
const seen: { authorization?: string; csrf?: string }[] = [];

beforeAll(async () => {
  server = await startServer((request, response) => {
    seen.push({
      authorization: request.headers.authorization,
      csrf: request.headers['x-csrf-token'] as string | undefined,
    });
    json(response, 200, { ok: true });
  });
  vi.stubEnv('VITE_API_BASE_URL', server.url);
  vi.resetModules();
  client = await import('./api-client');
  // biome-ignore lint/suspicious/noDocumentCookie: the test plants the cookie a same-origin page would hold
  document.cookie = 'bt_csrf=from-a-cookie';
});

afterAll(async () => {
  vi.unstubAllEnvs();
  // biome-ignore lint/suspicious/noDocumentCookie: and removes it again
  document.cookie = 'bt_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  await server.close();
});

describe('apiRequest with the API on another origin', () => {
  it('sends the remembered token as a bearer header, never the CSRF cookie, and forgets it on sign-out', async () => {
    await client.apiRequest('/api/me');
    client.rememberSignIn({ accessToken: 'token-in-memory' });
    await client.apiRequest('/api/books', { json: { title: 'x' } });
    client.rememberSignIn(null);
    await client.apiRequest('/api/books', { json: { title: 'x' } });
    expect(seen).toEqual([
      { authorization: undefined, csrf: undefined },
      { authorization: 'Bearer token-in-memory', csrf: undefined },
      { authorization: undefined, csrf: undefined },
    ]);
  });
});
