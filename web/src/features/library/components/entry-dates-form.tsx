import { useId, useRef, useState } from 'react';
import { TextField } from '../../../components/ui/field';
import fieldStyles from '../../../components/ui/field.module.css';
import formAlertStyles from '../../../components/ui/form-alert.module.css';
import { SaveStatus } from '../../../components/ui/save-status';
import { cx } from '../../../lib/cx';
import { type FormErrorState, formErrorsFrom, noFormErrors } from '../../../lib/form-errors';
import { useLeaveGuard } from '../../../lib/use-leave-guard';
import { convertProgress } from '../progress';
import type { EntrySummary } from '../types';
import styles from './entry-dates-form.module.css';
import entryEditorStyles from './entry-editor.module.css';
import progressBarStyles from './progress-bar.module.css';
import { useAutosaveTimer } from './use-autosave-timer';
import { useSaveEntry } from './use-save-entry';

const FIELDS = ['startedOn', 'finishedOn', 'progressPages', 'progressPercent'] as const;
/** A pause this long after typing a date or a number saves it (a typed year passes through 0002…). */
const DATES_SAVE_DELAY_MS = 800;

type ProgressUnit = 'pages' | 'percent';

interface Draft {
  startedOn: string;
  finishedOn: string;
  unit: ProgressUnit;
  progress: string;
}

function draftOf(entry: EntrySummary, pageCount: number | null): Draft {
  const unit: ProgressUnit =
    entry.progressPages !== null
      ? 'pages'
      : entry.progressPercent !== null
        ? 'percent'
        : pageCount
          ? 'pages'
          : 'percent';
  const value = unit === 'pages' ? entry.progressPages : entry.progressPercent;
  return {
    startedOn: entry.startedOn ?? '',
    finishedOn: entry.finishedOn ?? '',
    unit,
    progress: value === null ? '' : String(value),
  };
}

function percentOf(entry: EntrySummary, pageCount: number | null): number | null {
  if (entry.progressPercent !== null) return entry.progressPercent;
  if (entry.progressPages !== null && pageCount) return Math.round((entry.progressPages * 100) / pageCount);
  return null;
}

/**
 * Start and finish dates with the progress: saved by themselves a moment after typing stops, at
 * once when a field is left or Enter is pressed; checked first, and a field that cannot be saved
 * says why and keeps what was typed.
 */
export function EntryDatesForm({ entry, pageCount }: { entry: EntrySummary; pageCount: number | null }) {
  const { save, state, setState, retry } = useSaveEntry(entry);
  // Null while untouched, so what the server decides (a status change filling dates) shows at once.
  const [draft, setDraftState] = useState<Draft | null>(null);
  const draftRef = useRef(draft);
  const [errors, setErrors] = useState<FormErrorState>(noFormErrors);
  const id = useId();
  const shown = draft ?? draftOf(entry, pageCount);
  const percent = percentOf(entry, pageCount);
  const showFinished =
    entry.status === 'read' || entry.status === 'did_not_finish' || shown.finishedOn !== '';

  function setDraft(next: Draft | null) {
    draftRef.current = next;
    setDraftState(next);
  }

  function commit() {
    const sending = draftRef.current;
    if (!sending) return;
    const progress = sending.progress.trim();
    const fields: Record<string, string> = {};
    const amount = progress === '' ? null : Number(progress);
    if (amount !== null && (!Number.isInteger(amount) || amount < 0)) {
      fields[sending.unit === 'pages' ? 'progressPages' : 'progressPercent'] = 'Enter a whole number.';
    } else if (sending.unit === 'percent' && amount !== null && amount > 100) {
      fields.progressPercent = 'Enter a percentage from 0 to 100.';
    } else if (sending.unit === 'pages' && amount !== null && pageCount && amount > pageCount) {
      fields.progressPages = `This book has ${pageCount} pages.`;
    }
    if (sending.startedOn && sending.finishedOn && sending.finishedOn < sending.startedOn) {
      fields.finishedOn = 'The finish date cannot be before the start date.';
    }
    setErrors({ fields, form: null });
    if (Object.keys(fields).length > 0) {
      setState({ kind: 'invalid' });
      return;
    }
    save(
      {
        startedOn: sending.startedOn || null,
        finishedOn: sending.finishedOn || null,
        ...(sending.unit === 'pages'
          ? { progressPages: amount, ...(amount === null ? { progressPercent: null } : {}) }
          : { progressPercent: amount, progressPages: null }),
      },
      {
        onSuccess: () => {
          if (draftRef.current === sending) setDraft(null);
        },
        onError: (error) => setErrors(formErrorsFrom(error, FIELDS)),
      },
    );
  }

  const timer = useAutosaveTimer(commit, DATES_SAVE_DELAY_MS);

  /** 'later': nothing new to save yet (switching pages ↔ percent only converts the number). */
  function change(patch: Partial<Draft>, when: 'soon' | 'later' = 'soon') {
    setDraft({ ...shown, ...patch });
    if (when === 'later') return;
    setState({ kind: 'saving' });
    timer.schedule();
  }

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    timer.cancel();
    commit();
  }

  useLeaveGuard(
    draft !== null && (state.kind === 'invalid' || state.kind === 'error'),
    'Your dates or progress are not saved. Leave anyway?',
  );

  const progressError = errors.fields[shown.unit === 'pages' ? 'progressPages' : 'progressPercent'];

  if (entry.status === 'want_to_read' && !entry.startedOn && !draft) {
    return (
      <section className={entryEditorStyles.entrySection} aria-labelledby={`${id}-heading`}>
        <h3 id={`${id}-heading`} className={entryEditorStyles.entrySectionTitle}>
          Dates and progress
        </h3>
        <p className={cx('muted', entryEditorStyles.entrySectionNote)}>
          Move the book to Reading when you start it: the start date fills in and you can track your progress.
        </p>
      </section>
    );
  }

  return (
    <form
      className={cx(entryEditorStyles.entrySection, 'stack')}
      onSubmit={handleSubmit}
      noValidate
      aria-labelledby={`${id}-heading`}
    >
      <h3 id={`${id}-heading`} className={entryEditorStyles.entrySectionTitle}>
        Dates and progress
      </h3>
      {errors.form ? (
        <p className={formAlertStyles.formAlert} role="alert">
          {errors.form}
        </p>
      ) : null}
      <div className="form-grid form-grid--dates">
        <TextField
          label="Started"
          name="startedOn"
          type="date"
          value={shown.startedOn}
          onChange={(event) => change({ startedOn: event.target.value })}
          onBlur={timer.flush}
          error={errors.fields.startedOn}
        />
        {showFinished ? (
          <TextField
            label="Finished"
            name="finishedOn"
            type="date"
            value={shown.finishedOn}
            onChange={(event) => change({ finishedOn: event.target.value })}
            onBlur={timer.flush}
            error={errors.fields.finishedOn}
          />
        ) : null}
      </div>
      <fieldset className={styles.progressField}>
        <legend className={fieldStyles.fieldLabel}>Progress</legend>
        <div className={styles.progressFieldRow}>
          <input
            className={cx(fieldStyles.fieldControl, styles.progressFieldInput)}
            name="progress"
            inputMode="numeric"
            aria-label={shown.unit === 'pages' ? 'Pages read' : 'Percent read'}
            aria-invalid={progressError ? true : undefined}
            aria-describedby={progressError ? `${id}-progress-error` : undefined}
            value={shown.progress}
            onChange={(event) => change({ progress: event.target.value })}
            onBlur={timer.flush}
          />
          <div className={styles.segmented} role="radiogroup" aria-label="Progress in">
            {(['pages', 'percent'] as const).map((unit) => (
              <label key={unit} className={styles.segmentedOption}>
                <input
                  type="radio"
                  name="progressUnit"
                  value={unit}
                  checked={shown.unit === unit}
                  onChange={() =>
                    change(
                      { unit, progress: convertProgress(shown.progress, shown.unit, unit, pageCount) },
                      'later',
                    )
                  }
                />
                <span>{unit === 'pages' ? (pageCount ? `of ${pageCount} pages` : 'pages') : '%'}</span>
              </label>
            ))}
          </div>
        </div>
        {percent !== null ? (
          <div className={progressBarStyles.progressBar} aria-hidden="true">
            <span
              className={progressBarStyles.progressBarFill}
              style={{ width: `${Math.min(100, percent)}%` }}
            />
          </div>
        ) : null}
        <p className={fieldStyles.fieldError} id={`${id}-progress-error`} aria-live="polite">
          {progressError ?? ''}
        </p>
      </fieldset>
      <SaveStatus state={state} onRetry={retry} />
    </form>
  );
}
