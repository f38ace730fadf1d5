import type { Generated } from 'kysely';

export type BookSource = 'manual' | 'google' | 'openlibrary' | 'import';

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
  coverUrl: string | null;
  source: BookSource;
  sourceId: string | null;
  /**
   * Title, subtitle, authors and ISBNs as folded words; the full-text indexes read it. Write it with
   * `bookSearchText()` whenever one of those fields changes.
   */
  searchText: string;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
}
