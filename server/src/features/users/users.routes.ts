import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, NoContent } from '../../lib/http-schemas.ts';
import { callerOf, SESSION_COOKIE } from '../../plugins/auth.plugin.ts';
import { fileRoutes, fileUploadBody, fileUploadResponses } from '../../plugins/uploads.plugin.ts';
import {
  ChangePasswordBody,
  DeleteMeBody,
  Me,
  Profile,
  Session,
  UpdateMeBody,
  UsernameParams,
} from './users.schemas.ts';

export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { users } = app.services;
  const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

  app.get(
    '/me',
    {
      schema: { tags: ['me'], summary: 'The signed-in user', response: { 200: Me, ...errors } },
      preHandler: app.requireAuth,
    },
    async (request) => users.getMe(callerOf(request).user.id),
  );

  // The web app's probe on every first visit: a signed-out browser is an answer here, not an
  // error, so it gets 200 (a 401 would be logged in the browser console on every visit).
  app.get(
    '/session',
    {
      schema: {
        tags: ['me'],
        summary: 'Who is signed in on this browser: `{user}`, or `{user: null}` without a 401',
        response: { 200: Session },
      },
      preHandler: app.optionalAuth,
    },
    async (request, reply) => {
      if (request.auth) return { user: await users.getMe(request.auth.user.id), sessionEnded: false };
      const sessionEnded = Boolean(request.cookies?.[SESSION_COOKIE]);
      if (sessionEnded) app.clearSessionCookies(reply);
      return { user: null, sessionEnded };
    },
  );

  app.patch(
    '/me',
    {
      schema: {
        tags: ['me'],
        summary: 'Edit the profile',
        body: UpdateMeBody,
        response: { 200: Me, 409: ErrorResponse, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => users.updateMe(callerOf(request).user.id, request.body),
  );

  app.put(
    '/me/password',
    {
      schema: {
        tags: ['me'],
        summary: 'Change the password; every other token is revoked',
        body: ChangePasswordBody,
        response: { 204: NoContent, 429: ErrorResponse, ...errors },
      },
      onRequest: app.sensitiveRateLimit.onRequest,
      preHandler: [app.requireAuth, app.sensitiveRateLimit.preHandler],
    },
    async (request, reply) => {
      const { currentPassword, newPassword } = request.body;
      await users.changePassword(
        callerOf(request).user.id,
        callerOf(request).sessionId,
        currentPassword,
        newPassword,
      );
      return reply.status(204).send(null);
    },
  );

  await app.register(
    fileRoutes(async (files) => {
      files.put(
        '/me/avatar',
        {
          schema: {
            tags: ['me'],
            summary: 'Upload an avatar (JPEG, PNG, WebP or GIF); it is re-encoded and resized',
            ...fileUploadBody,
            response: { 200: Me, ...fileUploadResponses, ...errors },
          },
          preHandler: app.requireAuth,
        },
        async (request) => {
          const file = await app.receiveFile(request);
          return users.setAvatar(callerOf(request).user.id, file.tempPath);
        },
      );
    }),
  );

  app.delete(
    '/me/avatar',
    {
      schema: { tags: ['me'], summary: 'Remove the avatar', response: { 204: NoContent, ...errors } },
      preHandler: app.requireAuth,
    },
    async (request, reply) => {
      await users.removeAvatar(callerOf(request).user.id);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/me',
    {
      schema: {
        tags: ['me'],
        summary: 'Delete the account with every row and file it owns',
        body: DeleteMeBody,
        response: { 204: NoContent, 429: ErrorResponse, ...errors },
      },
      onRequest: app.sensitiveRateLimit.onRequest,
      preHandler: [app.requireAuth, app.sensitiveRateLimit.preHandler],
    },
    async (request, reply) => {
      await users.deleteAccount(
        callerOf(request).user.id,
        callerOf(request).sessionId,
        request.body?.password,
      );
      app.clearSessionCookies(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/users/:username',
    {
      schema: {
        tags: ['users'],
        summary: "A reader's profile",
        params: UsernameParams,
        response: { 200: Profile, ...errors },
      },
      preHandler: app.optionalAuth,
    },
    async (request) => users.getProfile(request.params.username, request.auth?.user.id ?? null),
  );
};
