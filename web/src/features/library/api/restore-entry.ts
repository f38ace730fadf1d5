import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { bookKeys } from '../../books/api/keys';
import { type Entry, type EntrySummary, entryFieldsOf, withoutBook } from '../types';
import { addToLibrary } from './add-to-library';
import { invalidateLibrary, setBookEntry } from './sync-entry';

/**
 * The undo after a delete: shelves the book again with every field the entry had, then its
 * rereads. Only the dates it was added and last changed are new.
 */
export async function restoreEntry(entry: EntrySummary): Promise<Entry> {
  const restored = await addToLibrary({ bookId: entry.bookId, ...entryFieldsOf(entry) });
  if (entry.reads.length === 0) return restored;
  const reads = [];
  for (const read of entry.reads) {
    reads.push(
      await apiRequest<EntrySummary['reads'][number]>(`/api/library/${restored.id}/reads`, {
        method: 'POST',
        json: { startedOn: read.startedOn, finishedOn: read.finishedOn },
      }),
    );
  }
  return { ...restored, reads };
}

export function useRestoreEntry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: restoreEntry,
    onSuccess: async (entry) => {
      setBookEntry(queryClient, entry.book.id, withoutBook(entry));
      await Promise.all([
        invalidateLibrary(queryClient),
        queryClient.invalidateQueries({ queryKey: bookKeys.detail(entry.book.id) }),
      ]);
    },
  });
}
