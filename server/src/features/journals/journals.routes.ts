import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse, NoContent } from '../../lib/http-schemas.ts';
import { callerOf } from '../../plugins/auth.plugin.ts';
import { fileRoutes, fileUploadBody, fileUploadResponses } from '../../plugins/uploads.plugin.ts';
import { UsernameParams } from '../users/index.ts';
import {
  Attachment,
  AttachmentParams,
  CreateJournalBody,
  CreateNoteBody,
  IdParams,
  Journal,
  JournalPage,
  ListQuery,
  MineQuery,
  MineResults,
  Note,
  NotePage,
  StorageUsage,
  UpdateJournalBody,
  UpdateNoteBody,
} from './journals.schemas.ts';
import { sendAttachment } from './send-attachment.ts';

const FileResponse = Type.Unsafe<unknown>({
  description: 'The file’s bytes (206 for a Range request, 304 when the ETag matches)',
});

export const journalsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { journals, notes, myWords } = app.services;
  const { storage } = app.ctx;
  const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

  // Journals

  app.get(
    '/journals',
    {
      schema: {
        tags: ['journals'],
        summary: 'The caller’s journal entries, newest first (optionally about one book)',
        querystring: ListQuery,
        response: { 200: JournalPage, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => journals.list(callerOf(request).user.id, request.query),
  );

  app.post(
    '/journals',
    {
      schema: {
        tags: ['journals'],
        summary: 'Write a journal entry (private unless said otherwise)',
        body: CreateJournalBody,
        response: { 201: Journal, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request, reply) =>
      reply.status(201).send(await journals.create(callerOf(request).user.id, request.body)),
  );

  app.get(
    '/journals/:id',
    {
      schema: {
        tags: ['journals'],
        summary: 'A journal entry, to whoever may see it',
        params: IdParams,
        response: { 200: Journal, ...errors },
      },
      preHandler: app.optionalAuth,
    },
    async (request) => journals.get(request.auth?.user.id ?? null, request.params.id),
  );

  app.patch(
    '/journals/:id',
    {
      schema: {
        tags: ['journals'],
        summary: 'Edit one of the caller’s journal entries',
        params: IdParams,
        body: UpdateJournalBody,
        response: { 200: Journal, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => journals.update(callerOf(request).user.id, request.params.id, request.body),
  );

  app.delete(
    '/journals/:id',
    {
      schema: {
        tags: ['journals'],
        summary: 'Delete one of the caller’s journal entries',
        params: IdParams,
        response: { 204: NoContent, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request, reply) => {
      await journals.remove(callerOf(request).user.id, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/users/:username/journals',
    {
      schema: {
        tags: ['users', 'journals'],
        summary: 'A reader’s journal entries as their privacy and each entry’s visibility allow',
        params: UsernameParams,
        querystring: ListQuery,
        response: { 200: JournalPage, ...errors },
      },
      preHandler: app.optionalAuth,
    },
    async (request) =>
      journals.listForReader(request.params.username, request.auth?.user.id ?? null, request.query),
  );

  // Notes and quotes

  app.get(
    '/notes',
    {
      schema: {
        tags: ['notes'],
        summary: 'The caller’s notes: one book’s in page order, or all newest first',
        querystring: ListQuery,
        response: { 200: NotePage, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => notes.list(callerOf(request).user.id, request.query),
  );

  app.post(
    '/notes',
    {
      schema: {
        tags: ['notes'],
        summary: 'Keep a note or quote on a book (private unless said otherwise)',
        body: CreateNoteBody,
        response: { 201: Note, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request, reply) =>
      reply.status(201).send(await notes.create(callerOf(request).user.id, request.body)),
  );

  app.get(
    '/notes/storage',
    {
      schema: {
        tags: ['notes'],
        summary: 'How much of the caller’s attachment quota is used',
        response: { 200: StorageUsage, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => notes.usage(callerOf(request).user.id),
  );

  app.get(
    '/notes/:id',
    {
      schema: {
        tags: ['notes'],
        summary: 'A note with its attachments, to whoever may see it',
        params: IdParams,
        response: { 200: Note, ...errors },
      },
      preHandler: app.optionalAuth,
    },
    async (request) => notes.get(request.auth?.user.id ?? null, request.params.id),
  );

  app.patch(
    '/notes/:id',
    {
      schema: {
        tags: ['notes'],
        summary: 'Edit one of the caller’s notes',
        params: IdParams,
        body: UpdateNoteBody,
        response: { 200: Note, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => notes.update(callerOf(request).user.id, request.params.id, request.body),
  );

  app.delete(
    '/notes/:id',
    {
      schema: {
        tags: ['notes'],
        summary: 'Delete one of the caller’s notes with its attachments and their files',
        params: IdParams,
        response: { 204: NoContent, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request, reply) => {
      await notes.remove(callerOf(request).user.id, request.params.id);
      return reply.status(204).send(null);
    },
  );

  // Attachments

  await app.register(
    fileRoutes(async (files) => {
      files.post(
        '/notes/:id/attachments',
        {
          schema: {
            tags: ['notes'],
            summary:
              'Attach a file (PDF, JPEG, PNG, WebP, GIF or plain UTF-8 text, checked by content); images are re-encoded',
            params: IdParams,
            ...fileUploadBody,
            response: {
              201: Attachment,
              409: ErrorResponse,
              ...fileUploadResponses,
              ...errors,
            },
          },
          preHandler: app.requireAuth,
        },
        async (request, reply) => {
          const userId = callerOf(request).user.id;
          // Refuse before reading the body when the note is not theirs, full, or the quota is spent.
          await notes.checkCanAttach(userId, request.params.id);
          const file = await app.receiveFile(request);
          return reply.status(201).send(await notes.addAttachment(userId, request.params.id, file));
        },
      );
    }),
  );

  app.get(
    '/notes/:id/attachments',
    {
      schema: {
        tags: ['notes'],
        summary: 'A note’s attachments',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Attachment) }), ...errors },
      },
      preHandler: app.optionalAuth,
    },
    async (request) => ({
      items: await notes.listAttachments(request.auth?.user.id ?? null, request.params.id),
    }),
  );

  app.get(
    '/notes/:id/attachments/:attachmentId',
    {
      schema: {
        tags: ['notes'],
        summary: 'Download an attachment (only to whoever may see the note; Range supported)',
        params: AttachmentParams,
        response: { 200: FileResponse, 206: FileResponse, 304: FileResponse, 416: ErrorResponse, ...errors },
      },
      preHandler: app.optionalAuth,
    },
    async (request, reply) => {
      const { id, attachmentId } = request.params;
      const file = await notes.openAttachment(request.auth?.user.id ?? null, id, attachmentId, 'file');
      return sendAttachment(request, reply, storage, file);
    },
  );

  app.get(
    '/notes/:id/attachments/:attachmentId/thumbnail',
    {
      schema: {
        tags: ['notes'],
        summary: 'A small WebP preview of an image attachment',
        params: AttachmentParams,
        response: { 200: FileResponse, 304: FileResponse, ...errors },
      },
      preHandler: app.optionalAuth,
    },
    async (request, reply) => {
      const { id, attachmentId } = request.params;
      const file = await notes.openAttachment(request.auth?.user.id ?? null, id, attachmentId, 'thumbnail');
      return sendAttachment(request, reply, storage, file);
    },
  );

  app.delete(
    '/notes/:id/attachments/:attachmentId',
    {
      schema: {
        tags: ['notes'],
        summary: 'Remove an attachment and its file',
        params: AttachmentParams,
        response: { 204: NoContent, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request, reply) => {
      const { id, attachmentId } = request.params;
      await notes.removeAttachment(callerOf(request).user.id, id, attachmentId);
      return reply.status(204).send(null);
    },
  );

  // Searching one's own words

  app.get(
    '/search/mine',
    {
      schema: {
        tags: ['journals', 'notes'],
        summary:
          'Search the caller’s journal entries, notes, quotes and reviews; ranked, with highlighted snippets',
        querystring: MineQuery,
        response: { 200: MineResults, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => myWords.search(callerOf(request).user.id, request.query.q, request.query.limit),
  );
};
