import { useMutation, useQueryClient } from '@tanstack/react-query';
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
      queryClient.removeQueries({ queryKey: bookKeys.detail(id) });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['books', 'search'] }),
        queryClient.invalidateQueries({ queryKey: ['library'] }),
      ]);
    },
  });
}
