import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, NoContent } from '../../lib/http-schemas.ts';
import { callerOf } from '../../plugins/auth.plugin.ts';
import { SessionList, SessionParams } from './auth.schemas.ts';

const PURGE_INTERVAL_MS = 60 * 60_000;

export const sessionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { sessions } = app.services;
  const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

  app.get(
    '/me/sessions',
    {
      schema: {
        tags: ['me'],
        summary: 'The live sessions of this account (the current one marked and first)',
        response: { 200: SessionList, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => {
      const caller = callerOf(request);
      return { items: await sessions.list(caller.user.id, caller.sessionId), nextCursor: null };
    },
  );

  app.delete(
    '/me/sessions/:id',
    {
      schema: {
        tags: ['me'],
        summary: 'Sign one session out (the current one too: then this device is signed out)',
        params: SessionParams,
        response: { 204: NoContent, 404: ErrorResponse, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request, reply) => {
      const caller = callerOf(request);
      await sessions.revoke(caller.user.id, request.params.id);
      if (request.params.id === caller.sessionId && caller.viaCookie) app.clearSessionCookies(reply);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/me/sessions',
    {
      schema: {
        tags: ['me'],
        summary: 'Sign out everywhere else: every session but this one ends',
        response: { 204: NoContent, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request, reply) => {
      const caller = callerOf(request);
      await sessions.revokeOthers(caller.user.id, caller.sessionId);
      return reply.status(204).send(null);
    },
  );

  // Expired sessions are purged hourly by each instance (the delete is idempotent, so several
  // instances doing it is harmless).
  let timer: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      sessions.purgeExpired().catch((err: unknown) => {
        app.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'session purge failed');
      });
    }, PURGE_INTERVAL_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
  });
};
