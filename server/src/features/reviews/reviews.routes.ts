import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../../lib/http-schemas.ts';
import { BookIdParams } from '../books/index.ts';
import { BookReviewsPage, ReviewsQuery } from './reviews.schemas.ts';

export const reviewsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { reviews } = app.services;
  app.get(
    '/books/:id/reviews',
    {
      schema: {
        tags: ['books'],
        summary:
          'Other readers’ ratings and reviews of a book that the caller may see (followed readers first), with the average',
        params: BookIdParams,
        querystring: ReviewsQuery,
        response: { 200: BookReviewsPage, 400: ErrorResponse, 404: ErrorResponse },
      },
      preHandler: app.optionalAuth,
    },
    async (request) => reviews.forBook(request.params.id, request.auth?.user.id ?? null, request.query),
  );
};
