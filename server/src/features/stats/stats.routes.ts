import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../../lib/http-schemas.ts';
import { callerOf } from '../../plugins/auth.plugin.ts';
import { Stats, StatsQuery } from './stats.schemas.ts';

export const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { stats } = app.services;
  app.get(
    '/stats',
    {
      schema: {
        tags: ['stats'],
        summary: 'The caller’s reading statistics for a year (`?year=`) or all time',
        querystring: StatsQuery,
        response: { 200: Stats, 400: ErrorResponse, 401: ErrorResponse },
      },
      preHandler: app.requireAuth,
    },
    async (request) => stats.forReader(callerOf(request).user.id, request.query.year ?? null),
  );
};
