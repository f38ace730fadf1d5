import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiBody } from '../../../lib/api-schema';
import type { CatalogBook } from '../types';
import { bookKeys } from './keys';

export type UpdateBookInput = ApiBody<'/api/books/{id}', 'patch'>;

export function updateBook(id: number, input: UpdateBookInput): Promise<CatalogBook> {
  return apiRequest<CatalogBook>(`/api/books/${id}`, { method: 'PATCH', json: { ...input } });
}

/** Edits a book the reader added by hand; every list that shows it is asked again. */
export function useUpdateBook(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateBookInput) => updateBook(id, input),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: bookKeys.detail(id) }),
        queryClient.invalidateQueries({ queryKey: ['books', 'search'] }),
        queryClient.invalidateQueries({ queryKey: ['library'] }),
      ]);
    },
  });
}
