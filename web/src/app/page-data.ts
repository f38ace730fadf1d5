// The first page's data, asked for before the app's first render, so the page renders once with its
// data in one time-sliced transition (main.tsx). Fetched after the first render instead, each answer
// re-rendered the page synchronously (TanStack Query's store updates are never time-sliced): the
// longest main-thread task of a signed-in page's load, 20–35 ms of CPU on this machine, 4× that
// on Lighthouse's phone. Each prefetch uses the page's own query options, so the page's queries find
// them in the cache (or in flight); page-preloads.test.tsx checks that no page fetches them twice.
import type { QueryClient } from '@tanstack/react-query';
import { bookQueryOptions } from '../features/books/api/get-book';
import { feedQueryOptions } from '../features/feed/api/get-feed';
import { bookNotesQueryOptions } from '../features/journals/api/notes';
import { currentlyReadingQueryOptions } from '../features/library/api/get-currently-reading';
import { libraryQueryOptions } from '../features/library/api/get-library';
import { libraryCountsQueryOptions } from '../features/library/api/get-library-counts';
import { libraryTagsQueryOptions } from '../features/library/api/get-library-tags';
import { bookReviewsQueryOptions } from '../features/social/api/get-book-reviews';
import { matchAppPath } from './route-paths';

/**
 * Starts fetching what the signed-in page at `pathname` shows first (the same API GETs the server
 * preloads, page-preloads.ts) and settles when they have answered, failed or given up retrying.
 * Pages it does not know settle at once.
 */
export function prefetchPageData(
  queryClient: QueryClient,
  pathname: string,
  search: string,
): Promise<unknown> {
  const matched = matchAppPath(pathname);
  if (!matched) return Promise.resolve();
  if (matched.page === 'home') {
    return Promise.all([
      queryClient.prefetchQuery(currentlyReadingQueryOptions()),
      queryClient.prefetchInfiniteQuery(feedQueryOptions()),
    ]);
  }
  // The library's default view (the page's own filters for an address without a query string).
  if (matched.page === 'library' && search === '') {
    return Promise.all([
      queryClient.prefetchInfiniteQuery(libraryQueryOptions({ sort: 'updated', order: 'desc' })),
      queryClient.prefetchQuery(libraryCountsQueryOptions),
    ]);
  }
  const id = Number(matched.params.id);
  if (matched.page === 'book' && Number.isInteger(id) && id > 0) {
    // The book with what its page shows under it; the tag list only for a book on the reader's
    // shelf (its editor offers the reader's tags), once the book says so.
    const bookOptions = bookQueryOptions(id);
    const book = queryClient.prefetchQuery(bookOptions).then(() => {
      if (queryClient.getQueryData(bookOptions.queryKey)?.libraryEntry) {
        return queryClient.prefetchQuery(libraryTagsQueryOptions);
      }
    });
    return Promise.all([
      book,
      queryClient.prefetchInfiniteQuery(bookNotesQueryOptions(id)),
      queryClient.prefetchQuery(bookReviewsQueryOptions(id)),
    ]);
  }
  return Promise.resolve();
}
