import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startServer } from '../test/http-server';
import { ApiError, apiRequest, resolveApiUrl } from './api-client';

let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer((request, response) => {
    if (request.url === '/ok') return json(response, 200, { hello: 'world' });
    if (request.url === '/empty') {
      response.writeHead(204);
      return response.end();
    }
    if (request.url === '/invalid')
      return json(response, 400, {
        error: { code: 'validation_failed', message: 'Invalid.', details: { title: ['is required', 'x'] } },
      });
    if (request.url === '/limited')
      return json(
        response,
        429,
        { error: { code: 'rate_limited', message: 'Slow down.' } },
        { 'Retry-After': '120' },
      );
    if (request.url === '/broken') {
      response.writeHead(502, { 'Content-Type': 'text/html' });
      return response.end('<h1>Bad gateway</h1>');
    }
    if (request.url === '/echo') return json(response, 201, { got: JSON.parse(request.body) });
    json(response, 404, { error: { code: 'not_found', message: 'Nothing here.' } });
  });
});

afterAll(async () => {
  await server.close();
});

describe('apiRequest', () => {
  it('answers the parsed JSON body', async () => {
    await expect(apiRequest(`${server.url}/ok`)).resolves.toEqual({ hello: 'world' });
  });

  it('answers undefined for 204', async () => {
    await expect(apiRequest(`${server.url}/empty`, { method: 'DELETE' })).resolves.toBeUndefined();
  });

  it('sends JSON with the CSRF cookie echoed in its header', async () => {
    // biome-ignore lint/suspicious/noDocumentCookie: the test plays the server setting the CSRF cookie.
    document.cookie = 'bt_csrf=token%20value';
    await expect(apiRequest(`${server.url}/echo`, { json: { a: 1 } })).resolves.toEqual({ got: { a: 1 } });
    const sent = server.requests.at(-1);
    expect(sent?.method).toBe('POST');
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(sent?.headers['x-csrf-token']).toBe('token value');
  });

  it('turns the error shape into an ApiError with one message per field', async () => {
    const error = await apiRequest(`${server.url}/invalid`).catch((cause: unknown) => cause);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      details: { title: 'is required' },
    });
  });

  it('says how long to wait after a 429', async () => {
    const error = await apiRequest(`${server.url}/limited`).catch((cause: unknown) => cause);
    expect(error).toMatchObject({
      status: 429,
      retryAfterSeconds: 120,
      message: 'Slow down. Try again in 2 minutes.',
    });
  });

  it('falls back to a plain message when the body is not JSON', async () => {
    const error = await apiRequest(`${server.url}/broken`).catch((cause: unknown) => cause);
    expect(error).toMatchObject({ status: 502, code: 'http_502' });
    expect((error as ApiError).message).toMatch(/went wrong on our side/);
  });

  it('reports an unreachable server as a network error', async () => {
    const error = await apiRequest('http://127.0.0.1:9/nowhere').catch((cause: unknown) => cause);
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
  });
});

describe('resolveApiUrl', () => {
  it('leaves absolute URLs alone and roots relative paths', () => {
    expect(resolveApiUrl('https://cdn.example/x.jpg')).toBe('https://cdn.example/x.jpg');
    expect(resolveApiUrl('api/me')).toBe('/api/me');
  });
});
