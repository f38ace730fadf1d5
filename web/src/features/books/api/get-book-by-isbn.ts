import { apiRequest } from '../../../lib/api-client';
import type { CatalogBook } from '../types';

/** From the catalog or a provider (which stores it). 400 for a bad check digit, 404 when nobody knows it. */
export function getBookByIsbn(isbn: string, signal?: AbortSignal): Promise<CatalogBook> {
  return apiRequest<CatalogBook>(`/api/books/isbn/${encodeURIComponent(isbn)}`, { signal });
}
