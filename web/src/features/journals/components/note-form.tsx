import { TextAreaField, TextField } from '../../../components/ui/field';
import { cx } from '../../../lib/cx';
import type { Note, NoteChanges, Visibility } from '../types';
import { DraftFormFrame, PageField, useDraftForm, VisibilityField } from './draft-form';
import styles from './notes.module.css';
import common from './writing.module.css';

const FIELDS = ['quote', 'content', 'page', 'location', 'visibility'] as const;

export interface NoteValues {
  quote: string;
  content: string;
  page: string;
  location: string;
  visibility: Visibility;
}

export const EMPTY_NOTE: NoteValues = {
  quote: '',
  content: '',
  page: '',
  location: '',
  visibility: 'private',
};

export function noteValuesOf(note: Note): NoteValues {
  return {
    quote: note.quote ?? '',
    content: note.content,
    page: note.page === null ? '' : String(note.page),
    location: note.location ?? '',
    visibility: note.visibility,
  };
}

export function toNoteChanges(values: NoteValues): Required<NoteChanges> {
  return {
    quote: values.quote.trim() ? values.quote : null,
    content: values.content,
    page: values.page ? Number(values.page) : null,
    location: values.location.trim() ? values.location.trim() : null,
    visibility: values.visibility,
  };
}

interface NoteFormProps {
  initial: NoteValues;
  draftKey: string;
  label: string;
  submitLabel: string;
  onSubmit: (values: NoteValues) => Promise<unknown>;
  onCancel?: () => void;
  autoFocus?: boolean;
}

/** Adds or edits a note: a quote, the reader's words, where in the book, who sees it. */
export function NoteForm({
  initial,
  draftKey,
  label,
  submitLabel,
  onSubmit,
  onCancel,
  autoFocus,
}: NoteFormProps) {
  const form = useDraftForm({
    draftKey,
    initial,
    leaveMessage: 'Your note is not saved yet. Leave anyway? It stays here as a draft.',
    fields: FIELDS,
    check: (values) =>
      values.quote.trim() || values.content.trim()
        ? null
        : { fields: { quote: 'Add a quote or a note (or both).' }, form: null },
    onSubmit,
    onCancel,
  });
  const { shown, errors, change } = form;

  return (
    <DraftFormFrame
      form={form}
      label={label}
      restoredMessage="Your unsaved note from before is back. Save it, or cancel to drop it."
      submitLabel={submitLabel}
    >
      <TextAreaField
        label="Quote"
        name="quote"
        rows={3}
        maxLength={10_000}
        optional
        hint="The passage as it is in the book."
        value={shown.quote}
        onChange={(event) => change('quote', event.target.value)}
        error={errors.fields.quote}
        autoFocus={autoFocus}
      />
      <TextAreaField
        label="Note"
        name="content"
        rows={3}
        maxLength={50_000}
        optional
        hint="Your thoughts, in Markdown. Ctrl+Enter saves."
        value={shown.content}
        onChange={(event) => change('content', event.target.value)}
        error={errors.fields.content}
      />
      <div className={cx(common.formRow, styles.noteFormRow)}>
        <PageField
          value={shown.page}
          onChange={(value) => change('page', value)}
          error={errors.fields.page}
        />
        <TextField
          label="Or location"
          name="location"
          maxLength={100}
          optional
          hint="For ebooks: 42% or ch. 12"
          value={shown.location}
          onChange={(event) => change('location', event.target.value)}
          error={errors.fields.location}
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
