export const journalKeys = {
  all: ['journals'] as const,
  mine: ['journals', 'mine'] as const,
  ofUser: (username: string) => ['journals', 'user', username] as const,
  bookOptions: ['journals', 'book-options'] as const,
  search: (q: string) => ['journals', 'search', q] as const,
};

export const noteKeys = {
  all: ['notes'] as const,
  ofBook: (bookId: number) => ['notes', 'book', bookId] as const,
};
