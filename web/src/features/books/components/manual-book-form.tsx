import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button } from '../../../components/ui/button';
import { SelectField, TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { useToast } from '../../../components/ui/toast';
import { ApiError, isApiError } from '../../../lib/api-client';
import { type FormErrorState, formErrorsFrom } from '../../../lib/form-errors';
import { useForm } from '../../../lib/use-form';
import { collectErrors } from '../../../lib/validation';
import { useAddToLibrary } from '../../library/api/add-to-library';
import { isStatus, type ReadingStatus, statusLabel } from '../../library/types';
import { type CreateBookInput, useCreateBook } from '../api/create-book';
import { getBookByIsbn } from '../api/get-book-by-isbn';
import { readIsbn } from '../isbn';
import type { CatalogBook } from '../types';
import { ADD_AS_STATUSES } from './add-as-control';
import styles from './manual-book-form.module.css';

const FIELDS = ['title', 'authors', 'isbn', 'pageCount', 'publishedDate', 'publisher'] as const;
type FieldName = (typeof FIELDS)[number];

/** The server names `isbn13`, `isbn10` and `authors.0`; the form has one ISBN box and one authors box. */
function fieldOf(key: string): FieldName | null {
  const root = key.split('.')[0] ?? key;
  if (root === 'isbn13' || root === 'isbn10') return 'isbn';
  return (FIELDS as readonly string[]).includes(root) ? (root as FieldName) : null;
}

function serverErrors(error: unknown): FormErrorState {
  if (!isApiError(error)) return formErrorsFrom(error, FIELDS);
  const details: Record<string, string> = {};
  for (const [key, message] of Object.entries(error.details)) details[fieldOf(key) ?? key] ??= message;
  return formErrorsFrom(new ApiError({ ...error, message: error.message, details }), FIELDS);
}

export function splitAuthors(value: string): string[] {
  return value
    .split(/[,;\n]/)
    .map((name) => name.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}

interface ManualBookFormProps {
  initialTitle?: string;
  initialIsbn?: string;
  onCancel?: () => void;
}

interface Values {
  title: string;
  authors: string;
  isbn: string;
  pageCount: string;
  publishedDate: string;
  publisher: string;
  status: ReadingStatus | '';
}

function validate(values: Values) {
  const isbn = values.isbn.trim() ? readIsbn(values.isbn) : null;
  const pages = values.pageCount.trim();
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
  });
}

function toInput(values: Values): CreateBookInput {
  const isbn = values.isbn.trim() ? readIsbn(values.isbn) : null;
  const input: CreateBookInput = { title: values.title.trim(), authors: splitAuthors(values.authors) };
  if (isbn) input[isbn.kind] = isbn.compact;
  if (values.pageCount.trim()) input.pageCount = Number(values.pageCount.trim());
  if (values.publishedDate.trim()) input.publishedDate = values.publishedDate.trim();
  if (values.publisher.trim()) input.publisher = values.publisher.trim();
  return input;
}

/** For a book no provider knows: the reader types what they have and may shelve it at once. */
export function ManualBookForm({ initialTitle = '', initialIsbn = '', onCancel }: ManualBookFormProps) {
  const createBook = useCreateBook();
  const addToLibrary = useAddToLibrary();
  const toast = useToast();
  const navigate = useNavigate();
  const [existing, setExisting] = useState<CatalogBook | null>(null);
  const form = useForm<Values, FieldName>({
    initialValues: {
      title: initialTitle,
      authors: '',
      isbn: initialIsbn,
      pageCount: '',
      publishedDate: '',
      publisher: '',
      status: 'want_to_read',
    },
    fields: FIELDS,
    validate: (values) => {
      setExisting(null);
      return validate(values);
    },
    toErrors: serverErrors,
    submit: async (values) => {
      const input = toInput(values);
      let book: CatalogBook;
      try {
        book = await createBook.mutateAsync(input);
      } catch (error) {
        if (isApiError(error) && error.code === 'book_exists') {
          const isbn = input.isbn13 ?? input.isbn10;
          form.setErrors({ fields: {}, form: error.message });
          if (isbn) setExisting(await getBookByIsbn(isbn).catch(() => null));
          return;
        }
        throw error;
      }
      shelve(book, values.status);
    },
  });
  const { values, errors } = form;

  const set = (field: keyof Values) => (event: React.ChangeEvent<HTMLInputElement>) =>
    form.setValue(field, event.target.value);

  function shelve(book: CatalogBook, status: Values['status']) {
    if (!status) {
      toast.show(`Added “${book.title}” to Book Tracker.`);
      void navigate(`/books/${book.id}`);
      return;
    }
    addToLibrary.mutate(
      { bookId: book.id, status },
      {
        onSuccess: () => toast.show(`Added “${book.title}” to ${statusLabel(status)}.`),
        onError: (error) => toast.show(`The book was added, but not shelved: ${error.message}`, 'error'),
        onSettled: () => void navigate(`/books/${book.id}`),
      },
    );
  }

  return (
    <form ref={form.formRef} className="stack" onSubmit={form.handleSubmit} noValidate>
      <FormAlert message={errors.form} />
      {existing ? (
        <p className={styles.manualBookFormExisting}>
          <Link to={`/books/${existing.id}`}>Open “{existing.title}”</Link> to shelve it.
        </p>
      ) : null}
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
          hint="10 or 13 digits; hyphens are fine"
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
      <SelectField
        label="Add to your library as"
        name="status"
        value={values.status}
        onChange={(event) => {
          const status = event.target.value;
          form.setValue('status', isStatus(status) ? status : '');
        }}
      >
        {ADD_AS_STATUSES.map((status) => (
          <option key={status} value={status}>
            {statusLabel(status)}
          </option>
        ))}
        <option value="">Don’t shelve it yet</option>
      </SelectField>
      <div className="form-actions">
        <Button type="submit" busy={form.submitting || addToLibrary.isPending} busyLabel="Adding…">
          Add book
        </Button>
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
