import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Value } from 'typebox/value';
import { ValidationError } from '../../errors.ts';
import { ErrorResponse } from '../../lib/http-schemas.ts';
import { callerOf } from '../../plugins/auth.plugin.ts';
import { fileRoutes, fileUploadBody, fileUploadResponses } from '../../plugins/uploads.plugin.ts';
import {
  ImportCreated,
  ImportJob,
  ImportListQuery,
  ImportPage,
  ImportParams,
  ImportQuery,
  ImportSourceSchema,
} from './imports.schemas.ts';

export const importsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { imports, importRunner } = app.services;
  const tags = ['data'];
  const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse };

  await app.register(
    fileRoutes(async (files) => {
      files.post(
        '/imports',
        {
          schema: {
            tags,
            summary:
              'Import a Goodreads or StoryGraph CSV, or a Book Tracker export (JSON or ZIP), as a background job. ' +
              'multipart/form-data with `source` (before the file) and `file`; `?source=` also works.',
            querystring: ImportQuery,
            ...fileUploadBody,
            response: {
              202: ImportCreated,
              409: ErrorResponse,
              ...fileUploadResponses,
              ...errors,
            },
          },
          preHandler: app.requireAuth,
        },
        async (request, reply) => {
          const userId = callerOf(request).user.id;
          // Imports have their own limit: an archive carries its attachments (streamed to disk).
          const file = await app.receiveFile(request, app.ctx.config.maxImportSize);
          const source = file.fields.source ?? request.query.source;
          if (!Value.Check(ImportSourceSchema, source)) {
            await app.ctx.storage.removeTemp(file.tempPath);
            throw new ValidationError(
              'Say where the file comes from: goodreads, storygraph or book-tracker.',
              {
                source: 'must be one of goodreads, storygraph, book-tracker',
              },
              'validation_failed',
            );
          }
          const job = await imports.create(userId, source, file);
          return reply.status(202).send({ id: job.id, status: job.status });
        },
      );
    }),
  );

  app.get(
    '/imports',
    {
      schema: {
        tags,
        summary: 'The caller’s imports, newest first',
        querystring: ImportListQuery,
        response: { 200: ImportPage, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => {
      const page = await imports.list(callerOf(request).user.id, request.query);
      // The web app's import page lists the reader's imports first: the import thread can load
      // now, not when the file arrives (~0.5–2 s of CPU the upload would otherwise wait for).
      importRunner.warm?.();
      return page;
    },
  );

  app.get(
    '/imports/:id',
    {
      schema: {
        tags,
        summary: 'One import with its progress and failed rows',
        params: ImportParams,
        response: { 200: ImportJob, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => imports.get(callerOf(request).user.id, request.params.id),
  );
};
