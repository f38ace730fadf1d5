import { SelectField, TextAreaField } from '../../../components/ui/field';
import { cx } from '../../../lib/cx';
import { useBookOptions } from '../api/get-book-options';
import type { JournalInput, Visibility } from '../types';
import { DraftFormFrame, PageField, useDraftForm, VisibilityField } from './draft-form';
import styles from './journal.module.css';
import common from './writing.module.css';

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
  const books = useBookOptions();
  const form = useDraftForm({
    draftKey,
    initial,
    leaveMessage: 'Your journal entry is not saved yet. Leave anyway? It stays here as a draft.',
    fields: FIELDS,
    check: (values) =>
      values.content.trim() ? null : { fields: { content: 'Write something first.' }, form: null },
    onSubmit,
    onCancel,
  });
  const { shown, errors, change } = form;

  const options = books.data ?? [];
  const extra = currentBook && !options.some((book) => book.id === currentBook.id) ? currentBook : null;

  return (
    <DraftFormFrame
      form={form}
      label={label}
      restoredMessage="Your unsaved text from before is back. Save it, or cancel to drop it."
      submitLabel={submitLabel}
    >
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
      <div className={cx(common.formRow, styles.journalFormRow)}>
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
        <PageField
          value={shown.page}
          onChange={(value) => change('page', value)}
          error={errors.fields.page}
        />
        <VisibilityField
          value={shown.visibility}
          onChange={(value) => change('visibility', value)}
          error={errors.fields.visibility}
        />
      </div>
    </DraftFormFrame>
  );
}
