import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { Goal, GoalInput } from '../types';
import { goalQueryKey } from './get-goal';

export function setGoal(year: number, input: GoalInput): Promise<Goal> {
  return apiRequest<Goal>(`/api/goals/${year}`, { method: 'PUT', json: input });
}

export function deleteGoal(year: number): Promise<void> {
  return apiRequest<void>(`/api/goals/${year}`, { method: 'DELETE' });
}

export function useSetGoal(year: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: GoalInput) => setGoal(year, input),
    onSuccess: (goal) => queryClient.setQueryData(goalQueryKey(year), goal),
  });
}

export function useDeleteGoal(year: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteGoal(year),
    onSuccess: () => queryClient.setQueryData(goalQueryKey(year), null),
  });
}
