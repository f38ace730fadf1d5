import { useEffect, useId, useRef, useState } from 'react';
import { buttonClass } from '../../../components/ui/button';
import fieldStyles from '../../../components/ui/field.module.css';
import { cx } from '../../../lib/cx';
import { useDebouncedValue } from '../../books/use-debounced-value';
import { useLibraryTags } from '../api/get-library-tags';
import type { LibraryFilters } from '../api/keys';
import {
  FORMAT_OPTIONS,
  isFormat,
  isOwnership,
  isSort,
  type LibrarySort,
  OWNERSHIP_OPTIONS,
  SORT_OPTIONS,
  type SortOrder,
} from '../types';
import styles from './library-filters.module.css';

interface LibraryFiltersBarProps {
  filters: LibraryFilters;
  sort: LibrarySort;
  order: SortOrder;
  /** `replace` for typing, so each keystroke is not a step in the history. */
  onChange: (changes: Record<string, string | null>, options?: { replace?: boolean }) => void;
}

export function LibraryFiltersBar({ filters, sort, order, onChange }: LibraryFiltersBarProps) {
  const id = useId();
  const tags = useLibraryTags();
  const [text, setText] = useState(filters.q ?? '');
  // On a phone the selects fold away behind one button; wider screens always show them.
  const [open, setOpen] = useState(false);
  const activeCount = [filters.format, filters.ownership, filters.tag].filter(Boolean).length;
  const settled = useDebouncedValue(text, 300);
  // Only a settled change of the words is a new search; the address changing on its own is not.
  const lastSettled = useRef(settled);
  const lastQ = useRef(filters.q ?? '');
  useEffect(() => {
    if (settled === lastSettled.current) return;
    lastSettled.current = settled;
    const next = settled.trim();
    if (next === (filters.q ?? '')) return;
    // Remember what we wrote, so the effect below does not mistake it for a navigation.
    lastQ.current = next;
    onChange({ q: next || null }, { replace: true });
  }, [settled, filters.q, onChange]);

  // Back/forward or "Clear filters" changed the words: follow.
  useEffect(() => {
    const q = filters.q ?? '';
    if (q === lastQ.current) return;
    lastQ.current = q;
    if (q !== text.trim()) setText(q);
  }, [filters.q, text]);

  const tagItems = tags.data ?? [];
  const orderLabel =
    sort === 'title' || sort === 'author'
      ? order === 'asc'
        ? 'A to Z'
        : 'Z to A'
      : sort === 'rating'
        ? order === 'desc'
          ? 'Highest first'
          : 'Lowest first'
        : order === 'desc'
          ? 'Newest first'
          : 'Oldest first';

  return (
    <div className={styles.libraryFilters}>
      <div className={styles.libraryFiltersSearch}>
        <label htmlFor={`${id}-q`} className="visually-hidden">
          Find in your library
        </label>
        <input
          id={`${id}-q`}
          type="search"
          className={fieldStyles.fieldControl}
          placeholder="Title or author"
          value={text}
          autoComplete="off"
          onChange={(event) => setText(event.target.value)}
        />
        <button
          type="button"
          className={buttonClass('secondary', styles.libraryFiltersToggle)}
          aria-expanded={open}
          aria-controls={`${id}-more`}
          onClick={() => setOpen(!open)}
        >
          {activeCount > 0 ? `Filter and sort (${activeCount})` : 'Filter and sort'}
        </button>
      </div>
      <div className={styles.libraryFiltersMore} id={`${id}-more`} data-open={open}>
        <label className={styles.libraryFiltersSelect}>
          <span className="visually-hidden">Format</span>
          <select
            className={cx(fieldStyles.fieldControl, fieldStyles.fieldControlSelect)}
            value={filters.format ?? ''}
            onChange={(event) =>
              onChange({ format: isFormat(event.target.value) ? event.target.value : null })
            }
          >
            <option value="">Any format</option>
            {FORMAT_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.libraryFiltersSelect}>
          <span className="visually-hidden">Ownership</span>
          <select
            className={cx(fieldStyles.fieldControl, fieldStyles.fieldControlSelect)}
            value={filters.ownership ?? ''}
            onChange={(event) =>
              onChange({ ownership: isOwnership(event.target.value) ? event.target.value : null })
            }
          >
            <option value="">Any ownership</option>
            {OWNERSHIP_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        {tagItems.length > 0 || filters.tag ? (
          <label className={styles.libraryFiltersSelect}>
            <span className="visually-hidden">Tag</span>
            <select
              className={cx(fieldStyles.fieldControl, fieldStyles.fieldControlSelect)}
              value={filters.tag ?? ''}
              onChange={(event) => onChange({ tag: event.target.value || null })}
            >
              <option value="">Any tag</option>
              {filters.tag && !tagItems.some((item) => item.tag === filters.tag) ? (
                <option value={filters.tag}>{filters.tag}</option>
              ) : null}
              {tagItems.map((item) => (
                <option key={item.tag} value={item.tag}>
                  {`${item.tag} (${item.count})`}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <div className={styles.libraryFiltersSort}>
          <label className={styles.libraryFiltersSelect}>
            <span className="visually-hidden">Sort by</span>
            <select
              className={cx(fieldStyles.fieldControl, fieldStyles.fieldControlSelect)}
              value={sort}
              onChange={(event) => {
                const next = event.target.value;
                if (isSort(next)) onChange({ sort: next, order: null });
              }}
            >
              {SORT_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>
                  {`Sort: ${option.label}`}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className={buttonClass('secondary', styles.libraryFiltersOrder)}
            aria-label={`Order: ${orderLabel}. Switch order`}
            title="Switch order"
            onClick={() => onChange({ order: order === 'asc' ? 'desc' : 'asc' })}
          >
            <span aria-hidden="true">{order === 'asc' ? '↑' : '↓'}</span>
            <span className={styles.libraryFiltersOrderLabel} aria-hidden="true">
              {orderLabel}
            </span>
          </button>
        </div>
      </div>
    </div>
  );
}
