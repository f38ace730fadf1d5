import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiResponse } from '../../../lib/api-schema';
import { libraryKeys } from './keys';

type TagList = ApiResponse<'/api/library/tags', 'get'>;
export type TagCount = TagList['items'][number];

export function getLibraryTags(signal?: AbortSignal): Promise<TagList> {
  return apiRequest<TagList>('/api/library/tags', { signal });
}

export const libraryTagsQueryOptions = queryOptions({
  queryKey: libraryKeys.tags,
  queryFn: ({ signal }) => getLibraryTags(signal),
  select: (data) => data.items,
});

export function useLibraryTags() {
  return useQuery(libraryTagsQueryOptions);
}
