import { useState } from 'react';
import { Link } from 'react-router';
import { buttonClass } from '../../../components/ui/button';
import { Cover } from '../../../components/ui/cover';
import { Skeleton } from '../../../components/ui/skeleton';
import { StarRating } from '../../../components/ui/star-rating';
import { useReaderLibrary } from '../api/get-reader-library';
import styles from './reader-shelves.module.css';

const SHELVES = [
  ['currently_reading', 'Reading'],
  ['read', 'Read'],
  ['want_to_read', 'Want to read'],
  ['did_not_finish', 'Did not finish'],
] as const;

/** Another reader's shelves, as their privacy lets the viewer see them. */
export function ReaderShelves({ username, name }: { username: string; name: string }) {
  const [status, setStatus] = useState<string>('currently_reading');
  const library = useReaderLibrary(username, status);
  return (
    <section aria-labelledby="shelves-heading">
      <h2 id="shelves-heading">Shelves</h2>
      <fieldset className={styles.tabs}>
        <legend className="visually-hidden">Shelf</legend>
        {SHELVES.map(([value, label]) => (
          <button
            key={value}
            type="button"
            aria-pressed={status === value}
            className={buttonClass(status === value ? 'primary' : 'secondary')}
            onClick={() => setStatus(value)}
          >
            {label}
          </button>
        ))}
      </fieldset>
      {library.isPending ? (
        <Skeleton width="100%" height="8rem" />
      ) : library.isError ? (
        <p role="alert">{library.error.message}</p>
      ) : library.data.items.length === 0 ? (
        <p className="muted">Nothing on this shelf that {name} shares with you.</p>
      ) : (
        <ul className={styles.grid}>
          {library.data.items.map((entry) => (
            <li key={entry.id} className={styles.item}>
              <Link to={`/books/${entry.book.id}`}>
                <Cover title={entry.book.title} authors={entry.book.authors} src={entry.book.coverUrl} />
                <span>{entry.book.title}</span>
              </Link>
              {entry.rating !== null ? <StarRating value={entry.rating} size="sm" /> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
