import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useToast } from '../../../components/ui/toast';
import { isApiError } from '../../../lib/api-client';
import { type BookRef, useAddToLibrary } from '../../library/api/add-to-library';
import { type ReadingStatus, statusLabel } from '../../library/types';
import { type BookWithEntry, bookQueryOptions } from '../api/get-book';
import { getBookByIsbn } from '../api/get-book-by-isbn';
import { bookKeys } from '../api/keys';
import type { Book } from '../types';
import styles from './add-as-control.module.css';

export const ADD_AS_STATUSES: readonly ReadingStatus[] = ['want_to_read', 'currently_reading', 'read'];

/** What the reader's shelf holds for a search result, once we know. */
export interface Shelved {
  bookId: number | null;
  status: ReadingStatus | null;
}

function refFor(book: Book): BookRef | null {
  if (book.id !== null) return { bookId: book.id };
  if (book.sourceId && (book.source === 'google' || book.source === 'openlibrary')) {
    return { source: book.source, sourceId: book.sourceId };
  }
  if (book.isbn13) return { isbn: book.isbn13 };
  return null;
}

/** Finds the catalog id of a book that turned out to be on the shelf already (the 409 names no book). */
async function findBookId(book: Book): Promise<number | null> {
  if (book.id !== null) return book.id;
  if (!book.isbn13) return null;
  try {
    return (await getBookByIsbn(book.isbn13)).id;
  } catch {
    return null;
  }
}

/** Which shelf the book is on, so "Already on your shelf" can say which one. */
async function shelfOf(queryClient: QueryClient, bookId: number): Promise<ReadingStatus | null> {
  try {
    return (await queryClient.fetchQuery(bookQueryOptions(bookId))).libraryEntry?.status ?? null;
  } catch {
    return null;
  }
}

interface AddAsControlProps {
  book: Book;
  shelved: Shelved | undefined;
  onShelved: (shelved: Shelved) => void;
}

/** "Add as: Want to read · Reading · Read" — one click shelves the book; then it says where it is. */
export function AddAsControl({ book, shelved, onShelved }: AddAsControlProps) {
  const add = useAddToLibrary();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<ReadingStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const groupRef = useRef<HTMLFieldSetElement>(null);
  const shelfLinkRef = useRef<HTMLAnchorElement>(null);
  const cached =
    book.id !== null ? queryClient.getQueryData<BookWithEntry>(bookKeys.detail(book.id)) : undefined;
  const known: Shelved | undefined =
    shelved ?? (cached?.libraryEntry ? { bookId: cached.id, status: cached.libraryEntry.status } : undefined);

  // Once the buttons give way to the shelf link, focus follows (if it was on the buttons).
  const focusLinkWhenShown = useRef(false);
  const knownKey = known ? `${known.bookId}:${known.status}` : null;
  useEffect(() => {
    if (knownKey && focusLinkWhenShown.current) {
      focusLinkWhenShown.current = false;
      shelfLinkRef.current?.focus();
    }
  }, [knownKey]);

  function focusShelfLinkIfFocusWasHere() {
    const active = document.activeElement;
    focusLinkWhenShown.current =
      !active || active === document.body || Boolean(groupRef.current?.contains(active));
  }

  function addAs(status: ReadingStatus) {
    const ref = refFor(book);
    if (!ref || add.isPending) return;
    setError(null);
    setPending(status);
    add.mutate(
      { ...ref, status },
      {
        onSuccess: (entry) => {
          focusShelfLinkIfFocusWasHere();
          onShelved({ bookId: entry.book.id, status: entry.status });
          toast.show(`Added “${entry.book.title}” to ${statusLabel(entry.status)}.`);
        },
        onError: async (cause) => {
          if (isApiError(cause) && cause.code === 'already_in_library') {
            focusShelfLinkIfFocusWasHere();
            const bookId = await findBookId(book);
            onShelved({ bookId, status: bookId === null ? null : await shelfOf(queryClient, bookId) });
            return;
          }
          setError(cause.message);
        },
        onSettled: () => setPending(null),
      },
    );
  }

  if (known) {
    const text = known.status ? `On your shelf: ${statusLabel(known.status)}` : 'Already on your shelf';
    return known.bookId !== null ? (
      <Link ref={shelfLinkRef} to={`/books/${known.bookId}`} className={styles.shelfBadge}>
        <span aria-hidden="true">✓ </span>
        {text}
      </Link>
    ) : (
      <Link
        ref={shelfLinkRef}
        to={`/library?q=${encodeURIComponent(book.title)}`}
        className={styles.shelfBadge}
      >
        <span aria-hidden="true">✓ </span>
        {text}
      </Link>
    );
  }

  if (!refFor(book)) return null;

  return (
    <div className={styles.addAs}>
      <fieldset ref={groupRef} className={styles.addAsGroup}>
        <legend className="visually-hidden">{`Add “${book.title}” as`}</legend>
        <span className={styles.addAsLabel} aria-hidden="true">
          Add as
        </span>
        {ADD_AS_STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            className={styles.addAsButton}
            disabled={add.isPending}
            aria-busy={pending === status || undefined}
            onClick={() => addAs(status)}
          >
            {pending === status ? 'Adding…' : statusLabel(status)}
          </button>
        ))}
      </fieldset>
      {error ? (
        <p className={styles.addAsError} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Lets the row's Enter key shelve the book as Want to read. */
export function defaultAddButton(row: HTMLElement): HTMLButtonElement | null {
  return row.querySelector<HTMLButtonElement>('.add-as__button');
}
