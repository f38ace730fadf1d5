import { type Static, type TSchema, Type } from 'typebox';
import type { Visibility as VisibilityValue } from '../../db/tables/library-entries.table.ts';
import { RowId } from '../../lib/http-schemas.ts';

export const VISIBILITIES: VisibilityValue[] = ['public', 'followers', 'private'];
export const MAX_CONTENT = 50_000;

/* A JSON Schema type list rather than anyOf, so a coercing Ajv never turns 0 or "" into null. */
function nullable<T extends TSchema>(schema: T) {
  const source = schema as unknown as { type: string };
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [source.type, 'null'] });
}

export const Visibility = Type.Unsafe<VisibilityValue>({
  type: 'string',
  enum: VISIBILITIES,
  description: 'Who may see it (private by default); the reader’s profile privacy also applies',
});

const Page = Type.Integer({ minimum: 1, maximum: 100_000 });
const Content = Type.String({
  minLength: 1,
  maxLength: MAX_CONTENT,
  description: 'Markdown, 1 to 50,000 characters; raw HTML is shown as text, never run',
});

export const IdParams = Type.Object({ id: RowId });
export const AttachmentParams = Type.Object({
  id: RowId,
  attachmentId: RowId,
});

export const ListQuery = Type.Object(
  {
    bookId: Type.Optional(RowId),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  { additionalProperties: false },
);
export type ListQueryInput = Static<typeof ListQuery>;

export const BookRef = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  authors: Type.Array(Type.String()),
  coverUrl: nullable(Type.String()),
});
export type BookRefView = Static<typeof BookRef>;

// Journals

export const CreateJournalBody = Type.Object(
  {
    content: Content,
    bookId: Type.Optional(nullable(RowId)),
    page: Type.Optional(nullable(Page)),
    visibility: Type.Optional(Visibility),
  },
  { additionalProperties: false },
);
export type CreateJournalInput = Static<typeof CreateJournalBody>;

export const UpdateJournalBody = Type.Object(
  {
    content: Type.Optional(Content),
    bookId: Type.Optional(nullable(RowId)),
    page: Type.Optional(nullable(Page)),
    visibility: Type.Optional(Visibility),
  },
  { additionalProperties: false },
);
export type JournalChanges = Static<typeof UpdateJournalBody>;

export const Journal = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  content: Type.String(),
  bookId: nullable(Type.Integer()),
  book: nullable(BookRef),
  page: nullable(Type.Integer()),
  visibility: Visibility,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type JournalView = Static<typeof Journal>;
export const JournalPage = Type.Object({ items: Type.Array(Journal), nextCursor: nullable(Type.String()) });

// Notes

const NoteText = Type.String({
  maxLength: MAX_CONTENT,
  description: 'Markdown, up to 50,000 characters; a note needs words here or a quote',
});
const Quote = Type.String({ maxLength: 10_000, description: 'The passage quoted, as plain text' });
const Location = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'Where in the book when there are no pages (ebooks): a percent like "42%" or "ch. 12"',
});

export const CreateNoteBody = Type.Object(
  {
    bookId: RowId,
    content: Type.Optional(NoteText),
    quote: Type.Optional(nullable(Quote)),
    page: Type.Optional(nullable(Page)),
    location: Type.Optional(nullable(Location)),
    visibility: Type.Optional(Visibility),
  },
  { additionalProperties: false },
);
export type CreateNoteInput = Static<typeof CreateNoteBody>;

export const UpdateNoteBody = Type.Object(
  {
    content: Type.Optional(NoteText),
    quote: Type.Optional(nullable(Quote)),
    page: Type.Optional(nullable(Page)),
    location: Type.Optional(nullable(Location)),
    visibility: Type.Optional(Visibility),
  },
  { additionalProperties: false },
);
export type NoteChanges = Static<typeof UpdateNoteBody>;

export const Attachment = Type.Object({
  id: Type.Integer(),
  fileName: Type.String(),
  mimeType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  width: nullable(Type.Integer()),
  height: nullable(Type.Integer()),
  url: Type.String({ description: 'Download (access-checked)' }),
  thumbnailUrl: nullable(Type.String({ description: 'A small WebP preview of an image' })),
  createdAt: Type.String({ format: 'date-time' }),
});
export type AttachmentView = Static<typeof Attachment>;

export const Note = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  bookId: Type.Integer(),
  book: BookRef,
  content: Type.String(),
  quote: nullable(Type.String()),
  page: nullable(Type.Integer()),
  location: nullable(Type.String()),
  visibility: Visibility,
  attachments: Type.Array(Attachment),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type NoteView = Static<typeof Note>;
export const NotePage = Type.Object({ items: Type.Array(Note), nextCursor: nullable(Type.String()) });

export const StorageUsage = Type.Object({
  usedBytes: Type.Integer(),
  quotaBytes: Type.Integer(),
  remainingBytes: Type.Integer(),
});

// Searching one's own words

export const MineQuery = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Words to find; accents and case are ignored',
    }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);

export const SnippetPart = Type.Object({ text: Type.String(), highlight: Type.Boolean() });
export const MineHit = Type.Object({
  kind: Type.Unsafe<'journal' | 'note' | 'review'>({ type: 'string', enum: ['journal', 'note', 'review'] }),
  id: Type.Integer({ description: 'The journal entry, note or library entry' }),
  book: nullable(BookRef),
  page: nullable(Type.Integer()),
  snippet: Type.Array(SnippetPart, {
    description: 'Text around the first match, split into plain and highlighted parts (no markup)',
  }),
  score: Type.Number(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type MineHitView = Static<typeof MineHit>;
export const MineResults = Type.Object({ items: Type.Array(MineHit) });
