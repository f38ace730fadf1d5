import { isbn10To13, isbn13To10, isValidIsbn10, isValidIsbn13, normalizeIsbn } from '../isbn.ts';
import { fetchJson } from './http.ts';
import {
  asArray,
  asText,
  httpsUrl,
  isObject,
  type Json,
  languageCode,
  looseDate,
  names,
  plainText,
  positiveInt,
  textValue,
} from './parse.ts';
import { type BookProvider, type ProviderBook, ProviderError } from './provider.ts';

export interface OpenLibraryOptions {
  baseUrl: string;
  timeoutMs: number;
  coversUrl?: string;
}

const SEARCH_FIELDS = [
  'key',
  'title',
  'subtitle',
  'author_name',
  'isbn',
  'number_of_pages_median',
  'first_publish_year',
  'publisher',
  'language',
  'subject',
  'cover_i',
].join(',');

/** How many of a work's edition ISBNs are kept to recognise it across sources. */
const MAX_MATCH_ISBNS = 50;

/**
 * Open Library: `/search.json` answers with works (all editions folded together; `isbn` lists every
 * edition's ISBN), `/api/books?jscmd=data` with one edition. Keys come as `/works/OL…W` or bare
 * `OL…W`; descriptions as text or `{type, value}`; dates as free text.
 */
export class OpenLibraryProvider implements BookProvider {
  readonly name = 'openlibrary' as const;
  readonly #options: OpenLibraryOptions;
  readonly #coversUrl: string;

  constructor(options: OpenLibraryOptions) {
    this.#options = options;
    this.#coversUrl = options.coversUrl ?? 'https://covers.openlibrary.org';
  }

  async #search(q: string, limit: number, signal?: AbortSignal): Promise<ProviderBook[]> {
    const params = new URLSearchParams({
      q,
      limit: String(Math.min(Math.max(limit, 1), 100)),
      fields: SEARCH_FIELDS,
    });
    const body = await fetchJson(this.name, `${this.#options.baseUrl}/search.json?${params}`, {
      timeoutMs: this.#options.timeoutMs,
      signal,
    });
    if (!isObject(body)) throw new ProviderError(this.name, 'openlibrary answered with an unexpected body');
    const books: ProviderBook[] = [];
    for (const doc of asArray(body.docs)) {
      const book = this.parseSearchDoc(doc);
      if (book) books.push(book);
    }
    return books;
  }

  async #edition(bibkey: string, signal?: AbortSignal): Promise<ProviderBook | null> {
    const params = new URLSearchParams({ bibkeys: bibkey, format: 'json', jscmd: 'data' });
    const body = await fetchJson(this.name, `${this.#options.baseUrl}/api/books?${params}`, {
      timeoutMs: this.#options.timeoutMs,
      signal,
    });
    if (!isObject(body)) throw new ProviderError(this.name, 'openlibrary answered with an unexpected body');
    // Unknown bibkeys are simply absent: `{}`.
    return this.parseEdition(body[bibkey]);
  }

  search(query: string, limit: number, signal?: AbortSignal): Promise<ProviderBook[]> {
    return this.#search(query, limit, signal);
  }

  byIsbn(isbn13: string, signal?: AbortSignal): Promise<ProviderBook | null> {
    return this.#edition(`ISBN:${isbn13}`, signal);
  }

  async byId(sourceId: string, signal?: AbortSignal): Promise<ProviderBook | null> {
    if (/^OL\d+M$/.test(sourceId)) return this.#edition(`OLID:${sourceId}`, signal);
    if (/^OL\d+W$/.test(sourceId)) {
      const [work] = await this.#search(`key:"/works/${sourceId}"`, 1, signal);
      return work?.sourceId === sourceId ? work : null;
    }
    return null;
  }

  #cover(id: unknown): string | null {
    return typeof id === 'number' && Number.isInteger(id) && id > 0
      ? `${this.#coversUrl}/b/id/${id}-M.jpg`
      : null;
  }

  /** One `search.json` doc (a work) → a ProviderBook. */
  parseSearchDoc(doc: unknown): ProviderBook | null {
    if (!isObject(doc)) return null;
    const key = workOrEditionKey(doc.key);
    const title = asText(doc.title, 500);
    if (!key || !title) return null;
    const isbns = isbnSet(asArray(doc.isbn));
    const first = isbns.isbn13s[0] ?? null;
    return {
      source: 'openlibrary',
      sourceId: key,
      title,
      subtitle: asText(doc.subtitle, 500),
      authors: names(doc.author_name),
      isbn13: first,
      isbn10: isbns.isbn10For(first),
      matchIsbn13s: isbns.isbn13s.slice(0, MAX_MATCH_ISBNS),
      pageCount: positiveInt(doc.number_of_pages_median),
      publishedDate: looseDate(doc.first_publish_year),
      publisher: names(doc.publisher, 1)[0] ?? null,
      description: plainText(textValue(doc.description) ?? textValue(doc.first_sentence)),
      language: languageCode(asArray(doc.language)[0]),
      categories: names(doc.subject, 10),
      coverUrl: this.#cover(doc.cover_i),
    };
  }

  /** One `/api/books?jscmd=data` entry (an edition) → a ProviderBook. */
  parseEdition(entry: unknown): ProviderBook | null {
    if (!isObject(entry)) return null;
    const ids = isObject(entry.identifiers) ? entry.identifiers : {};
    const key = workOrEditionKey(entry.key) ?? asText(asArray(ids.openlibrary)[0], 40);
    const title = asText(entry.title, 500);
    if (!key || !title) return null;
    const isbns = isbnSet([
      ...asArray(ids.isbn_13),
      ...asArray(ids.isbn_10),
      ...asArray(entry.isbn_13),
      ...asArray(entry.isbn_10),
    ]);
    const first = isbns.isbn13s[0] ?? null;
    const cover: Json = isObject(entry.cover) ? entry.cover : {};
    return {
      source: 'openlibrary',
      sourceId: key,
      title,
      subtitle: asText(entry.subtitle, 500),
      authors: names(entry.authors),
      isbn13: first,
      isbn10: isbns.isbn10For(first),
      matchIsbn13s: isbns.isbn13s.slice(0, MAX_MATCH_ISBNS),
      pageCount: positiveInt(entry.number_of_pages),
      publishedDate: looseDate(entry.publish_date),
      publisher: names(entry.publishers, 1)[0] ?? null,
      description: plainText(textValue(entry.description)),
      language: languageCode(
        isObject(asArray(entry.languages)[0]) ? (asArray(entry.languages)[0] as Json).key : null,
      ),
      categories: names(entry.subjects, 10),
      coverUrl:
        httpsUrl(cover.medium) ??
        httpsUrl(cover.large) ??
        httpsUrl(cover.small) ??
        this.#cover(asArray(entry.covers)[0]),
    };
  }
}

/** `/works/OL45883W`, `/books/OL7353617M` or bare `OL45883W` → `OL45883W`. */
function workOrEditionKey(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(?:\/(?:works|books)\/)?(OL\d+[WM])$/.exec(value.trim());
  return match ? (match[1] as string) : null;
}

/** The valid ISBNs of a list, as ISBN-13s in order, remembering which ISBN-10 each came from. */
function isbnSet(values: unknown[]) {
  const isbn13s: string[] = [];
  const seen = new Set<string>();
  const tens = new Map<string, string>();
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const isbn = normalizeIsbn(value);
    let isbn13: string | null = null;
    if (isbn.length === 13 && isValidIsbn13(isbn)) isbn13 = isbn;
    else if (isbn.length === 10 && isValidIsbn10(isbn)) {
      isbn13 = isbn10To13(isbn);
      tens.set(isbn13, isbn);
    }
    if (isbn13 && !seen.has(isbn13)) {
      seen.add(isbn13);
      isbn13s.push(isbn13);
    }
  }
  return {
    isbn13s,
    isbn10For: (isbn13: string | null) => (isbn13 === null ? null : (tens.get(isbn13) ?? isbn13To10(isbn13))),
  };
}
