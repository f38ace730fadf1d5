import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Button, buttonClass } from '../../../components/ui/button';
import chipStyles from '../../../components/ui/chip.module.css';
import { Cover } from '../../../components/ui/cover';
import coverStyles from '../../../components/ui/cover.module.css';
import { LoadingRegion, Skeleton } from '../../../components/ui/skeleton';
import { useToast } from '../../../components/ui/toast';
import { isApiError } from '../../../lib/api-client';
import { cx } from '../../../lib/cx';
import { formatPartialDate, languageName } from '../../../lib/dates';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { LazyBookNotes } from '../../journals/components/lazy';
import { AddToLibraryPanel } from '../../library/components/add-to-library-panel';
import { EntryEditor } from '../../library/components/entry-editor';
import { BookReviews } from '../../social/components/book-reviews';
import { forgetDeletedBook, useDeleteBook } from '../api/delete-book';
import { type BookWithEntry, useBook } from '../api/get-book';
import { authorsOf } from '../types';
import styles from './book-page.module.css';
import { EditBookForm } from './edit-book-form';

const DESCRIPTION_PREVIEW = 700;

/** Provider descriptions sometimes carry HTML; show them as plain paragraphs. */
function plainText(html: string): string {
  return html
    .replace(/<\s*br\s*\/?>/gi, '\n')
    .replace(/<\/\s*p\s*>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function Description({ text }: { text: string }) {
  const [expanded, setExpanded] = useState(false);
  const id = useId();
  const plain = plainText(text);
  const long = plain.length > DESCRIPTION_PREVIEW;
  const shown = long && !expanded ? `${plain.slice(0, DESCRIPTION_PREVIEW).replace(/\s+\S*$/, '')}…` : plain;
  return (
    <section className={styles.bookDescription} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="visually-hidden">
        Description
      </h2>
      <p className={styles.bookDescriptionText} id={`${id}-text`}>
        {shown}
      </p>
      {long ? (
        <button
          type="button"
          className="link-button"
          aria-expanded={expanded}
          aria-controls={`${id}-text`}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? 'Show less' : 'Show the whole description'}
        </button>
      ) : null}
    </section>
  );
}

function BookFacts({ book }: { book: BookWithEntry }) {
  const facts: [string, string][] = [];
  if (book.publisher) facts.push(['Publisher', book.publisher]);
  const published = formatPartialDate(book.publishedDate);
  if (published) facts.push(['Published', published]);
  if (book.pageCount) facts.push(['Pages', book.pageCount.toLocaleString()]);
  if (book.isbn13) facts.push(['ISBN-13', book.isbn13]);
  if (book.isbn10) facts.push(['ISBN-10', book.isbn10]);
  const language = languageName(book.language);
  if (language) facts.push(['Language', language]);
  if (facts.length === 0) return null;
  return (
    <dl className={styles.bookFacts}>
      {facts.map(([term, value]) => (
        <div key={term} className={styles.bookFactsItem}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** For the reader who added the book by hand: edit it, or delete it after a confirmation. */
function OwnBookTools({
  book,
  editing,
  onEdit,
}: {
  book: BookWithEntry;
  editing: boolean;
  onEdit: (on: boolean) => void;
}) {
  const remove = useDeleteBook(book.id);
  const queryClient = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const headingId = useId();
  // The button pressed to ask is gone once the question shows; focus moves to the question.
  const questionRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (confirming) questionRef.current?.focus();
  }, [confirming]);
  return (
    <section className={cx('stack-sm', styles.bookOwnTools)} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.bookOwnToolsHeading}>
        Your book
      </h2>
      <p className={styles.bookOwnToolsNote}>
        You added this book by hand, so only you can change it. Other readers see it only through your
        shelves.
      </p>
      {editing ? (
        <EditBookForm book={book} onDone={() => onEdit(false)} />
      ) : confirming ? (
        <div className="stack-sm">
          <p ref={questionRef} tabIndex={-1}>
            Delete “{book.title}” for good? Your library entry and notes of it go with it.
          </p>
          <div className="form-actions">
            <Button
              variant="danger"
              busy={remove.isPending}
              busyLabel="Deleting…"
              onClick={() =>
                remove.mutate(undefined, {
                  onSuccess: () => {
                    toast.show(`Deleted “${book.title}”.`);
                    void Promise.resolve(navigate('/library')).then(() =>
                      forgetDeletedBook(queryClient, book.id),
                    );
                  },
                  onError: (error) => {
                    setConfirming(false);
                    toast.show(error.message, 'error');
                  },
                })
              }
            >
              Delete for good
            </Button>
            <Button variant="ghost" onClick={() => setConfirming(false)}>
              Keep it
            </Button>
          </div>
        </div>
      ) : (
        <div className="form-actions">
          <Button variant="secondary" onClick={() => onEdit(true)}>
            Edit book
          </Button>
          <Button variant="danger" onClick={() => setConfirming(true)}>
            Delete book
          </Button>
        </div>
      )}
    </section>
  );
}

function BookSkeleton() {
  return (
    <LoadingRegion label="Loading book…">
      <div className={styles.bookHero}>
        <div className={cx(coverStyles.cover, coverStyles.coverLg, styles.bookHeroCover)}>
          <Skeleton shape="block" width="100%" height="100%" />
        </div>
        <div className={cx('stack-sm', styles.bookHeroText)}>
          <Skeleton width="70%" height="2.2rem" />
          <Skeleton width="40%" height="1.2rem" />
          <Skeleton width="55%" />
          <Skeleton width="85%" />
          <Skeleton width="80%" />
        </div>
      </div>
    </LoadingRegion>
  );
}

export function BookPage() {
  const params = useParams();
  const bookId = Number(params.id);
  const validId = Number.isInteger(bookId) && bookId > 0;
  const query = useBook(validId ? bookId : 0);
  const [editing, setEditing] = useState(false);
  const addHeadingRef = useRef<HTMLHeadingElement>(null);
  const editorHeadingRef = useRef<HTMLHeadingElement>(null);
  // Adding, removing and undoing swap the editor and the add panel, and the button that was
  // pressed goes with them; focus moves to the heading of what took their place.
  const entryId = query.data ? (query.data.libraryEntry?.id ?? null) : undefined;
  const previousEntry = useRef<{ bookId: number; entryId: number | null } | null>(null);
  useEffect(() => {
    if (entryId === undefined) return;
    const previous = previousEntry.current;
    previousEntry.current = { bookId, entryId };
    if (!previous || previous.bookId !== bookId || previous.entryId === entryId) return;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    (entryId === null ? addHeadingRef : editorHeadingRef).current?.focus();
  }, [bookId, entryId]);
  useDocumentTitle(query.data?.title ?? (query.isError || !validId ? 'Book not found' : 'Book'));

  if (!validId || (query.isError && isApiError(query.error) && query.error.status === 404)) {
    return (
      <div className="page page--narrow">
        <h1>Book not found</h1>
        <p>There is no book at this address. It may have been merged with another edition.</p>
        <p>
          <Link to="/search" className={buttonClass('primary')}>
            Search for a book
          </Link>
        </p>
      </div>
    );
  }
  if (query.isError) {
    return (
      <div className="page page--narrow">
        <h1>This book could not be loaded</h1>
        <p role="alert">{query.error.message}</p>
        <button type="button" className={buttonClass('secondary')} onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  if (query.isPending) {
    return (
      <div className="page">
        <BookSkeleton />
      </div>
    );
  }

  const book = query.data;
  return (
    <div className="page">
      <article className={styles.bookHero} aria-labelledby="book-title">
        <Cover
          title={book.title}
          authors={book.authors}
          src={book.coverUrl}
          size="lg"
          className={styles.bookHeroCover}
        />
        <div className={styles.bookHeroText}>
          <h1 id="book-title" className={styles.bookHeroTitle}>
            {book.title}
          </h1>
          {book.subtitle ? <p className={styles.bookHeroSubtitle}>{book.subtitle}</p> : null}
          <p className={styles.bookHeroAuthors}>by {authorsOf(book)}</p>
          <BookFacts book={book} />
          {book.categories.length > 0 ? (
            <ul className={cx(chipStyles.chipList, styles.bookHeroCategories)} aria-label="Categories">
              {book.categories.map((category) => (
                <li key={category} className={cx(chipStyles.chip, chipStyles.chipQuiet)}>
                  {category}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </article>
      {book.libraryEntry ? (
        <EntryEditor
          key={book.libraryEntry.id}
          book={book}
          entry={book.libraryEntry}
          headingRef={editorHeadingRef}
        />
      ) : (
        <AddToLibraryPanel bookId={book.id} title={book.title} headingRef={addHeadingRef} />
      )}
      {/* After the reader's own part, so on a phone shelf and progress are in reach without scrolling. */}
      {/* Editing the catalog entry comes after the reader's own part too. */}
      {book.canEdit ? <OwnBookTools book={book} editing={editing} onEdit={setEditing} /> : null}
      {book.description ? <Description text={book.description} /> : null}
      <LazyBookNotes bookId={book.id} />
      {book.id !== null ? <BookReviews bookId={book.id} /> : null}
    </div>
  );
}
