import type { Generated } from 'kysely';

export type BookSource = 'manual' | 'google' | 'openlibrary' | 'import';

/** A cover's way to our own origin: none to fetch, waiting for the job, stored, or given up on. */
export type CoverState = 'none' | 'pending' | 'ready' | 'failed';
/**
 * A reader's own book and the background enrichment: nothing to ask, waiting for the job, completed
 * (or confirmed) from a provider, known to no provider, or given up on after providers kept failing.
 */
export type EnrichState = 'none' | 'pending' | 'done' | 'not_found' | 'failed';

/** A catalog book. `authors` and `categories` are JSON arrays stored as text. */
export interface BooksTable {
  id: Generated<number>;
  title: string;
  subtitle: string | null;
  authors: string;
  /** The first author, lower-cased, for sorting by author. */
  sortAuthor: string;
  /** The title, lower-cased without leading articles, for sorting by title. */
  sortTitle: string;
  isbn10: string | null;
  isbn13: string | null;
  pageCount: number | null;
  publishedDate: string | null;
  publisher: string | null;
  description: string | null;
  language: string | null;
  categories: string;
  /** Our own `/media/covers/…` URL of the stored cover, or null; never a third-party address. */
  coverUrl: string | null;
  source: BookSource;
  sourceId: string | null;
  /**
   * Title, subtitle, authors and ISBNs as folded words; the full-text indexes read it. Write it with
   * `bookSearchText()` whenever one of those fields changes.
   */
  searchText: string;
  createdBy: number | null;
  /**
   * The reader a book belongs to until a provider confirms it; null for provider records (and for a
   * reader's book whose account is gone). Only confirmed books are the shared catalog.
   */
  ownerId: number | null;
  /** When a provider confirmed the book (provider records: when stored); null while a reader owns it. */
  confirmedAt: string | null;
  /** Where the cover is fetched from: a provider's URL, or an https URL the owner gave. */
  coverSourceUrl: string | null;
  coverState: Generated<CoverState>;
  coverAttempts: Generated<number>;
  /** Not before this time (ISO) does the cover job try again. */
  coverNextAt: string | null;
  enrichState: Generated<EnrichState>;
  enrichAttempts: Generated<number>;
  enrichNextAt: string | null;
  createdAt: string;
  updatedAt: string;
}
