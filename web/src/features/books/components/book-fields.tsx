import { TextField } from '../../../components/ui/field';
import { ApiError, type FieldErrors, isApiError } from '../../../lib/api-client';
import { type FormErrorState, formErrorsFrom } from '../../../lib/form-errors';
import { readIsbn } from '../isbn';

/**
 * The fields a reader types about a book, shared by adding a book by hand (manual-book-form.tsx)
 * and editing one they added (edit-book-form.tsx): the same boxes, checks and server-error mapping.
 */
export interface BookFieldValues {
  title: string;
  authors: string;
  isbn: string;
  pageCount: string;
  publishedDate: string;
  publisher: string;
}

// In the order they show, so the first one refused is the first one focused.
export const BOOK_FIELDS = ['title', 'authors', 'isbn', 'publishedDate', 'pageCount', 'publisher'] as const;
export type BookFieldName = (typeof BOOK_FIELDS)[number];

export function splitAuthors(value: string): string[] {
  return value
    .split(/[,;\n]/)
    .map((name) => name.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}

/** The message for each of the book fields a check refuses (null where it is fine). */
export function bookFieldProblems(values: BookFieldValues): Record<BookFieldName, string | null> {
  const isbn = values.isbn.trim() ? readIsbn(values.isbn) : null;
  const pages = values.pageCount.trim();
  return {
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
    publisher: null,
  };
}

/**
 * A server refusal as form errors. The server names `isbn13`, `isbn10` and `authors.0`; the form
 * has one ISBN box and one authors box.
 */
export function bookServerErrors(error: unknown, fields: readonly string[]): FormErrorState {
  if (!isApiError(error)) return formErrorsFrom(error, fields);
  const details: Record<string, string> = {};
  for (const [key, message] of Object.entries(error.details)) {
    const root = key.split('.')[0] ?? key;
    details[root === 'isbn13' || root === 'isbn10' ? 'isbn' : root] ??= message;
  }
  return formErrorsFrom(new ApiError({ ...error, message: error.message, details }), fields);
}

interface BookFieldsProps {
  values: BookFieldValues;
  errors: FieldErrors;
  onChange: (field: BookFieldName, value: string) => void;
}

/** Title, authors, then ISBN, published date, pages and publisher two by two. */
export function BookFields({ values, errors, onChange }: BookFieldsProps) {
  const set = (field: BookFieldName) => (event: React.ChangeEvent<HTMLInputElement>) =>
    onChange(field, event.target.value);
  return (
    <>
      <TextField
        label="Title"
        name="title"
        value={values.title}
        onChange={set('title')}
        error={errors.title}
        maxLength={500}
        autoComplete="off"
      />
      <TextField
        label="Authors"
        name="authors"
        hint="Separate several authors with commas."
        value={values.authors}
        onChange={set('authors')}
        error={errors.authors}
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
          error={errors.isbn}
          autoComplete="off"
        />
        <TextField
          label="Published"
          name="publishedDate"
          optional
          hint="2019, 2019-03 or 2019-03-14"
          value={values.publishedDate}
          onChange={set('publishedDate')}
          error={errors.publishedDate}
          autoComplete="off"
        />
        <TextField
          label="Pages"
          name="pageCount"
          optional
          inputMode="numeric"
          value={values.pageCount}
          onChange={set('pageCount')}
          error={errors.pageCount}
          autoComplete="off"
        />
        <TextField
          label="Publisher"
          name="publisher"
          optional
          value={values.publisher}
          onChange={set('publisher')}
          error={errors.publisher}
          maxLength={300}
          autoComplete="off"
        />
      </div>
    </>
  );
}
