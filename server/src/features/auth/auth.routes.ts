import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse } from '../../lib/http-schemas.ts';
import { callerOf } from '../../plugins/auth.plugin.ts';
import { LoginBody, Providers, RegisterBody, SignedIn } from './auth.schemas.ts';
import { clientOf } from './client-info.ts';
import { setDeviceCookie } from './device-cookie.ts';
import { emailVerificationRoutes } from './email-verification.routes.ts';
import { oidcRoutes } from './oidc.routes.ts';
import { passwordResetRoutes } from './password-reset.routes.ts';
import { sessionsRoutes } from './sessions.routes.ts';

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { auth } = app.services;
  const secure = app.ctx.config.isProduction;
  await app.register(passwordResetRoutes);
  await app.register(sessionsRoutes);
  await app.register(emailVerificationRoutes);
  await app.register(oidcRoutes);

  app.post(
    '/auth/register',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an account and sign in',
        body: RegisterBody,
        response: { 201: SignedIn, 400: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse },
      },
      onRequest: app.sensitiveRateLimit.onRequest,
      preHandler: app.sensitiveRateLimit.preHandler,
    },
    async (request, reply) => {
      const result = await auth.register(request.body, clientOf(request));
      app.setSessionCookies(reply, result.token);
      setDeviceCookie(reply, auth.deviceTokenFor(result.user.id), secure);
      await app.services.emailVerification.sendLink(result.user.id);
      return reply.status(201).send({ user: result.user, token: withoutSession(result.token) });
    },
  );

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email or username and password',
        body: LoginBody,
        response: { 200: SignedIn, 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse },
      },
      onRequest: app.sensitiveRateLimit.onRequest,
    },
    async (request, reply) => {
      const { login, password } = request.body;
      const result = await auth.login(login, password, clientOf(request));
      app.setSessionCookies(reply, result.token);
      setDeviceCookie(reply, auth.deviceTokenFor(result.user.id), secure);
      return { user: result.user, token: withoutSession(result.token) };
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke the current token',
        response: { 204: Type.Null(), 401: ErrorResponse },
      },
      preHandler: app.requireAuth,
    },
    async (request, reply) => {
      await auth.logout(callerOf(request).sessionId);
      app.clearSessionCookies(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/providers',
    {
      schema: {
        tags: ['auth'],
        summary: 'Which sign-in methods this server offers',
        response: { 200: Providers },
      },
    },
    // Offered when a client is configured and its sign-in route exists (so the web app never
    // shows a button that leads to a 404).
    async () => ({
      google: app.ctx.config.google !== null && app.hasRoute({ method: 'GET', url: '/api/auth/google' }),
    }),
  );
};

function withoutSession(token: { accessToken: string; tokenType: 'Bearer'; expiresAt: string }) {
  return { accessToken: token.accessToken, tokenType: token.tokenType, expiresAt: token.expiresAt };
}
