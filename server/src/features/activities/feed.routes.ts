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
      // The page is built field by field to FeedPage (feed.service.ts), and errors by the error
      // handler to ErrorResponse, so JSON.stringify gives the schemas' JSON; fast-json-stringify's
      // string of the same page is a rope of hundreds of pieces that the socket write then
      // flattens and encodes (~20% of a page's CPU under load). Chosen once for the route, not
      // per request with `reply.serializer()`.
      serializerCompiler: () => JSON.stringify,
    },
    async (request) => feed.feed(callerOf(request).user.id, request.query),
  );
};
