import { type Static, Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const CalendarDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });
const Time = Type.String({ description: 'ISO 8601 UTC time' });

export const EXPORT_FORMAT = 'book-tracker-export';
export const EXPORT_VERSION = 1;

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

export const ExportAttachment = Type.Object({
  noteId: Type.Integer(),
  fileName: Type.String(),
  mimeType: Type.String(),
  size: Type.Integer({ minimum: 0 }),
  path: Type.String({ description: 'Where the file is inside the archive export' }),
});

export const ExportV1 = Type.Object(
  {
    format: Type.Literal(EXPORT_FORMAT),
    version: Type.Literal(EXPORT_VERSION),
    exportedAt: Time,
    profile: Type.Object({
      username: Type.String(),
      displayName: Type.String(),
      bio: Type.String(),
      privacy: Type.Union([Type.Literal('public'), Type.Literal('followers'), Type.Literal('private')]),
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
      description: 'Metadata of note attachments (empty until notes exist)',
    }),
  },
  {
    $id: 'https://book-tracker.example/schemas/export-v1.json',
    title: 'Book Tracker export, version 1',
    description:
      'Everything a reader owns, as GET /api/export?format=json writes it and POST /api/imports (source book-tracker) reads it back.',
  },
);
export type ExportDocument = Static<typeof ExportV1>;

export const ExportQuery = Type.Object({
  format: Type.Union([Type.Literal('csv'), Type.Literal('json'), Type.Literal('archive')]),
});
