import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '../../errors.ts';

/**
 * How many failed sign-ins each kind of key may have before it is slowed, and how the delay
 * grows: after `free` failures the key waits `baseMs`, doubling with each further failure up to
 * `maxMs`. Nothing locks for good: the counter is forgotten `forgetMs` after the last failure.
 */
interface Policy {
  free: number;
  baseMs: number;
  maxMs: number;
  forgetMs: number;
}

/**
 * Per account (whatever login names it): OWASP's 10 tries, then 30 s growing to 15 min. Per
 * address: high enough for a school or office behind one router (only failures count, so any
 * number of readers signing in correctly pass), low enough that spraying many accounts stalls.
 * Per trusted device: the owner's own allowance, apart from whatever happens to the account.
 */
export const SIGN_IN_POLICIES = {
  account: { free: 10, baseMs: 30_000, maxMs: 15 * 60_000, forgetMs: 60 * 60_000 },
  ip: { free: 100, baseMs: 10_000, maxMs: 15 * 60_000, forgetMs: 60 * 60_000 },
  device: { free: 10, baseMs: 30_000, maxMs: 15 * 60_000, forgetMs: 60 * 60_000 },
} satisfies Record<string, Policy>;

type PolicyName = keyof typeof SIGN_IN_POLICIES;

interface Failures {
  count: number;
  lastMs: number;
}

/** Where failure counts live: Redis (shared by every instance) or this process. */
interface FailureStore {
  get(key: string, nowMs: number): Promise<Failures | null>;
  add(key: string, nowMs: number, forgetMs: number): Promise<void>;
  clear(key: string): Promise<void>;
}

const MEMORY_CAP = 100_000;

class MemoryFailureStore implements FailureStore {
  readonly #entries = new Map<string, Failures & { forgetAtMs: number }>();
  async get(key: string, nowMs: number) {
    const e = this.#entries.get(key);
    if (!e) return null;
    if (e.forgetAtMs <= nowMs) {
      this.#entries.delete(key);
      return null;
    }
    return { count: e.count, lastMs: e.lastMs };
  }
  async add(key: string, nowMs: number, forgetMs: number) {
    const e = this.#entries.get(key);
    const count = e && e.forgetAtMs > nowMs ? e.count + 1 : 1;
    if (!e && this.#entries.size >= MEMORY_CAP) this.#prune(nowMs);
    this.#entries.set(key, { count, lastMs: nowMs, forgetAtMs: nowMs + forgetMs });
  }
  async clear(key: string) {
    this.#entries.delete(key);
  }
  #prune(now: number) {
    for (const [k, e] of this.#entries) if (e.forgetAtMs <= now) this.#entries.delete(k);
    // Still full of live entries: drop the oldest rather than grow without bound.
    while (this.#entries.size >= MEMORY_CAP) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }
}

/** Counts in Redis; for any call Redis fails, in this process instead (logged once per outage). */
class RedisFailureStore implements FailureStore {
  readonly #redis: Redis;
  readonly #local = new MemoryFailureStore();
  readonly #warn: (msg: string, err: string) => void;
  #fallingBack = false;

  constructor(redis: Redis, warn: (msg: string, err: string) => void) {
    this.#redis = redis;
    this.#warn = warn;
  }

  async #try<T>(shared: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    try {
      const result = await shared();
      this.#fallingBack = false;
      return result;
    } catch (err) {
      if (!this.#fallingBack) {
        this.#fallingBack = true;
        this.#warn('sign-in throttle store failed; counting in this process instead', String(err));
      }
      return local();
    }
  }

  get(key: string, nowMs: number) {
    return this.#try(
      async () => {
        const [count, last] = await this.#redis.hmget(`bt-signin:${key}`, 'n', 'last');
        return count ? { count: Number(count), lastMs: Number(last) } : null;
      },
      () => this.#local.get(key, nowMs),
    );
  }
  add(key: string, nowMs: number, forgetMs: number) {
    return this.#try(
      async () => {
        await this.#redis
          .multi()
          .hincrby(`bt-signin:${key}`, 'n', 1)
          .hset(`bt-signin:${key}`, 'last', String(nowMs))
          .pexpire(`bt-signin:${key}`, forgetMs)
          .exec()
          .then((results) => {
            const failed = results?.find(([err]) => err);
            if (!results || failed) throw failed?.[0] ?? new Error('Redis transaction aborted');
          });
      },
      () => this.#local.add(key, nowMs, forgetMs),
    );
  }
  clear(key: string) {
    return this.#try(
      async () => {
        await this.#redis.del(`bt-signin:${key}`);
      },
      () => this.#local.clear(key),
    );
  }
}

function delayMs(policy: Policy, count: number): number {
  if (count < policy.free) return 0;
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(30, count - policy.free));
}

export class SignInThrottledError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(429, 'rate_limited', `Too many attempts. Try again in ${retryAfterSeconds} seconds.`, {
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

export interface ThrottleKey {
  policy: PolicyName;
  id: string;
}

/**
 * Failed sign-ins counted per account, per address and per trusted device, each slowed with
 * growing delays once past its allowance. Successes cost one read per key.
 */
export class SignInThrottle {
  readonly #store: FailureStore | null;
  readonly #clock: () => Date;

  constructor(options: {
    enabled: boolean;
    redis: Redis | null;
    clock: () => Date;
    warn: (msg: string, err: string) => void;
  }) {
    this.#store = !options.enabled
      ? null
      : options.redis
        ? new RedisFailureStore(options.redis, options.warn)
        : new MemoryFailureStore();
    this.#clock = options.clock;
  }

  /** Throws 429 with Retry-After while any of the keys is being slowed. */
  async check(keys: ThrottleKey[]): Promise<void> {
    const store = this.#store;
    if (!store) return;
    const now = this.#clock().getTime();
    let waitMs = 0;
    for (const key of keys) {
      const failures = await store.get(`${key.policy}:${key.id}`, now);
      if (!failures) continue;
      const until = failures.lastMs + delayMs(SIGN_IN_POLICIES[key.policy], failures.count);
      waitMs = Math.max(waitMs, until - now);
    }
    if (waitMs > 0) throw new SignInThrottledError(Math.max(1, Math.ceil(waitMs / 1000)));
  }

  async fail(keys: ThrottleKey[]): Promise<void> {
    const store = this.#store;
    if (!store) return;
    const now = this.#clock().getTime();
    for (const key of keys)
      await store.add(`${key.policy}:${key.id}`, now, SIGN_IN_POLICIES[key.policy].forgetMs);
  }

  async clear(keys: ThrottleKey[]): Promise<void> {
    const store = this.#store;
    if (!store) return;
    for (const key of keys) await store.clear(`${key.policy}:${key.id}`);
  }
}

/**
 * OWASP's device cookie: a browser that signed in to an account gets a signed token naming that
 * account. Presented at sign-in to the same account, it is counted apart from the account's
 * failures, so an attacker elsewhere can slow the account but not lock its owner out.
 */
export class DeviceTokens {
  readonly #key: Uint8Array;
  constructor(secretKey: string) {
    this.#key = new Uint8Array(hkdfSync('sha256', secretKey, 'book-tracker', 'device-cookie', 32));
  }

  issue(userId: number): string {
    const payload = `${userId}.${randomBytes(16).toString('base64url')}`;
    return `${payload}.${this.#sign(payload)}`;
  }

  /** The account and device id of a genuine token, or null. */
  verify(token: string | undefined | null): { userId: number; deviceId: string } | null {
    if (!token || token.length > 200) return null;
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [user, nonce, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.#sign(`${user}.${nonce}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const userId = Number(user);
    return Number.isSafeInteger(userId) ? { userId, deviceId: nonce } : null;
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.#key).update(payload).digest('base64url');
  }
}
