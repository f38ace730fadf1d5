import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { EntrySummary } from '../types';
import { invalidateLibrary, setBookEntry } from './sync-entry';

export function deleteEntry(entry: Pick<EntrySummary, 'id'>): Promise<void> {
  return apiRequest<void>(`/api/library/${entry.id}`, { method: 'DELETE' });
}

export function useDeleteEntry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (entry: EntrySummary) => deleteEntry(entry),
    onSuccess: async (_nothing, entry) => {
      setBookEntry(queryClient, entry.bookId, null);
      await invalidateLibrary(queryClient);
    },
  });
}
