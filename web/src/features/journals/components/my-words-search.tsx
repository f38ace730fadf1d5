import { useState } from 'react';
import { Link } from 'react-router';
import fieldStyles from '../../../components/ui/field.module.css';
import { useDebouncedValue } from '../../books/use-debounced-value';
import { useSearchMine } from '../api/search-mine';
import type { MineHit } from '../types';
import styles from './journal.module.css';

const KIND_LABELS: Record<MineHit['kind'], string> = {
  journal: 'Journal entry',
  note: 'Note',
  review: 'Review',
};

function hitLink(hit: MineHit): string {
  if (hit.kind === 'journal') return `/journal#journal-${hit.id}`;
  if (hit.kind === 'note' && hit.book) return `/books/${hit.book.id}#note-${hit.id}`;
  return hit.book ? `/books/${hit.book.id}` : '/journal';
}

/** Finds the reader's own words again: journal entries, notes, quotes and reviews. */
export function MyWordsSearch() {
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 250);
  const results = useSearchMine(q);
  const items = q ? (results.data?.items ?? []) : [];

  return (
    <section className={styles.search} aria-labelledby="my-words-heading">
      <h2 id="my-words-heading" className={styles.sectionHeading}>
        Search your words
      </h2>
      <search>
        <label htmlFor="my-words-q" className="visually-hidden">
          Words in your journal, notes, quotes and reviews
        </label>
        <input
          id="my-words-q"
          type="search"
          className={fieldStyles.fieldControl}
          placeholder="Words in your journal, notes, quotes and reviews"
          maxLength={200}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </search>
      <div aria-live="polite">
        {!q ? null : results.isError ? (
          <p role="alert">The search failed: {results.error.message}</p>
        ) : results.isPending ? (
          <p className="muted">Searching…</p>
        ) : items.length === 0 ? (
          <p className="muted">Nothing you wrote matches “{q}”.</p>
        ) : (
          <ul className={styles.hits} aria-label={`Your words matching ${q}`}>
            {items.map((hit) => (
              <li key={`${hit.kind}-${hit.id}`}>
                <Link to={hitLink(hit)} className={styles.hitLink}>
                  <span className={styles.hitKind}>
                    {KIND_LABELS[hit.kind]}
                    {hit.book ? ` · ${hit.book.title}` : ''}
                    {hit.page !== null ? ` · p. ${hit.page}` : ''}
                  </span>
                  <span className={styles.hitSnippet}>
                    {hit.snippet.map((part, index) =>
                      part.highlight ? (
                        // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move
                        <mark key={index}>{part.text}</mark>
                      ) : (
                        // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move
                        <span key={index}>{part.text}</span>
                      ),
                    )}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
