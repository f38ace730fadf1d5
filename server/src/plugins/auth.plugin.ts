import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ForbiddenError, UnauthorizedError } from '../errors.ts';
import type { CallerSession, IssuedToken } from '../features/auth/index.ts';

export const SESSION_COOKIE = 'bt_session';
export const CSRF_COOKIE = 'bt_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** The caller of a request: their public user (no password hash, no email) and session. */
export interface RequestAuth extends CallerSession {
  viaCookie: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
  interface FastifyInstance {
    /** preHandler: refuses the request with 401 unless it carries a live session. */
    requireAuth: (request: FastifyRequest) => Promise<void>;
    /** preHandler: resolves the caller when there is one, and lets anonymous requests through. */
    optionalAuth: (request: FastifyRequest) => Promise<void>;
    setSessionCookies: (reply: FastifyReply, token: IssuedToken) => void;
    clearSessionCookies: (reply: FastifyReply) => void;
  }
}

/**
 * The signed-in reader of a route guarded by `app.requireAuth`: routes take the caller from
 * here (never a non-null assertion on `request.auth`), so a route that forgot the guard answers 401
 * instead of crashing.
 */
export function callerOf(request: FastifyRequest): RequestAuth {
  if (!request.auth) throw new UnauthorizedError();
  return request.auth;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function authPlugin(app: FastifyInstance) {
  const { auth, tokens } = app.services;
  const secure = app.ctx.config.isProduction;
  app.decorateRequest('auth', null);

  async function resolve(request: FastifyRequest): Promise<RequestAuth | null> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1])
        throw new UnauthorizedError('Use an Authorization header of the form "Bearer <token>".');
      const found = await auth.authenticate(match[1], request.ip);
      if (!found)
        throw new UnauthorizedError('The access token is invalid, expired or revoked.', 'invalid_token');
      return { ...found, viaCookie: false };
    }
    // Cookies are parsed only under /api (see app.ts); elsewhere there are none.
    const cookie = request.cookies?.[SESSION_COOKIE];
    if (!cookie) return null;
    const found = await auth.authenticate(cookie, request.ip);
    if (!found) return null;
    // A cookie rides along with any cross-site request, so changes need the CSRF header too.
    if (
      !SAFE_METHODS.has(request.method) &&
      !tokens.csrfTokenMatches(found.sessionId, headerValue(request))
    ) {
      throw new ForbiddenError(
        'The CSRF token is missing or wrong. Reload the page and try again.',
        'csrf_failed',
      );
    }
    return { ...found, viaCookie: true };
  }

  app.decorate('requireAuth', async (request: FastifyRequest) => {
    request.auth = await resolve(request);
    if (!request.auth) throw new UnauthorizedError();
  });
  app.decorate('optionalAuth', async (request: FastifyRequest) => {
    request.auth = await resolve(request);
  });

  app.decorate('setSessionCookies', (reply: FastifyReply, token: IssuedToken) => {
    const expires = new Date(token.expiresAt);
    reply.setCookie(SESSION_COOKIE, token.accessToken, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      expires,
    });
    reply.setCookie(CSRF_COOKIE, tokens.csrfTokenFor(token.sessionId), {
      httpOnly: false,
      sameSite: 'lax',
      secure,
      path: '/',
      expires,
    });
  });
  app.decorate('clearSessionCookies', (reply: FastifyReply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
  });
}

function headerValue(request: FastifyRequest): string | undefined {
  const v = request.headers[CSRF_HEADER];
  return Array.isArray(v) ? v[0] : v;
}

export const authentication = fp(authPlugin, { name: 'auth', dependencies: ['services'] });
