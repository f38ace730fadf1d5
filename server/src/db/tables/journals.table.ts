import type { Generated } from 'kysely';
import type { Visibility } from './library-entries.table.ts';

/** A reading-journal entry: Markdown a reader writes, optionally about a book and a page. */
export interface JournalsTable {
  id: Generated<number>;
  userId: number;
  bookId: number | null;
  page: number | null;
  content: string;
  visibility: Visibility;
  /** Folded words of the content (" word word …"), for searching one's own words. */
  searchText: string;
  createdAt: string;
  updatedAt: string;
}
