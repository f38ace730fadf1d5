import { onlineManager } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { idleSaveState, type SaveState } from '../../../components/ui/save-status';
import { useToast } from '../../../components/ui/toast';
import { enqueueChange } from '../../../lib/offline-queue';
import { useMe } from '../../account/api/get-me';
import { useUpdateEntry } from '../api/update-entry';
import type { Entry, EntryFields } from '../types';

interface SaveOptions {
  /** The short confirmation, like "Rated 4 stars."; none when the part's own status line speaks. */
  success?: string | ((entry: Entry) => string);
  onSuccess?: (entry: Entry) => void;
  /** Puts back what the change replaced; the confirmation then offers Undo. */
  undo?: () => void;
  /** Forms show field errors themselves; everything else gets an error toast. */
  onError?: (error: Error) => void;
}

/**
 * One PATCH per part of the editor, so each shows its own progress and errors: `state` is that
 * part's Saving… / Saved / Not saved line, `retry` sends its last change again.
 */
export function useSaveEntry(entry: { id: number; updatedAt: string }) {
  const entryId = entry.id;
  const update = useUpdateEntry();
  const me = useMe();
  const toast = useToast();
  const [state, setState] = useState<SaveState>(idleSaveState);
  const last = useRef<{ changes: EntryFields; options: SaveOptions } | null>(null);
  const sequence = useRef(0);

  function save(changes: EntryFields, options: SaveOptions = {}) {
    last.current = { changes, options };
    const mine = ++sequence.current;
    const latest = () => mine === sequence.current;
    const userId = me.data?.id;
    if (!onlineManager.isOnline() && userId !== undefined) {
      // Offline: the change waits in this browser (it survives a reload) and is sent when the
      // connection is back, unless the entry changed on the server meanwhile (see OfflineReplayer).
      enqueueChange({ userId, entryId, changes: { ...changes }, baseUpdatedAt: entry.updatedAt });
      setState({ kind: 'queued' });
      if (!options.onError) {
        toast.show(
          'You are offline: this change is kept on this device and saved when you are back online.',
          'info',
        );
      }
      return;
    }
    setState({ kind: 'saving' });
    // The promise, not mutate()'s callbacks: those are dropped when the control that saved has gone
    // (a book leaving the Reading strip), and the confirmation with its Undo must still show.
    update.mutateAsync({ id: entryId, changes }).then(
      (entry) => {
        if (latest()) setState({ kind: 'saved' });
        const message = typeof options.success === 'function' ? options.success(entry) : options.success;
        const { undo } = options;
        if (message)
          toast.show(message, 'success', undo ? { action: { label: 'Undo', onAction: undo } } : {});
        options.onSuccess?.(entry);
      },
      (error: Error) => {
        if (latest()) setState({ kind: 'error', message: error.message });
        if (options.onError) options.onError(error);
        else toast.show(error.message, 'error');
      },
    );
  }

  function retry() {
    if (last.current) save(last.current.changes, last.current.options);
  }

  return {
    save,
    retry,
    state,
    /** For a part that checks its fields before saving. */
    setState,
    isSaving: update.isPending,
    variables: update.variables,
  };
}
