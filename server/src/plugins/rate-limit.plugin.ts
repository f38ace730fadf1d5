import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Sign-in, sign-up and password routes get two stricter limits: per IP (an onRequest hook,
     * so even invalid requests count) and per account named in the body or signed in (a
     * preHandler), so one attacker can't spread guesses over many addresses.
     */
    sensitiveRateLimit: {
      onRequest: (request: FastifyRequest) => Promise<void>;
      preHandler: (request: FastifyRequest) => Promise<void>;
    };
  }
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
    return;
  }
  await app.register(rateLimit, {
    global: true,
    max: 600,
    timeWindow: '1 minute',
    ...(app.ctx.redis ? { redis: app.ctx.redis, nameSpace: 'bt-rl-' } : {}),
    // A Redis outage must not take the API down with it.
    skipOnError: true,
    allowList: (req) => !req.url.startsWith('/api/'),
    errorResponseBuilder: (_req, context) => tooMany(Number(context.ttl) / 1000),
  });

  // These limiters share the global limiter's store, so their keys get their own prefixes.
  const perIp = app.createRateLimit({
    max: 20,
    timeWindow: 60_000,
    skipOnError: true,
    keyGenerator: (req) => `auth-ip:${req.ip}`,
  });
  const perAccount = app.createRateLimit({
    max: 10,
    timeWindow: 15 * 60_000,
    skipOnError: true,
    keyGenerator: (req) => accountKey(req) ?? 'none',
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
