import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest, isApiError } from '../../../lib/api-client';
import type { Goal } from '../types';

export const goalQueryKey = (year: number) => ['stats', 'goal', year] as const;

/** The caller's goal for a year, or null when none is set (a 404 is an answer here). */
export async function getGoal(year: number): Promise<Goal | null> {
  try {
    return await apiRequest<Goal>(`/api/goals/${year}`);
  } catch (error) {
    if (isApiError(error) && error.status === 404) return null;
    throw error;
  }
}

export const goalQueryOptions = (year: number) =>
  queryOptions({ queryKey: goalQueryKey(year), queryFn: () => getGoal(year) });

export function useGoal(year: number) {
  return useQuery(goalQueryOptions(year));
}
