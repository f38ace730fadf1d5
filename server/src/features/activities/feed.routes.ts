import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../../lib/http-schemas.ts';
import { callerOf } from '../../plugins/auth.plugin.ts';
import { FeedPage, FeedQuery } from './feed.schemas.ts';

export const feedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { feed } = app.services;
  app.get(
    '/feed',
    {
      schema: {
        tags: ['social'],
        summary: 'Activities of the caller and the readers they follow, newest first, as privacy allows',
        querystring: FeedQuery,
        response: { 200: FeedPage, 400: ErrorResponse, 401: ErrorResponse },
      },
      preHandler: app.requireAuth,
    },
    async (request) => feed.feed(callerOf(request).user.id, request.query),
  );
};
