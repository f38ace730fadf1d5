import { type TSchema, Type } from 'typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ActivityTypeSchema = Type.Union(
  [
    Type.Literal('shelved'),
    Type.Literal('started'),
    Type.Literal('finished'),
    Type.Literal('did_not_finish'),
    Type.Literal('reviewed'),
    Type.Literal('journal_entry'),
    Type.Literal('goal_set'),
    Type.Literal('books_added'),
  ],
  { description: 'What happened' },
);

export const FeedActor = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  avatarUrl: Nullable(Type.String()),
});

export const FeedBook = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  authors: Type.Array(Type.String()),
  coverUrl: Nullable(Type.String()),
});

export const FeedEntry = Type.Object({
  id: Type.Integer(),
  status: Type.String(),
  rating: Nullable(Type.Number({ description: '0.5–5 in halves' })),
  review: Nullable(
    Type.String({
      description: 'The review’s first 280 characters; null when there is none or it is hidden for spoilers',
    }),
  ),
  reviewTruncated: Type.Boolean(),
  reviewHasSpoilers: Type.Boolean(),
  hasReview: Type.Boolean(),
});

export const Activity = Type.Object({
  id: Type.Integer(),
  type: ActivityTypeSchema,
  actor: FeedActor,
  book: Nullable(FeedBook),
  entry: Nullable(FeedEntry),
  journal: Nullable(Type.Object({ id: Type.Integer(), excerpt: Nullable(Type.String()) })),
  goal: Nullable(Type.Object({ year: Type.Integer(), target: Type.Integer() })),
  booksAdded: Nullable(
    Type.Integer({ description: 'How many books a batch (an import) added that the caller may see' }),
  ),
  createdAt: Type.String({ format: 'date-time' }),
});

export const FeedPage = Type.Object({ items: Type.Array(Activity), nextCursor: Nullable(Type.String()) });

export const FeedQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    spoilers: Type.Optional(Type.Boolean({ description: 'Show reviews marked as spoilers', default: false })),
  },
  { additionalProperties: false },
);
