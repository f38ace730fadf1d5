import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, NoContent } from '../../lib/http-schemas.ts';
import { callerOf } from '../../plugins/auth.plugin.ts';
import { Goal, GoalBody, GoalList, GoalParams } from './goals.schemas.ts';

export const goalsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { goals } = app.services;
  const tags = ['goals'];
  const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse };

  app.get(
    '/goals',
    {
      schema: {
        tags,
        summary:
          'The caller’s goal for a year as a list of zero or one (so a page can ask without a 404 when none is set)',
        querystring: GoalParams,
        response: { 200: GoalList, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => {
      const goal = await goals.find(callerOf(request).user.id, request.query.year);
      return { items: goal ? [goal] : [] };
    },
  );

  app.get(
    '/goals/:year',
    {
      schema: {
        tags,
        summary: 'The caller’s goal for a year with its progress; 404 when none is set',
        params: GoalParams,
        response: { 200: Goal, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => goals.get(callerOf(request).user.id, request.params.year),
  );

  app.put(
    '/goals/:year',
    {
      schema: {
        tags,
        summary: 'Set (or replace) the caller’s goal for a year',
        params: GoalParams,
        body: GoalBody,
        response: { 200: Goal, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => goals.set(callerOf(request).user.id, request.params.year, request.body),
  );

  app.delete(
    '/goals/:year',
    {
      schema: {
        tags,
        summary: 'Remove the caller’s goal for a year',
        params: GoalParams,
        response: { 204: NoContent, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request, reply) => {
      await goals.remove(callerOf(request).user.id, request.params.year);
      return reply.status(204).send(null);
    },
  );
};
