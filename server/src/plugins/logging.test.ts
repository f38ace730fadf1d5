import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, registerUser } from '../../test/helpers.ts';

let t: Awaited<ReturnType<typeof buildTestApp>>;
let app: FastifyInstance;
const lines: string[] = [];

beforeAll(async () => {
  t = await buildTestApp({ LOG_LEVEL: 'info' }, { logStream: { write: (line) => lines.push(line) } });
  app = t.app;
});

afterAll(async () => {
  await t.close();
});

describe('request logs', () => {
  it('record each request with its id, method and URL but never its tokens or cookies', async () => {
    const user = await registerUser(app);
    lines.length = 0;
    const res = await app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { ...user.auth, cookie: 'bt_session=secret-session-cookie; bt_csrf=secret-csrf' },
    });
    expect(res.statusCode).toBe(200);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const incoming = entries.find((e) => e.msg === 'incoming request');
    expect(incoming).toMatchObject({
      reqId: res.headers['x-request-id'],
      req: { method: 'GET', url: '/api/me' },
    });
    expect(entries.find((e) => e.msg === 'request completed')).toMatchObject({ res: { statusCode: 200 } });
    const all = lines.join('\n');
    expect(all).not.toContain(user.token);
    expect(all).not.toContain('secret-session-cookie');
    expect(all).not.toContain('secret-csrf');
  });
});
