import type { ApiResponse } from '../../lib/api-schema';

export type SearchResponse = ApiResponse<'/api/books/search', 'get'>;
/** A book as the API shows it; `id` is null for a provider result the catalog does not hold yet. */
export type Book = SearchResponse['items'][number];
export type BookSource = Book['source'];
export type ProviderStatus = NonNullable<SearchResponse['providers']>[number];
export type ProviderName = ProviderStatus['name'];
/** A book the catalog holds, with the caller's entry for it when there is one (GET /api/books/:id). */
export type CatalogBookDetail = ApiResponse<'/api/books/{id}', 'get'>;
/** A book the catalog holds, so it has an id. */
export type CatalogBook = ApiResponse<'/api/library/{id}', 'get'>['book'];

const PROVIDER_NAMES: Record<string, string> = { google: 'Google Books', openlibrary: 'Open Library' };

export function providerLabel(name: string): string {
  return PROVIDER_NAMES[name] ?? name;
}

export function authorsOf(book: Pick<Book, 'authors'>): string {
  const { authors } = book;
  if (authors.length === 0) return 'Unknown author';
  if (authors.length <= 2) return authors.join(' and ');
  return `${authors.slice(0, -1).join(', ')} and ${authors[authors.length - 1]}`;
}

/** A stable key for a search result, whether or not the catalog holds it yet. */
export function bookKey(book: Book): string {
  if (book.id !== null) return `id:${book.id}`;
  return `${book.source}:${book.sourceId ?? book.isbn13 ?? book.title}`;
}
