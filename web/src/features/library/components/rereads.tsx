import { useId, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/field';
import formAlertStyles from '../../../components/ui/form-alert.module.css';
import { useToast } from '../../../components/ui/toast';
import { cx } from '../../../lib/cx';
import { formatDay } from '../../../lib/dates';
import { type FormErrorState, formErrorsFrom, noFormErrors } from '../../../lib/form-errors';
import { type ReadDates, useAddRead, useDeleteRead, useUpdateRead } from '../api/reads';
import { type EntrySummary, type Read, todayIso } from '../types';
import entryEditorStyles from './entry-editor.module.css';
import styles from './rereads.module.css';

const FIELDS = ['startedOn', 'finishedOn'] as const;

function checkDates(dates: { startedOn: string; finishedOn: string }): FormErrorState {
  const fields: Record<string, string> = {};
  if (!dates.startedOn) fields.startedOn = 'Enter the day you started.';
  if (dates.startedOn && dates.finishedOn && dates.finishedOn < dates.startedOn) {
    fields.finishedOn = 'The finish date cannot be before the start date.';
  }
  return { fields, form: null };
}

interface ReadFormProps {
  initial: { startedOn: string; finishedOn: string };
  submitLabel: string;
  busy: boolean;
  onSubmit: (dates: ReadDates, onError: (error: Error) => void) => void;
  onCancel: () => void;
}

function ReadForm({ initial, submitLabel, busy, onSubmit, onCancel }: ReadFormProps) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FormErrorState>(noFormErrors);

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = checkDates(values);
    setErrors(checked);
    if (Object.keys(checked.fields).length > 0) return;
    onSubmit({ startedOn: values.startedOn, finishedOn: values.finishedOn || null }, (error) =>
      setErrors(formErrorsFrom(error, FIELDS)),
    );
  }

  return (
    <form className={cx(styles.readForm, 'stack-sm')} onSubmit={handleSubmit} noValidate>
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
          value={values.startedOn}
          onChange={(event) => setValues({ ...values, startedOn: event.target.value })}
          error={errors.fields.startedOn}
        />
        <TextField
          label="Finished"
          name="finishedOn"
          type="date"
          optional
          value={values.finishedOn}
          onChange={(event) => setValues({ ...values, finishedOn: event.target.value })}
          error={errors.fields.finishedOn}
        />
      </div>
      <div className="form-actions">
        <Button
          type="submit"
          variant="secondary"
          className={entryEditorStyles.entrySectionAction}
          busy={busy}
          busyLabel="Saving…"
        >
          {submitLabel}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function describeRead(read: Read): string {
  const started = formatDay(read.startedOn);
  const finished = formatDay(read.finishedOn);
  if (started && finished) return `${started} – ${finished}`;
  if (started) return `Started ${started}, not finished`;
  if (finished) return `Finished ${finished}`;
  return 'No dates';
}

/** Every reread with its own dates: listed, added, changed and removed (with undo). */
export function Rereads({ entry }: { entry: EntrySummary }) {
  const target = { entryId: entry.id, bookId: entry.bookId };
  const addRead = useAddRead();
  const updateRead = useUpdateRead();
  const deleteRead = useDeleteRead();
  const toast = useToast();
  const id = useId();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<number | null>(null);
  const reads = [...entry.reads].sort((a, b) => (a.startedOn ?? '').localeCompare(b.startedOn ?? ''));

  function remove(read: Read) {
    deleteRead.mutate(
      { ...target, readId: read.id },
      {
        onSuccess: () =>
          toast.show('Reread removed.', 'info', {
            action: {
              label: 'Undo',
              onAction: () =>
                addRead.mutate(
                  {
                    ...target,
                    dates: { startedOn: read.startedOn ?? todayIso(), finishedOn: read.finishedOn },
                  },
                  { onError: (error) => toast.show(error.message, 'error') },
                ),
            },
          }),
        onError: (error) => toast.show(error.message, 'error'),
      },
    );
  }

  return (
    <section className={entryEditorStyles.entrySection} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className={entryEditorStyles.entrySectionTitle}>
        Rereads
      </h3>
      {reads.length === 0 && !adding ? (
        <p className="muted">Read it again? Keep each reread here with its own dates.</p>
      ) : null}
      {reads.length > 0 ? (
        <ol className={styles.readsList}>
          {reads.map((read, index) => (
            <li key={read.id} className={styles.readsListItem}>
              {editing === read.id ? (
                <ReadForm
                  initial={{ startedOn: read.startedOn ?? '', finishedOn: read.finishedOn ?? '' }}
                  submitLabel="Save reread"
                  busy={updateRead.isPending}
                  onCancel={() => setEditing(null)}
                  onSubmit={(dates, onError) =>
                    updateRead.mutate(
                      { ...target, readId: read.id, dates },
                      {
                        onSuccess: () => {
                          setEditing(null);
                          toast.show('Reread saved.');
                        },
                        onError,
                      },
                    )
                  }
                />
              ) : (
                <>
                  <span>
                    <span className={styles.readsListNumber}>Reread {index + 1}</span> {describeRead(read)}
                  </span>
                  <span className={styles.readsListActions}>
                    <button
                      type="button"
                      className="link-button"
                      aria-label={`Edit reread ${index + 1}`}
                      onClick={() => setEditing(read.id)}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="link-button link-button--danger"
                      aria-label={`Remove reread ${index + 1}`}
                      disabled={deleteRead.isPending}
                      onClick={() => remove(read)}
                    >
                      Remove
                    </button>
                  </span>
                </>
              )}
            </li>
          ))}
        </ol>
      ) : null}
      {adding ? (
        <ReadForm
          initial={{ startedOn: todayIso(), finishedOn: '' }}
          submitLabel="Add reread"
          busy={addRead.isPending}
          onCancel={() => setAdding(false)}
          onSubmit={(dates, onError) =>
            addRead.mutate(
              { ...target, dates },
              {
                onSuccess: () => {
                  setAdding(false);
                  toast.show('Reread added.');
                },
                onError,
              },
            )
          }
        />
      ) : (
        <Button
          variant="secondary"
          className={entryEditorStyles.entrySectionAction}
          onClick={() => setAdding(true)}
        >
          Add a reread
        </Button>
      )}
    </section>
  );
}
