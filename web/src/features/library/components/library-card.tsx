import { memo } from 'react';
import { Link } from 'react-router';
import { Cover } from '../../../components/ui/cover';
import { StarRating } from '../../../components/ui/star-rating';
import { authorsOf } from '../../books/types';
import { type Entry, formatDay, statusLabel } from '../types';

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
    <li className="library-card">
      <Link to={`/books/${book.id}`} className="library-card__link">
        <span className="library-card__cover" aria-hidden="true">
          <Cover title={book.title} authors={book.authors} src={book.coverUrl} />
        </span>
        <span className="library-card__title">{book.title}</span>
      </Link>
      <span className="library-card__authors">{authorsOf(book)}</span>
      {entry.rating !== null ? <StarRating value={entry.rating} size="sm" /> : null}
      {showStatus ? <span className="library-card__meta">{statusLabel(entry.status)}</span> : null}
      {finished ? (
        <span className="library-card__meta">
          {entry.status === 'read' ? 'Finished' : 'Stopped'}{' '}
          <time dateTime={entry.finishedOn ?? undefined}>{finished}</time>
        </span>
      ) : null}
      {progress !== null ? (
        <span className="library-card__progress">
          <span className="progress-bar progress-bar--thin" aria-hidden="true">
            <span className="progress-bar__fill" style={{ width: `${Math.min(100, progress)}%` }} />
          </span>
          <span className="library-card__meta">{progress}% read</span>
        </span>
      ) : null}
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
