import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, NoContent } from '../../lib/http-schemas.ts';
import { Accepted, PasswordResetConfirmBody, PasswordResetRequestBody } from './auth.schemas.ts';
import { clientOf } from './client-info.ts';
import { setDeviceCookie } from './device-cookie.ts';

export const passwordResetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { passwordResets } = app.services;

  const perIp = app.routeLimit({
    name: 'reset-ip',
    max: 30,
    timeWindowMs: 60 * 60_000,
    key: (req) => req.ip,
  });
  // Counted for every address, with an account or not, so a 429 tells nothing about accounts.
  const perAddress = app.routeLimit({
    name: 'reset-email',
    max: 3,
    timeWindowMs: 60 * 60_000,
    key: (req) => {
      const email = (req.body as { email?: unknown } | undefined)?.email;
      return typeof email === 'string' ? email.trim().toLowerCase() : null;
    },
  });

  app.post(
    '/auth/password-reset/request',
    {
      schema: {
        tags: ['auth'],
        summary: 'Mail a single-use link (valid one hour) to choose a new password',
        description:
          'Always 202, in the same time, whether the address has an account or not. Limited per address (3 an hour) and per IP.',
        body: PasswordResetRequestBody,
        response: { 202: Accepted, 400: ErrorResponse, 429: ErrorResponse },
      },
      onRequest: perIp,
      preHandler: perAddress,
    },
    async (request, reply) => {
      passwordResets.request(request.body.email);
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with a mailed token; every session ends and this device is signed in',
        description:
          'The web app gets session cookies; every older token of the account is refused from then on.',
        body: PasswordResetConfirmBody,
        response: { 204: NoContent, 400: ErrorResponse, 429: ErrorResponse },
      },
      onRequest: app.sensitiveRateLimit.onRequest,
    },
    async (request, reply) => {
      const signedIn = await passwordResets.confirm(
        request.body.token,
        request.body.password,
        clientOf(request),
      );
      app.setSessionCookies(reply, signedIn.token);
      setDeviceCookie(reply, app.services.auth.deviceTokenFor(signedIn.user.id), app.ctx.config.isProduction);
      return reply.status(204).send(null);
    },
  );
};
