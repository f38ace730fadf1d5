import { useId, useRef, useState } from 'react';
import { Button } from '../../../components/ui/button';
import fieldStyles from '../../../components/ui/field.module.css';
import { StarRatingInput, starsText } from '../../../components/ui/star-rating';
import { cx } from '../../../lib/cx';
import {
  convertProgress,
  isFinished,
  type ProgressUnit,
  percentRead,
  readProgress,
  unitOf,
} from '../progress';
import { type Entry, todayIso } from '../types';
import entryDatesStyles from './entry-dates-form.module.css';
import styles from './quick-progress.module.css';
import { useSaveEntry } from './use-save-entry';

interface Draft {
  unit: ProgressUnit;
  text: string;
}

function draftOf(entry: Entry): Draft {
  const pageCount = entry.book.pageCount;
  const unit = unitOf(entry, pageCount);
  const value = unit === 'pages' ? entry.progressPages : entry.progressPercent;
  return { unit, text: value === null ? '' : String(value) };
}

/**
 * "Update progress": one tap opens a small dialog with the amount ready to type, a second saves.
 * Reaching the end of the book offers "Mark as read" with a rating in the same place.
 */
export function QuickProgress({ entry }: { entry: Entry }) {
  const { book } = entry;
  const pageCount = book.pageCount;
  const id = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState<Draft>(() => draftOf(entry));
  const [rating, setRating] = useState<number | null>(entry.rating);
  const [error, setError] = useState<string | null>(null);
  const { save, isSaving } = useSaveEntry(entry);

  function open() {
    setDraft(draftOf(entry));
    setRating(entry.rating);
    setError(null);
    dialogRef.current?.showModal();
    inputRef.current?.select();
  }

  function close() {
    dialogRef.current?.close();
  }

  const checked = readProgress(draft.text, draft.unit, pageCount);
  const finished = checked.ok && isFinished(checked.fields, pageCount);

  function saveProgress(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!checked.ok) {
      setError(checked.message);
      inputRef.current?.focus();
      return;
    }
    const percent = percentRead(checked.fields, pageCount);
    close();
    save(checked.fields, {
      success: `Progress saved: ${percent === null ? 'cleared' : `${percent}%`} of ${book.title}.`,
      undo: () =>
        save(
          { progressPages: entry.progressPages, progressPercent: entry.progressPercent },
          { success: 'Progress put back.' },
        ),
    });
  }

  function markAsRead() {
    const before = entry;
    close();
    save(
      {
        status: 'read',
        finishedOn: todayIso(),
        rating,
        ...(pageCount ? { progressPages: pageCount, progressPercent: null } : { progressPercent: 100 }),
      },
      {
        success: `Marked ${book.title} as read${rating === null ? '' : `, ${starsText(rating)}`}.`,
        undo: () =>
          save(
            {
              status: before.status,
              finishedOn: before.finishedOn,
              rating: before.rating,
              progressPages: before.progressPages,
              progressPercent: before.progressPercent,
            },
            { success: `${book.title} is back on Reading.` },
          ),
      },
    );
  }

  return (
    <>
      <Button
        ref={openerRef}
        variant="secondary"
        className={styles.quickProgressOpen}
        onClick={open}
        aria-haspopup="dialog"
        busy={isSaving}
        busyLabel="Saving…"
      >
        Update progress<span className="visually-hidden"> of {book.title}</span>
      </Button>
      <dialog
        ref={dialogRef}
        className={styles.quickProgress}
        aria-labelledby={`${id}-title`}
        onClose={() => openerRef.current?.focus()}
      >
        <form onSubmit={saveProgress} noValidate className="stack">
          <h2 id={`${id}-title`} className={styles.quickProgressTitle}>
            {book.title}
          </h2>
          <div className={entryDatesStyles.progressFieldRow}>
            <input
              ref={inputRef}
              className={cx(fieldStyles.fieldControl, entryDatesStyles.progressFieldInput)}
              name="progress"
              inputMode="numeric"
              aria-label={draft.unit === 'pages' ? 'Pages read' : 'Percent read'}
              aria-invalid={error ? true : undefined}
              aria-describedby={`${id}-error`}
              value={draft.text}
              onChange={(event) => {
                setError(null);
                setDraft({ ...draft, text: event.target.value });
              }}
            />
            {pageCount ? (
              <div className={entryDatesStyles.segmented} role="radiogroup" aria-label="Progress in">
                {(['pages', 'percent'] as const).map((unit) => (
                  <label key={unit} className={entryDatesStyles.segmentedOption}>
                    <input
                      type="radio"
                      name={`${id}-unit`}
                      value={unit}
                      checked={draft.unit === unit}
                      onChange={() =>
                        setDraft({ unit, text: convertProgress(draft.text, draft.unit, unit, pageCount) })
                      }
                    />
                    <span>{unit === 'pages' ? `of ${pageCount} pages` : '%'}</span>
                  </label>
                ))}
              </div>
            ) : (
              <span>%</span>
            )}
          </div>
          <p className={fieldStyles.fieldError} id={`${id}-error`} aria-live="polite">
            {error ?? ''}
          </p>
          {finished ? (
            <div className={cx(styles.quickProgressFinish, 'stack-sm')}>
              <p className={styles.quickProgressFinishNote}>That is the whole book. Finished it?</p>
              <StarRatingInput label="Your rating (optional)" value={rating} onChange={setRating} />
              <Button variant="primary" className={styles.quickProgressPrimary} onClick={markAsRead}>
                Mark as read
              </Button>
            </div>
          ) : null}
          <div className={styles.quickProgressActions}>
            <Button
              type="submit"
              variant={finished ? 'secondary' : 'primary'}
              className={styles.quickProgressPrimary}
            >
              Save progress
            </Button>
            <Button variant="ghost" onClick={close}>
              Cancel
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
