import { type Static, Type } from 'typebox';
import type {
  BookFormat,
  Ownership,
  ReadingStatus,
  Visibility as VisibilityValue,
} from '../../db/tables/library-entries.table.ts';
import { enumOf, nullable, RowId } from '../../lib/http-schemas.ts';
import { Book } from '../books/index.ts';

export const STATUSES: ReadingStatus[] = ['want_to_read', 'currently_reading', 'read', 'did_not_finish'];
export const FORMATS: BookFormat[] = ['paperback', 'hardcover', 'ebook', 'audiobook', 'other'];
export const OWNERSHIPS: Ownership[] = ['owned', 'borrowed', 'library', 'wishlist', 'not_owned'];
export const VISIBILITIES: VisibilityValue[] = ['public', 'followers', 'private'];
export const SORTS = ['updated', 'added', 'title', 'author', 'rating', 'finished'] as const;
export type LibrarySort = (typeof SORTS)[number];

export const Status = enumOf(STATUSES);
export const Format = enumOf(FORMATS);
export const OwnershipSchema = enumOf(OWNERSHIPS);
export const Visibility = enumOf(
  VISIBILITIES,
  'Who may see the entry; the reader’s profile privacy also applies',
);
export const CalendarDate = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  description: 'YYYY-MM-DD',
});
export const Rating = Type.Number({
  minimum: 0.5,
  maximum: 5,
  multipleOf: 0.5,
  description: '0.5 to 5 in halves',
});

const entryFields = {
  status: Type.Optional(Status),
  format: Type.Optional(nullable(Format)),
  ownership: Type.Optional(nullable(OwnershipSchema)),
  rating: Type.Optional(nullable(Rating)),
  review: Type.Optional(nullable(Type.String({ maxLength: 50_000 }))),
  reviewHasSpoilers: Type.Optional(Type.Boolean()),
  startedOn: Type.Optional(nullable(CalendarDate)),
  finishedOn: Type.Optional(nullable(CalendarDate)),
  progressPages: Type.Optional(nullable(Type.Integer({ minimum: 0, maximum: 100_000 }))),
  progressPercent: Type.Optional(nullable(Type.Integer({ minimum: 0, maximum: 100 }))),
  tags: Type.Optional(
    Type.Array(Type.String({ maxLength: 200 }), {
      maxItems: 100,
      description: 'Up to 30 tags of up to 50 characters; duplicates regardless of case are dropped',
    }),
  ),
  visibility: Type.Optional(Visibility),
};

export const CreateEntryBody = Type.Object(
  {
    bookId: Type.Optional(RowId),
    isbn: Type.Optional(
      Type.String({ minLength: 1, maxLength: 40, description: 'ISBN-10 or ISBN-13, hyphens allowed' }),
    ),
    source: Type.Optional(enumOf(['google', 'openlibrary'])),
    sourceId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    ...entryFields,
  },
  {
    additionalProperties: false,
    description: 'One of `bookId`, `isbn` or `source` with `sourceId`, plus any entry field',
  },
);
export type CreateEntryInput = Static<typeof CreateEntryBody>;

export const UpdateEntryBody = Type.Object(entryFields, { additionalProperties: false });
export type EntryChanges = Static<typeof UpdateEntryBody>;

export const CreateReadBody = Type.Object(
  { startedOn: CalendarDate, finishedOn: Type.Optional(nullable(CalendarDate)) },
  { additionalProperties: false },
);
export const UpdateReadBody = Type.Object(
  { startedOn: Type.Optional(CalendarDate), finishedOn: Type.Optional(nullable(CalendarDate)) },
  { additionalProperties: false },
);
export type ReadChanges = Static<typeof UpdateReadBody>;

export const RemoveEntryQuery = Type.Object(
  {
    // A string enum rather than a boolean, so it means the same with or without Ajv coercion.
    deleteNotes: Type.Optional(
      Type.Unsafe<'true' | 'false'>({
        type: 'string',
        enum: ['true', 'false'],
        description: 'true: also delete the reader’s notes on this book, with their files (default false)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const EntryParams = Type.Object({ id: RowId });
export const ReadParams = Type.Object({
  id: RowId,
  readId: RowId,
});

export const LibraryQuery = Type.Object(
  {
    status: Type.Optional(Status),
    format: Type.Optional(Format),
    ownership: Type.Optional(OwnershipSchema),
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    q: Type.Optional(
      Type.String({ maxLength: 200, description: 'Words to find in the title, subtitle or authors' }),
    ),
    sort: Type.Optional(
      Type.Unsafe<LibrarySort>({
        type: 'string',
        enum: [...SORTS],
        default: 'updated',
        description: 'updated (default), added, title, author, rating, finished',
      }),
    ),
    order: Type.Optional(
      Type.Unsafe<'asc' | 'desc'>({
        type: 'string',
        enum: ['asc', 'desc'],
        description: 'Default: desc for updated, added, rating and finished; asc for title and author',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    // Cursors carry the last sort key (a title can be long), hence more room than usual.
    cursor: Type.Optional(Type.String({ maxLength: 4096 })),
  },
  { additionalProperties: false },
);
export type LibraryQueryInput = Static<typeof LibraryQuery>;

export const Read = Type.Object({
  id: Type.Integer(),
  startedOn: nullable(Type.String()),
  finishedOn: nullable(Type.String()),
});

const entryProperties = {
  id: Type.Integer(),
  bookId: Type.Integer(),
  status: Status,
  format: nullable(Format),
  ownership: nullable(OwnershipSchema),
  rating: nullable(Type.Number()),
  review: nullable(Type.String()),
  reviewHasSpoilers: Type.Boolean(),
  startedOn: nullable(Type.String()),
  finishedOn: nullable(Type.String()),
  progressPages: nullable(Type.Integer()),
  progressPercent: nullable(Type.Integer()),
  tags: Type.Array(Type.String()),
  visibility: Visibility,
  reads: Type.Array(Read),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
};

/** An entry without its book: what `GET /api/books/:id` attaches to the book as `libraryEntry`. */
export const EntrySummary = Type.Object(entryProperties);
export const Entry = Type.Object({ ...entryProperties, book: Book });
export type EntryView = Static<typeof Entry>;
export type EntrySummaryView = Static<typeof EntrySummary>;

export const BookWithEntry = Type.Object(
  {
    ...Book.properties,
    libraryEntry: Type.Union([EntrySummary, Type.Null()]),
    canEdit: Type.Boolean({
      description:
        'The caller added this book by hand and may edit or delete it (until a provider confirms it)',
    }),
  },
  { description: 'A book with the caller’s library entry' },
);
export type BookWithEntryView = Static<typeof BookWithEntry>;

export const EntryPage = Type.Object({ items: Type.Array(Entry), nextCursor: nullable(Type.String()) });

export const StatusCounts = Type.Object({
  want_to_read: Type.Integer(),
  currently_reading: Type.Integer(),
  read: Type.Integer(),
  did_not_finish: Type.Integer(),
  total: Type.Integer(),
});

export const TagCounts = Type.Object({
  items: Type.Array(Type.Object({ tag: Type.String(), count: Type.Integer() })),
});
