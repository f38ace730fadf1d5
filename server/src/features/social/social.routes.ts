import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, NoContent } from '../../lib/http-schemas.ts';
import { callerOf } from '../../plugins/auth.plugin.ts';
import { UsernameParams } from '../users/index.ts';
import {
  ListQuery,
  ReaderPage,
  SearchReadersQuery,
  SuggestedReaders,
  SuggestionsQuery,
} from './social.schemas.ts';

export const socialRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { social } = app.services;
  const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse };
  const tags = ['social'];

  app.get(
    '/users',
    {
      schema: {
        tags,
        summary:
          'Find readers by username (prefix) or display name; private accounts only by their exact username',
        querystring: SearchReadersQuery,
        response: { 200: ReaderPage, ...errors },
      },
      preHandler: app.optionalAuth,
    },
    async (request) => social.search(request.query.q, request.auth?.user.id ?? null, request.query),
  );

  for (const [verb, method] of [
    ['follow', 'PUT'],
    ['unfollow', 'DELETE'],
  ] as const) {
    app.route({
      method,
      url: '/users/:username/follow',
      schema: {
        tags,
        summary: verb === 'follow' ? 'Follow a reader (idempotent)' : 'Stop following a reader (idempotent)',
        params: UsernameParams,
        response: { 204: NoContent, ...errors },
      },
      preHandler: app.requireAuth,
      handler: async (request, reply) => {
        const viewerId = callerOf(request).user.id;
        if (verb === 'follow') await social.follow(viewerId, request.params.username);
        else await social.unfollow(viewerId, request.params.username);
        return reply.status(204).send(null);
      },
    });
  }

  for (const [verb, method] of [
    ['block', 'PUT'],
    ['unblock', 'DELETE'],
  ] as const) {
    app.route({
      method,
      url: '/users/:username/block',
      schema: {
        tags,
        summary:
          verb === 'block'
            ? 'Block a reader: follows both ways end, neither sees the other (idempotent)'
            : 'Unblock a reader (idempotent)',
        params: UsernameParams,
        response: { 204: NoContent, ...errors },
      },
      preHandler: app.requireAuth,
      handler: async (request, reply) => {
        const viewerId = callerOf(request).user.id;
        if (verb === 'block') await social.block(viewerId, request.params.username);
        else await social.unblock(viewerId, request.params.username);
        return reply.status(204).send(null);
      },
    });
  }

  for (const direction of ['followers', 'following'] as const) {
    app.get(
      `/users/:username/${direction}`,
      {
        schema: {
          tags,
          summary:
            direction === 'followers' ? 'Readers following this reader' : 'Readers this reader follows',
          params: UsernameParams,
          querystring: ListQuery,
          response: { 200: ReaderPage, ...errors },
        },
        preHandler: app.optionalAuth,
      },
      async (request) =>
        social.follows(direction, request.params.username, request.auth?.user.id ?? null, request.query),
    );
  }

  app.get(
    '/me/blocks',
    {
      schema: {
        tags,
        summary: 'Readers the caller has blocked, newest first',
        querystring: ListQuery,
        response: { 200: ReaderPage, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => social.blocks(callerOf(request).user.id, request.query),
  );

  app.get(
    '/me/suggested-readers',
    {
      schema: {
        tags,
        summary:
          'Readers to follow: those followed by the most people the caller follows, then recently active public readers',
        querystring: SuggestionsQuery,
        response: { 200: SuggestedReaders, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => social.suggestions(callerOf(request).user.id, request.query),
  );
};
