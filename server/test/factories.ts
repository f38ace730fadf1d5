import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { bookSearchText, sortAuthor, sortTitle } from '../src/features/books/index.ts';
import { nowIso } from '../src/lib/time.ts';

let counter = 0;

export interface BookOverrides {
  title?: string;
  subtitle?: string | null;
  authors?: string[];
  pageCount?: number | null;
  isbn13?: string | null;
  description?: string | null;
  /** A reader's own book (not in the shared catalog); a confirmed catalog record when left out. */
  ownerId?: number;
  /** A cover for the background job to fetch (the book waits with `cover_state = 'pending'`). */
  coverSourceUrl?: string;
}

/** Stores a catalog book directly (the factory for books in library tests). */
export async function buildBook(db: Kysely<Database>, overrides: BookOverrides = {}) {
  counter += 1;
  const title = overrides.title ?? `Book ${counter}`;
  const authors = overrides.authors ?? [`Author ${counter}`];
  const subtitle = overrides.subtitle ?? null;
  const isbn13 = overrides.isbn13 ?? null;
  const now = nowIso();
  return db
    .insertInto('books')
    .values({
      title,
      subtitle,
      authors: JSON.stringify(authors),
      sortTitle: sortTitle(title),
      sortAuthor: sortAuthor(authors),
      isbn10: null,
      isbn13,
      pageCount: overrides.pageCount === undefined ? 300 : overrides.pageCount,
      publishedDate: null,
      publisher: null,
      description: overrides.description ?? null,
      language: null,
      categories: '[]',
      coverUrl: null,
      coverSourceUrl: overrides.coverSourceUrl ?? null,
      coverState: overrides.coverSourceUrl ? 'pending' : 'none',
      source: 'manual',
      sourceId: null,
      searchText: bookSearchText({ title, subtitle, authors, isbn13, isbn10: null }),
      createdBy: overrides.ownerId ?? null,
      // A catalog record unless it is a reader's own book.
      ownerId: overrides.ownerId ?? null,
      confirmedAt: overrides.ownerId ? null : now,
      createdAt: now,
      updatedAt: now,
    })
    .returning(['id', 'title', 'pageCount'])
    .executeTakeFirstOrThrow();
}
