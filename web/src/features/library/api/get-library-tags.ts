import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { libraryKeys } from './keys';

export interface TagCount {
  tag: string;
  count: number;
}

export function getLibraryTags(signal?: AbortSignal): Promise<{ items: TagCount[] }> {
  return apiRequest<{ items: TagCount[] }>('/api/library/tags', { signal });
}

export const libraryTagsQueryOptions = queryOptions({
  queryKey: libraryKeys.tags,
  queryFn: ({ signal }) => getLibraryTags(signal),
  select: (data) => data.items,
});

export function useLibraryTags() {
  return useQuery(libraryTagsQueryOptions);
}
