import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFoundError } from '../../errors.ts';

/** Avatars are public; note attachments are never served from here. */
export const mediaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { storage } = app.ctx;
  app.get(
    '/media/avatars/:file',
    {
      schema: {
        tags: ['users'],
        summary: 'An avatar image',
        params: Type.Object({ file: Type.String({ pattern: '^[a-f0-9]{32}\\.webp$' }) }),
      },
    },
    async (request, reply) => {
      const key = `avatars/${request.params.file}`;
      if (!(await storage.exists(key))) throw new NotFoundError('Avatar');
      reply.header('content-type', 'image/webp');
      reply.header('cache-control', 'public, max-age=31536000, immutable');
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(storage.read(key));
    },
  );
};
