import { memo, useId } from 'react';
import { Link } from 'react-router';
import { Cover } from '../../../components/ui/cover';
import { authorsOf, type Book, providerLabel } from '../types';
import { AddAsControl, type Shelved } from './add-as-control';
import { BookPreview } from './book-preview';
import styles from './search-result.module.css';

interface SearchResultProps {
  book: Book;
  index: number;
  total: number;
  shelved: Shelved | undefined;
  onShelved: (book: Book, shelved: Shelved) => void;
  onLeaveList: () => void;
}

function focusRow(row: Element | null | undefined) {
  if (row instanceof HTMLElement) row.focus();
}

/**
 * One search result. Rows take focus with the arrow keys (from the search box and from each
 * other); Enter on a row shelves the book as Want to read, or opens it once it is shelved.
 */
export const SearchResult = memo(function SearchResult({
  book,
  index,
  total,
  shelved,
  onShelved,
  onLeaveList,
}: SearchResultProps) {
  const titleId = useId();
  const year = book.publishedDate?.slice(0, 4);
  const facts = [year, book.publisher, book.pageCount ? `${book.pageCount} pages` : null].filter(Boolean);

  function handleKeyDown(event: React.KeyboardEvent<HTMLLIElement>) {
    const row = event.currentTarget;
    const onRow = event.target === row;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      focusRow(row.nextElementSibling);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (row.previousElementSibling) focusRow(row.previousElementSibling);
      else onLeaveList();
    } else if (event.key === 'Home' && onRow) {
      event.preventDefault();
      focusRow(row.parentElement?.firstElementChild);
    } else if (event.key === 'End' && onRow) {
      event.preventDefault();
      focusRow(row.parentElement?.lastElementChild);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onLeaveList();
    } else if (event.key === 'Enter' && onRow) {
      event.preventDefault();
      const action = row.querySelector<HTMLElement>('.shelf-badge, .add-as__button');
      action?.click();
    }
  }

  return (
    <li
      className={styles.searchResult}
      tabIndex={-1}
      data-result-index={index}
      aria-labelledby={titleId}
      aria-describedby={`${titleId}-position`}
      onKeyDown={handleKeyDown}
    >
      <Cover
        title={book.title}
        authors={book.authors}
        src={book.coverThumbnailUrl}
        size="sm"
        className={styles.searchResultCover}
      />
      <div className={styles.searchResultBody}>
        <h2 className={styles.searchResultTitle} id={titleId}>
          {book.id !== null ? <Link to={`/books/${book.id}`}>{book.title}</Link> : book.title}
        </h2>
        {book.subtitle ? <p className={styles.searchResultSubtitle}>{book.subtitle}</p> : null}
        <p className={styles.searchResultAuthors}>{authorsOf(book)}</p>
        {facts.length > 0 ? <p className={styles.searchResultFacts}>{facts.join(' · ')}</p> : null}
        <span className="visually-hidden" id={`${titleId}-position`}>
          {`Result ${index + 1} of ${total}${book.id === null ? `, from ${providerLabel(book.source)}` : ''}`}
        </span>
      </div>
      <div className={styles.searchResultActions}>
        <AddAsControl book={book} shelved={shelved} onShelved={(next) => onShelved(book, next)} />
        {/* A provider's book has no page yet: its details open here, before anything is added. */}
        {book.id === null ? (
          <BookPreview book={book} shelved={shelved} onShelved={(next) => onShelved(book, next)} />
        ) : null}
      </div>
    </li>
  );
});
