import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse } from '../../lib/http-schemas.ts';
import { callerOf } from '../../plugins/auth.plugin.ts';
import { ExportQuery } from './export.schemas.ts';

const stamp = () => new Date().toISOString().slice(0, 10);

export const exportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { exports } = app.services;
  app.get(
    '/export',
    {
      schema: {
        tags: ['data'],
        summary:
          'Download everything the caller owns: `csv` (Goodreads columns), `json` (versioned, see docs/export-v1.schema.json) or `archive` (ZIP of the JSON and attachments)',
        querystring: ExportQuery,
        response: {
          200: Type.Unsafe({ description: 'The file, as an attachment', type: 'string', format: 'binary' }),
          400: ErrorResponse,
          401: ErrorResponse,
        },
      },
      preHandler: app.requireAuth,
    },
    async (request, reply) => {
      const userId = callerOf(request).user.id;
      reply.header('cache-control', 'no-store');
      switch (request.query.format) {
        case 'csv':
          reply.header('content-type', 'text/csv; charset=utf-8');
          reply.header('content-disposition', `attachment; filename="book-tracker-${stamp()}.csv"`);
          return reply.send(await exports.csv(userId));
        case 'json': {
          const { document } = await exports.document(userId);
          reply.header('content-type', 'application/json; charset=utf-8');
          reply.header('content-disposition', `attachment; filename="book-tracker-${stamp()}.json"`);
          return reply.send(JSON.stringify(document, null, 2));
        }
        case 'archive':
          reply.header('content-type', 'application/zip');
          reply.header('content-disposition', `attachment; filename="book-tracker-${stamp()}.zip"`);
          return reply.send(await exports.archive(userId));
      }
    },
  );
};
