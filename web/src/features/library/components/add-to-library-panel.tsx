import { type Ref, useId, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { SelectField } from '../../../components/ui/field';
import formAlertStyles from '../../../components/ui/form-alert.module.css';
import { useToast } from '../../../components/ui/toast';
import { cx } from '../../../lib/cx';
import { useAddToLibrary } from '../api/add-to-library';
import { isStatus, type ReadingStatus, STATUS_OPTIONS, statusLabel } from '../types';
import styles from './add-to-library-panel.module.css';

/** Shown on a book page when the book is not on the reader's shelves yet. */
interface AddToLibraryPanelProps {
  bookId: number;
  title: string;
  headingRef?: Ref<HTMLHeadingElement>;
}

export function AddToLibraryPanel({ bookId, title, headingRef }: AddToLibraryPanelProps) {
  const add = useAddToLibrary();
  const toast = useToast();
  const id = useId();
  const [status, setStatus] = useState<ReadingStatus>('want_to_read');
  const [error, setError] = useState<string | null>(null);

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    add.mutate(
      { bookId, status },
      {
        onSuccess: (entry) => toast.show(`Added “${title}” to ${statusLabel(entry.status)}.`),
        onError: (cause) => setError(cause.message),
      },
    );
  }

  return (
    <section className={cx('card', styles.addToLibrary)} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        Add to your library
      </h2>
      <p className="muted">Shelve it to rate it, review it and keep your dates and progress.</p>
      <form className={styles.addToLibraryForm} onSubmit={handleSubmit}>
        <SelectField
          label="Shelf"
          name="status"
          value={status}
          onChange={(event) => {
            const value = event.target.value;
            if (isStatus(value)) setStatus(value);
          }}
        >
          {STATUS_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
        <Button type="submit" busy={add.isPending} busyLabel="Adding…">
          Add to library
        </Button>
      </form>
      {error ? (
        <p className={formAlertStyles.formAlert} role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
