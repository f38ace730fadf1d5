export const bookKeys = {
  all: ['books'] as const,
  search: (query: string) => ['books', 'search', query] as const,
  detail: (id: number) => ['books', 'detail', id] as const,
};
