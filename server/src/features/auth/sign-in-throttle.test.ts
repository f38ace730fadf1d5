import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, registerUser } from '../../../test/helpers.ts';
import { hashPassword } from '../../lib/passwords.ts';

// Rate limits on (the other suites turn them off), and a clock the tests move.
let t: Awaited<ReturnType<typeof buildTestApp>>;
let offsetMs = 0;

beforeAll(async () => {
  t = await buildTestApp({ RATE_LIMIT_DISABLED: '0' }, { clock: () => new Date(Date.now() + offsetMs) });
});
afterAll(async () => {
  await t.close();
});

function signIn(login: string, password: string, ip: string, cookies: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: ip,
    cookies,
    payload: { login, password },
  });
}

/** Readers made straight in the database (one shared hash), so hundreds cost no hashing. */
async function insertReaders(prefix: string, n: number, password: string) {
  const passwordHash = await hashPassword(password);
  const now = new Date().toISOString();
  const rows = Array.from({ length: n }, (_, i) => ({
    email: `${prefix}${i}@example.test`,
    emailLower: `${prefix}${i}@example.test`,
    username: `${prefix}${i}`,
    displayName: `${prefix} ${i}`,
    bio: '',
    avatarPath: null,
    privacy: 'public' as const,
    passwordHash,
    googleSub: null,
    emailVerified: 0,
    createdAt: now,
    updatedAt: now,
  }));
  await t.database.db.insertInto('users').values(rows).execute();
  return rows.map((r) => r.username);
}

describe('throttling that a classroom survives', () => {
  it('lets 40 readers behind one address sign in correctly within a minute', async () => {
    const names = await insertReaders('pupil', 40, 'class password 1');
    const statuses: number[] = [];
    for (const name of names)
      statuses.push((await signIn(name, 'class password 1', '203.0.113.40')).statusCode);
    expect(statuses).toEqual(Array(40).fill(200));
  }, 120_000);

  it('slows 60 wrong passwords against one account from one address after 10', async () => {
    const u = await registerUser(t.app);
    const statuses: number[] = [];
    let retryAfter = '';
    for (let i = 0; i < 60; i++) {
      const res = await signIn(u.username, `wrong password ${i}`, '198.51.100.60');
      statuses.push(res.statusCode);
      if (res.statusCode === 429) retryAfter = res.headers['retry-after'] as string;
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(50).fill(429));
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('slows 300 wrong passwords spread over 300 accounts from one address after 100', async () => {
    const names = await insertReaders('spray', 300, 'spray password 1');
    const statuses: number[] = [];
    for (const name of names)
      statuses.push((await signIn(name, 'not the password', '198.51.100.3')).statusCode);
    expect(statuses.slice(0, 100)).toEqual(Array(100).fill(401));
    expect(statuses.slice(100).every((s) => s === 429)).toBe(true);
    // Another address is not slowed by it.
    expect((await signIn(names[0] ?? '', 'spray password 1', '198.51.100.4')).statusCode).toBe(200);
    // A hundred password hashes take a while on a busy machine.
  }, 180_000);

  it('after 50 wrong passwords for bob from one address, bob signs in from a device that signed in before', async () => {
    const bob = await registerUser(t.app);
    const before = await signIn(bob.username, bob.password, '192.0.2.10');
    const device = before.cookies.find((c) => c.name === 'bt_device');
    expect(device?.httpOnly).toBe(true);
    expect(device?.path).toBe('/api/auth');

    for (let i = 0; i < 50; i++) await signIn(bob.email, `guess ${i}`, '198.51.100.50');

    // A browser that never signed in to bob is slowed, even with the right password…
    expect((await signIn(bob.username, bob.password, '192.0.2.11')).statusCode).toBe(429);
    // …bob's own device is not, from his address or from the attacker's.
    const cookies = { bt_device: device?.value ?? '' };
    expect((await signIn(bob.username, bob.password, '192.0.2.10', cookies)).statusCode).toBe(200);
    expect((await signIn(bob.username, bob.password, '198.51.100.50', cookies)).statusCode).toBe(200);
    // A device cookie of another account, or a forged one, buys nothing.
    const other = await registerUser(t.app);
    const otherDevice = (await signIn(other.username, other.password, '192.0.2.12')).cookies.find(
      (c) => c.name === 'bt_device',
    );
    expect(
      (await signIn(bob.username, bob.password, '192.0.2.12', { bt_device: otherDevice?.value ?? '' }))
        .statusCode,
    ).toBe(429);
    const forged = `${bob.id}.abc.${'x'.repeat(43)}`;
    expect((await signIn(bob.username, bob.password, '192.0.2.13', { bt_device: forged })).statusCode).toBe(
      429,
    );
  });

  it('counts the username and the email of one account together', async () => {
    const u = await registerUser(t.app);
    for (let i = 0; i < 5; i++)
      expect((await signIn(u.username, 'wrong one', `10.7.0.${i}`)).statusCode).toBe(401);
    for (let i = 0; i < 5; i++)
      expect((await signIn(u.email.toUpperCase(), 'wrong one', `10.7.1.${i}`)).statusCode).toBe(401);
    expect((await signIn(u.email, u.password, '10.7.2.1')).statusCode).toBe(429);
    expect((await signIn(u.username, u.password, '10.7.2.2')).statusCode).toBe(429);
  });

  it('delays grow with each further failure and never lock for good', async () => {
    const u = await registerUser(t.app);
    const ip = '10.8.0.1';
    try {
      for (let i = 0; i < 10; i++) await signIn(u.username, 'wrong', ip);
      const first = await signIn(u.username, u.password, ip);
      expect(first.statusCode).toBe(429);
      expect(Number(first.headers['retry-after'])).toBe(30);
      offsetMs += 31_000;
      expect((await signIn(u.username, 'wrong again', ip)).statusCode).toBe(401);
      expect(Number((await signIn(u.username, u.password, ip)).headers['retry-after'])).toBe(60);
      offsetMs += 61_000;
      expect((await signIn(u.username, u.password, ip)).statusCode).toBe(200);
      // A success clears the account's count.
      expect((await signIn(u.username, 'wrong', ip)).statusCode).toBe(401);
    } finally {
      offsetMs = 0;
    }
  });
});
