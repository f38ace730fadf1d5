import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiBody } from '../../../lib/api-schema';
import type { CatalogBook } from '../types';

export type CreateBookInput = ApiBody<'/api/books', 'post'>;

export function createBook(input: CreateBookInput): Promise<CatalogBook> {
  return apiRequest<CatalogBook>('/api/books', { method: 'POST', json: { ...input } });
}

export function useCreateBook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createBook,
    onSuccess: async () => {
      // Searches answered before this book existed would not show it.
      await queryClient.invalidateQueries({ queryKey: ['books', 'search'] });
    },
  });
}
