import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, registerUser, type TestUser } from '../../test/helpers.ts';

let t: Awaited<ReturnType<typeof buildTestApp>>;
let reader: TestUser;
let port: number;

beforeAll(async () => {
  t = await buildTestApp();
  reader = await registerUser(t.app);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await t.close();
});

/** Sends raw bytes and reads everything the server answers until it closes the connection. */
function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => {
      answer += d;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.write(request);
  });
}

function parse(answer: string) {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

function expectApiHeaders(headers: Record<string, string | string[] | number | undefined>) {
  expect(headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
}

describe('errors raised outside the routes', () => {
  it('answers bad percent-encoding in the error shape, without echoing the URL', async () => {
    const res = await t.app.inject({ url: '/api/users/%' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: { code: 'bad_url', message: 'The URL is not valid (check its percent-encoding).' },
    });
    expectApiHeaders(res.headers);
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('answers a URL beyond the header limit with 431 in the error shape with the security headers', async () => {
    const answer = parse(await raw(`GET /api/users/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'headers_too_large' } });
    expectApiHeaders(answer.headers);
  });

  it('answers a request that is not HTTP with 400 in the error shape', async () => {
    const answer = parse(await raw('HELLO\r\n\r\n'));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'bad_request' } });
    expectApiHeaders(answer.headers);
  });

  it('answers a malformed multipart body with 400, not 500', async () => {
    for (const payload of [
      'x',
      '--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc',
    ]) {
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/me/avatar',
        headers: { ...reader.auth, 'content-type': 'multipart/form-data; boundary=b' },
        payload,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('bad_multipart');
    }
    const noBoundary = await t.app.inject({
      method: 'PUT',
      url: '/api/me/avatar',
      headers: { ...reader.auth, 'content-type': 'multipart/form-data' },
      payload: 'x',
    });
    expect(noBoundary.statusCode).toBeGreaterThanOrEqual(400);
    expect(noBoundary.statusCode).toBeLessThan(500);
    expect(noBoundary.json().error.code).toBeTruthy();
  });
});

describe('request ids', () => {
  it('keeps a short, plain X-Request-Id and replaces anything else', async () => {
    const plain = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-42.a:b_c' } });
    expect(plain.headers['x-request-id']).toBe('trace-42.a:b_c');
    for (const id of ['x'.repeat(16_000), 'a b', '<script>', 'ünïcode', 'x'.repeat(65)]) {
      const res = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': id } });
      expect(res.headers['x-request-id']).not.toBe(id);
      expect(String(res.headers['x-request-id'])).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
