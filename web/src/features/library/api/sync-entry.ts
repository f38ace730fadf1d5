import type { QueryClient } from '@tanstack/react-query';
import type { BookWithEntry } from '../../books/api/get-book';
import { bookKeys } from '../../books/api/keys';
import type { EntrySummary } from '../types';
import { libraryKeys } from './keys';

/** Puts a changed (or removed) entry on its book page at once, without waiting for a refetch. */
export function setBookEntry(queryClient: QueryClient, bookId: number, entry: EntrySummary | null): void {
  queryClient.setQueryData<BookWithEntry>(bookKeys.detail(bookId), (book) =>
    book ? { ...book, libraryEntry: entry } : book,
  );
}

/**
 * Shelves, counts and tags may all have changed. Lists on screen refetch; the rest are only
 * marked stale, so a long library is not paged through again until someone looks at it.
 */
export async function invalidateLibrary(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: libraryKeys.all }),
    // Profiles show how many books a reader has.
    queryClient.invalidateQueries({ queryKey: ['users'] }),
  ]);
}
