import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../../lib/http-schemas.ts';
import { callerOf } from '../../plugins/auth.plugin.ts';
import { Book, CreateBookBody, IsbnParams, SearchQuery, SearchResponse } from './books.schemas.ts';

export const booksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { books } = app.services;
  const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

  app.get(
    '/books/search',
    {
      schema: {
        tags: ['books'],
        summary: 'Search the catalog, Google Books and Open Library; merged and de-duplicated by ISBN',
        description:
          'Catalog results come first and carry an id; provider results not yet stored have `id: null` and a ' +
          '`source`/`sourceId` to add them with. A provider that fails or is slow is reported in `providers`.',
        querystring: SearchQuery,
        response: { 200: SearchResponse, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => books.search(request.query.q, request.query.limit ?? 20),
  );

  app.get(
    '/books/isbn/:isbn',
    {
      schema: {
        tags: ['books'],
        summary: 'A book by ISBN-10 or ISBN-13, from the catalog or a provider (then stored)',
        params: IsbnParams,
        response: { 200: Book, 404: ErrorResponse, 503: ErrorResponse, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => books.lookupIsbn(request.params.isbn),
  );

  app.post(
    '/books',
    {
      schema: {
        tags: ['books'],
        summary: 'Add a book by hand (one no provider knows)',
        body: CreateBookBody,
        response: { 201: Book, 409: ErrorResponse, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request, reply) => {
      const book = await books.createManual(callerOf(request).user.id, request.body);
      return reply.status(201).send(book);
    },
  );

  // `GET /books/:id` carries the caller's library entry, so the library feature serves it.
};
