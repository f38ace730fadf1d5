import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { apiRequest } from '../../../lib/api-client';
import type { ImportJob } from '../types';
import { importsQueryKey } from './list-imports';

export function getImport(id: number): Promise<ImportJob> {
  return apiRequest<ImportJob>(`/api/imports/${id}`);
}

const finished = (job: ImportJob | undefined) => job?.status === 'done' || job?.status === 'failed';

export const importQueryOptions = (id: number) =>
  queryOptions({
    queryKey: [...importsQueryKey, id],
    queryFn: () => getImport(id),
    // Poll while the job runs; stop once it has ended.
    refetchInterval: (query) => (finished(query.state.data) ? false : 500),
  });

/** One import, refreshed every half second until it is done or failed. */
export function useImport(id: number | null) {
  const queryClient = useQueryClient();
  const query = useQuery({ ...importQueryOptions(id ?? 0), enabled: id !== null });
  const done = finished(query.data);
  useEffect(() => {
    if (!done) return;
    // The shelves, stats and the list of past imports changed.
    void queryClient.invalidateQueries({ queryKey: ['library'] });
    void queryClient.invalidateQueries({ queryKey: ['stats'] });
    void queryClient.invalidateQueries({ queryKey: importsQueryKey, exact: true });
  }, [done, queryClient]);
  return query;
}
