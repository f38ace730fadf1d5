import { type Static, Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const CalendarDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });
const Time = Type.String({ description: 'ISO 8601 UTC time' });

export const EXPORT_FORMAT = 'book-tracker-export';
/**
 * The version exports write. Version 2 only adds fields (journals, notes, follows, blocks, the
 * profile's email, attachments' checksums), all optional in the schema, so a version 1 document
 * is still valid and imports as before.
 */
export const EXPORT_VERSION = 2;

export const ExportBook = Type.Object({
  title: Type.String({ minLength: 1 }),
  subtitle: Nullable(Type.String()),
  authors: Type.Array(Type.String()),
  isbn13: Nullable(Type.String()),
  isbn10: Nullable(Type.String()),
  pageCount: Nullable(Type.Integer({ minimum: 1 })),
  publishedDate: Nullable(Type.String()),
  publisher: Nullable(Type.String()),
  language: Nullable(Type.String()),
});

export const ExportEntry = Type.Object({
  book: ExportBook,
  status: Type.Union([
    Type.Literal('want_to_read'),
    Type.Literal('currently_reading'),
    Type.Literal('read'),
    Type.Literal('did_not_finish'),
  ]),
  format: Nullable(
    Type.Union([
      Type.Literal('paperback'),
      Type.Literal('hardcover'),
      Type.Literal('ebook'),
      Type.Literal('audiobook'),
      Type.Literal('other'),
    ]),
  ),
  ownership: Nullable(
    Type.Union([
      Type.Literal('owned'),
      Type.Literal('borrowed'),
      Type.Literal('library'),
      Type.Literal('wishlist'),
      Type.Literal('not_owned'),
    ]),
  ),
  rating: Nullable(Type.Number({ minimum: 0.5, maximum: 5, multipleOf: 0.5 })),
  review: Nullable(Type.String()),
  reviewHasSpoilers: Type.Boolean(),
  startedOn: Nullable(CalendarDate),
  finishedOn: Nullable(CalendarDate),
  progressPages: Nullable(Type.Integer({ minimum: 0 })),
  progressPercent: Nullable(Type.Integer({ minimum: 0, maximum: 100 })),
  visibility: Type.Union([Type.Literal('public'), Type.Literal('followers'), Type.Literal('private')]),
  tags: Type.Array(Type.String()),
  reads: Type.Array(Type.Object({ startedOn: Nullable(CalendarDate), finishedOn: Nullable(CalendarDate) }), {
    description: 'Rereads besides the entry’s own read',
  }),
  createdAt: Time,
  updatedAt: Time,
});

const Visibility = Type.Union([Type.Literal('public'), Type.Literal('followers'), Type.Literal('private')]);

export const ExportAttachment = Type.Object({
  noteId: Type.Integer({ description: 'The `id` of its note in `notes`' }),
  fileName: Type.String(),
  mimeType: Type.String(),
  size: Type.Integer({ minimum: 0 }),
  path: Type.String({ description: 'Where the file is inside the archive export' }),
  sha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'Of the file (version 2)' })),
  createdAt: Type.Optional(Time),
});

export const ExportJournal = Type.Object({
  book: Nullable(ExportBook),
  page: Nullable(Type.Integer({ minimum: 0 })),
  content: Type.String(),
  visibility: Visibility,
  createdAt: Time,
  updatedAt: Time,
});

export const ExportNote = Type.Object({
  id: Type.Integer({ description: 'Numbers the notes of this document, for `attachments`' }),
  book: ExportBook,
  content: Type.String(),
  quote: Nullable(Type.String()),
  page: Nullable(Type.Integer({ minimum: 0 })),
  location: Nullable(Type.String()),
  visibility: Visibility,
  createdAt: Time,
  updatedAt: Time,
});

const ExportReader = Type.Object({
  username: Type.String(),
  createdAt: Time,
});

export const ExportSchema = Type.Object(
  {
    format: Type.Literal(EXPORT_FORMAT),
    version: Type.Union([Type.Literal(1), Type.Literal(EXPORT_VERSION)]),
    exportedAt: Time,
    profile: Type.Object({
      username: Type.String(),
      displayName: Type.String(),
      bio: Type.String(),
      privacy: Visibility,
      email: Type.Optional(Type.String({ description: 'Version 2' })),
      createdAt: Time,
    }),
    entries: Type.Array(ExportEntry),
    goals: Type.Array(
      Type.Object({
        year: Type.Integer(),
        target: Type.Integer({ minimum: 1 }),
        pagesTarget: Nullable(Type.Integer({ minimum: 1 })),
      }),
    ),
    attachments: Type.Array(ExportAttachment, {
      description: 'Metadata of note attachments; the archive export holds the files at `path`',
    }),
    journals: Type.Optional(Type.Array(ExportJournal, { description: 'Journal entries (version 2)' })),
    notes: Type.Optional(Type.Array(ExportNote, { description: 'Notes and quotes (version 2)' })),
    follows: Type.Optional(
      Type.Array(ExportReader, { description: 'Readers this reader follows (version 2)' }),
    ),
    blocks: Type.Optional(
      Type.Array(ExportReader, { description: 'Readers this reader blocks (version 2)' }),
    ),
  },
  {
    $id: 'https://book-tracker.example/schemas/export-v2.json',
    title: 'Book Tracker export, versions 1 and 2',
    description:
      'Everything a reader owns, as GET /api/export?format=json writes it (version 2) and POST /api/imports (source book-tracker) reads it back (version 1 or 2).',
  },
);
export type ExportDocument = Static<typeof ExportSchema>;

export const ExportQuery = Type.Object({
  format: Type.Union([Type.Literal('csv'), Type.Literal('json'), Type.Literal('archive')]),
});
