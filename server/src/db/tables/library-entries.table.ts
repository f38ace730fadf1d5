import type { Generated } from 'kysely';

export type ReadingStatus = 'want_to_read' | 'currently_reading' | 'read' | 'did_not_finish';
export type BookFormat = 'paperback' | 'hardcover' | 'ebook' | 'audiobook' | 'other';
export type Ownership = 'owned' | 'borrowed' | 'library' | 'wishlist' | 'not_owned';
export type Visibility = 'public' | 'followers' | 'private';

/** A reader's shelf entry for one book (one per book per reader). */
export interface LibraryEntriesTable {
  id: Generated<number>;
  userId: number;
  bookId: number;
  status: ReadingStatus;
  format: BookFormat | null;
  ownership: Ownership | null;
  /** Half-stars, 1..10 (the API speaks 0.5..5). */
  rating: number | null;
  review: string | null;
  reviewHasSpoilers: number;
  /** Calendar dates, `YYYY-MM-DD`. */
  startedOn: string | null;
  finishedOn: string | null;
  progressPages: number | null;
  progressPercent: number | null;
  visibility: Visibility;
  /** Copies of the book's sort keys and lower-cased title/authors, so lists never join books. */
  sortTitle: string;
  sortAuthor: string;
  searchText: string;
  createdAt: string;
  updatedAt: string;
}
