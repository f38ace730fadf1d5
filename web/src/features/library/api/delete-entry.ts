import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { EntrySummary } from '../types';
import { invalidateLibrary, setBookEntry } from './sync-entry';

/** Removes an entry; the reader's notes on the book stay unless `deleteNotes` (then they go, files too). */
export function deleteEntry(entry: Pick<EntrySummary, 'id'>, deleteNotes = false): Promise<void> {
  const query = deleteNotes ? '?deleteNotes=true' : '';
  return apiRequest<void>(`/api/library/${entry.id}${query}`, { method: 'DELETE' });
}

export function useDeleteEntry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ entry, deleteNotes }: { entry: EntrySummary; deleteNotes: boolean }) =>
      deleteEntry(entry, deleteNotes),
    onSuccess: async (_nothing, { entry, deleteNotes }) => {
      setBookEntry(queryClient, entry.bookId, null);
      await invalidateLibrary(queryClient);
      if (deleteNotes) await queryClient.invalidateQueries({ queryKey: ['notes'] });
    },
  });
}
