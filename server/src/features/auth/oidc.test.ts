import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, registerUser } from '../../../test/helpers.ts';
import { startOidcStub } from '../../../test/oidc-stub.ts';
import { loadConfig } from '../../config.ts';

const CLIENT = { clientId: 'book-tracker-test', clientSecret: 'stub-client-secret-0123456789' };
const PUBLIC_URL = 'http://127.0.0.1:8241';

let stub: Awaited<ReturnType<typeof startOidcStub>>;
let t: Awaited<ReturnType<typeof buildTestApp>>;

beforeAll(async () => {
  stub = await startOidcStub(CLIENT);
  t = await buildTestApp({
    GOOGLE_CLIENT_ID: CLIENT.clientId,
    GOOGLE_CLIENT_SECRET: CLIENT.clientSecret,
    OIDC_ISSUER_URL: stub.issuer,
    PUBLIC_URL,
  });
});
afterAll(async () => {
  await t.close();
  await stub.close();
});

type Jar = Record<string, string>;

function keep(jar: Jar, res: { cookies: { name: string; value: string }[] }) {
  for (const c of res.cookies) {
    if (c.value) jar[c.name] = c.value;
    else delete jar[c.name];
  }
}

/** Starts a flow in this "browser", lets the provider answer, and returns the callback to call. */
async function startFlow(jar: Jar, mode: 'signin' | 'link' = 'signin') {
  const headers: Record<string, string> = {};
  const start = await t.app.inject({
    method: 'GET',
    url: `/api/auth/google?mode=${mode}`,
    cookies: jar,
    headers,
  });
  expect(start.statusCode).toBe(302);
  keep(jar, start);
  const authorize = new URL(start.headers.location as string);
  expect(authorize.origin).toBe(stub.issuer);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/api/auth/google/callback`);
  expect(authorize.searchParams.get('nonce')).toBeTruthy();
  const answer = await fetch(authorize, { redirect: 'manual' });
  const back = new URL(answer.headers.get('location') ?? '');
  return back;
}

async function callback(jar: Jar, back: URL) {
  const res = await t.app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, cookies: jar });
  keep(jar, res);
  return res;
}

function errorOf(res: { statusCode: number; headers: Record<string, unknown> }) {
  expect(res.statusCode).toBe(303);
  const location = new URL(res.headers.location as string);
  expect(location.pathname).toBe('/auth/return');
  return location.searchParams.get('error');
}

async function signUpWithProvider(sub: string, email: string, username: string) {
  stub.signInAs({ sub, email, email_verified: true, name: 'Olive Provider', preferred_username: username });
  const jar: Jar = {};
  const res = await callback(jar, await startFlow(jar));
  expect(res.headers.location).toBe(`${PUBLIC_URL}/auth/return?signup=1`);
  const pending = await t.app.inject({ method: 'GET', url: '/api/auth/google/signup', cookies: jar });
  expect(pending.json()).toEqual({ email, displayName: 'Olive Provider', suggestedUsername: username });
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/auth/google/signup',
    cookies: jar,
    payload: { username },
  });
  expect(created.statusCode).toBe(201);
  keep(jar, created);
  return { jar, user: created.json().user as { id: number; hasPassword: boolean; emailVerified: boolean } };
}

const me = (jar: Jar) => t.app.inject({ method: 'GET', url: '/api/me', cookies: jar });

describe('sign-in with the OpenID Connect provider', () => {
  it('signs a new reader up with a chosen username, then signs them in again', async () => {
    const { user } = await signUpWithProvider('sub-olive', 'olive@example.test', 'olive_reads');
    expect(user).toMatchObject({ hasPassword: false, emailVerified: true, googleLinked: true });

    const jar: Jar = {};
    const res = await callback(jar, await startFlow(jar));
    expect(res.headers.location).toBe(`${PUBLIC_URL}/`);
    expect(jar.bt_oidc).toBeUndefined();
    expect((await me(jar)).json().id).toBe(user.id);
  });

  it('answers a wrong state, a replayed code and a missing flow cookie on the web page', async () => {
    stub.signInAs({ sub: 'sub-state', email: 'state@example.test', email_verified: true });
    const jar: Jar = {};
    const back = await startFlow(jar);
    const wrong = new URL(back);
    wrong.searchParams.set('state', 'forged-state');
    expect(errorOf(await callback({ ...jar }, wrong))).toBe('state_mismatch');

    const flowCookie = { ...jar };
    expect((await callback(jar, back)).headers.location).toBe(`${PUBLIC_URL}/auth/return?signup=1`);
    // Replayed with the same cookie the first use carried: the provider refuses the used code.
    expect(errorOf(await callback(flowCookie, back))).toBe('code_rejected');
    // Without the browser's flow cookie (another browser, or it expired).
    const other = await startFlow({});
    expect(errorOf(await callback({}, other))).toBe('flow_expired');
  });

  it.each([
    ['wrong audience', { audience: 'someone-else' }],
    ['expired ID token', { expired: true }],
    ['alg none', { algNone: true }],
    ['HS256 signed with the client secret', { hs256: CLIENT.clientSecret }],
    ['signed by another key', { otherKey: true }],
    ['wrong nonce', { nonce: 'not-the-nonce' }],
  ])('refuses an ID token with a %s', async (_what, tamper) => {
    stub.signInAs({ sub: `sub-${Math.random()}`, email: 'tamper@example.test', email_verified: true });
    const jar: Jar = {};
    const back = await startFlow(jar);
    stub.tamperNext(tamper);
    expect(errorOf(await callback(jar, back))).toBe('token_rejected');
    expect(jar.bt_session).toBeUndefined();
  });

  it('says when the reader denied consent', async () => {
    const jar: Jar = {};
    await startFlow(jar);
    const denied = await callback(
      jar,
      new URL(`${PUBLIC_URL}/api/auth/google/callback?error=access_denied&state=x`),
    );
    expect(errorOf(denied)).toBe('access_denied');
  });
});

describe('linking by email (pre-account-takeover closed)', () => {
  it('refuses an unverified provider email that matches an account', async () => {
    const local = await registerUser(t.app);
    await t.database.db.updateTable('users').set({ emailVerified: 1 }).where('id', '=', local.id).execute();
    stub.signInAs({ sub: 'sub-unverified', email: local.email, email_verified: false });
    const jar: Jar = {};
    expect(errorOf(await callback(jar, await startFlow(jar)))).toBe('link_from_settings');
  });

  it('refuses to join a verified provider email to an account whose email is unverified', async () => {
    const local = await registerUser(t.app);
    stub.signInAs({ sub: 'sub-verified-1', email: local.email.toUpperCase(), email_verified: true });
    const jar: Jar = {};
    expect(errorOf(await callback(jar, await startFlow(jar)))).toBe('link_from_settings');
    const identities = await t.database.db
      .selectFrom('identities')
      .selectAll()
      .where('userId', '=', local.id)
      .execute();
    expect(identities).toEqual([]);
  });

  it('joins two verified addresses and signs that account in', async () => {
    const local = await registerUser(t.app);
    await t.database.db.updateTable('users').set({ emailVerified: 1 }).where('id', '=', local.id).execute();
    stub.signInAs({ sub: 'sub-verified-2', email: local.email, email_verified: true });
    const jar: Jar = {};
    expect((await callback(jar, await startFlow(jar))).headers.location).toBe(`${PUBLIC_URL}/`);
    expect((await me(jar)).json()).toMatchObject({ id: local.id, googleLinked: true });
  });
});

describe('sign-in methods in settings', () => {
  async function cookieSession(u: { username: string; password: string }): Promise<Jar> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: u.username, password: u.password },
    });
    const jar: Jar = {};
    keep(jar, res);
    return jar;
  }

  it('links from settings while signed in, refuses a provider account linked elsewhere, and unlinks', async () => {
    const u = await registerUser(t.app);
    const jar = await cookieSession(u);
    stub.signInAs({ sub: 'sub-link-1', email: 'whatever@example.test', email_verified: false });
    expect((await callback(jar, await startFlow(jar, 'link'))).headers.location).toBe(
      `${PUBLIC_URL}/settings?linked=1`,
    );
    const list = await t.app.inject({ method: 'GET', url: '/api/me/identities', cookies: jar });
    expect(list.json().items).toEqual([
      expect.objectContaining({ provider: stub.issuer, email: 'whatever@example.test' }),
    ]);

    const other = await registerUser(t.app);
    const otherJar = await cookieSession(other);
    expect(errorOf(await callback(otherJar, await startFlow(otherJar, 'link')))).toBe('identity_in_use');

    const id = list.json().items[0].id as number;
    const unlink = await t.app.inject({
      method: 'DELETE',
      url: `/api/me/identities/${id}`,
      cookies: jar,
      headers: { 'x-csrf-token': jar.bt_csrf ?? '' },
    });
    expect(unlink.statusCode).toBe(204);
    expect((await me(jar)).json().googleLinked).toBe(false);
  });

  it('refuses to unlink the last way to sign in, until a password is set', async () => {
    const { jar } = await signUpWithProvider('sub-only', 'only@example.test', 'only_provider');
    const csrf = { 'x-csrf-token': jar.bt_csrf ?? '' };
    const [identity] = (await t.app.inject({ method: 'GET', url: '/api/me/identities', cookies: jar })).json()
      .items;
    const refused = await t.app.inject({
      method: 'DELETE',
      url: `/api/me/identities/${identity.id}`,
      cookies: jar,
      headers: csrf,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('last_sign_in_method');

    const set = await t.app.inject({
      method: 'PUT',
      url: '/api/me/password',
      cookies: jar,
      headers: csrf,
      payload: { currentPassword: '', newPassword: 'a password of my own' },
    });
    expect(set.statusCode).toBe(204);
    const ok = await t.app.inject({
      method: 'DELETE',
      url: `/api/me/identities/${identity.id}`,
      cookies: jar,
      headers: csrf,
    });
    expect(ok.statusCode).toBe(204);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: 'only_provider', password: 'a password of my own' },
    });
    expect(login.statusCode).toBe(200);
  });

  it('deletes a password-less account only after a fresh provider sign-in', async () => {
    const { jar, user } = await signUpWithProvider('sub-delete', 'delete@example.test', 'delete_me');
    const csrf = { 'x-csrf-token': jar.bt_csrf ?? '' };
    // Make this session older than ten minutes.
    await t.database.db
      .updateTable('sessions')
      .set({ createdAt: new Date(Date.now() - 11 * 60_000).toISOString() })
      .where('userId', '=', user.id)
      .execute();
    const stale = await t.app.inject({ method: 'DELETE', url: '/api/me', cookies: jar, headers: csrf });
    expect(stale.statusCode).toBe(403);
    expect(stale.json().error.code).toBe('reauthentication_required');

    const fresh: Jar = {};
    expect((await callback(fresh, await startFlow(fresh))).headers.location).toBe(`${PUBLIC_URL}/`);
    const ok = await t.app.inject({
      method: 'DELETE',
      url: '/api/me',
      cookies: fresh,
      headers: { 'x-csrf-token': fresh.bt_csrf ?? '' },
    });
    expect(ok.statusCode).toBe(204);
  });

  it('starts a link only for a signed-in reader', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/google?mode=link' });
    expect(errorOf(res)).toBe('not_signed_in');
  });
});

describe('issuer configuration', () => {
  const base = { GOOGLE_CLIENT_ID: 'a', GOOGLE_CLIENT_SECRET: 'b', SECRET_KEY: 'x'.repeat(40) };
  it('accepts http only for a loopback issuer outside production', () => {
    expect(() => loadConfig({ ...base, OIDC_ISSUER_URL: 'http://127.0.0.1:9000' })).not.toThrow();
    expect(() => loadConfig({ ...base, OIDC_ISSUER_URL: 'http://idp.example.test' })).toThrow(/loopback/);
    expect(() =>
      loadConfig({ ...base, NODE_ENV: 'production', OIDC_ISSUER_URL: 'http://127.0.0.1:9000' }),
    ).toThrow(/https in production/);
  });

  it('sends the browser to the web page when no provider is configured', async () => {
    const plain = await buildTestApp();
    try {
      const res = await plain.app.inject({ method: 'GET', url: '/api/auth/google' });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toMatch(/\/auth\/return\?error=not_configured$/);
      expect((await plain.app.inject({ method: 'GET', url: '/api/auth/providers' })).json()).toEqual({
        google: false,
      });
    } finally {
      await plain.close();
    }
  });
});
