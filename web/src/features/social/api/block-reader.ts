import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

export function setBlocked(username: string, block: boolean): Promise<void> {
  return apiRequest<void>(`/api/users/${encodeURIComponent(username)}/block`, {
    method: block ? 'PUT' : 'DELETE',
  });
}

export function useBlockReader(username: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (block: boolean) => setBlocked(username, block),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['users'] });
      void client.invalidateQueries({ queryKey: ['feed'] });
    },
  });
}
