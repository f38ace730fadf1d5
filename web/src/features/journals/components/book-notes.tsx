import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { Button } from '../../../components/ui/button';
import { LoadingRegion, Skeleton } from '../../../components/ui/skeleton';
import { readDraft } from '../../../lib/local-draft';
import { useBookNotes, useCreateNote } from '../api/notes';
import { useIsHidden } from '../deferred-delete';
import { NoteCard } from './note-card';
import { EMPTY_NOTE, NoteForm, toNoteChanges } from './note-form';
import styles from './notes.module.css';

/** After the notes load, bring the one named in the address (#note-12) into view. */
function useScrollToNote(ready: boolean) {
  const { hash } = useLocation();
  useEffect(() => {
    if (!ready || !hash.startsWith('#note-')) return;
    const target = document.getElementById(hash.slice(1));
    if (!target) return;
    target.scrollIntoView({ block: 'center' });
    target.tabIndex = -1;
    target.focus({ preventScroll: true });
  }, [ready, hash]);
}

/** The reader's notes and quotes on a book page, in page order. */
export function BookNotes({ bookId }: { bookId: number }) {
  const notes = useBookNotes(bookId);
  const create = useCreateNote();
  const isHidden = useIsHidden();
  // A note typed earlier and never saved opens the form again.
  const [adding, setAdding] = useState(() => readDraft(`note:new:${bookId}`) !== null);
  const items = (notes.data?.pages.flatMap((page) => page.items) ?? []).filter(
    (note) => !isHidden('note', note.id),
  );
  useScrollToNote(notes.isSuccess);

  return (
    <section id="notes" className={styles.bookNotes} aria-labelledby="notes-heading">
      <div className={styles.bookNotesHeader}>
        <h2 id="notes-heading">Your notes and quotes</h2>
        {adding ? null : (
          <Button variant="secondary" onClick={() => setAdding(true)}>
            Add a note
          </Button>
        )}
      </div>
      {adding ? (
        <NoteForm
          initial={EMPTY_NOTE}
          draftKey={`note:new:${bookId}`}
          label="New note"
          submitLabel="Save note"
          autoFocus
          onSubmit={async (values) => {
            await create.mutateAsync({ bookId, ...toNoteChanges(values) });
            setAdding(false);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : null}
      {notes.isPending ? (
        <LoadingRegion label="Loading your notes…">
          <Skeleton width="60%" />
          <Skeleton width="80%" />
        </LoadingRegion>
      ) : notes.isError ? (
        <p role="alert">Your notes could not be loaded: {notes.error.message}</p>
      ) : items.length === 0 ? (
        adding ? null : (
          <p className="muted">
            Keep the passages you want to remember, with their page, and attach a photo of the page or a PDF.
          </p>
        )
      ) : (
        <ul className={styles.noteList}>
          {items.map((note) => (
            <li key={note.id}>
              <NoteCard note={note} />
            </li>
          ))}
        </ul>
      )}
      {notes.hasNextPage ? (
        <Button
          variant="secondary"
          busy={notes.isFetchingNextPage}
          onClick={() => void notes.fetchNextPage()}
        >
          Show more notes
        </Button>
      ) : null}
    </section>
  );
}
