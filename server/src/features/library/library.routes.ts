import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, NoContent } from '../../lib/http-schemas.ts';
import { callerOf } from '../../plugins/auth.plugin.ts';
import { BookIdParams } from '../books/index.ts';
import { UsernameParams } from '../users/index.ts';
import {
  BookWithEntry,
  CreateEntryBody,
  CreateReadBody,
  Entry,
  EntryPage,
  EntryParams,
  LibraryQuery,
  Read,
  ReadParams,
  RemoveEntryQuery,
  StatusCounts,
  TagCounts,
  UpdateEntryBody,
  UpdateReadBody,
} from './library.schemas.ts';

export const libraryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { library } = app.services;
  const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
  const tags = ['library'];

  app.get(
    '/library',
    {
      schema: {
        tags,
        summary:
          'The caller’s library: filter by status, format, ownership, tag or words; sort; page by cursor',
        querystring: LibraryQuery,
        response: { 200: EntryPage, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => library.list(callerOf(request).user.id, request.query),
  );

  app.get(
    '/library/counts',
    {
      schema: {
        tags,
        summary: 'How many entries the caller has per status (for the shelf tabs), and in all',
        response: { 200: StatusCounts, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => library.counts(callerOf(request).user.id),
  );

  app.get(
    '/library/tags',
    {
      schema: {
        tags,
        summary: 'The caller’s tags with how many entries carry each',
        response: { 200: TagCounts, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => library.tags(callerOf(request).user.id),
  );

  app.post(
    '/library',
    {
      schema: {
        tags,
        summary: 'Shelve a book (by bookId, ISBN or provider id) with any entry field',
        body: CreateEntryBody,
        response: { 201: Entry, 409: ErrorResponse, 502: ErrorResponse, 503: ErrorResponse, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request, reply) =>
      reply.status(201).send(await library.create(callerOf(request).user.id, request.body)),
  );

  // Served here rather than by the books feature: the book carries the caller's entry, and the
  // library depends on the catalog, not the other way round.
  app.get(
    '/books/:id',
    {
      schema: {
        tags: ['books'],
        summary: "A catalog book, with the caller's library entry if any",
        params: BookIdParams,
        response: { 200: BookWithEntry, ...errors },
      },
      preHandler: app.optionalAuth,
    },
    async (request) => library.bookWithEntry(request.params.id, request.auth?.user.id ?? null),
  );

  app.get(
    '/library/:id',
    {
      schema: {
        tags,
        summary: 'One of the caller’s entries',
        params: EntryParams,
        response: { 200: Entry, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => library.get(callerOf(request).user.id, request.params.id),
  );

  app.patch(
    '/library/:id',
    {
      schema: {
        tags,
        summary: 'Edit an entry; fields left out stay as they are (the status rules may fill some)',
        params: EntryParams,
        body: UpdateEntryBody,
        response: { 200: Entry, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => library.update(callerOf(request).user.id, request.params.id, request.body),
  );

  app.delete(
    '/library/:id',
    {
      schema: {
        tags,
        summary: 'Remove an entry with its tags and rereads; its book’s notes stay unless deleteNotes=true',
        params: EntryParams,
        querystring: RemoveEntryQuery,
        response: { 204: NoContent, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request, reply) => {
      await library.remove(callerOf(request).user.id, request.params.id, {
        deleteNotes: request.query.deleteNotes === 'true',
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/library/:id/reads',
    {
      schema: {
        tags,
        summary: 'Record a reread with its own dates',
        params: EntryParams,
        body: CreateReadBody,
        response: { 201: Read, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await library.addRead(callerOf(request).user.id, request.params.id, request.body)),
  );

  app.patch(
    '/library/:id/reads/:readId',
    {
      schema: {
        tags,
        summary: 'Change a reread’s dates',
        params: ReadParams,
        body: UpdateReadBody,
        response: { 200: Read, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) =>
      library.updateRead(callerOf(request).user.id, request.params.id, request.params.readId, request.body),
  );

  app.delete(
    '/library/:id/reads/:readId',
    {
      schema: {
        tags,
        summary: 'Remove a reread',
        params: ReadParams,
        response: { 204: NoContent, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request, reply) => {
      await library.removeRead(callerOf(request).user.id, request.params.id, request.params.readId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/users/:username/library',
    {
      schema: {
        tags: ['users', 'library'],
        summary:
          'A reader’s library as their privacy and each entry’s visibility allow (same filters as /library)',
        params: UsernameParams,
        querystring: LibraryQuery,
        response: { 200: EntryPage, ...errors },
      },
      preHandler: app.optionalAuth,
    },
    async (request) =>
      library.listForReader(request.params.username, request.auth?.user.id ?? null, request.query),
  );
};
