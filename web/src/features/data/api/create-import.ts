import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ImportSource } from '../types';
import { importsQueryKey } from './list-imports';

export function createImport(input: {
  source: ImportSource;
  file: File;
}): Promise<{ id: number; status: string }> {
  const formData = new FormData();
  // The source goes before the file: the server reads the fields that precede it.
  formData.append('source', input.source);
  formData.append('file', input.file, input.file.name);
  return apiRequest('/api/imports', { method: 'POST', formData });
}

export function useCreateImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createImport,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: importsQueryKey });
    },
  });
}
