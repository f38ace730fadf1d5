import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { type Entry, type EntryFields, withoutBook } from '../types';
import { invalidateLibrary, setBookEntry } from './sync-entry';

export interface UpdateEntryInput {
  id: number;
  changes: EntryFields;
}

export function updateEntry({ id, changes }: UpdateEntryInput): Promise<Entry> {
  return apiRequest<Entry>(`/api/library/${id}`, { method: 'PATCH', json: { ...changes } });
}

export function useUpdateEntry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateEntry,
    // Sent one at a time in the order made. Offline, useSaveEntry does not call this: the change
    // goes to the device's offline queue instead (lib/offline-queue.ts).
    scope: { id: 'library-entry-updates' },
    onSuccess: async (entry) => {
      setBookEntry(queryClient, entry.book.id, withoutBook(entry));
      await invalidateLibrary(queryClient);
    },
  });
}
