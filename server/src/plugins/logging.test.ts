import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, registerUser, type TestEnv } from '../../test/helpers.ts';
import { buildApp } from '../app.ts';

let env: TestEnv;
let app: Awaited<ReturnType<typeof buildApp>>;
const lines: string[] = [];

beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'info' });
  app = await buildApp(env.config, {
    context: { database: env.database },
    serveWebApp: false,
    logStream: { write: (line) => lines.push(line) },
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await env.cleanup();
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
