import { useEffect, useRef } from 'react';
import { buttonClass } from '../../../components/ui/button';
import { useIsHidden } from '../deferred-delete';
import type { JournalEntry } from '../types';
import styles from './journal.module.css';
import { JournalEntryCard } from './journal-entry-card';

function dayKey(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

function dayLabel(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const startOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((startOf(now) - startOf(date)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: date.getFullYear() === now.getFullYear() ? undefined : 'numeric',
  }).format(date);
}

/** Entries grouped by the (local) day they were written, newest first. */
function groupByDay(entries: readonly JournalEntry[]) {
  const groups: { key: string; label: string; entries: JournalEntry[] }[] = [];
  for (const entry of entries) {
    const key = dayKey(entry.createdAt);
    const last = groups.at(-1);
    if (last && last.key === key) last.entries.push(entry);
    else groups.push({ key, label: dayLabel(entry.createdAt), entries: [entry] });
  }
  return groups;
}

/** Loads the next page when the end of the list scrolls into view; the button works without it. */
function useLoadMoreOnScroll(enabled: boolean, loadMore: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  const load = useRef(loadMore);
  load.current = loadMore;
  useEffect(() => {
    const node = ref.current;
    if (!enabled || !node || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((seen) => {
      if (seen.some((item) => item.isIntersecting)) load.current();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [enabled]);
  return ref;
}

interface JournalTimelineProps {
  entries: readonly JournalEntry[];
  editable: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  /** The heading level of the day headings (2 on the journal page, 3 inside a profile section). */
  level?: 2 | 3;
}

export function JournalTimeline({
  entries,
  editable,
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  level = 2,
}: JournalTimelineProps) {
  const isHidden = useIsHidden();
  const sentinel = useLoadMoreOnScroll(hasNextPage && !isFetchingNextPage, fetchNextPage);
  const visible = entries.filter((entry) => !isHidden('journal', entry.id));
  const DayHeading = level === 2 ? 'h2' : 'h3';
  return (
    <div className={styles.timeline}>
      {groupByDay(visible).map((group) => (
        <section key={group.key} aria-label={group.label}>
          <DayHeading className={styles.dayHeading}>{group.label}</DayHeading>
          <ul className={styles.entries}>
            {group.entries.map((entry) => (
              <li key={entry.id}>
                <JournalEntryCard entry={entry} editable={editable} />
              </li>
            ))}
          </ul>
        </section>
      ))}
      <div ref={sentinel} className={styles.more}>
        {hasNextPage ? (
          <button
            type="button"
            className={buttonClass('secondary')}
            disabled={isFetchingNextPage}
            onClick={fetchNextPage}
          >
            {isFetchingNextPage ? 'Loading…' : 'Show older entries'}
          </button>
        ) : visible.length > 0 ? (
          <p className="muted">That is the first entry.</p>
        ) : null}
      </div>
    </div>
  );
}
