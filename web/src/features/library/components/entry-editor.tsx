import { type Ref, useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { SelectField } from '../../../components/ui/field';
import { StarRatingInput, starsText } from '../../../components/ui/star-rating';
import { TagsInput } from '../../../components/ui/tags-input';
import { cx } from '../../../lib/cx';
import { formatDay } from '../../../lib/dates';
import type { CatalogBook } from '../../books/types';
import { useBookNotes } from '../../journals/api/notes';
import { useLibraryTags } from '../api/get-library-tags';
import {
  type EntryFields,
  type EntrySummary,
  FORMAT_OPTIONS,
  isFormat,
  isOwnership,
  isVisibility,
  OWNERSHIP_OPTIONS,
  type ReadingStatus,
  statusLabel,
  VISIBILITY_OPTIONS,
} from '../types';
import { useQueuedEntry } from '../use-queued-entry';
import { useRemoveEntry } from '../use-remove-entry';
import { EntryDatesForm } from './entry-dates-form';
import styles from './entry-editor.module.css';
import { RemoveEntryQuestion } from './remove-entry-question';
import { Rereads } from './rereads';
import { ReviewForm } from './review-form';
import { StatusPicker } from './status-picker';
import { useSaveEntry } from './use-save-entry';

const RATING_SAVE_DELAY_MS = 400;

/** Arrow keys walk through ten ratings; only the one the reader stops on is saved. */
function RatingControl({ entry }: { entry: EntrySummary }) {
  const { save } = useSaveEntry(entry);
  const [draft, setDraft] = useState<{ value: number | null } | null>(null);
  const timer = useRef<number | null>(null);
  const pending = useRef<{ value: number | null } | null>(null);
  const saveRef = useRef(save);
  saveRef.current = save;

  function commit(value: number | null) {
    pending.current = null;
    const before = entry.rating;
    saveRef.current(
      { rating: value },
      {
        success: value === null ? 'Rating cleared.' : `Rated ${starsText(value)}.`,
        // Clearing loses something; Undo puts it back.
        ...(value === null && before !== null
          ? {
              undo: () =>
                saveRef.current({ rating: before }, { success: `Rated ${starsText(before)} again.` }),
            }
          : {}),
        onSuccess: () => setDraft((current) => (current?.value === value ? null : current)),
        onError: () => setDraft(null),
      },
    );
  }

  function change(value: number | null) {
    setDraft({ value });
    pending.current = { value };
    if (timer.current) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => commit(value), RATING_SAVE_DELAY_MS);
  }

  // Leaving the page right after choosing still saves the choice.
  useEffect(
    () => () => {
      if (timer.current) window.clearTimeout(timer.current);
      if (pending.current) saveRef.current({ rating: pending.current.value });
    },
    [],
  );

  return <StarRatingInput label="Rating" value={draft ? draft.value : entry.rating} onChange={change} />;
}

function DetailsControls({ entry }: { entry: EntrySummary }) {
  const { save, isSaving, variables } = useSaveEntry(entry);
  const tags = useLibraryTags();
  const saving = (field: keyof EntryFields) => isSaving && variables?.changes[field] !== undefined;
  const visibilityHint = VISIBILITY_OPTIONS.find((option) => option.value === entry.visibility)?.description;

  return (
    <div className={cx(styles.entrySection, 'stack')}>
      <div className="form-grid form-grid--three">
        <SelectField
          label="Format"
          name="format"
          value={saving('format') ? (variables?.changes.format ?? '') : (entry.format ?? '')}
          onChange={(event) => {
            const value = event.target.value;
            save({ format: isFormat(value) ? value : null }, { success: 'Format saved.' });
          }}
        >
          <option value="">Not set</option>
          {FORMAT_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Ownership"
          name="ownership"
          value={saving('ownership') ? (variables?.changes.ownership ?? '') : (entry.ownership ?? '')}
          onChange={(event) => {
            const value = event.target.value;
            save({ ownership: isOwnership(value) ? value : null }, { success: 'Ownership saved.' });
          }}
        >
          <option value="">Not set</option>
          {OWNERSHIP_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Who can see it"
          name="visibility"
          hint={visibilityHint}
          value={
            saving('visibility') ? (variables?.changes.visibility ?? entry.visibility) : entry.visibility
          }
          onChange={(event) => {
            const value = event.target.value;
            if (isVisibility(value)) save({ visibility: value }, { success: 'Visibility saved.' });
          }}
        >
          {VISIBILITY_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
      </div>
      <TagsInput
        label="Tags"
        value={saving('tags') ? (variables?.changes.tags ?? entry.tags) : entry.tags}
        suggestions={(tags.data ?? []).map((item) => item.tag)}
        onChange={(next) => {
          const before = entry.tags;
          const removed = before.filter((tag) => !next.includes(tag));
          save(
            { tags: next },
            removed.length > 0
              ? {
                  success: `Removed ${removed.map((tag) => `“${tag}”`).join(', ')}.`,
                  undo: () => save({ tags: before }, { success: 'Tags put back.' }),
                }
              : { success: 'Tags saved.' },
          );
        }}
      />
    </div>
  );
}

interface EntryEditorProps {
  book: CatalogBook;
  entry: EntrySummary;
  /** The page moves focus here when the editor appears in place of the add panel. */
  headingRef?: Ref<HTMLHeadingElement>;
}

/** Everything about the reader's reading of this book, each part saved where it is edited. */
export function EntryEditor({ book, entry: saved, headingRef }: EntryEditorProps) {
  // Changes made offline (also before a reload) show as made, with a note that they wait.
  const { entry, waiting } = useQueuedEntry(saved);
  const id = useId();
  const status = useSaveEntry(entry);
  const { removeEntry, isRemoving } = useRemoveEntry();
  const [asking, setAsking] = useState(false);
  const notes = useBookNotes(book.id);
  const noteCount = notes.data?.pages.reduce((sum, page) => sum + page.items.length, 0) ?? 0;
  const pendingStatus = status.isSaving ? (status.variables?.changes.status ?? null) : null;

  function changeStatus(next: ReadingStatus) {
    const before = entry;
    // Left out, dates and progress follow the new shelf (Want to read would clear them); sent
    // back as they are, nothing the reader entered is lost. A finish date cannot stay on an
    // unfinished book, so every move also offers Undo, which puts all of it back.
    const changes: EntryFields =
      next === 'want_to_read'
        ? {
            status: next,
            startedOn: entry.startedOn,
            progressPages: entry.progressPages,
            progressPercent: entry.progressPercent,
          }
        : { status: next };
    status.save(changes, {
      success: `Moved to ${statusLabel(next)}.`,
      undo: () =>
        status.save(
          {
            status: before.status,
            startedOn: before.startedOn,
            finishedOn: before.finishedOn,
            progressPages: before.progressPages,
            progressPercent: before.progressPercent,
          },
          { success: `Back on ${statusLabel(before.status)}.` },
        ),
    });
  }

  return (
    <section className={cx('card', styles.entryEditor)} aria-labelledby={`${id}-heading`}>
      <div className={styles.entryEditorHeader}>
        <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
          Your reading
        </h2>
        <p className={cx('muted', styles.entryEditorAdded)}>
          Added {formatDay(entry.createdAt.slice(0, 10))}
        </p>
      </div>
      <p className={cx('muted', styles.entryEditorNote)}>
        Changes save automatically as you make them. Typed text is kept on this device until it is saved.
      </p>
      {waiting > 0 ? (
        <p className="notice" role="status">
          {waiting === 1 ? '1 change' : `${waiting} changes`} to this book made offline{' '}
          {waiting === 1 ? 'waits' : 'wait'} on this device; {waiting === 1 ? 'it is' : 'they are'} sent when
          you are back online.
        </p>
      ) : null}
      <div className={styles.entrySection}>
        <StatusPicker
          label="Shelf"
          value={pendingStatus ?? entry.status}
          pending={pendingStatus}
          onChange={changeStatus}
        />
      </div>
      <div className={styles.entrySection}>
        <RatingControl entry={entry} />
      </div>
      <EntryDatesForm entry={entry} pageCount={book.pageCount} />
      <ReviewForm entry={entry} />
      <DetailsControls entry={entry} />
      <Rereads entry={entry} />
      <div className={styles.entryEditorFooter}>
        <Button
          variant="danger"
          busy={isRemoving}
          busyLabel="Removing…"
          onClick={() => (noteCount > 0 ? setAsking(true) : removeEntry(entry, book.title))}
        >
          Remove from library
        </Button>
        <p className="muted">
          Removes your rating, review, dates and rereads. You can undo this right after.
        </p>
        {asking ? (
          <RemoveEntryQuestion
            noteCount={noteCount}
            onRemove={(deleteNotes) => {
              setAsking(false);
              removeEntry(entry, book.title, deleteNotes);
            }}
            onCancel={() => setAsking(false)}
          />
        ) : null}
      </div>
    </section>
  );
}
