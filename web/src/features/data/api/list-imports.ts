import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ImportPage } from '../types';

export const importsQueryKey = ['imports'] as const;

export function listImports(): Promise<ImportPage> {
  return apiRequest<ImportPage>('/api/imports?limit=10');
}

export const importsQueryOptions = queryOptions({ queryKey: importsQueryKey, queryFn: listImports });

export function useImports() {
  return useQuery(importsQueryOptions);
}
