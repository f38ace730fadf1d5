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
    // Safe to replay: offline, the change waits on this device and is sent when the connection
    // is back, one at a time in the order made (the last word wins, as it would have online).
    networkMode: 'online',
    scope: { id: 'library-entry-updates' },
    onSuccess: async (entry) => {
      setBookEntry(queryClient, entry.book.id, withoutBook(entry));
      await invalidateLibrary(queryClient);
    },
  });
}
