import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { Goal } from '../types';

export const goalQueryKey = (year: number) => ['stats', 'goal', year] as const;

/** The caller's goal for a year, or null when none is set (asked as a list, so no 404 is logged). */
export async function getGoal(year: number): Promise<Goal | null> {
  const { items } = await apiRequest<{ items: Goal[] }>(`/api/goals?year=${year}`);
  return items[0] ?? null;
}

export const goalQueryOptions = (year: number) =>
  queryOptions({ queryKey: goalQueryKey(year), queryFn: () => getGoal(year) });

export function useGoal(year: number) {
  return useQuery(goalQueryOptions(year));
}
