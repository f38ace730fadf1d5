import type { Generated } from 'kysely';
import type { Visibility } from './library-entries.table.ts';

/** A note or quote on a book, placed by page or by a free location ("ch. 12", "42%"). */
export interface NotesTable {
  id: Generated<number>;
  userId: number;
  bookId: number;
  content: string;
  quote: string | null;
  page: number | null;
  location: string | null;
  /** The page, or NO_PAGE when there is none: the order of a book's notes. */
  sortPage: number;
  visibility: Visibility;
  /** Folded words of the content, quote and location, for searching one's own words. */
  searchText: string;
  createdAt: string;
  updatedAt: string;
}
