import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiResponse } from '../../../lib/api-schema';
import { meQueryKey } from './get-me';

export type IdentityList = ApiResponse<'/api/me/identities', 'get'>;

const identitiesKey = ['me', 'identities'] as const;

export function useIdentities() {
  return useQuery(
    queryOptions({ queryKey: identitiesKey, queryFn: () => apiRequest<IdentityList>('/api/me/identities') }),
  );
}

export function useUnlinkIdentity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiRequest<void>(`/api/me/identities/${id}`, { method: 'DELETE' }),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: identitiesKey });
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}
