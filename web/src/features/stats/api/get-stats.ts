import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { Stats } from '../types';

export const statsQueryKey = (year: number | null) => ['stats', year ?? 'all'] as const;

export function getStats(year: number | null): Promise<Stats> {
  return apiRequest<Stats>(year === null ? '/api/stats' : `/api/stats?year=${year}`);
}

export const statsQueryOptions = (year: number | null) =>
  queryOptions({ queryKey: statsQueryKey(year), queryFn: () => getStats(year) });

export function useStats(year: number | null) {
  return useQuery(statsQueryOptions(year));
}
