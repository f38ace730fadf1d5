import type { BookFormat, LibrarySort, Ownership, ReadingStatus, SortOrder } from '../types';

export interface LibraryFilters {
  status?: ReadingStatus | undefined;
  format?: BookFormat | undefined;
  ownership?: Ownership | undefined;
  tag?: string | undefined;
  q?: string | undefined;
  sort?: LibrarySort | undefined;
  order?: SortOrder | undefined;
}

export const libraryKeys = {
  all: ['library'] as const,
  lists: ['library', 'list'] as const,
  list: (filters: LibraryFilters) => ['library', 'list', filters] as const,
  counts: ['library', 'counts'] as const,
  tags: ['library', 'tags'] as const,
};
