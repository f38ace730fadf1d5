import { useCallback, useEffect, useRef } from 'react';
import { useLocation } from 'react-router';
import { EmptyState } from '../../../components/ui/empty-state';
import { LoadingRegion, Skeleton } from '../../../components/ui/skeleton';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useCreateJournal, useMyJournal } from '../api/journals';
import styles from './journal.module.css';
import { EMPTY_JOURNAL, JournalForm, toJournalInput } from './journal-form';
import { JournalTimeline } from './journal-timeline';
import { MyWordsSearch } from './my-words-search';

/**
 * After the entries load, bring the one named in the address (#journal-12, from a search hit) into
 * view, loading older pages until it is there.
 */
function useScrollToHash(ready: boolean, loadedCount: number, loadMore: (() => void) | null) {
  const { hash } = useLocation();
  const shown = useRef<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: loadedCount is the trigger to look again once older entries are on the page
  useEffect(() => {
    if (!ready || !hash.startsWith('#journal-') || shown.current === hash) return;
    const target = document.getElementById(hash.slice(1));
    if (!target) {
      loadMore?.();
      return;
    }
    shown.current = hash;
    target.scrollIntoView({ block: 'center' });
    target.tabIndex = -1;
    target.focus({ preventScroll: true });
  }, [ready, hash, loadedCount, loadMore]);
}

export function JournalPage() {
  useDocumentTitle('Journal');
  const journal = useMyJournal();
  const create = useCreateJournal();
  const entries = journal.data?.pages.flatMap((page) => page.items) ?? [];
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = journal;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  useScrollToHash(journal.isSuccess, entries.length, hasNextPage ? loadMore : null);

  return (
    <div className="page">
      <h1>Journal</h1>
      <section className={styles.composer} aria-labelledby="composer-heading">
        <h2 id="composer-heading" className={styles.sectionHeading}>
          Write
        </h2>
        <JournalForm
          initial={EMPTY_JOURNAL}
          draftKey="journal:new"
          label="New journal entry"
          contentLabel="What are you thinking?"
          submitLabel="Save entry"
          onSubmit={(values) => create.mutateAsync(toJournalInput(values))}
        />
      </section>
      <MyWordsSearch />
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading" className="visually-hidden">
          Your entries
        </h2>
        {journal.isPending ? (
          <LoadingRegion label="Loading your journal…">
            <Skeleton width="30%" height="1.4rem" />
            <Skeleton width="90%" />
            <Skeleton width="80%" />
          </LoadingRegion>
        ) : journal.isError ? (
          <p role="alert">Your journal could not be loaded: {journal.error.message}</p>
        ) : entries.length === 0 ? (
          <EmptyState title="Your journal is empty">
            <p>
              Write down what you think while you read: a line about a chapter, a question, a page to come
              back to. Entries are private unless you choose otherwise.
            </p>
          </EmptyState>
        ) : (
          <JournalTimeline
            entries={entries}
            editable
            hasNextPage={journal.hasNextPage}
            isFetchingNextPage={journal.isFetchingNextPage}
            fetchNextPage={() => void journal.fetchNextPage()}
          />
        )}
      </section>
    </div>
  );
}
