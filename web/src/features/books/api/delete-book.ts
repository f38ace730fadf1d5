import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { bookKeys } from './keys';

export function deleteBook(id: number): Promise<void> {
  return apiRequest<void>(`/api/books/${id}`, { method: 'DELETE' });
}

/** Deletes a book the reader added by hand, with their entry and notes of it. */
export function useDeleteBook(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteBook(id),
    onSuccess: async () => {
      // The book's own page is still on screen here: dropping its query now would make it ask for
      // the deleted book (a 404). The page drops it once it has moved on (forgetDeletedBook).
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['books', 'search'] }),
        queryClient.invalidateQueries({ queryKey: ['library'] }),
      ]);
    },
  });
}

/** After leaving a deleted book's page: its cached answer goes too. */
export function forgetDeletedBook(queryClient: QueryClient, id: number): void {
  queryClient.removeQueries({ queryKey: bookKeys.detail(id) });
}
