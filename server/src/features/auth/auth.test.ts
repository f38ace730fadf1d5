import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createTestEnv, registerUser, TEST_SECRET } from '../../../test/helpers.ts';
import { buildApp } from '../../app.ts';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, TokenService } from './token.service.ts';

let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const register = (payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/auth/register', payload: payload as object });
const login = (payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: payload as object });
const me = (authorization: string) =>
  t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization } });

async function userCount(): Promise<number> {
  const row = await t.database.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('register', () => {
  it('creates an account and answers with the user and a bearer token', async () => {
    const res = await register({
      email: 'Ann@Example.test',
      username: 'Ann_Reads',
      password: 'long enough pw',
      displayName: 'Ann',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.user).toMatchObject({
      email: 'Ann@Example.test',
      username: 'ann_reads',
      displayName: 'Ann',
      privacy: 'public',
    });
    expect(body.user.passwordHash).toBeUndefined();
    expect(res.body).not.toContain('argon2');
    expect(body.token.tokenType).toBe('Bearer');
    expect(new Date(body.token.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
    expect((await me(`Bearer ${body.token.accessToken}`)).json().username).toBe('ann_reads');
  });

  it('stores the password as an argon2id hash with at least 19 MiB, t=2, p=1', async () => {
    const u = await registerUser(t.app);
    const row = await t.database.db
      .selectFrom('users')
      .select('passwordHash')
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=\d+,p=1,t=\d+\$/);
    const [, m, tc] = /m=(\d+),p=1,t=(\d+)/.exec(row.passwordHash ?? '') ?? [];
    expect(Number(m)).toBeGreaterThanOrEqual(19456);
    expect(Number(tc)).toBeGreaterThanOrEqual(2);
  });

  it('refuses a taken email or username in another letter case with 409 and creates nothing', async () => {
    const u = await registerUser(t.app);
    const before = await userCount();
    const byEmail = await register({
      email: u.email.toUpperCase(),
      username: 'someone_new1',
      password: 'long enough pw',
    });
    expect(byEmail.statusCode).toBe(409);
    expect(byEmail.json().error.details).toMatchObject({ email: expect.any(String) });
    const byName = await register({
      email: 'fresh1@example.test',
      username: u.username.toUpperCase(),
      password: 'long enough pw',
    });
    expect(byName.statusCode).toBe(409);
    expect(byName.json().error.code).toBe('account_exists');
    expect(await userCount()).toBe(before);
  });

  it('lets only one of two simultaneous identical sign-ups win', async () => {
    const payload = { email: 'race@example.test', username: 'racer', password: 'long enough pw' };
    const results = await Promise.all([
      register(payload),
      register({ ...payload, email: 'RACE@example.test' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
  });

  it.each([
    [{ email: 'not-an-email', username: 'okname', password: 'long enough pw' }, 'email'],
    [{ email: 'a@example.test', username: 'ab', password: 'long enough pw' }, 'username'],
    [{ email: 'a@example.test', username: 'has space', password: 'long enough pw' }, 'username'],
    [{ email: 'a@example.test', username: 'x'.repeat(31), password: 'long enough pw' }, 'username'],
    [{ email: 'a@example.test', username: 'okname', password: 'short' }, 'password'],
    [{ email: 'a@example.test', username: 'okname', password: 'p'.repeat(257) }, 'password'],
    [{ email: 'a@example.test', username: 'okname' }, 'password'],
    [{ email: 'a@example.test', username: 'okname', password: 'long enough pw', isAdmin: true }, 'isAdmin'],
    [
      { email: 'a@example.test', username: 'okname', password: 'long enough pw', privacy: 'private' },
      'privacy',
    ],
  ])('refuses invalid input %j naming the field', async (payload, field) => {
    const before = await userCount();
    const res = await register(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.details).toHaveProperty(field);
    expect(await userCount()).toBe(before);
  });

  it('answers malformed JSON with 400 in the error shape', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.c", ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'malformed_json', message: expect.any(String) } });
  });

  it('answers an oversized body with 413', async () => {
    const res = await register({
      email: 'big@example.test',
      username: 'bigbody',
      password: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('answers a non-JSON body with 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'content-type': 'text/xml' },
      payload: '<a/>',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
  });
});

describe('login', () => {
  it('accepts email or username, in any letter case', async () => {
    const u = await registerUser(t.app);
    for (const name of [u.email.toUpperCase(), u.username.toUpperCase()]) {
      const res = await login({ login: name, password: u.password });
      expect(res.statusCode).toBe(200);
      expect(res.json().user.id).toBe(u.id);
    }
  });

  it('answers an unknown user and a wrong password alike', async () => {
    const u = await registerUser(t.app);
    const unknown = await login({ login: 'nobody_here', password: 'whatever123' });
    const wrong = await login({ login: u.username, password: 'wrong password' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
  });
});

describe('tokens', () => {
  it('refuses a token after logout, but not the user’s other tokens', async () => {
    const u = await registerUser(t.app);
    const second = (await login({ login: u.username, password: u.password })).json().token.accessToken;
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: u.auth });
    expect(out.statusCode).toBe(204);
    expect((await me(u.auth.authorization)).statusCode).toBe(401);
    expect((await me(`Bearer ${second}`)).statusCode).toBe(200);
  });

  it('refuses tampered, expired, alg:none, wrong-key and wrong-audience tokens', async () => {
    const u = await registerUser(t.app);
    const [h, p, s] = u.token.split('.');
    const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString());
    const otherSub = Buffer.from(JSON.stringify({ ...payload, sub: String(u.id + 1) })).toString('base64url');
    const key = new TextEncoder().encode(TEST_SECRET);
    const candidates = [
      `${h}.${otherSub}.${s}`,
      // The signature's first character changed: its last one carries two padding bits that
      // decoders ignore, so changing the end could leave the signature as it was (a flaky test).
      `${h}.${p}.${s?.startsWith('A') ? 'B' : 'A'}${(s ?? '').slice(1)}`,
      new UnsecuredJWT({ ...payload }).encode(),
      `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`,
      await new SignJWT({ ...payload }).setProtectedHeader({ alg: 'HS256' }).sign(key),
      await new SignJWT({ ...payload, aud: 'someone-else' }).setProtectedHeader({ alg: 'HS256' }).sign(key),
      'not-a-jwt',
    ];
    for (const token of candidates) {
      const res = await me(`Bearer ${token}`);
      expect(res.statusCode, token).toBe(401);
      expect(res.json().error.code).toBe('invalid_token');
    }
  });

  it('refuses an expired token signed with the right key', async () => {
    const u = await registerUser(t.app);
    const issuer = new TokenService(TEST_SECRET, 1);
    const issued = await issuer.issue(u.id);
    // Sign a token whose expiry has passed, with the server's real key derivation.
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(u.id))
      .setJti(issued.sessionId)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(await serverKey());
    expect((await me(`Bearer ${expired}`)).statusCode).toBe(401);
  });

  it('answers 401 without a token and for a malformed header', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    expect((await me('Basic abc')).statusCode).toBe(401);
  });
});

async function serverKey(): Promise<Uint8Array> {
  const { hkdfSync } = await import('node:crypto');
  return new Uint8Array(hkdfSync('sha256', TEST_SECRET, 'book-tracker', 'jwt', 32));
}

describe('cookie sessions for the web app', () => {
  it('sets an httpOnly session cookie and demands the CSRF header for changes', async () => {
    const u = await registerUser(t.app);
    const res = await login({ login: u.username, password: u.password });
    const cookies = res.cookies;
    const session = cookies.find((c) => c.name === 'bt_session');
    const csrf = cookies.find((c) => c.name === 'bt_csrf');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    expect(csrf?.httpOnly).toBeFalsy();
    const cookie = `bt_session=${session?.value}; bt_csrf=${csrf?.value}`;

    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    const noCsrf = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie },
      payload: { bio: 'x' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('csrf_failed');
    const wrongCsrf = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie, 'x-csrf-token': 'forged' },
      payload: { bio: 'x' },
    });
    expect(wrongCsrf.statusCode).toBe(403);
    const ok = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie, 'x-csrf-token': csrf?.value ?? '' },
      payload: { bio: 'from the web app' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().bio).toBe('from the web app');

    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf?.value ?? '' },
    });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });
});

describe('rate limits', () => {
  it('limits sign-in attempts per account across addresses with 429 and Retry-After', async () => {
    const limited = await buildTestApp({ RATE_LIMIT_DISABLED: '0' });
    try {
      const u = await registerUser(limited.app);
      const statuses: number[] = [];
      let retryAfter: string | undefined;
      for (let i = 0; i < 12; i++) {
        const res = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: `10.0.0.${i + 1}`,
          payload: { login: u.username, password: 'wrong password' },
        });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) {
          retryAfter = res.headers['retry-after'] as string;
          expect(res.json().error.code).toBe('rate_limited');
        }
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('limits sign-up attempts per address (high enough for a classroom signing up together)', async () => {
    const limited = await buildTestApp({ RATE_LIMIT_DISABLED: '0' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 122; i++) {
        const res = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/register',
          payload: { email: `x${i}@example.test`, username: 'x', password: 'short' },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses.filter((s) => s === 400)).toHaveLength(120);
      expect(statuses.at(-1)).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('rate limits shared through Redis', () => {
  it('falls back to per-process limits, never none, when REDIS_URL is set and Redis is down', async () => {
    const lines: string[] = [];
    const env = await createTestEnv({
      RATE_LIMIT_DISABLED: '0',
      // Nothing listens here: every Redis call fails.
      REDIS_URL: 'redis://127.0.0.1:1',
      LOG_LEVEL: 'warn',
    });
    const app = await buildApp(env.config, {
      context: { database: env.database },
      serveWebApp: false,
      logStream: { write: (line: string) => lines.push(line) },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: `10.2.0.${i + 1}`,
          payload: { login: 'nobody_here', password: 'wrong password' },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      expect(lines.join('')).toContain('counting in this process instead');
    } finally {
      await app.close();
      await env.cleanup();
    }
  });

  it('counts one account’s failed sign-ins across two instances', async () => {
    const { Redis } = await import('ioredis');
    const probe = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
    // Redis must be up (the test fails, not skips, without it). No flush: the account is new to
    // this run, and flushing would wipe the counters of another run sharing this Redis.
    await probe.connect();
    probe.disconnect();
    const a = await buildTestApp({ RATE_LIMIT_DISABLED: '0', REDIS_URL: 'redis://127.0.0.1:6379' });
    const b = await buildTestApp({ RATE_LIMIT_DISABLED: '0', REDIS_URL: 'redis://127.0.0.1:6379' });
    try {
      const login = `shared_${Date.now()}`;
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const instance = i % 2 === 0 ? a : b;
        const res = await instance.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: `10.1.0.${i + 1}`,
          payload: { login, password: 'wrong password' },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('GET /api/auth/providers', () => {
  it('does not offer Google while there is no Google sign-in route, even with a client configured', async () => {
    const configured = await buildTestApp({
      GOOGLE_CLIENT_ID: 'client-id',
      GOOGLE_CLIENT_SECRET: 'client-secret',
    });
    try {
      const res = await configured.app.inject({ method: 'GET', url: '/api/auth/providers' });
      expect(res.statusCode).toBe(200);
      const googleRoute = configured.app.hasRoute({ method: 'GET', url: '/api/auth/google' });
      expect(res.json()).toEqual({ google: googleRoute });
    } finally {
      await configured.close();
    }
  });
});
