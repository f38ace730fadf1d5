import { useId, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { SelectField, TextAreaField, TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { formErrorsFrom, noFormErrors } from '../../../lib/form-errors';
import { useBookOptions } from '../api/get-book-options';
import { type JournalInput, VISIBILITY_OPTIONS, type Visibility } from '../types';
import { useDraft } from '../use-draft';
import styles from './journal.module.css';
import { submitOnModEnter } from './submit-shortcut';

const MAX_CONTENT = 50_000;
const FIELDS = ['content', 'bookId', 'page', 'visibility'] as const;

export interface JournalValues {
  content: string;
  bookId: string;
  page: string;
  visibility: Visibility;
}

export const EMPTY_JOURNAL: JournalValues = { content: '', bookId: '', page: '', visibility: 'private' };

export function toJournalInput(values: JournalValues): JournalInput {
  return {
    content: values.content,
    bookId: values.bookId ? Number(values.bookId) : null,
    page: values.page ? Number(values.page) : null,
    visibility: values.visibility,
  };
}

interface JournalFormProps {
  /** What the form starts from (an entry being edited, or nothing). */
  initial: JournalValues;
  /** Where unsaved text is kept in this browser. */
  draftKey: string;
  /** The form's name for assistive technology. */
  label: string;
  contentLabel: string;
  submitLabel: string;
  onSubmit: (values: JournalValues) => Promise<unknown>;
  onCancel?: () => void;
  /** A book the entry may be about that is not (or no longer) on the reader's shelves. */
  currentBook?: { id: number; title: string } | null;
  autoFocus?: boolean;
}

/** The composer and the in-place editor of a journal entry: Markdown, a book, a page, who sees it. */
export function JournalForm({
  initial,
  draftKey,
  label,
  contentLabel,
  submitLabel,
  onSubmit,
  onCancel,
  currentBook,
  autoFocus,
}: JournalFormProps) {
  const id = useId();
  const books = useBookOptions();
  const draft = useDraft(
    draftKey,
    initial,
    'Your journal entry is not saved yet. Leave anyway? It stays here as a draft.',
  );
  const [errors, setErrors] = useState(noFormErrors);
  const [saving, setSaving] = useState(false);
  const { shown } = draft;

  function change(field: keyof JournalValues, value: string) {
    draft.change({ ...shown, [field]: value });
  }

  function discard() {
    draft.clear();
    setErrors(noFormErrors);
    onCancel?.();
  }

  async function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving) return;
    if (!shown.content.trim()) {
      setErrors({ fields: { content: 'Write something first.' }, form: null });
      return;
    }
    setErrors(noFormErrors);
    setSaving(true);
    try {
      await onSubmit(shown);
      draft.clear();
    } catch (cause) {
      setErrors(formErrorsFrom(cause, FIELDS));
    } finally {
      setSaving(false);
    }
  }

  const options = books.data ?? [];
  const extra = currentBook && !options.some((book) => book.id === currentBook.id) ? currentBook : null;

  return (
    <form
      className={styles.journalForm}
      onSubmit={(event) => void handleSubmit(event)}
      onKeyDown={submitOnModEnter}
      noValidate
      aria-label={label}
    >
      {draft.restored ? (
        <p className="notice" role="status">
          Your unsaved text from before is back. Save it, or cancel to drop it.
        </p>
      ) : null}
      <FormAlert message={errors.form} />
      <TextAreaField
        label={contentLabel}
        name="content"
        rows={5}
        maxLength={MAX_CONTENT}
        hint="Markdown works: *italics*, **bold**, > quotes, lists. Ctrl+Enter saves."
        value={shown.content}
        onChange={(event) => change('content', event.target.value)}
        error={errors.fields.content}
        autoFocus={autoFocus}
      />
      <div className={styles.journalFormRow}>
        <SelectField
          label="Book"
          name="bookId"
          optional
          value={shown.bookId}
          onChange={(event) => change('bookId', event.target.value)}
          error={errors.fields.bookId}
        >
          <option value="">No book</option>
          {extra ? <option value={String(extra.id)}>{extra.title}</option> : null}
          {options.map((book) => (
            <option key={book.id} value={String(book.id)}>
              {book.reading ? `${book.title} (reading)` : book.title}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Page"
          name="page"
          type="number"
          inputMode="numeric"
          min={1}
          max={100_000}
          optional
          value={shown.page}
          onChange={(event) => change('page', event.target.value)}
          error={errors.fields.page}
          id={`${id}-page`}
        />
        <SelectField
          label="Who can see it"
          name="visibility"
          value={shown.visibility}
          onChange={(event) => change('visibility', event.target.value)}
          error={errors.fields.visibility}
        >
          {VISIBILITY_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="form-actions">
        <Button type="submit" busy={saving} busyLabel="Saving…">
          {submitLabel}
        </Button>
        {draft.dirty || onCancel ? (
          <Button variant="ghost" onClick={discard}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
