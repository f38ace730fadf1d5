import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { ErrorResponse, NoContent } from '../../lib/http-schemas.ts';
import { callerOf } from '../../plugins/auth.plugin.ts';
import {
  CompleteSignupBody,
  IdentityList,
  IdentityParams,
  OidcCallbackQuery,
  OidcStartQuery,
  PendingSignup,
  SignedIn,
} from './auth.schemas.ts';
import { clientOf } from './client-info.ts';
import { setDeviceCookie } from './device-cookie.ts';
import { OidcFlowError } from './oidc.client.ts';

const FLOW_COOKIE = 'bt_oidc';
const SIGNUP_COOKIE = 'bt_oidc_signup';
const FLOW_PATH = '/api/auth/google';

/**
 * Sign-in with the configured OpenID Connect provider (Google by default). Every outcome of the
 * browser flow is a redirect to a web page (`/auth/return?error=<code>` on failure), never a
 * JSON error in the browser.
 */
export const oidcRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { oidc, auth } = app.services;
  const { publicUrl, isProduction } = app.ctx.config;
  const secure = isProduction;
  // Lax: the provider's redirect back is a top-level GET, which carries Lax cookies.
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure, path: FLOW_PATH };

  const toWebPage = (reply: FastifyReply, error: string) =>
    reply.redirect(`${publicUrl}/auth/return?error=${encodeURIComponent(error)}`, 303);

  app.get(
    '/auth/google',
    {
      schema: {
        tags: ['auth'],
        summary: 'Start sign-in (or, signed in, linking) with the OpenID Connect provider: 302 to it',
        description:
          'Authorization code flow with PKCE S256, state and nonce bound to this browser by a signed cookie.',
        querystring: OidcStartQuery,
        response: { 302: NoContent, 303: NoContent },
      },
      onRequest: app.sensitiveRateLimit.onRequest,
      preHandler: app.optionalAuth,
    },
    async (request, reply) => {
      const mode = request.query.mode ?? 'signin';
      if (mode === 'link' && !request.auth) return toWebPage(reply, 'not_signed_in');
      try {
        const started = await oidc.start(mode, request.auth?.user.id ?? null);
        reply.setCookie(FLOW_COOKIE, started.cookie, { ...cookieOptions, maxAge: 600 });
        return reply.redirect(started.url, 302);
      } catch (err) {
        if (err instanceof OidcFlowError) {
          request.log.warn({ code: err.code, err: err.message }, 'provider sign-in could not start');
          return toWebPage(reply, err.code);
        }
        throw err;
      }
    },
  );

  app.get(
    '/auth/google/callback',
    {
      schema: {
        tags: ['auth'],
        summary: 'Where the provider sends the browser back: signs in, links, or asks for a username',
        querystring: OidcCallbackQuery,
        response: { 303: NoContent },
      },
      onRequest: app.sensitiveRateLimit.onRequest,
      preHandler: app.optionalAuth,
    },
    async (request, reply) => {
      // Used once: whatever happens, this browser's flow ends here.
      const flowCookie = request.cookies?.[FLOW_COOKIE];
      reply.clearCookie(FLOW_COOKIE, { path: FLOW_PATH });
      const callbackUrl = new URL(`${oidc.client?.redirectUri ?? `${publicUrl}/api/auth/google/callback`}`);
      for (const [key, value] of Object.entries(request.query)) {
        if (typeof value === 'string') callbackUrl.searchParams.set(key, value);
      }
      try {
        const outcome = await oidc.finish(
          callbackUrl,
          flowCookie,
          clientOf(request),
          request.auth?.user.id ?? null,
        );
        if (outcome.kind === 'linked') return reply.redirect(`${publicUrl}/settings?linked=1`, 303);
        if (outcome.kind === 'signup') {
          reply.setCookie(SIGNUP_COOKIE, outcome.pending, { ...cookieOptions, maxAge: 900 });
          return reply.redirect(`${publicUrl}/auth/return?signup=1`, 303);
        }
        app.setSessionCookies(reply, outcome.signedIn.token);
        setDeviceCookie(reply, auth.deviceTokenFor(outcome.signedIn.user.id), secure);
        return reply.redirect(`${publicUrl}/`, 303);
      } catch (err) {
        if (err instanceof OidcFlowError) {
          request.log.warn({ code: err.code, err: err.message }, 'provider sign-in refused');
          return toWebPage(reply, err.code);
        }
        throw err;
      }
    },
  );

  app.get(
    '/auth/google/signup',
    {
      schema: {
        tags: ['auth'],
        summary: 'The pending first sign-in with the provider: its email and a suggested username',
        response: { 200: PendingSignup, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const pending = await oidc.pendingSignup(request.cookies?.[SIGNUP_COOKIE]);
      if (!pending) {
        return reply.status(404).send({
          error: { code: 'signup_expired', message: 'There is no provider sign-up waiting. Start again.' },
        });
      }
      return {
        email: pending.email,
        displayName: pending.displayName,
        suggestedUsername: pending.suggestedUsername,
      };
    },
  );

  app.post(
    '/auth/google/signup',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create the account of a first provider sign-in with the chosen username',
        body: CompleteSignupBody,
        response: {
          201: SignedIn,
          400: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          429: ErrorResponse,
        },
      },
      onRequest: app.sensitiveRateLimit.onRequest,
    },
    async (request, reply) => {
      const signedIn = await oidc.completeSignup(
        request.cookies?.[SIGNUP_COOKIE],
        request.body.username,
        clientOf(request),
      );
      reply.clearCookie(SIGNUP_COOKIE, { path: FLOW_PATH });
      app.setSessionCookies(reply, signedIn.token);
      setDeviceCookie(reply, auth.deviceTokenFor(signedIn.user.id), secure);
      const { accessToken, tokenType, expiresAt } = signedIn.token;
      return reply.status(201).send({ user: signedIn.user, token: { accessToken, tokenType, expiresAt } });
    },
  );

  app.get(
    '/me/identities',
    {
      schema: {
        tags: ['me'],
        summary: 'The provider sign-ins linked to this account',
        response: { 200: IdentityList, 401: ErrorResponse, 403: ErrorResponse },
      },
      preHandler: app.requireAuth,
    },
    async (request) => ({ items: await oidc.listIdentities(callerOf(request).user.id), nextCursor: null }),
  );

  app.delete(
    '/me/identities/:id',
    {
      schema: {
        tags: ['me'],
        summary: 'Unlink a provider sign-in (refused, 409, when it is the last way to sign in)',
        params: IdentityParams,
        response: {
          204: NoContent,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
        },
      },
      preHandler: app.requireAuth,
    },
    async (request, reply) => {
      await oidc.unlink(callerOf(request).user.id, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
