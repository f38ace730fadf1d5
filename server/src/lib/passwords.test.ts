import { describe, expect, it } from 'vitest';
import { HASH_CONCURRENCY, hashPassword, verifyPassword, withHashSlot } from './passwords.ts';

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
