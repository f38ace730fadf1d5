import { Type } from 'typebox';

const nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** Another reader as lists show them: who they are and whether the caller follows them. */
export const ReaderSummary = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  avatarUrl: nullable(Type.String()),
  isFollowing: Type.Boolean(),
});

export const ReaderPage = Type.Object({
  items: Type.Array(ReaderSummary),
  nextCursor: nullable(Type.String()),
});

export const ListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  },
  { additionalProperties: false },
);

export const SearchReadersQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 80, description: 'Part of a username or display name' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  },
  { additionalProperties: false },
);

/** A reader suggested to follow, and why. */
export const SuggestedReader = Type.Object({
  ...ReaderSummary.properties,
  followedBy: Type.Integer({
    minimum: 0,
    description: 'How many of the people the caller follows follow this reader (0: a recently active reader)',
  }),
});

export const SuggestedReaders = Type.Object({ items: Type.Array(SuggestedReader) });

export const SuggestionsQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })) },
  { additionalProperties: false },
);
