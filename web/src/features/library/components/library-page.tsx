import { useCallback, useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, buttonClass } from '../../../components/ui/button';
import coverStyles from '../../../components/ui/cover.module.css';
import { EmptyState } from '../../../components/ui/empty-state';
import { LoadingRegion, Skeleton } from '../../../components/ui/skeleton';
import { cx } from '../../../lib/cx';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useLibrary } from '../api/get-library';
import { useLibraryCounts } from '../api/get-library-counts';
import type { LibraryFilters } from '../api/keys';
import {
  isFormat,
  isOwnership,
  isSort,
  isStatus,
  type LibrarySort,
  type ReadingStatus,
  SORT_OPTIONS,
  type SortOrder,
  STATUS_OPTIONS,
  type StatusCounts,
  statusLabel,
} from '../types';
import { LibraryCardPage } from './library-card';
import libraryCardStyles from './library-card.module.css';
import { LibraryFiltersBar } from './library-filters';
import libraryFiltersStyles from './library-filters.module.css';
import styles from './library-page.module.css';

/** The Read shelf is most useful newest-finished first; other shelves by last change. */
function defaultSortFor(status: ReadingStatus | undefined): LibrarySort {
  return status === 'read' || status === 'did_not_finish' ? 'finished' : 'updated';
}

function defaultOrderFor(sort: LibrarySort): SortOrder {
  return SORT_OPTIONS.find((option) => option.value === sort)?.defaultOrder ?? 'desc';
}

function readFilters(params: URLSearchParams) {
  const get = (key: string) => params.get(key);
  const status = get('status');
  const format = get('format');
  const ownership = get('ownership');
  const statusValue = isStatus(status) ? status : undefined;
  const sortParam = get('sort');
  const sort = isSort(sortParam) ? sortParam : defaultSortFor(statusValue);
  const orderParam = get('order');
  const order: SortOrder = orderParam === 'asc' || orderParam === 'desc' ? orderParam : defaultOrderFor(sort);
  const filters: LibraryFilters = {
    status: statusValue,
    format: isFormat(format) ? format : undefined,
    ownership: isOwnership(ownership) ? ownership : undefined,
    tag: get('tag') || undefined,
    q: get('q')?.trim() || undefined,
  };
  return { filters, sort, order };
}

const TABS: readonly { status: ReadingStatus | undefined; label: string }[] = [
  { status: undefined, label: 'All' },
  ...STATUS_OPTIONS.map((option) => ({ status: option.value, label: option.label })),
];

function ShelfTabs({
  active,
  counts,
  params,
}: {
  active: ReadingStatus | undefined;
  counts: StatusCounts | undefined;
  params: URLSearchParams;
}) {
  const navRef = useRef<HTMLElement>(null);
  // On a phone the tabs scroll sideways; keep the current shelf in sight.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again whenever the shelf changes
  useEffect(() => {
    const nav = navRef.current;
    const current = nav?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!nav || !current) return;
    const left = current.offsetLeft - nav.offsetLeft;
    if (left < nav.scrollLeft || left + current.offsetWidth > nav.scrollLeft + nav.clientWidth) {
      nav.scrollLeft = Math.max(0, left - 16);
    }
  }, [active]);
  return (
    <nav className={styles.shelfTabs} aria-label="Shelves" ref={navRef}>
      <ul className={styles.shelfTabsList}>
        {TABS.map((tab) => {
          const next = new URLSearchParams(params);
          if (tab.status) next.set('status', tab.status);
          else next.delete('status');
          // Each shelf has its own natural order; a sort chosen on another shelf is kept.
          const search = next.toString();
          const count = counts ? (tab.status ? counts[tab.status] : counts.total) : null;
          const isActive = tab.status === active;
          return (
            <li key={tab.label}>
              <Link
                to={{ search: search ? `?${search}` : '' }}
                className={cx(styles.shelfTabsTab, isActive && styles.shelfTabsTabActive)}
                aria-current={isActive ? 'page' : undefined}
              >
                {/* Named "Reading 3 books": the number on show, with its noun for screen readers. */}
                <span>{tab.label}</span>
                {count !== null ? (
                  <span className={styles.shelfTabsCount}>
                    {count.toLocaleString()}
                    <span className="visually-hidden">{count === 1 ? ' book' : ' books'}</span>
                  </span>
                ) : (
                  // Holds the count's place while it loads, so the tabs do not reflow when it comes.
                  <span className={styles.shelfTabsCount} aria-hidden="true">
                    {'\u2007'}
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function GridSkeleton() {
  return (
    <LoadingRegion label="Loading your books…">
      <ul className={styles.libraryGrid} aria-hidden="true">
        {Array.from({ length: 12 }, (_, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have nothing else to tell them apart
          <li key={index} className={libraryCardStyles.libraryCard}>
            <div
              className={cx(
                coverStyles.cover,
                libraryCardStyles.libraryCardCover,
                libraryCardStyles.libraryCardBook,
              )}
            >
              <Skeleton shape="block" width="100%" height="100%" />
            </div>
            <Skeleton width="85%" />
            <Skeleton width="55%" />
          </li>
        ))}
      </ul>
    </LoadingRegion>
  );
}

export function LibraryPage() {
  const [params, setParams] = useSearchParams();
  const { filters, sort, order } = readFilters(params);
  const query = { ...filters, sort, order };
  const library = useLibrary(query);
  const counts = useLibraryCounts();
  const sentinelRef = useRef<HTMLDivElement>(null);
  const activeShelf = filters.status ? statusLabel(filters.status) : null;
  const filtered = Boolean(filters.format || filters.ownership || filters.tag || filters.q);
  useDocumentTitle(activeShelf ? `${activeShelf} · Library` : 'Library');

  const updateParams = useCallback(
    (changes: Record<string, string | null>, options: { replace?: boolean } = {}) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        { replace: options.replace ?? false },
      );
    },
    [setParams],
  );

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = library;
  // Scrolling near the end loads the next page; the button below does the same by hand.
  useEffect(() => {
    const sentinel = sentinelRef.current;
    if (!sentinel || !hasNextPage) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: '800px 0px' },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const pages = library.data?.pages ?? [];
  const shown = pages.reduce((sum, page) => sum + page.items.length, 0);
  const shelfTotal = counts.data ? (filters.status ? counts.data[filters.status] : counts.data.total) : null;
  const stale = library.isPlaceholderData;

  function clearFilters() {
    updateParams({ format: null, ownership: null, tag: null, q: null });
  }

  let body: React.ReactNode;
  if (library.isPending && library.fetchStatus === 'paused') {
    // Offline before the first answer: say so rather than show placeholders forever.
    body = (
      <p className="notice" role="status">
        Your library shows here when you are back online.
      </p>
    );
  } else if (library.isPending) {
    body = <GridSkeleton />;
  } else if (library.isError && pages.length === 0) {
    body = (
      <div className="notice notice--error" role="alert">
        <p>{library.error.message}</p>
        <Button variant="secondary" onClick={() => void library.refetch()}>
          Try again
        </Button>
      </div>
    );
  } else if (shown === 0 && !stale) {
    body =
      counts.data?.total === 0 && !filtered ? (
        <EmptyState
          title="Your library is empty"
          action={
            <Link to="/search" className={buttonClass('primary')}>
              Find a book
            </Link>
          }
        >
          <p>Search for a book you want to read, are reading or have read, and add it with one click.</p>
        </EmptyState>
      ) : filtered ? (
        <EmptyState
          title="No books match these filters"
          action={
            <Button variant="secondary" onClick={clearFilters}>
              Clear filters
            </Button>
          }
        >
          <p>Try other words, or clear the filters to see the whole shelf.</p>
        </EmptyState>
      ) : (
        <EmptyState
          title={`Nothing on your ${activeShelf ?? ''} shelf yet`}
          action={
            <Link to="/search" className={buttonClass('primary')}>
              Find a book
            </Link>
          }
        >
          <p>
            {filters.status === 'read'
              ? 'When you finish a book, mark it as Read on its page and it will show here with the day you finished.'
              : filters.status === 'currently_reading'
                ? 'Start a book from your Want to read shelf, or find a new one.'
                : 'Books you move to this shelf will show here.'}
          </p>
        </EmptyState>
      );
  } else {
    body = (
      <>
        <p className={styles.librarySummary} role="status">
          {shelfTotal !== null && !filtered
            ? `Showing ${shown.toLocaleString()} of ${shelfTotal.toLocaleString()} ${shelfTotal === 1 ? 'book' : 'books'}`
            : `Showing ${shown.toLocaleString()} ${shown === 1 ? 'book' : 'books'}${hasNextPage ? ' so far' : ''}`}
        </p>
        <ul
          className={styles.libraryGrid}
          aria-label={activeShelf ? `Books on your ${activeShelf} shelf` : 'Books in your library'}
          aria-busy={stale || undefined}
          data-stale={stale || undefined}
        >
          {pages.map((page) => (
            <LibraryCardPage
              key={page.items[0]?.id ?? 'empty'}
              entries={page.items}
              showStatus={!filters.status}
            />
          ))}
        </ul>
        <div ref={sentinelRef} className={styles.libraryMore}>
          {hasNextPage ? (
            <Button
              variant="secondary"
              busy={isFetchingNextPage}
              busyLabel="Loading more…"
              onClick={() => void fetchNextPage()}
            >
              Load more
            </Button>
          ) : pages.length > 1 ? (
            <p className="muted">That’s every book here.</p>
          ) : null}
        </div>
      </>
    );
  }

  return (
    <div className="page">
      <div className={styles.pageHeader}>
        <h1>Your library</h1>
        <Link to="/search" className={buttonClass('secondary')}>
          Add a book
        </Link>
      </div>
      <ShelfTabs active={filters.status} counts={counts.data} params={params} />
      <LibraryFiltersBar filters={filters} sort={sort} order={order} onChange={updateParams} />
      {filtered ? (
        <p className={libraryFiltersStyles.libraryFiltersActive}>
          <button type="button" className="link-button" onClick={clearFilters}>
            Clear filters
          </button>
        </p>
      ) : null}
      {body}
    </div>
  );
}
