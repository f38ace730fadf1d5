import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { SelectField, TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { type FormErrorState, formErrorsFrom, noFormErrors } from '../../../lib/form-errors';
import { VISIBILITY_OPTIONS, type Visibility } from '../types';
import { useDraft } from '../use-draft';
import { submitOnModEnter } from './submit-shortcut';
import common from './writing.module.css';

interface DraftFormOptions<T extends object> {
  draftKey: string;
  initial: T;
  /** Asked when the reader leaves with unsaved text. */
  leaveMessage: string;
  /** The API's field names, so its 400 lands on the right field. */
  fields: readonly string[];
  /** A reason the values cannot be sent yet, as form errors; null when they can. */
  check: (values: T) => FormErrorState | null;
  onSubmit: (values: T) => Promise<unknown>;
  onCancel?: () => void;
}

/**
 * The state a journal entry's or a note's form shares: the values kept as a local draft until
 * saved, the field errors, the busy flag, submit and cancel.
 */
export function useDraftForm<T extends object>(options: DraftFormOptions<T>) {
  const draft = useDraft(options.draftKey, options.initial, options.leaveMessage);
  const [errors, setErrors] = useState(noFormErrors);
  const [saving, setSaving] = useState(false);
  const { shown } = draft;

  return {
    draft,
    shown,
    errors,
    saving,
    /** Cancel shows while there is something to drop or the form was opened to edit. */
    cancellable: draft.dirty || options.onCancel !== undefined,
    change(field: keyof T, value: string) {
      draft.change({ ...shown, [field]: value });
    },
    discard() {
      draft.clear();
      setErrors(noFormErrors);
      options.onCancel?.();
    },
    async submit(event: React.FormEvent<HTMLFormElement>) {
      event.preventDefault();
      if (saving) return;
      const refused = options.check(shown);
      if (refused) {
        setErrors(refused);
        return;
      }
      setErrors(noFormErrors);
      setSaving(true);
      try {
        await options.onSubmit(shown);
        draft.clear();
      } catch (cause) {
        setErrors(formErrorsFrom(cause, options.fields));
      } finally {
        setSaving(false);
      }
    },
  };
}

/**
 * The form around a journal entry's or a note's fields: saved with Ctrl/⌘+Enter too, the notice
 * that an unsaved draft came back, the form's error, then the fields and Save (and Cancel).
 */
export function DraftFormFrame<T extends object>({
  form,
  label,
  restoredMessage,
  submitLabel,
  children,
}: {
  form: ReturnType<typeof useDraftForm<T>>;
  /** The form's name for assistive technology. */
  label: string;
  restoredMessage: string;
  submitLabel: string;
  children: React.ReactNode;
}) {
  return (
    <form
      className={common.form}
      onSubmit={(event) => void form.submit(event)}
      onKeyDown={submitOnModEnter}
      noValidate
      aria-label={label}
    >
      {form.draft.restored ? (
        <p className="notice" role="status">
          {restoredMessage}
        </p>
      ) : null}
      <FormAlert message={form.errors.form} />
      {children}
      <div className="form-actions">
        <Button type="submit" busy={form.saving} busyLabel="Saving…">
          {submitLabel}
        </Button>
        {form.cancellable ? (
          <Button variant="ghost" onClick={form.discard}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** The page an entry or a note is about. */
export function PageField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  return (
    <TextField
      label="Page"
      name="page"
      type="number"
      inputMode="numeric"
      min={1}
      max={100_000}
      optional
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
    />
  );
}

/** "Who can see it" for a journal entry or a note. */
export function VisibilityField({
  value,
  onChange,
  error,
}: {
  value: Visibility;
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  return (
    <SelectField
      label="Who can see it"
      name="visibility"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
    >
      {VISIBILITY_OPTIONS.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </SelectField>
  );
}
