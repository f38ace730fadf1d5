import { memo } from 'react';
import { Link } from 'react-router';
import { Cover } from '../../../components/ui/cover';
import { StarRating } from '../../../components/ui/star-rating';
import { cx } from '../../../lib/cx';
import { formatDay } from '../../../lib/dates';
import { authorsOf } from '../../books/types';
import { type Entry, statusLabel } from '../types';
import styles from './library-card.module.css';
import progressBarStyles from './progress-bar.module.css';
import { QuickProgress } from './quick-progress';

export interface CardOptions {
  /** On the All tab a card says which shelf it is on. */
  showStatus: boolean;
}

function progressOf(entry: Entry): number | null {
  if (entry.progressPercent !== null) return entry.progressPercent;
  if (entry.progressPages !== null && entry.book.pageCount) {
    return Math.round((entry.progressPages * 100) / entry.book.pageCount);
  }
  return null;
}

export const LibraryCard = memo(function LibraryCard({ entry, showStatus }: { entry: Entry } & CardOptions) {
  const { book } = entry;
  const finished =
    entry.status === 'read' || entry.status === 'did_not_finish' ? formatDay(entry.finishedOn) : null;
  const progress = entry.status === 'currently_reading' ? progressOf(entry) : null;
  return (
    <li className={styles.libraryCard}>
      <Link to={`/books/${book.id}`} className={styles.libraryCardLink}>
        <span className={styles.libraryCardCover} aria-hidden="true">
          <Cover
            title={book.title}
            authors={book.authors}
            src={book.coverUrl}
            className={styles.libraryCardBook}
          />
        </span>
        <span className={styles.libraryCardTitle}>{book.title}</span>
      </Link>
      <span className={styles.libraryCardAuthors}>{authorsOf(book)}</span>
      {entry.rating !== null ? <StarRating value={entry.rating} size="sm" /> : null}
      {showStatus ? <span className={styles.libraryCardMeta}>{statusLabel(entry.status)}</span> : null}
      {finished ? (
        <span className={styles.libraryCardMeta}>
          {entry.status === 'read' ? 'Finished' : 'Stopped'}{' '}
          <time dateTime={entry.finishedOn ?? undefined}>{finished}</time>
        </span>
      ) : null}
      {progress !== null ? (
        <span className={styles.libraryCardProgress}>
          <span
            className={cx(progressBarStyles.progressBar, progressBarStyles.progressBarThin)}
            aria-hidden="true"
          >
            <span
              className={progressBarStyles.progressBarFill}
              style={{ width: `${Math.min(100, progress)}%` }}
            />
          </span>
          <span className={styles.libraryCardMeta}>{progress}% read</span>
        </span>
      ) : null}
      {entry.status === 'currently_reading' ? <QuickProgress entry={entry} /> : null}
    </li>
  );
});

/** One page of results; earlier pages keep their identity, so loading more renders only the new one. */
export const LibraryCardPage = memo(function LibraryCardPage({
  entries,
  showStatus,
}: { entries: Entry[] } & CardOptions) {
  return (
    <>
      {entries.map((entry) => (
        <LibraryCard key={entry.id} entry={entry} showStatus={showStatus} />
      ))}
    </>
  );
});
