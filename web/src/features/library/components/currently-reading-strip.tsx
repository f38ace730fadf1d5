import { Link } from 'react-router';
import { Cover } from '../../../components/ui/cover';
import { authorsOf } from '../../books/types';
import { useCurrentlyReading } from '../api/get-currently-reading';
import { percentRead } from '../progress';
import type { Entry } from '../types';
import styles from './currently-reading-strip.module.css';
import progressBarStyles from './progress-bar.module.css';
import { QuickProgress } from './quick-progress';

function progressText(entry: Entry, percent: number | null): string {
  const pageCount = entry.book.pageCount;
  if (entry.progressPages !== null && pageCount)
    return `Page ${entry.progressPages} of ${pageCount} · ${percent}%`;
  if (percent !== null) return `${percent}% read`;
  return 'Not started';
}

function StripItem({ entry }: { entry: Entry }) {
  const { book } = entry;
  const percent = percentRead(entry, book.pageCount);
  return (
    <li className={styles.readingStripItem}>
      <Link to={`/books/${book.id}`} className={styles.readingStripCover} tabIndex={-1} aria-hidden="true">
        <Cover title={book.title} authors={book.authors} src={book.coverUrl} size="sm" />
      </Link>
      <div className={styles.readingStripBody}>
        <Link to={`/books/${book.id}`} className={styles.readingStripTitle}>
          {book.title}
        </Link>
        <span className={styles.readingStripAuthors}>{authorsOf(book)}</span>
        <span
          className={progressBarStyles.progressBar}
          role="progressbar"
          aria-label={`Progress in ${book.title}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent ?? 0}
        >
          <span
            className={progressBarStyles.progressBarFill}
            style={{ width: `${Math.min(100, percent ?? 0)}%` }}
          />
        </span>
        <span className={styles.readingStripProgress}>{progressText(entry, percent)}</span>
        <QuickProgress entry={entry} />
      </div>
    </li>
  );
}

/**
 * The books being read, each with its progress and a two-tap update: on the home page and above
 * the library's Reading shelf. Shows nothing when nothing is being read (the feed says enough).
 */
export function CurrentlyReadingStrip({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const reading = useCurrentlyReading();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  // Nothing while loading: the page around it waits for it too (see FeedPage), so the strip and
  // what follows appear together and nothing shifts.
  if (reading.isError || reading.isPending) return null;
  const items = reading.data.items;
  if (items.length === 0) return null;
  return (
    <section className={styles.readingStrip} aria-labelledby="reading-strip-heading">
      <Heading id="reading-strip-heading" className={styles.readingStripHeading}>
        Currently reading
      </Heading>
      <ul className={styles.readingStripList}>
        {items.map((entry) => (
          <StripItem key={entry.id} entry={entry} />
        ))}
      </ul>
    </section>
  );
}
