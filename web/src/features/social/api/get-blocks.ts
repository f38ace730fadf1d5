import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiResponse } from '../../../lib/api-schema';

export type BlockList = ApiResponse<'/api/me/blocks', 'get'>;

export function getBlocks(): Promise<BlockList> {
  return apiRequest<BlockList>('/api/me/blocks?limit=100');
}

export function blocksQueryOptions() {
  return queryOptions({ queryKey: ['users', 'me', 'blocks'], queryFn: getBlocks });
}

export function useBlocks() {
  return useQuery(blocksQueryOptions());
}
