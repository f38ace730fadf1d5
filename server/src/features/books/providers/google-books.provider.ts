import { isbn10To13, isbn13To10, isValidIsbn10, isValidIsbn13, normalizeIsbn } from '../isbn.ts';
import { fetchJson } from './http.ts';
import {
  asArray,
  asText,
  httpsUrl,
  isObject,
  isoPartialDate,
  languageCode,
  names,
  plainText,
  positiveInt,
} from './parse.ts';
import { type BookProvider, type ProviderBook, ProviderError } from './provider.ts';

export interface GoogleBooksOptions {
  baseUrl: string;
  apiKey: string | null;
  timeoutMs: number;
}

/**
 * Google Books API v1 (`/volumes`). A volume's `volumeInfo` is sparse: any field may be missing,
 * `items` is absent when nothing matches, and `industryIdentifiers` may hold only an ISBN-10, only
 * other identifiers (`OTHER`, `ISSN`), or nothing at all.
 */
export class GoogleBooksProvider implements BookProvider {
  readonly name = 'google' as const;
  readonly #options: GoogleBooksOptions;

  constructor(options: GoogleBooksOptions) {
    this.#options = options;
  }

  #url(path: string, params: Record<string, string>): string {
    const search = new URLSearchParams(params);
    if (this.#options.apiKey) search.set('key', this.#options.apiKey);
    const query = search.toString();
    return `${this.#options.baseUrl}${path}${query ? `?${query}` : ''}`;
  }

  async #list(q: string, limit: number, signal?: AbortSignal): Promise<ProviderBook[]> {
    const maxResults = String(Math.min(Math.max(limit, 1), 40));
    const body = await fetchJson(this.name, this.#url('/volumes', { q, maxResults, printType: 'books' }), {
      timeoutMs: this.#options.timeoutMs,
      signal,
    });
    if (!isObject(body)) throw new ProviderError(this.name, 'google answered with an unexpected body');
    const books: ProviderBook[] = [];
    for (const item of asArray(body.items)) {
      const book = parseVolume(item);
      if (book) books.push(book);
    }
    return books;
  }

  search(query: string, limit: number, signal?: AbortSignal): Promise<ProviderBook[]> {
    return this.#list(query, limit, signal);
  }

  async byIsbn(isbn13: string, signal?: AbortSignal): Promise<ProviderBook | null> {
    const found = await this.#list(`isbn:${isbn13}`, 5, signal);
    // Google matches either form of the ISBN; keep only a volume that really carries it.
    return found.find((book) => book.isbn13 === isbn13) ?? null;
  }

  async byId(sourceId: string, signal?: AbortSignal): Promise<ProviderBook | null> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(sourceId)) return null;
    const body = await fetchJson(this.name, this.#url(`/volumes/${sourceId}`, {}), {
      timeoutMs: this.#options.timeoutMs,
      signal,
      // Google answers an unknown volume id with 404, or 503 "Service Unavailable" for malformed ones.
      notFoundStatuses: [404],
    });
    return body === null ? null : parseVolume(body);
  }
}

function identifiers(volumeInfo: Record<string, unknown>): { isbn13: string | null; isbn10: string | null } {
  let isbn13: string | null = null;
  let isbn10: string | null = null;
  for (const entry of asArray(volumeInfo.industryIdentifiers)) {
    if (!isObject(entry) || typeof entry.identifier !== 'string') continue;
    const value = normalizeIsbn(entry.identifier);
    if (entry.type === 'ISBN_13' && isValidIsbn13(value)) isbn13 ??= value;
    if (entry.type === 'ISBN_10' && isValidIsbn10(value)) isbn10 ??= value;
  }
  if (isbn13 === null && isbn10 !== null) isbn13 = isbn10To13(isbn10);
  if (isbn10 === null && isbn13 !== null) isbn10 = isbn13To10(isbn13);
  return { isbn13, isbn10 };
}

/** One Google volume → a ProviderBook; null when it lacks an id or a title. */
export function parseVolume(item: unknown): ProviderBook | null {
  if (!isObject(item) || !isObject(item.volumeInfo)) return null;
  const id = asText(item.id, 64);
  const info = item.volumeInfo;
  const title = asText(info.title, 500);
  if (!id || !title) return null;
  const { isbn13, isbn10 } = identifiers(info);
  const images = isObject(info.imageLinks) ? info.imageLinks : {};
  return {
    source: 'google',
    sourceId: id,
    title,
    subtitle: asText(info.subtitle, 500),
    authors: names(info.authors),
    isbn10,
    isbn13,
    matchIsbn13s: isbn13 ? [isbn13] : [],
    pageCount: positiveInt(info.pageCount),
    publishedDate: isoPartialDate(info.publishedDate),
    publisher: asText(info.publisher, 300),
    description: plainText(info.description),
    language: languageCode(info.language),
    categories: names(info.categories),
    coverUrl: httpsUrl(images.thumbnail) ?? httpsUrl(images.smallThumbnail),
  };
}
