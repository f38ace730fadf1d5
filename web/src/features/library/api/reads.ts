import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiBody } from '../../../lib/api-schema';
import { bookKeys } from '../../books/api/keys';
import type { Read } from '../types';
import { invalidateLibrary } from './sync-entry';

export type ReadDates = ApiBody<'/api/library/{id}/reads', 'post'>;

interface ReadTarget {
  entryId: number;
  bookId: number;
}

export function addRead({ entryId, dates }: ReadTarget & { dates: ReadDates }): Promise<Read> {
  return apiRequest<Read>(`/api/library/${entryId}/reads`, { method: 'POST', json: { ...dates } });
}

export function updateRead({
  entryId,
  readId,
  dates,
}: ReadTarget & { readId: number; dates: ReadDates }): Promise<Read> {
  return apiRequest<Read>(`/api/library/${entryId}/reads/${readId}`, {
    method: 'PATCH',
    json: { ...dates },
  });
}

export function deleteRead({ entryId, readId }: ReadTarget & { readId: number }): Promise<void> {
  return apiRequest<void>(`/api/library/${entryId}/reads/${readId}`, { method: 'DELETE' });
}

/** A reread changes the entry (and its place when sorted by update), so both are fetched again. */
function useReadMutation<Input extends ReadTarget, Output>(mutationFn: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async (_result, input) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: bookKeys.detail(input.bookId) }),
        invalidateLibrary(queryClient),
      ]);
    },
  });
}

export const useAddRead = () => useReadMutation(addRead);
export const useUpdateRead = () => useReadMutation(updateRead);
export const useDeleteRead = () => useReadMutation(deleteRead);
