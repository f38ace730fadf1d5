import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFoundError } from '../../errors.ts';
import { COVER_FILE_PATTERN, coverKey } from './covers.ts';

/**
 * Covers, served from our own origin. A file's name carries a hash of its picture, so a new cover
 * gets a new name: each is cached for a year as immutable, with the hash as its ETag.
 */
export const coverMediaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { storage } = app.ctx;
  app.get(
    '/media/covers/:file',
    {
      schema: {
        tags: ['books'],
        summary: 'A book cover (WebP), fetched once by the server and stored',
        params: Type.Object({ file: Type.String({ pattern: COVER_FILE_PATTERN }) }),
      },
    },
    async (request, reply) => {
      const { file } = request.params;
      const key = coverKey(file);
      if (!(await storage.exists(key))) throw new NotFoundError('Cover');
      const etag = `"${file.replace(/\.webp$/, '')}"`;
      reply.header('cache-control', 'public, max-age=31536000, immutable');
      reply.header('etag', etag);
      reply.header('x-content-type-options', 'nosniff');
      const match = request.headers['if-none-match'];
      if (match?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
        return reply.status(304).send();
      }
      reply.header('content-type', 'image/webp');
      return reply.send(storage.read(key));
    },
  );
};
