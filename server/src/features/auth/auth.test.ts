import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, registerUser } from '../../../test/helpers.ts';

let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('register', () => {
  it('creates an account and answers with the user and a bearer token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'Ann@Example.test', username: 'Ann_Reads', password: 'long enough pw', displayName: 'Ann' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.user).toMatchObject({ email: 'Ann@Example.test', username: 'ann_reads', displayName: 'Ann', privacy: 'public' });
    expect(body.user.passwordHash).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain('argon2');
    expect(body.token.tokenType).toBe('Bearer');
    expect(new Date(body.token.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
  });
});

describe('login', () => {
  it('accepts email or username, any case', async () => {
    const u = await registerUser(t.app);
    for (const login of [u.email.toUpperCase(), u.username.toUpperCase()]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password: u.password } });
      expect(res.statusCode).toBe(200);
    }
  });
});
