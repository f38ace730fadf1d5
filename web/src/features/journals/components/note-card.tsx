import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Markdown } from '../../../components/markdown/markdown';
import { cx } from '../../../lib/cx';
import { noteKeys } from '../api/keys';
import { deleteNote, useUpdateNote } from '../api/notes';
import { useDeferredDelete } from '../deferred-delete';
import { type Note, visibilityLabel } from '../types';
import { CardActions } from './card-actions';
import { NoteAttachments } from './note-attachments';
import { NoteForm, noteValuesOf, toNoteChanges } from './note-form';
import styles from './notes.module.css';
import common from './writing.module.css';

function whereOf(note: Note): string | null {
  if (note.page !== null) return `Page ${note.page}`;
  if (note.location) return note.location;
  return null;
}

/** One of the reader's notes on a book: the quote as a quote, where it is, the words, the files. */
export function NoteCard({ note }: { note: Note }) {
  const [editing, setEditing] = useState(false);
  const update = useUpdateNote();
  const deferDelete = useDeferredDelete();
  const queryClient = useQueryClient();
  const where = whereOf(note);
  const name = where ?? 'without a page';

  if (editing) {
    return (
      <article className={cx(common.card, styles.note)} id={`note-${note.id}`}>
        <NoteForm
          initial={noteValuesOf(note)}
          draftKey={`note:${note.id}`}
          label="Edit note"
          submitLabel="Save changes"
          autoFocus
          onSubmit={async (values) => {
            await update.mutateAsync({ id: note.id, changes: toNoteChanges(values) });
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      </article>
    );
  }

  return (
    <article className={cx(common.card, styles.note)} id={`note-${note.id}`} aria-label={`Note, ${name}`}>
      <header className={styles.noteMeta}>
        {where ? <span className={styles.where}>{where}</span> : null}
        <span className={common.badge}>{visibilityLabel(note.visibility)}</span>
      </header>
      {note.quote ? (
        <blockquote className={styles.quote}>
          <p>{note.quote}</p>
        </blockquote>
      ) : null}
      {note.content ? <Markdown text={note.content} /> : null}
      <NoteAttachments note={note} />
      <CardActions
        what={`note, ${name}`}
        onEdit={() => setEditing(true)}
        onDelete={() =>
          deferDelete({
            kind: 'note',
            id: note.id,
            message: 'Note deleted.',
            remove: (keepalive) => deleteNote(note.id, keepalive),
            afterRemove: () => queryClient.invalidateQueries({ queryKey: noteKeys.ofBook(note.bookId) }),
          })
        }
      />
    </article>
  );
}
