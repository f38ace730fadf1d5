import { useQueries } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '../../../components/ui/button';
import { EmptyState } from '../../../components/ui/empty-state';
import fieldStyles from '../../../components/ui/field.module.css';
import { LoadingRegion, Skeleton } from '../../../components/ui/skeleton';
import { cx } from '../../../lib/cx';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useShelfLookup } from '../../library/api/get-shelf-lookup';
import { bookQueryOptions } from '../api/get-book';
import { useSearchBooks } from '../api/search-books';
import { readIsbn } from '../isbn';
import { type Book, bookKey, type ProviderStatus, providerLabel } from '../types';
import { useDebouncedValue } from '../use-debounced-value';
import type { Shelved } from './add-as-control';
import { ManualBookForm } from './manual-book-form';
import styles from './search-page.module.css';
import { SearchResult } from './search-result';
import searchResultStyles from './search-result.module.css';

const DEBOUNCE_MS = 250;

/** Keyboard hints are for a mouse-and-keyboard device; a touch screen has no arrow keys to press. */
function useFinePointer(): boolean {
  const [fine] = useState(
    () => typeof window === 'undefined' || window.matchMedia('(pointer: fine)').matches,
  );
  return fine;
}

/** What to send: an ISBN in any form goes as its digits; anything else as typed. */
function searchTermFor(text: string): string {
  const isbn = readIsbn(text);
  if (isbn?.valid) return isbn.compact;
  return text.trim().replace(/\s+/g, ' ');
}

function providerNote(providers: readonly ProviderStatus[] | undefined): string | null {
  const failed = (providers ?? []).filter((p) => p.status === 'error' || p.status === 'timeout');
  if (failed.length === 0) return null;
  const names = failed.map((p) => providerLabel(p.name));
  const who =
    names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const allFailed = failed.length === (providers ?? []).filter((p) => p.status !== 'skipped').length;
  return allFailed && failed.length > 1
    ? `${who} didn’t answer; showing books already in Book Tracker.`
    : `${who} didn’t answer; showing what we have.`;
}

function ResultsSkeleton() {
  return (
    <LoadingRegion label="Searching…">
      <ul className={styles.searchResults} aria-hidden="true">
        {[0, 1, 2].map((row) => (
          <li
            key={row}
            className={cx(searchResultStyles.searchResult, searchResultStyles.searchResultSkeleton)}
          >
            <Skeleton shape="block" width="4rem" height="6rem" />
            <div className={cx('stack-sm', searchResultStyles.searchResultBody)}>
              <Skeleton width="60%" height="1.2rem" />
              <Skeleton width="35%" />
              <Skeleton width="45%" />
            </div>
          </li>
        ))}
      </ul>
    </LoadingRegion>
  );
}

export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const urlQuery = params.get('q') ?? '';
  const [text, setText] = useState(urlQuery);
  const debounced = useDebouncedValue(text, DEBOUNCE_MS);
  // Enter searches at once rather than after the pause.
  const [flushed, setFlushed] = useState<string | null>(null);
  const settled = flushed === text ? text : debounced;
  const term = searchTermFor(settled);
  const search = useSearchBooks(term);
  const lookup = useShelfLookup(readIsbn(term) ? '' : term);
  // An ISBN names one edition: ask the catalog about the few results it already has (the same
  // answers the book page uses), so a shelved book says which shelf at once.
  const isbnShelves = useQueries({
    queries: readIsbn(term)
      ? (search.data?.items ?? [])
          .flatMap((book) => (book.id === null ? [] : [book.id]))
          .slice(0, 5)
          .map((id) => bookQueryOptions(id))
      : [],
  });
  const [shelved, setShelved] = useState<ReadonlyMap<string, Shelved>>(new Map());
  const [manual, setManual] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const manualHeadingRef = useRef<HTMLHeadingElement>(null);
  const hintId = useId();
  useDocumentTitle(term ? `Search: ${term}` : 'Search');
  const finePointer = useFinePointer();

  // Opened directly (a bookmark, a typed address), the box is ready to type in. After a click in
  // the app the layout moves focus to the page heading instead, for screen readers.
  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  // The query lives in the address too, so back and forward (and a shared link) find the same search.
  const lastUrlQuery = useRef(urlQuery);
  useEffect(() => {
    const next = settled.trim();
    if (next === (params.get('q') ?? '')) return;
    // Remember what we wrote, so the effect below does not mistake it for a navigation.
    lastUrlQuery.current = next;
    setParams(next ? { q: next } : {}, { replace: true });
  }, [settled, params, setParams]);

  // Back/forward to another search: follow the address.
  useEffect(() => {
    if (urlQuery === lastUrlQuery.current) return;
    lastUrlQuery.current = urlQuery;
    if (urlQuery !== text.trim()) setText(urlQuery);
  }, [urlQuery, text]);

  const onShelved = useCallback((book: Book, next: Shelved) => {
    setShelved((current) => new Map(current).set(bookKey(book), next));
  }, []);
  const focusInput = useCallback(() => inputRef.current?.focus(), []);

  function openManual() {
    setManual(true);
    requestAnimationFrame(() => manualHeadingRef.current?.focus());
  }

  function handleInputKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      const first = listRef.current?.querySelector<HTMLElement>('.search-result');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === 'Enter') {
      event.preventDefault();
      setFlushed(text);
    }
  }

  const isbn = readIsbn(text);
  const badIsbn = isbn && !isbn.valid && settled === text;
  const items = search.data?.items ?? [];
  const waiting = term !== '' && (text !== settled || search.isPlaceholderData);
  const showResults = term !== '' && search.data !== undefined;
  const note = search.isPlaceholderData ? null : providerNote(search.data?.providers);

  return (
    <div className="page">
      <h1>Find a book</h1>
      {/* biome-ignore lint/a11y/useSemanticElements: a form with role=search is the widely supported search landmark */}
      <form className={styles.searchBox} role="search" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor="book-search" className={fieldStyles.fieldLabel}>
          Search by title, author or ISBN
        </label>
        <div className={styles.searchBoxRow}>
          <input
            ref={inputRef}
            id="book-search"
            type="search"
            className={cx(fieldStyles.fieldControl, styles.searchBoxInput)}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={handleInputKeyDown}
            placeholder="e.g. Piranesi, Ursula K. Le Guin, 978-0-14-311753-4"
            autoComplete="off"
            spellCheck={false}
            enterKeyHint="search"
            aria-describedby={hintId}
          />
          <span
            className={styles.searchBoxSpinner}
            aria-hidden="true"
            data-active={waiting || search.isFetching}
          />
        </div>
        <p className={fieldStyles.fieldHint} id={hintId}>
          {finePointer
            ? 'Results appear as you type. Use ↓ and ↑ to move through them; Enter adds a book as Want to read.'
            : 'Results appear as you type.'}
        </p>
      </form>

      {badIsbn ? (
        <p className="notice notice--warning" role="status">
          That looks like an ISBN, but its check digit does not match. Check it for a typo.
        </p>
      ) : null}

      <span className="visually-hidden" role="status">
        {showResults && !waiting && !search.isFetching
          ? `${items.length === 0 ? 'No' : items.length} book${items.length === 1 ? '' : 's'} found.`
          : ''}
      </span>

      {note ? <p className="notice">{note}</p> : null}

      {term === '' ? (
        <EmptyState title="What are you reading next?">
          <p>
            Type a title, an author or an ISBN above. Books already in Book Tracker come first, then matches
            from Google Books and Open Library.
          </p>
        </EmptyState>
      ) : search.isError && !search.data ? (
        <div className="notice notice--error" role="alert">
          <p>{search.error.message}</p>
          <Button variant="secondary" onClick={() => void search.refetch()}>
            Try again
          </Button>
        </div>
      ) : !showResults ? (
        <ResultsSkeleton />
      ) : items.length === 0 ? (
        waiting ? (
          <ResultsSkeleton />
        ) : (
          <EmptyState
            title={isbn?.valid ? `Nobody knows ISBN ${isbn.compact} yet` : `No books match “${term}”`}
            action={
              manual ? null : (
                <Button onClick={openManual} variant="primary">
                  Add it by hand
                </Button>
              )
            }
          >
            <p>
              {isbn?.valid
                ? 'Neither Book Tracker nor the book providers know this ISBN. You can add the book yourself.'
                : 'Check the spelling, try fewer words or just the author — or add the book yourself.'}
            </p>
          </EmptyState>
        )
      ) : (
        <>
          <ul
            ref={listRef}
            className={styles.searchResults}
            aria-label={`Books matching ${term}`}
            aria-busy={waiting || undefined}
            data-stale={waiting || undefined}
          >
            {items.map((book, index) => {
              const key = bookKey(book);
              const onShelf =
                book.id !== null
                  ? (lookup.data?.get(book.id) ??
                    isbnShelves.find((result) => result.data?.id === book.id)?.data?.libraryEntry?.status)
                  : undefined;
              return (
                <SearchResult
                  key={key}
                  book={book}
                  index={index}
                  total={items.length}
                  shelved={shelved.get(key) ?? (onShelf ? { bookId: book.id, status: onShelf } : undefined)}
                  onShelved={onShelved}
                  onLeaveList={focusInput}
                />
              );
            })}
          </ul>
          {manual ? null : (
            <p className={styles.searchPageManualPrompt}>
              Not what you are looking for?{' '}
              <button type="button" className="link-button" onClick={openManual}>
                Add it by hand
              </button>
            </p>
          )}
        </>
      )}

      {manual ? (
        <section className={cx('card', styles.manualBook)} aria-labelledby="manual-book-heading">
          <h2 id="manual-book-heading" ref={manualHeadingRef} tabIndex={-1}>
            Add a book by hand
          </h2>
          <p className="muted">For a book no provider knows. Only the title and authors are needed.</p>
          <ManualBookForm
            initialTitle={isbn ? '' : text.trim()}
            initialIsbn={isbn ? text.trim() : ''}
            onCancel={() => {
              setManual(false);
              inputRef.current?.focus();
            }}
          />
        </section>
      ) : null}
    </div>
  );
}
