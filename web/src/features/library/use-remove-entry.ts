import { useToast } from '../../components/ui/toast';
import { useDeleteEntry } from './api/delete-entry';
import { useRestoreEntry } from './api/restore-entry';
import type { EntrySummary } from './types';

/**
 * Removes an entry at once and offers Undo, which shelves the book again with everything it had.
 * Promises rather than mutate() callbacks: the editor that asked is gone by the time the delete
 * lands, and Undo is pressed long after, and callbacks of an unmounted caller never run.
 */
export function useRemoveEntry() {
  const remove = useDeleteEntry();
  const restore = useRestoreEntry();
  const toast = useToast();

  function undo(entry: EntrySummary, title: string) {
    restore.mutateAsync(entry).then(
      () => toast.show(`“${title}” is back on your shelf.`),
      (error: Error) => toast.show(`Could not put it back: ${error.message}`, 'error'),
    );
  }

  /** `deleteNotes`: the reader chose to delete their notes on the book too (Undo cannot bring those back). */
  function removeEntry(entry: EntrySummary, title: string, deleteNotes = false) {
    remove.mutateAsync({ entry, deleteNotes }).then(
      () => {
        const notes = deleteNotes ? ' Your notes on it are deleted; Undo puts back the book only.' : '';
        toast.show(`Removed “${title}” from your library.${notes}`, 'info', {
          action: { label: 'Undo', onAction: () => undo(entry, title) },
        });
      },
      (error: Error) => toast.show(error.message, 'error'),
    );
  }

  return { removeEntry, isRemoving: remove.isPending, isRestoring: restore.isPending };
}
