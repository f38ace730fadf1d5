import { useId, useRef } from 'react';
import { Button } from '../../../components/ui/button';
import { Cover } from '../../../components/ui/cover';
import { formatPartialDate, languageName } from '../../../lib/dates';
import { authorsOf, type Book, providerLabel } from '../types';
import { AddAsControl, type Shelved } from './add-as-control';
import styles from './book-preview.module.css';

interface BookPreviewProps {
  book: Book;
  shelved: Shelved | undefined;
  onShelved: (shelved: Shelved) => void;
}

/** "Details": everything a provider says about a book, in a dialog, with the add buttons under it. */
export function BookPreview({ book, shelved, onShelved }: BookPreviewProps) {
  const id = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const facts: [string, string][] = [];
  const published = formatPartialDate(book.publishedDate);
  if (book.publisher) facts.push(['Publisher', book.publisher]);
  if (published) facts.push(['Published', published]);
  if (book.pageCount) facts.push(['Pages', book.pageCount.toLocaleString()]);
  if (book.isbn13) facts.push(['ISBN-13', book.isbn13]);
  const language = languageName(book.language);
  if (language) facts.push(['Language', language]);
  const description = book.description
    ?.replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

  return (
    <>
      <Button
        variant="ghost"
        className={styles.bookPreviewOpen}
        aria-haspopup="dialog"
        onClick={() => dialogRef.current?.showModal()}
      >
        Details<span className="visually-hidden"> of {book.title}</span>
      </Button>
      <dialog ref={dialogRef} className={styles.bookPreview} aria-labelledby={`${id}-title`}>
        <div className={styles.bookPreviewHead}>
          <Cover title={book.title} authors={book.authors} src={book.coverUrl} size="sm" />
          <div>
            <h2 id={`${id}-title`} className={styles.bookPreviewTitle}>
              {book.title}
            </h2>
            {book.subtitle ? <p className={styles.bookPreviewMuted}>{book.subtitle}</p> : null}
            <p>by {authorsOf(book)}</p>
            {book.id === null ? (
              <p className={styles.bookPreviewMuted}>From {providerLabel(book.source)}</p>
            ) : null}
          </div>
        </div>
        {facts.length > 0 ? (
          <dl className={styles.bookPreviewFacts}>
            {facts.map(([term, value]) => (
              <div key={term}>
                <dt>{term}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {description ? <p className={styles.bookPreviewDescription}>{description}</p> : null}
        <div className={styles.bookPreviewActions}>
          <AddAsControl book={book} shelved={shelved} onShelved={onShelved} />
          <Button variant="secondary" onClick={() => dialogRef.current?.close()}>
            Close
          </Button>
        </div>
      </dialog>
    </>
  );
}
