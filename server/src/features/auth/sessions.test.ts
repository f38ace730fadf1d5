import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, registerUser } from '../../../test/helpers.ts';
import { describePlace, describeUserAgent } from './user-agent.ts';

let t: Awaited<ReturnType<typeof buildTestApp>>;
let offsetMs = 0;

beforeAll(async () => {
  t = await buildTestApp({}, { clock: () => new Date(Date.now() + offsetMs) });
});
afterAll(async () => {
  await t.close();
});

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

async function signIn(u: { username: string; password: string }, userAgent: string, ip: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: ip,
    headers: { 'user-agent': userAgent },
    payload: { login: u.username, password: u.password },
  });
  expect(res.statusCode).toBe(200);
  return { authorization: `Bearer ${res.json().token.accessToken as string}` };
}

// The list request itself counts as a use of its session, from its address.
const list = (headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
  t.app.inject({ method: 'GET', url: '/api/me/sessions', headers, remoteAddress });

describe('GET /api/me/sessions', () => {
  it('lists the live sessions with device, browser, place and last use, the current one first and marked', async () => {
    const u = await registerUser(t.app);
    const phone = await signIn(u, SAFARI_IPHONE, '192.168.1.23');
    const laptop = await signIn(u, FIREFOX_LINUX, '203.0.113.9');
    const res = await list(laptop, '203.0.113.9');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Record<string, unknown>[];
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({
      current: true,
      browser: 'Firefox',
      device: 'Linux',
      place: 'Internet address 203.0.113.x',
    });
    expect(items.filter((s) => s.current)).toHaveLength(1);
    expect(items).toContainEqual(
      expect.objectContaining({
        current: false,
        browser: 'Safari',
        device: 'iPhone',
        place: 'Local network (192.168.1.x)',
      }),
    );
    expect(JSON.stringify(items)).not.toContain('203.0.113.9');
    // Another reader sees only their own.
    const other = await registerUser(t.app);
    expect((await list(other.auth)).json().items).toHaveLength(1);
    expect((await list(phone)).json().items[0].browser).toBe('Safari');
  });

  it('updates last use at most once a minute', async () => {
    const u = await registerUser(t.app);
    const first = (await list(u.auth)).json().items[0].lastUsedAt as string;
    expect((await list(u.auth)).json().items[0].lastUsedAt).toBe(first);
    offsetMs = 2 * 60_000;
    try {
      const later = (await list(u.auth)).json().items[0].lastUsedAt as string;
      expect(new Date(later).getTime()).toBeGreaterThan(new Date(first).getTime());
    } finally {
      offsetMs = 0;
    }
  });
});

describe('signing sessions out', () => {
  it('signs one session out, and 404s for another reader’s or an unknown one', async () => {
    const u = await registerUser(t.app);
    const phone = await signIn(u, SAFARI_IPHONE, '10.0.0.2');
    const phoneId = (await list(phone)).json().items[0].id as string;
    const other = await registerUser(t.app);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/me/sessions/${phoneId}`, headers: other.auth }))
        .statusCode,
    ).toBe(404);
    expect((await list(phone)).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'DELETE', url: `/api/me/sessions/${phoneId}`, headers: u.auth });
    expect(res.statusCode).toBe(204);
    expect((await list(phone)).statusCode).toBe(401);
    expect((await list(u.auth)).json().items).toHaveLength(1);
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/api/me/sessions/${phoneId}`,
      headers: u.auth,
    });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('not_found');
  });

  it('signs out everywhere else and keeps this session', async () => {
    const u = await registerUser(t.app);
    const a = await signIn(u, SAFARI_IPHONE, '10.0.0.3');
    const b = await signIn(u, FIREFOX_LINUX, '10.0.0.4');
    const res = await t.app.inject({ method: 'DELETE', url: '/api/me/sessions', headers: b });
    expect(res.statusCode).toBe(204);
    expect((await list(a)).statusCode).toBe(401);
    expect((await list(u.auth)).statusCode).toBe(401);
    const left = (await list(b)).json().items;
    expect(left).toHaveLength(1);
    expect(left[0].current).toBe(true);
  });

  it('purges expired and long-revoked sessions', async () => {
    const u = await registerUser(t.app);
    const other = await signIn(u, FIREFOX_LINUX, '10.0.0.5');
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: other });
    const count = async () =>
      (await t.database.db.selectFrom('sessions').select('id').where('userId', '=', u.id).execute()).length;
    expect(await count()).toBe(2);
    expect(await t.app.services.sessions.purgeExpired()).toBeGreaterThanOrEqual(0);
    expect(await count()).toBe(2);
    // A day later the revoked one goes; 31 days later (past the token lifetime) both.
    offsetMs = 25 * 3600_000;
    await t.app.services.sessions.purgeExpired();
    expect(await count()).toBe(1);
    offsetMs = 31 * 24 * 3600_000;
    await t.app.services.sessions.purgeExpired();
    offsetMs = 0;
    expect(await count()).toBe(0);
    expect((await list(u.auth)).statusCode).toBe(401);
  });
});

describe('describing a session', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0',
      'Edge',
      'Windows',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      'Safari',
      'Mac',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
      'Chrome',
      'Android phone',
    ],
    [FIREFOX_LINUX, 'Firefox', 'Linux'],
  ])('%s', (ua, browser, device) => {
    expect(describeUserAgent(ua)).toEqual({ browser, device });
  });

  it('names places by network and range', () => {
    expect(describePlace('127.0.0.1')).toBe('This computer');
    expect(describePlace('::ffff:10.1.2.3')).toBe('Local network (10.1.2.x)');
    expect(describePlace('2001:db8:abcd:12::1')).toBe('Internet address 2001:db8:abcd::/48');
    expect(describePlace(null)).toBe('Unknown place');
  });
});
