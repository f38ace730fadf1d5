import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, NoContent } from '../../lib/http-schemas.ts';
import { callerOf } from '../../plugins/auth.plugin.ts';
import {
  Book,
  BookIdParams,
  CreateBookBody,
  IsbnParams,
  SearchQuery,
  SearchResponse,
  UpdateBookBody,
} from './books.schemas.ts';

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
    async (request) => books.search(request.query.q, request.query.limit ?? 20, callerOf(request).user.id),
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
    async (request) => books.lookupIsbn(request.params.isbn, callerOf(request).user.id),
  );

  app.post(
    '/books',
    {
      schema: {
        tags: ['books'],
        summary: 'Add a book by hand (one no provider knows)',
        description:
          'The book is the caller’s own until a provider confirms it: others see it only through an entry ' +
          'of the caller’s they may see, never by ISBN lookup or search. 409 `book_exists` (with its ' +
          '`bookId`) when the catalog or the caller already has the ISBN.',
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

  app.patch(
    '/books/:id',
    {
      schema: {
        tags: ['books'],
        summary: 'Edit a book you added by hand',
        description:
          'Only its creator may, while no provider has confirmed it: 403 for other readers who can see it ' +
          'and for provider records (refreshed from the provider only), 404 for those who cannot see it.',
        params: BookIdParams,
        body: UpdateBookBody,
        response: { 200: Book, 404: ErrorResponse, 409: ErrorResponse, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request) => books.updateOwned(callerOf(request).user.id, request.params.id, request.body),
  );

  app.delete(
    '/books/:id',
    {
      schema: {
        tags: ['books'],
        summary: 'Delete a book you added by hand, with your entry and notes of it',
        description:
          '403/404 as for an edit; 409 `book_in_use` while another reader’s entry or note uses it.',
        params: BookIdParams,
        response: { 204: NoContent, 404: ErrorResponse, 409: ErrorResponse, ...errors },
      },
      preHandler: app.requireAuth,
    },
    async (request, reply) => {
      await books.deleteOwned(callerOf(request).user.id, request.params.id);
      return reply.status(204).send(null);
    },
  );

  // `GET /books/:id` carries the caller's library entry, so the library feature serves it.
};
