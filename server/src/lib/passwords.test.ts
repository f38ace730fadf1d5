import { describe, expect, it } from 'vitest';
import { buildTestApp, registerUser } from '../../test/helpers.ts';
import {
  HASH_CONCURRENCY,
  HASH_MAX_WAITING,
  hashPassword,
  hashQueue,
  verifyPassword,
  withHashSlot,
} from './passwords.ts';
import { QueueFullError, WorkQueue } from './work-queue.ts';

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'wrong horse battery')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });

  it('runs at most HASH_CONCURRENCY hashes at once and every job in turn, even failing ones', async () => {
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const job = (i: number) =>
      withHashSlot(async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 2));
        active--;
        order.push(i);
        if (i % 3 === 0) throw new Error(`job ${i}`);
        return i;
      });
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => job(i)));
    expect(peak).toBe(HASH_CONCURRENCY);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(4);
    expect(order.toSorted((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    // Slots were all handed back: the next job starts at once.
    expect(await withHashSlot(async () => 'free')).toBe('free');
  });
});

describe('the password-hash queue', () => {
  it('answers sign-ins with 503 and Retry-After once the line is full, and serves them again after', async () => {
    const t = await buildTestApp();
    const release: (() => void)[] = [];
    const blockers: Promise<unknown>[] = [];
    try {
      const reader = await registerUser(t.app);
      // Occupy every slot and every place in line with work that waits for us.
      for (let i = 0; i < HASH_CONCURRENCY + HASH_MAX_WAITING; i++) {
        blockers.push(withHashSlot(() => new Promise<void>((resolve) => release.push(resolve))));
      }
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: reader.username, password: reader.password },
      });
      expect(res.statusCode).toBe(503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.json().error.code).toBe('busy');
      // Release the slots one by one (each release lets a waiting job take the slot).
      while (hashQueue.running > 0) {
        release.shift()?.();
        await new Promise((r) => setImmediate(r));
      }
      await Promise.all(blockers);
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: reader.username, password: reader.password },
      });
      expect(again.statusCode).toBe(200);
    } finally {
      for (const r of release) r();
      await t.close();
    }
  });

  it('refuses the job beyond maxWaiting without running it', async () => {
    const queue = new WorkQueue({ concurrency: 1, maxWaiting: 1, what: 'tests' });
    let release = () => {};
    const first = queue.run(() => new Promise<void>((r) => (release = r)));
    const second = queue.run(async () => 'second');
    let ran = false;
    await expect(
      queue.run(async () => {
        ran = true;
      }),
    ).rejects.toBeInstanceOf(QueueFullError);
    expect(ran).toBe(false);
    release();
    await first;
    expect(await second).toBe('second');
  });
});
