import { type TSchema, Type } from 'typebox';
import { EntrySummary } from '../library/library.schemas.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const BookSourceSchema = Type.Union(
  [Type.Literal('google'), Type.Literal('openlibrary'), Type.Literal('manual'), Type.Literal('import')],
  { description: 'Where the book record came from' },
);

/** A book as the API shows it. Library entries embed it too. */
export const Book = Type.Object(
  {
    id: Nullable(Type.Integer({ description: 'null for a provider result not yet in the catalog' })),
    title: Type.String(),
    subtitle: Nullable(Type.String()),
    authors: Type.Array(Type.String()),
    isbn10: Nullable(Type.String()),
    isbn13: Nullable(Type.String()),
    pageCount: Nullable(Type.Integer()),
    publishedDate: Nullable(Type.String({ description: 'YYYY, YYYY-MM or YYYY-MM-DD, as precise as known' })),
    publisher: Nullable(Type.String()),
    description: Nullable(Type.String()),
    language: Nullable(Type.String()),
    categories: Type.Array(Type.String()),
    coverUrl: Nullable(Type.String()),
    source: BookSourceSchema,
    sourceId: Nullable(Type.String()),
  },
  { description: 'A book' },
);

export const ProviderStatus = Type.Object({
  name: Type.Union([Type.Literal('google'), Type.Literal('openlibrary')]),
  status: Type.Union([
    Type.Literal('ok'),
    Type.Literal('error'),
    Type.Literal('timeout'),
    Type.Literal('skipped'),
  ]),
  message: Type.Optional(Type.String()),
});

export const SearchQuery = Type.Object({
  q: Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'Title, author or ISBN (hyphens and spaces are fine)',
  }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 40, default: 20 })),
});

export const SearchResponse = Type.Object({
  items: Type.Array(Book),
  providers: Type.Optional(
    Type.Array(ProviderStatus, {
      description: 'How each book provider fared; says what degraded or was skipped',
    }),
  ),
});

export const IsbnParams = Type.Object({ isbn: Type.String({ minLength: 1, maxLength: 40 }) });

export const BookIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });

export const BookWithEntry = Type.Object(
  {
    ...Book.properties,
    libraryEntry: Nullable(EntrySummary),
  },
  { description: 'A book with the caller’s library entry' },
);

const Isbn = Type.String({ minLength: 10, maxLength: 20, pattern: '^[0-9Xx \\-]+$' });
const OptionalText = (maxLength: number) => Type.Optional(Nullable(Type.String({ maxLength })));

export const CreateBookBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 500 }),
    subtitle: OptionalText(500),
    authors: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { minItems: 1, maxItems: 20 }),
    isbn13: Type.Optional(Nullable(Isbn)),
    isbn10: Type.Optional(Nullable(Isbn)),
    // Not nullable: the app's Ajv coerces 0 to null inside a union, which would slip past `minimum`.
    pageCount: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 99999, description: 'Leave out when unknown' }),
    ),
    publishedDate: Type.Optional(
      Nullable(
        Type.String({ pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$', description: 'YYYY, YYYY-MM or YYYY-MM-DD' }),
      ),
    ),
    publisher: OptionalText(300),
    description: OptionalText(20000),
    language: Type.Optional(
      Nullable(Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 20 })),
    ),
    categories: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20 })),
    coverUrl: Type.Optional(Nullable(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }))),
  },
  { additionalProperties: false },
);
