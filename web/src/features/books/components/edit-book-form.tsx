import { Button } from '../../../components/ui/button';
import { TextAreaField, TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { useToast } from '../../../components/ui/toast';
import { ApiError, isApiError } from '../../../lib/api-client';
import { type FormErrorState, formErrorsFrom } from '../../../lib/form-errors';
import { useForm } from '../../../lib/use-form';
import { collectErrors } from '../../../lib/validation';
import type { BookWithEntry } from '../api/get-book';
import { type UpdateBookInput, useUpdateBook } from '../api/update-book';
import { readIsbn } from '../isbn';
import { splitAuthors } from './manual-book-form';

const FIELDS = [
  'title',
  'authors',
  'isbn',
  'publishedDate',
  'pageCount',
  'publisher',
  'description',
  'coverUrl',
] as const;
type FieldName = (typeof FIELDS)[number];

interface Values {
  title: string;
  authors: string;
  isbn: string;
  publishedDate: string;
  pageCount: string;
  publisher: string;
  description: string;
  coverUrl: string;
}

function serverErrors(error: unknown): FormErrorState {
  if (!isApiError(error)) return formErrorsFrom(error, FIELDS);
  const details: Record<string, string> = {};
  for (const [key, message] of Object.entries(error.details)) {
    const root = key.split('.')[0] ?? key;
    details[root === 'isbn13' || root === 'isbn10' ? 'isbn' : root] ??= message;
  }
  return formErrorsFrom(new ApiError({ ...error, message: error.message, details }), FIELDS);
}

function validate(values: Values) {
  const isbn = values.isbn.trim() ? readIsbn(values.isbn) : null;
  const pages = values.pageCount.trim();
  const cover = values.coverUrl.trim();
  return collectErrors({
    title: values.title.trim() ? null : 'Enter the title.',
    authors: splitAuthors(values.authors).length > 0 ? null : 'Enter at least one author.',
    isbn:
      values.isbn.trim() && !isbn
        ? 'An ISBN has 10 or 13 digits (the last of an ISBN-10 may be an X).'
        : isbn && !isbn.valid
          ? 'That ISBN’s check digit does not match. Check it for a typo.'
          : null,
    pageCount: pages && !/^\d{1,5}$/.test(pages) ? 'Enter the number of pages, like 320.' : null,
    publishedDate:
      values.publishedDate.trim() && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(values.publishedDate.trim())
        ? 'Use a year (2019), a month (2019-03) or a day (2019-03-14).'
        : null,
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
    toErrors: serverErrors,
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
  const set = (field: keyof Values) => (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    form.setValue(field, event.target.value);

  return (
    <form ref={form.formRef} className="stack" onSubmit={form.handleSubmit} noValidate aria-label="Edit book">
      <FormAlert message={errors.form} />
      <TextField
        label="Title"
        name="title"
        value={values.title}
        onChange={set('title')}
        error={errors.fields.title}
        maxLength={500}
        autoComplete="off"
      />
      <TextField
        label="Authors"
        name="authors"
        hint="Separate several authors with commas."
        value={values.authors}
        onChange={set('authors')}
        error={errors.fields.authors}
        autoComplete="off"
      />
      <div className="form-grid form-grid--two">
        <TextField
          label="ISBN"
          name="isbn"
          optional
          inputMode="numeric"
          value={values.isbn}
          onChange={set('isbn')}
          error={errors.fields.isbn}
          autoComplete="off"
        />
        <TextField
          label="Published"
          name="publishedDate"
          optional
          hint="2019, 2019-03 or 2019-03-14"
          value={values.publishedDate}
          onChange={set('publishedDate')}
          error={errors.fields.publishedDate}
          autoComplete="off"
        />
        <TextField
          label="Pages"
          name="pageCount"
          optional
          inputMode="numeric"
          value={values.pageCount}
          onChange={set('pageCount')}
          error={errors.fields.pageCount}
          autoComplete="off"
        />
        <TextField
          label="Publisher"
          name="publisher"
          optional
          value={values.publisher}
          onChange={set('publisher')}
          error={errors.fields.publisher}
          maxLength={300}
          autoComplete="off"
        />
      </div>
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
