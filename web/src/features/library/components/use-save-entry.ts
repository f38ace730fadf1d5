import { onlineManager } from '@tanstack/react-query';
import { useToast } from '../../../components/ui/toast';
import { useUpdateEntry } from '../api/update-entry';
import type { Entry, EntryFields } from '../types';

interface SaveOptions {
  /** The short confirmation, like "Review saved."; none when the control speaks for itself. */
  success?: string | ((entry: Entry) => string);
  onSuccess?: (entry: Entry) => void;
  /** Puts back what the change replaced; the confirmation then offers Undo. */
  undo?: () => void;
  /** Forms show field errors themselves; everything else gets an error toast. */
  onError?: (error: Error) => void;
}

/** One PATCH per part of the editor, so each shows its own progress and errors. */
export function useSaveEntry(entryId: number) {
  const update = useUpdateEntry();
  const toast = useToast();

  function save(changes: EntryFields, options: SaveOptions = {}) {
    if (!onlineManager.isOnline()) {
      toast.show(
        'You are offline: this change is kept on this device and saved when you are back online.',
        'info',
      );
    }
    // The promise, not mutate()'s callbacks: those are dropped when the control that saved has gone
    // (a book leaving the Reading strip), and the confirmation with its Undo must still show.
    update.mutateAsync({ id: entryId, changes }).then(
      (entry) => {
        const message = typeof options.success === 'function' ? options.success(entry) : options.success;
        const { undo } = options;
        if (message)
          toast.show(message, 'success', undo ? { action: { label: 'Undo', onAction: undo } } : {});
        options.onSuccess?.(entry);
      },
      (error: Error) => {
        if (options.onError) options.onError(error);
        else toast.show(error.message, 'error');
      },
    );
  }

  return { save, isSaving: update.isPending, variables: update.variables };
}
