import { createRequire } from 'node:module';
import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { AppError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Sign-in, sign-up and password routes get two stricter limits: per IP (an onRequest hook,
     * so even invalid requests count) and per account named in the body or signed in (a
     * preHandler), so one attacker can't spread guesses over many addresses. Sign-in itself
     * uses only the first: its failures are throttled per account and address by the auth feature.
     */
    sensitiveRateLimit: {
      onRequest: (request: FastifyRequest) => Promise<void>;
      preHandler: (request: FastifyRequest) => Promise<void>;
    };
    /**
     * A named limit for one route (a hook: onRequest for keys from the connection, preHandler
     * for keys from the validated body): `max` requests per window per key, then 429 with
     * Retry-After. A key of null is not counted. Off when rate limits are disabled.
     */
    routeLimit: (options: RouteLimitOptions) => (request: FastifyRequest) => Promise<void>;
  }
}

export interface RouteLimitOptions {
  name: string;
  max: number;
  timeWindowMs: number;
  key: (request: FastifyRequest) => string | null;
}

interface Counter {
  current: number;
  ttl: number;
}
type Callback = (err: Error | null, result: Counter | null) => void;
interface Store {
  incr(key: string, cb: Callback, timeWindow: number, max: number): void;
  read?(key: string, cb: Callback, timeWindow: number, max: number): void;
  child(routeOptions: unknown): Store;
}
type StoreClass = new (continueExceeding: boolean, exponentialBackoff: boolean, ...rest: unknown[]) => Store;

// The plugin's own stores (no typings of their own).
const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as StoreClass;
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as StoreClass;

/**
 * A rate-limit store that counts in Redis and, for any call Redis fails, in process memory
 * instead, logging the first fallback after each recovery. Each route's limiter gets a child
 * pair, as the plugin's stores do.
 */
export function fallbackStore(redis: Redis, nameSpace: string, log: FastifyBaseLogger) {
  let fallingBack = false;
  class FallbackStore implements Store {
    readonly #shared: Store;
    readonly #local: Store;
    constructor(
      params: { continueExceeding?: boolean; exponentialBackoff?: boolean },
      shared?: Store,
      local?: Store,
    ) {
      const continueExceeding = params.continueExceeding ?? false;
      const exponentialBackoff = params.exponentialBackoff ?? false;
      this.#shared = shared ?? new RedisStore(continueExceeding, exponentialBackoff, redis, nameSpace);
      this.#local = local ?? new LocalStore(continueExceeding, exponentialBackoff);
    }
    incr(key: string, cb: Callback, timeWindow: number, max: number) {
      this.#shared.incr(
        key,
        (err, result) => {
          if (!err) {
            fallingBack = false;
            cb(null, result);
            return;
          }
          if (!fallingBack) {
            fallingBack = true;
            log.warn({ err: err.message }, 'rate limit store failed; counting in this process instead');
          }
          this.#local.incr(key, cb, timeWindow, max);
        },
        timeWindow,
        max,
      );
    }
    child(routeOptions: unknown): Store {
      return new FallbackStore(
        { continueExceeding: false, exponentialBackoff: false },
        this.#shared.child(routeOptions),
        this.#local.child(routeOptions),
      );
    }
  }
  return FallbackStore;
}

function accountKey(request: FastifyRequest): string | null {
  const body = request.body as Record<string, unknown> | undefined;
  const value = body?.login ?? body?.email ?? body?.username;
  if (typeof value === 'string' && value.trim()) return `acct:${value.trim().toLowerCase()}`;
  if (request.auth) return `acct-id:${request.auth.user.id}`;
  return null;
}

function tooMany(ttlSeconds: number): AppError {
  const retryAfter = Math.max(1, Math.ceil(ttlSeconds));
  return new AppError(429, 'rate_limited', `Too many attempts. Try again in ${retryAfter} seconds.`, {
    headers: { 'retry-after': String(retryAfter) },
  });
}

async function rateLimitPlugin(app: FastifyInstance) {
  const { config } = app.ctx;
  if (!config.rateLimitEnabled) {
    const pass = async () => {};
    app.decorate('sensitiveRateLimit', { onRequest: pass, preHandler: pass });
    app.decorate('routeLimit', () => pass);
    return;
  }
  const { redis } = app.ctx;
  if (redis) {
    // ioredis reconnects on its own; without a listener each failed attempt is an unhandled
    // 'error' event printed to stderr.
    let down = false;
    redis.on('error', (err: Error) => {
      if (down) return;
      down = true;
      app.log.warn(
        { err: err.message },
        'Redis is unreachable; rate limits count per process until it is back',
      );
    });
    redis.on('ready', () => {
      down = false;
    });
  }
  await app.register(rateLimit, {
    global: true,
    max: 600,
    timeWindow: '1 minute',
    // With Redis, counts are shared; when it fails, each process counts in memory (a Redis
    // outage must neither take the API down nor switch the limits off).
    ...(redis
      ? { store: fallbackStore(redis, 'bt-rl-', app.log) as unknown as FastifyRateLimitStoreCtor }
      : {}),
    skipOnError: false,
    allowList: (req) => !req.url.startsWith('/api/'),
    errorResponseBuilder: (_req, context) => tooMany(Number(context.ttl) / 1000),
  });

  // These limiters share the global limiter's store, so their keys get their own prefixes.
  // A flood guard, not the brute-force defence (failed sign-ins are counted per account and
  // address in the auth feature): high enough that a classroom behind one router signs up and
  // in together.
  const perIp = app.createRateLimit({
    max: 120,
    timeWindow: 60_000,
    keyGenerator: (req) => `auth-ip:${req.ip}`,
  });
  const perAccount = app.createRateLimit({
    max: 10,
    timeWindow: 15 * 60_000,
    keyGenerator: (req) => accountKey(req) ?? 'none',
  });

  app.decorate('routeLimit', (options: RouteLimitOptions) => {
    const limiter = app.createRateLimit({
      max: options.max,
      timeWindow: options.timeWindowMs,
      keyGenerator: (req) => `${options.name}:${options.key(req) ?? 'none'}`,
    });
    return async (request: FastifyRequest) => {
      if (options.key(request) === null) return;
      const result = await limiter(request);
      if (!result.isAllowed && result.isExceeded) throw tooMany(result.ttlInSeconds);
    };
  });

  // `isAllowed` means allow-listed; a counted request reports `isExceeded`.
  app.decorate('sensitiveRateLimit', {
    onRequest: async (request: FastifyRequest) => {
      const ip = await perIp(request);
      if (!ip.isAllowed && ip.isExceeded) throw tooMany(ip.ttlInSeconds);
    },
    preHandler: async (request: FastifyRequest) => {
      if (accountKey(request) === null) return;
      const acct = await perAccount(request);
      if (!acct.isAllowed && acct.isExceeded) throw tooMany(acct.ttlInSeconds);
    },
  });
}

export const rateLimits = fp(rateLimitPlugin, { name: 'rate-limits', dependencies: ['services'] });
