import { type Static, type TSchema, Type } from 'typebox';
import { enumOf, nullable, RowId } from '../../lib/http-schemas.ts';
import { NameText } from '../../lib/text-rules.ts';

/** Request bodies keep anyOf nullables: Ajv's coercion treats them differently (see CreateBookBody). */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const BOOK_SOURCES = ['google', 'openlibrary', 'manual', 'import'] as const;
export const BookSourceSchema = enumOf(BOOK_SOURCES, 'Where the book record came from');

const bookFields = {
  title: Type.String(),
  subtitle: nullable(Type.String()),
  authors: Type.Array(Type.String()),
  isbn10: nullable(Type.String()),
  isbn13: nullable(Type.String()),
  pageCount: nullable(Type.Integer()),
  publishedDate: nullable(Type.String({ description: 'YYYY, YYYY-MM or YYYY-MM-DD, as precise as known' })),
  publisher: nullable(Type.String()),
  description: nullable(Type.String()),
  language: nullable(Type.String()),
  categories: Type.Array(Type.String()),
  coverUrl: nullable(
    Type.String({
      description:
        'Our own copy of the cover (`/media/covers/…`, 480 px wide at most), or null while there is none; ' +
        'never a third-party address',
    }),
  ),
  coverThumbnailUrl: nullable(
    Type.String({ description: 'The same cover for lists (160 px wide at most), or null' }),
  ),
  source: BookSourceSchema,
  sourceId: nullable(Type.String()),
};

/** A book in the catalog, as the API shows it wherever a book appears (library entries embed it). */
export const Book = Type.Object({ id: Type.Integer(), ...bookFields }, { description: 'A catalog book' });
export type BookView = Static<typeof Book>;

/** A search result: a catalog book, or a provider's record not yet stored (`id: null`). */
export const SearchBook = Type.Object(
  {
    id: nullable(Type.Integer({ description: 'null for a provider result not yet in the catalog' })),
    ...bookFields,
  },
  { description: 'A book from the catalog or a provider' },
);
export type SearchBookView = Static<typeof SearchBook>;

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
export type ProviderStatusView = Static<typeof ProviderStatus>;
export type SearchResultView = Static<typeof SearchResponse>;

export const SearchQuery = Type.Object({
  q: Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'Title, author or ISBN (hyphens and spaces are fine)',
  }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 40, default: 20 })),
});

export const SearchResponse = Type.Object({
  items: Type.Array(SearchBook),
  providers: Type.Optional(
    Type.Array(ProviderStatus, {
      description: 'How each book provider fared; says what degraded or was skipped',
    }),
  ),
});

export const IsbnParams = Type.Object({ isbn: Type.String({ minLength: 1, maxLength: 40 }) });

export const BookIdParams = Type.Object({ id: RowId });

const Isbn = Type.String({ minLength: 10, maxLength: 20, pattern: '^[0-9Xx \\-]+$' });
const OptionalText = (maxLength: number) => Type.Optional(Nullable(Type.String({ maxLength })));

export const CreateBookBody = Type.Object(
  {
    title: NameText({ minLength: 1, maxLength: 500 }),
    subtitle: OptionalText(500),
    authors: Type.Array(NameText({ minLength: 1, maxLength: 300 }), { minItems: 1, maxItems: 20 }),
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
    coverUrl: Type.Optional(
      Nullable(
        Type.String({
          format: 'uri',
          pattern: '^https://',
          maxLength: 2000,
          description:
            'An https image address; the server fetches the picture once in the background and serves ' +
            'its own copy (the book shows a placeholder until then, or if it cannot be fetched)',
        }),
      ),
    ),
  },
  { additionalProperties: false },
);
export type CreateBookInput = Static<typeof CreateBookBody>;

/** `PATCH /api/books/:id`: any of the fields of a manual add; those left out stay as they are. */
export const UpdateBookBody = Type.Partial(CreateBookBody, { additionalProperties: false, minProperties: 1 });
export type UpdateBookInput = Static<typeof UpdateBookBody>;
