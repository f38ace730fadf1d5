import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { SelectField } from '../../../components/ui/field';
import { type FormErrorState, formErrorsFrom, noFormErrors } from '../../../lib/form-errors';
import { VISIBILITY_OPTIONS, type Visibility } from '../types';
import { useDraft } from '../use-draft';

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

/** Save, and Cancel while there is something to drop or the form was opened to edit. */
export function DraftFormActions({
  submitLabel,
  saving,
  showCancel,
  onCancel,
}: {
  submitLabel: string;
  saving: boolean;
  showCancel: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="form-actions">
      <Button type="submit" busy={saving} busyLabel="Saving…">
        {submitLabel}
      </Button>
      {showCancel ? (
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      ) : null}
    </div>
  );
}
