import type { ApiBody, ApiQuery, ApiResponse } from '../../lib/api-schema';

/** An entry with its book, as GET /api/library/:id answers it. */
export type Entry = ApiResponse<'/api/library/{id}', 'get'>;
/** What GET /api/books/:id attaches as `libraryEntry`: an entry without its book. */
export type EntrySummary = Omit<Entry, 'book'>;
export type Read = Entry['reads'][number];
export type ReadingStatus = Entry['status'];
export type BookFormat = NonNullable<Entry['format']>;
export type Ownership = NonNullable<Entry['ownership']>;
export type EntryVisibility = Entry['visibility'];

/** The fields a reader sets on an entry (PATCH /api/library/:id). */
export type EntryFields = ApiBody<'/api/library/{id}', 'patch'>;
export type EntryPage = ApiResponse<'/api/library', 'get'>;
export type StatusCounts = ApiResponse<'/api/library/counts', 'get'>;

type LibraryQuery = ApiQuery<'/api/library', 'get'>;
export type LibrarySort = NonNullable<LibraryQuery['sort']>;
export type SortOrder = NonNullable<LibraryQuery['order']>;

interface Option<T extends string> {
  value: T;
  label: string;
}

export const STATUS_OPTIONS: readonly Option<ReadingStatus>[] = [
  { value: 'want_to_read', label: 'Want to read' },
  { value: 'currently_reading', label: 'Reading' },
  { value: 'read', label: 'Read' },
  { value: 'did_not_finish', label: 'Did not finish' },
];

export const FORMAT_OPTIONS: readonly Option<BookFormat>[] = [
  { value: 'paperback', label: 'Paperback' },
  { value: 'hardcover', label: 'Hardcover' },
  { value: 'ebook', label: 'E-book' },
  { value: 'audiobook', label: 'Audiobook' },
  { value: 'other', label: 'Other' },
];

export const OWNERSHIP_OPTIONS: readonly Option<Ownership>[] = [
  { value: 'owned', label: 'I own it' },
  { value: 'borrowed', label: 'Borrowed' },
  { value: 'library', label: 'From a library' },
  { value: 'wishlist', label: 'On my wishlist' },
  { value: 'not_owned', label: 'Not owned' },
];

export const VISIBILITY_OPTIONS: readonly (Option<EntryVisibility> & { description: string })[] = [
  { value: 'public', label: 'Public', description: 'Anyone who can see your profile sees this book.' },
  { value: 'followers', label: 'Followers', description: 'Only people who follow you see this book.' },
  { value: 'private', label: 'Only me', description: 'Nobody else sees this book.' },
];

export const SORT_OPTIONS: readonly (Option<LibrarySort> & { defaultOrder: SortOrder })[] = [
  { value: 'updated', label: 'Recently updated', defaultOrder: 'desc' },
  { value: 'added', label: 'Date added', defaultOrder: 'desc' },
  { value: 'title', label: 'Title', defaultOrder: 'asc' },
  { value: 'author', label: 'Author', defaultOrder: 'asc' },
  { value: 'rating', label: 'Rating', defaultOrder: 'desc' },
  { value: 'finished', label: 'Date finished', defaultOrder: 'desc' },
];

function labelFrom<T extends string>(options: readonly Option<T>[], value: T | null): string | null {
  if (value === null) return null;
  return options.find((option) => option.value === value)?.label ?? value;
}

export const statusLabel = (status: ReadingStatus): string => labelFrom(STATUS_OPTIONS, status) ?? status;
export const formatLabel = (format: BookFormat | null) => labelFrom(FORMAT_OPTIONS, format);
export const ownershipLabel = (ownership: Ownership | null) => labelFrom(OWNERSHIP_OPTIONS, ownership);

function isOneOf<T extends string>(options: readonly Option<T>[], value: string | null): value is T {
  return value !== null && options.some((option) => option.value === value);
}

export const isStatus = (value: string | null): value is ReadingStatus => isOneOf(STATUS_OPTIONS, value);
export const isFormat = (value: string | null): value is BookFormat => isOneOf(FORMAT_OPTIONS, value);
export const isOwnership = (value: string | null): value is Ownership => isOneOf(OWNERSHIP_OPTIONS, value);
export const isVisibility = (value: string | null): value is EntryVisibility =>
  isOneOf(VISIBILITY_OPTIONS, value);
export const isSort = (value: string | null): value is LibrarySort => isOneOf(SORT_OPTIONS, value);

/** Today as YYYY-MM-DD in the reader's own time zone. */
export function todayIso(): string {
  const now = new Date();
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${day}`;
}

/** Everything needed to put a deleted entry back (the undo after a delete). */
export function entryFieldsOf(entry: EntrySummary): EntryFields {
  return {
    status: entry.status,
    format: entry.format,
    ownership: entry.ownership,
    rating: entry.rating,
    review: entry.review,
    reviewHasSpoilers: entry.reviewHasSpoilers,
    startedOn: entry.startedOn,
    finishedOn: entry.finishedOn,
    progressPages: entry.progressPages,
    progressPercent: entry.progressPercent,
    tags: entry.tags,
    visibility: entry.visibility,
  };
}

export function withoutBook(entry: Entry): EntrySummary {
  const { book: _book, ...summary } = entry;
  return summary;
}
