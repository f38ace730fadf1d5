import { Button } from '../../../components/ui/button';
import { TextAreaField, TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { useToast } from '../../../components/ui/toast';
import { useForm } from '../../../lib/use-form';
import { collectErrors } from '../../../lib/validation';
import type { BookWithEntry } from '../api/get-book';
import { type UpdateBookInput, useUpdateBook } from '../api/update-book';
import { readIsbn } from '../isbn';
import {
  BOOK_FIELDS,
  BookFields,
  type BookFieldValues,
  bookFieldProblems,
  bookServerErrors,
  splitAuthors,
} from './book-fields';

const FIELDS = [...BOOK_FIELDS, 'description', 'coverUrl'] as const;
type FieldName = (typeof FIELDS)[number];

interface Values extends BookFieldValues {
  description: string;
  coverUrl: string;
}

function validate(values: Values) {
  const cover = values.coverUrl.trim();
  return collectErrors({
    ...bookFieldProblems(values),
    coverUrl: cover && !/^https:\/\/\S+$/.test(cover) ? 'Use an address that starts with https://.' : null,
  });
}

function toInput(values: Values): UpdateBookInput {
  const isbn = values.isbn.trim() ? readIsbn(values.isbn) : null;
  const input: UpdateBookInput = {
    title: values.title.trim(),
    authors: splitAuthors(values.authors),
    isbn13: isbn?.kind === 'isbn13' ? isbn.compact : null,
    isbn10: isbn?.kind === 'isbn10' ? isbn.compact : null,
    publishedDate: values.publishedDate.trim() || null,
    publisher: values.publisher.trim() || null,
    description: values.description.trim() || null,
    coverUrl: values.coverUrl.trim() || null,
  };
  if (values.pageCount.trim()) input.pageCount = Number(values.pageCount.trim());
  return input;
}

/** The creator's edit of a book they added by hand. */
export function EditBookForm({ book, onDone }: { book: BookWithEntry; onDone: () => void }) {
  const update = useUpdateBook(book.id);
  const toast = useToast();
  const form = useForm<Values, FieldName>({
    initialValues: {
      title: book.title,
      authors: book.authors.join(', '),
      isbn: book.isbn13 ?? book.isbn10 ?? '',
      publishedDate: book.publishedDate ?? '',
      pageCount: book.pageCount ? String(book.pageCount) : '',
      publisher: book.publisher ?? '',
      description: book.description ?? '',
      coverUrl: '',
    },
    fields: FIELDS,
    validate,
    toErrors: (error) => bookServerErrors(error, FIELDS),
    submit: async (values) => {
      const input = toInput(values);
      // An empty cover box keeps the cover there is.
      if (!values.coverUrl.trim()) delete input.coverUrl;
      await update.mutateAsync(input);
      toast.show('Saved your changes to this book.');
      onDone();
    },
  });
  const { values, errors } = form;
  const set =
    (field: 'description' | 'coverUrl') =>
    (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      form.setValue(field, event.target.value);

  return (
    <form ref={form.formRef} className="stack" onSubmit={form.handleSubmit} noValidate aria-label="Edit book">
      <FormAlert message={errors.form} />
      <BookFields values={values} errors={errors.fields} onChange={form.setValue} />
      <TextAreaField
        label="Description"
        name="description"
        optional
        rows={5}
        value={values.description}
        onChange={set('description')}
        error={errors.fields.description}
        maxLength={20000}
      />
      <TextField
        label="New cover image address"
        name="coverUrl"
        optional
        type="url"
        hint="An https address of a picture. We fetch it once and show our own copy; leave empty to keep the cover."
        value={values.coverUrl}
        onChange={set('coverUrl')}
        error={errors.fields.coverUrl}
        maxLength={2000}
        autoComplete="off"
      />
      <div className="form-actions">
        <Button type="submit" busy={form.submitting} busyLabel="Saving…">
          Save changes
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
