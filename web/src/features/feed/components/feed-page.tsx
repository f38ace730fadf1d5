import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { buttonClass } from '../../../components/ui/button';
import { EmptyState } from '../../../components/ui/empty-state';
import { LoadingRegion, Skeleton } from '../../../components/ui/skeleton';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useMe } from '../../account/api/get-me';
import { nameOf } from '../../account/types';
import { useCurrentlyReading } from '../../library/api/get-currently-reading';
import { CurrentlyReadingStrip } from '../../library/components/currently-reading-strip';
import { useFeed } from '../api/get-feed';
import { ActivityCard } from './activity-card';
import styles from './feed-page.module.css';

function FeedSkeleton() {
  return (
    <LoadingRegion label="Loading your feed…">
      {[0, 1, 2].map((i) => (
        <div key={i} className={styles.skeletonRow}>
          <Skeleton shape="circle" width="2.5rem" height="2.5rem" />
          <div style={{ flex: 1 }}>
            <Skeleton width="70%" />
            <Skeleton width="40%" />
            <Skeleton width="4rem" height="6rem" />
          </div>
        </div>
      ))}
    </LoadingRegion>
  );
}

/** Loads the next page when the end of the list scrolls into view; the button works without it. */
function useLoadMoreOnScroll(enabled: boolean, loadMore: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = ref.current;
    if (!enabled || !node || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [enabled, loadMore]);
  return ref;
}

export function FeedPage() {
  useDocumentTitle('Feed');
  const me = useMe();
  const name = me.data ? nameOf(me.data) : null;
  const feed = useFeed();
  // The feed waits for the reading strip above it, so the strip never pushes it down.
  const reading = useCurrentlyReading();
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = feed;
  const sentinel = useLoadMoreOnScroll(Boolean(hasNextPage) && !isFetchingNextPage, () => {
    void fetchNextPage();
  });
  const items = feed.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="page">
      <h1>{name ? `Hello, ${name}` : 'Your feed'}</h1>
      {reading.isPending ? (
        // One placeholder for both until the strip is known: the strip and the feed then appear
        // together as new content, and nothing already on screen moves.
        <FeedSkeleton />
      ) : (
        <>
          <CurrentlyReadingStrip />
          <section aria-labelledby="feed-heading">
            <h2 id="feed-heading" className="visually-hidden">
              What you and the readers you follow are reading
            </h2>
            {feed.isPending && feed.fetchStatus === 'paused' ? (
              <p className="notice" role="status">
                Your feed shows here when you are back online.
              </p>
            ) : feed.isPending ? (
              <FeedSkeleton />
            ) : feed.isError ? (
              <p role="alert">The feed could not be loaded: {feed.error.message}</p>
            ) : items.length === 0 ? (
              <EmptyState
                title="Your feed is quiet"
                action={
                  <>
                    <Link to="/readers" className={buttonClass('primary')}>
                      Find readers to follow
                    </Link>{' '}
                    <Link to="/search" className={buttonClass('secondary')}>
                      Find a book
                    </Link>
                  </>
                }
              >
                <p>
                  Follow other readers and shelve books: what you and they start, finish, rate and review
                  shows up here, newest first.
                </p>
              </EmptyState>
            ) : (
              <>
                <ul className={styles.list}>
                  {items.map((activity) => (
                    <li key={activity.id}>
                      <ActivityCard activity={activity} />
                    </li>
                  ))}
                </ul>
                <div ref={sentinel} className={styles.more}>
                  {hasNextPage ? (
                    <button
                      type="button"
                      className={buttonClass('secondary')}
                      disabled={isFetchingNextPage}
                      onClick={() => void fetchNextPage()}
                    >
                      {isFetchingNextPage ? 'Loading…' : 'Show older'}
                    </button>
                  ) : (
                    <p className="muted">You are all caught up.</p>
                  )}
                </div>
              </>
            )}
          </section>
        </>
      )}
    </div>
  );
}
