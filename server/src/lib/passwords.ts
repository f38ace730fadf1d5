import { availableParallelism } from 'node:os';
import argon2 from 'argon2';
import { WorkQueue } from './work-queue.ts';

/** OWASP's minimum for argon2id: 19 MiB of memory, two passes, one lane. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * How many hashes run at once: one per core but one, left to the event loop (at least one, at
 * most libuv's four threads). Each hash holds 19 MiB while it runs and keeps a core busy, so more
 * would only add memory and slow every other request; further sign-ins wait their turn, in order.
 */
export const HASH_CONCURRENCY = Math.max(1, Math.min(4, availableParallelism() - 1));

/**
 * Sign-ins beyond this many waiting get 503 with Retry-After: each waiting one holds a request,
 * and at ~50 ms a hash the last in a longer line would wait seconds anyway.
 */
export const HASH_MAX_WAITING = 64 * HASH_CONCURRENCY;

export const hashQueue = new WorkQueue({
  concurrency: HASH_CONCURRENCY,
  maxWaiting: HASH_MAX_WAITING,
  what: 'sign-ins',
});

/** Runs `work` when one of the HASH_CONCURRENCY slots is free; 503 when the line is full. */
export function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  return hashQueue.run(work);
}

export function hashPassword(password: string): Promise<string> {
  return withHashSlot(() => argon2.hash(password, OPTIONS));
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  return withHashSlot(async () => {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  });
}

let dummyHash: Promise<string> | null = null;

/** Spends the same time as a real check, so an unknown login can't be told apart by timing. */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password-for-timing-only');
  await verifyPassword(await dummyHash, password);
}
