import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../../lib/http-schemas.ts';
import { callerOf } from '../../plugins/auth.plugin.ts';
import { Me } from '../users/index.ts';
import { Accepted, ChangeEmailBody, VerifyEmailBody } from './auth.schemas.ts';

export const emailVerificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { emailVerification } = app.services;

  app.post(
    '/auth/email/verify',
    {
      schema: {
        tags: ['auth'],
        summary: 'Confirm an email address with the token from the mailed link',
        description: 'No sign-in needed: the signed token names the account and the address.',
        body: VerifyEmailBody,
        response: { 200: Me, 400: ErrorResponse, 429: ErrorResponse },
      },
      onRequest: app.sensitiveRateLimit.onRequest,
    },
    async (request) => emailVerification.verify(request.body.token),
  );

  const resendPerAccount = app.routeLimit({
    name: 'verify-resend',
    max: 3,
    timeWindowMs: 60 * 60_000,
    key: (req) => (req.auth ? String(req.auth.user.id) : null),
  });
  app.post(
    '/me/email/verify/resend',
    {
      schema: {
        tags: ['me'],
        summary: 'Mail a new confirmation link to the account’s address (3 an hour)',
        response: { 202: Accepted, 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse },
      },
      onRequest: app.sensitiveRateLimit.onRequest,
      preHandler: [app.requireAuth, resendPerAccount],
    },
    async (request, reply) => {
      await emailVerification.sendLink(callerOf(request).user.id);
      return reply.status(202).send(null);
    },
  );

  app.put(
    '/me/email',
    {
      schema: {
        tags: ['me'],
        summary: 'Change the email address; the new one gets a confirmation link, the old one is told',
        body: ChangeEmailBody,
        response: {
          200: Me,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          409: ErrorResponse,
          429: ErrorResponse,
        },
      },
      onRequest: app.sensitiveRateLimit.onRequest,
      preHandler: [app.requireAuth, app.sensitiveRateLimit.preHandler],
    },
    async (request) =>
      emailVerification.changeEmail(callerOf(request).user.id, request.body.email, request.body.password),
  );
};
