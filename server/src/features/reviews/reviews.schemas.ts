import { type TSchema, Type } from 'typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const BookReview = Type.Object({
  id: Type.Integer({ description: 'The reader’s library entry' }),
  reader: Type.Object({
    username: Type.String(),
    displayName: Type.String(),
    avatarUrl: Nullable(Type.String()),
  }),
  status: Type.String(),
  rating: Nullable(Type.Number({ description: '0.5–5 in halves' })),
  review: Nullable(Type.String()),
  reviewHasSpoilers: Type.Boolean(),
  followed: Type.Boolean({ description: 'The caller follows this reader (listed first)' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const BookReviewsPage = Type.Object({
  averageRating: Nullable(
    Type.Number({ description: 'Over the ratings the caller may see, caller’s own included' }),
  ),
  ratingCount: Type.Integer(),
  items: Type.Array(BookReview),
  nextCursor: Nullable(Type.String()),
});

export const ReviewsQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  },
  { additionalProperties: false },
);
