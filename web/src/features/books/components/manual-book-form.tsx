import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button } from '../../../components/ui/button';
import { SelectField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { useToast } from '../../../components/ui/toast';
import { isApiError } from '../../../lib/api-client';
import { useForm } from '../../../lib/use-form';
import { collectErrors } from '../../../lib/validation';
import { useAddToLibrary } from '../../library/api/add-to-library';
import { isStatus, type ReadingStatus, statusLabel } from '../../library/types';
import { type CreateBookInput, useCreateBook } from '../api/create-book';
import { getBookByIsbn } from '../api/get-book-by-isbn';
import { readIsbn } from '../isbn';
import type { CatalogBook } from '../types';
import { ADD_AS_STATUSES } from './add-as-control';
import {
  BOOK_FIELDS,
  type BookFieldName,
  BookFields,
  type BookFieldValues,
  bookFieldProblems,
  bookServerErrors,
  splitAuthors,
} from './book-fields';
import styles from './manual-book-form.module.css';

interface ManualBookFormProps {
  initialTitle?: string;
  initialIsbn?: string;
  onCancel?: () => void;
}

interface Values extends BookFieldValues {
  status: ReadingStatus | '';
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
  const form = useForm<Values, BookFieldName>({
    initialValues: {
      title: initialTitle,
      authors: '',
      isbn: initialIsbn,
      pageCount: '',
      publishedDate: '',
      publisher: '',
      status: 'want_to_read',
    },
    fields: BOOK_FIELDS,
    validate: (values) => {
      setExisting(null);
      return collectErrors(bookFieldProblems(values));
    },
    toErrors: (error) => bookServerErrors(error, BOOK_FIELDS),
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
      <BookFields values={values} errors={errors.fields} onChange={form.setValue} />
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
