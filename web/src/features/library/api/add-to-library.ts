import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { type Entry, type EntryFields, withoutBook } from '../types';
import { invalidateLibrary, setBookEntry } from './sync-entry';

/** Which book to shelve: one the catalog holds, an ISBN, or a provider's record. */
export type BookRef = { bookId: number } | { isbn: string } | { source: string; sourceId: string };

export type AddToLibraryInput = BookRef & EntryFields;

export function addToLibrary(input: AddToLibraryInput): Promise<Entry> {
  return apiRequest<Entry>('/api/library', { method: 'POST', json: { ...input } });
}

export function useAddToLibrary() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: addToLibrary,
    onSuccess: async (entry) => {
      setBookEntry(queryClient, entry.book.id, withoutBook(entry));
      await invalidateLibrary(queryClient);
    },
  });
}
