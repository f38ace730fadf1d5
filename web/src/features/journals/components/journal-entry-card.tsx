import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Markdown } from '../../../components/markdown/markdown';
import { cx } from '../../../lib/cx';
import { fullDateTime } from '../../../lib/relative-time';
import { deleteJournal, useUpdateJournal } from '../api/journals';
import { journalKeys } from '../api/keys';
import { useDeferredDelete } from '../deferred-delete';
import { type JournalEntry, visibilityLabel } from '../types';
import { CardActions } from './card-actions';
import styles from './journal.module.css';
import { JournalForm, type JournalValues, toJournalInput } from './journal-form';
import common from './writing.module.css';

function timeOfDay(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

function valuesOf(entry: JournalEntry): JournalValues {
  return {
    content: entry.content,
    bookId: entry.bookId === null ? '' : String(entry.bookId),
    page: entry.page === null ? '' : String(entry.page),
    visibility: entry.visibility,
  };
}

/** One journal entry in a timeline; the owner edits it in place and deletes it with Undo. */
export function JournalEntryCard({ entry, editable }: { entry: JournalEntry; editable: boolean }) {
  const [editing, setEditing] = useState(false);
  const update = useUpdateJournal();
  const deferDelete = useDeferredDelete();
  const queryClient = useQueryClient();

  if (editing) {
    return (
      <article className={cx(common.card, styles.entry)} id={`journal-${entry.id}`}>
        <JournalForm
          initial={valuesOf(entry)}
          draftKey={`journal:${entry.id}`}
          label="Edit journal entry"
          contentLabel="Entry"
          submitLabel="Save changes"
          currentBook={entry.book}
          autoFocus
          onSubmit={async (values) => {
            await update.mutateAsync({ id: entry.id, changes: toJournalInput(values) });
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      </article>
    );
  }

  return (
    <article
      className={cx(common.card, styles.entry)}
      id={`journal-${entry.id}`}
      aria-labelledby={`journal-${entry.id}-time`}
    >
      <header className={styles.entryMeta}>
        <time
          id={`journal-${entry.id}-time`}
          dateTime={entry.createdAt}
          title={fullDateTime(entry.createdAt)}
        >
          {timeOfDay(entry.createdAt)}
        </time>
        {entry.book ? (
          <span>
            <Link to={`/books/${entry.book.id}`}>{entry.book.title}</Link>
            {entry.page !== null ? `, p. ${entry.page}` : ''}
          </span>
        ) : entry.page !== null ? (
          <span>p. {entry.page}</span>
        ) : null}
        {editable ? <span className={common.badge}>{visibilityLabel(entry.visibility)}</span> : null}
        {entry.updatedAt !== entry.createdAt ? <span className="muted">edited</span> : null}
      </header>
      <Markdown text={entry.content} />
      {editable ? (
        <CardActions
          what={`the entry of ${fullDateTime(entry.createdAt)}`}
          onEdit={() => setEditing(true)}
          onDelete={() =>
            deferDelete({
              kind: 'journal',
              id: entry.id,
              message: 'Journal entry deleted.',
              remove: (keepalive) => deleteJournal(entry.id, keepalive),
              afterRemove: () => queryClient.invalidateQueries({ queryKey: journalKeys.all }),
            })
          }
        />
      ) : null}
    </article>
  );
}
