import type { Config } from '../../config.ts';
import type { AppDatabase } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { BookSource } from '../../db/tables/books.table.ts';
import { ConflictError, NotFoundError, ServiceUnavailableError, ValidationError } from '../../errors.ts';
import { nowIso } from '../../lib/time.ts';
import { type BookRow, BooksRepository, type NewBookRow } from './books.repository.ts';
import type {
  BookView,
  CreateBookInput,
  ProviderStatusView,
  SearchBookView,
  SearchResultView,
} from './books.schemas.ts';
import {
  isbn10To13,
  isbn13To10,
  isValidIsbn10,
  isValidIsbn13,
  looksLikeIsbn,
  normalizeIsbn,
  parseIsbn,
} from './isbn.ts';
import { CachedProvider } from './providers/cache.ts';
import { GoogleBooksProvider } from './providers/google-books.provider.ts';
import { OpenLibraryProvider } from './providers/open-library.provider.ts';
import { isoPartialDate } from './providers/parse.ts';
import { type ProviderBook, ProviderError } from './providers/provider.ts';
import { bookSearchText, queryTerms, sortAuthor, sortTitle } from './search-text.ts';

type ProviderStatus = ProviderStatusView;
type SearchResult = SearchResultView;

/** How the library (and others) name a book to add: by catalog id, by ISBN, or by provider record. */
export type ResolveBookInput = { bookId: number } | { isbn: string } | { source: string; sourceId: string };

function parseJsonList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** The one presenter of a stored book: every response that shows a book goes through it. */
export function toBook(row: BookRow): BookView {
  return {
    id: row.id,
    title: row.title,
    subtitle: row.subtitle,
    authors: parseJsonList(row.authors),
    isbn10: row.isbn10,
    isbn13: row.isbn13,
    pageCount: row.pageCount,
    publishedDate: row.publishedDate,
    publisher: row.publisher,
    description: row.description,
    language: row.language,
    categories: parseJsonList(row.categories),
    coverUrl: row.coverUrl,
    source: row.source,
    sourceId: row.sourceId,
  };
}

function providerBook(book: ProviderBook): SearchBookView {
  return {
    id: null,
    title: book.title,
    subtitle: book.subtitle,
    authors: book.authors,
    isbn10: book.isbn10,
    isbn13: book.isbn13,
    pageCount: book.pageCount,
    publishedDate: book.publishedDate,
    publisher: book.publisher,
    description: book.description,
    language: book.language,
    categories: book.categories,
    coverUrl: book.coverUrl,
    source: book.source,
    sourceId: book.sourceId,
  };
}

type BookFields = Omit<BookView, 'id' | 'source' | 'sourceId'>;

function newRow(
  fields: BookFields,
  source: BookSource,
  sourceId: string | null,
  createdBy: number | null,
): NewBookRow {
  const now = nowIso();
  return {
    title: fields.title,
    subtitle: fields.subtitle,
    authors: JSON.stringify(fields.authors),
    sortTitle: sortTitle(fields.title),
    sortAuthor: sortAuthor(fields.authors),
    isbn10: fields.isbn10,
    isbn13: fields.isbn13,
    pageCount: fields.pageCount,
    publishedDate: fields.publishedDate,
    publisher: fields.publisher,
    description: fields.description,
    language: fields.language,
    categories: JSON.stringify(fields.categories),
    coverUrl: fields.coverUrl,
    source,
    sourceId,
    searchText: bookSearchText(fields),
    createdBy,
    createdAt: now,
    updatedAt: now,
  };
}

/** Fills what the first provider left out from another record of the same edition. */
function fillGaps(primary: ProviderBook, other: ProviderBook | undefined): ProviderBook {
  if (!other) return primary;
  return {
    ...primary,
    subtitle: primary.subtitle ?? other.subtitle,
    authors: primary.authors.length > 0 ? primary.authors : other.authors,
    isbn10: primary.isbn10 ?? other.isbn10,
    pageCount: primary.pageCount ?? other.pageCount,
    publishedDate: primary.publishedDate ?? other.publishedDate,
    publisher: primary.publisher ?? other.publisher,
    description: primary.description ?? other.description,
    language: primary.language ?? other.language,
    categories: primary.categories.length > 0 ? primary.categories : other.categories,
    coverUrl: primary.coverUrl ?? other.coverUrl,
  };
}

const SOURCE_KEY = (source: string, sourceId: string | null) => `${source}:${sourceId ?? ''}`;
const DEFAULT_COOL_DOWN_SECONDS = 60;
/** Below this many characters a query is still being typed; providers would only return noise. */
const MIN_PROVIDER_QUERY_LENGTH = 3;

export class BooksService {
  readonly #books: BooksRepository;
  /** In the order their results rank: Google Books, then Open Library. */
  readonly #providers: CachedProvider[];
  /** A provider that answered 429 is left alone until its Retry-After has passed. */
  readonly #coolDownUntil = new Map<string, number>();

  constructor(books: BooksRepository, providers: CachedProvider[]) {
    this.#books = books;
    this.#providers = providers;
  }

  async getRow(id: number): Promise<BookRow> {
    const row = await this.#books.findById(id);
    if (!row) throw new NotFoundError('Book');
    return row;
  }

  async getBook(id: number): Promise<BookView> {
    return toBook(await this.getRow(id));
  }

  /** Stored books by id, in no particular order; ids with no book are left out. */
  findRows(ids: number[]): Promise<BookRow[]> {
    return this.#books.findManyById(ids);
  }

  /**
   * The stored book a reader names by catalog id, ISBN or provider record, fetching it from the
   * providers and storing it when the catalog does not have it yet.
   * Throws NotFoundError (unknown book), ValidationError (invalid ISBN or source) or
   * ServiceUnavailableError (every provider that could know it failed).
   */
  async resolveBook(input: ResolveBookInput): Promise<BookRow> {
    if ('bookId' in input) return this.getRow(input.bookId);
    if ('isbn' in input) return this.#resolveIsbn(input.isbn);
    return this.#resolveSource(input.source, input.sourceId);
  }

  /** `GET /api/books/isbn/:isbn`: from the catalog, else from a provider (then stored). */
  async lookupIsbn(raw: string): Promise<BookView> {
    return toBook(await this.#resolveIsbn(raw));
  }

  async #resolveIsbn(raw: string): Promise<BookRow> {
    const parsed = parseIsbn(raw);
    if (!parsed) {
      throw new ValidationError(
        `"${raw}" is not a valid ISBN-10 or ISBN-13.`,
        {
          isbn: 'must be a valid ISBN-10 or ISBN-13 (hyphens and spaces are fine); the check digit does not match',
        },
        'invalid_isbn',
      );
    }
    const stored = await this.#books.findByIsbn13(parsed.isbn13);
    if (stored) return stored;

    const answers = await this.#askProviders((provider) => provider.byIsbn(parsed.isbn13));
    const found = answers
      .filter((a) => a.value !== null && a.value !== undefined)
      .map((a) => a.value as ProviderBook);
    const [first, ...others] = found;
    if (first) {
      const book = fillGaps(first, others[0]);
      return this.#store({ ...book, isbn13: parsed.isbn13, isbn10: parsed.isbn10 });
    }
    if (answers.length > 0 && answers.every((a) => a.status.status !== 'ok')) {
      throw new ServiceUnavailableError(
        'The book providers could not be reached, so this ISBN could not be looked up. Try again later or add the book by hand.',
        'providers_unavailable',
      );
    }
    throw new NotFoundError('Book');
  }

  async #resolveSource(source: string, sourceId: string): Promise<BookRow> {
    if (source !== 'google' && source !== 'openlibrary' && source !== 'manual' && source !== 'import') {
      throw new ValidationError(
        'source must be google or openlibrary.',
        { source: 'must be one of: google, openlibrary' },
        'invalid_source',
      );
    }
    const stored = await this.#books.findBySource(source, sourceId);
    if (stored) return stored;
    const provider = this.#providers.find((p) => p.name === source);
    if (!provider) throw new NotFoundError('Book');
    let book: ProviderBook | null;
    try {
      book = await provider.byId(sourceId);
    } catch (err) {
      if (err instanceof ProviderError) {
        throw new ServiceUnavailableError(
          `${source === 'google' ? 'Google Books' : 'Open Library'} could not be reached, so the book could not be added. Try again later.`,
          'providers_unavailable',
        );
      }
      throw err;
    }
    if (!book) throw new NotFoundError('Book');
    if (book.isbn13) {
      const sameIsbn = await this.#books.findByIsbn13(book.isbn13);
      if (sameIsbn) return sameIsbn;
    }
    return this.#store(book);
  }

  /** Stores a provider's book; when another request stored it first, answers with that row. */
  async #store(book: ProviderBook): Promise<BookRow> {
    try {
      return await this.#books.insert(newRow(book, book.source, book.sourceId, null));
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const existing =
        (book.isbn13 ? await this.#books.findByIsbn13(book.isbn13) : undefined) ??
        (await this.#books.findBySource(book.source, book.sourceId));
      if (!existing) throw err;
      return existing;
    }
  }

  /** Runs one question against every provider at once; each answer carries its status. */
  async #askProviders<T>(
    ask: (provider: CachedProvider) => Promise<T>,
  ): Promise<{ provider: CachedProvider; status: ProviderStatus; value?: T }[]> {
    return Promise.all(
      this.#providers.map(async (provider) => {
        const until = this.#coolDownUntil.get(provider.name) ?? 0;
        if (until > Date.now()) {
          return {
            provider,
            status: {
              name: provider.name,
              status: 'skipped' as const,
              message: `${provider.name} asked us to slow down; trying again in ${Math.ceil((until - Date.now()) / 1000)} s`,
            },
          };
        }
        try {
          const value = await ask(provider);
          return { provider, status: { name: provider.name, status: 'ok' as const }, value };
        } catch (err) {
          // Whatever went wrong with one provider stays a note about that provider.
          if (!(err instanceof ProviderError)) {
            return {
              provider,
              status: {
                name: provider.name,
                status: 'error' as const,
                message: `${provider.name} gave an unusable answer`,
              },
            };
          }
          if (err.status === 429) {
            this.#coolDownUntil.set(
              provider.name,
              Date.now() + (err.retryAfterSeconds ?? DEFAULT_COOL_DOWN_SECONDS) * 1000,
            );
          }
          return { provider, status: { name: provider.name, status: err.kind, message: err.summary } };
        }
      }),
    );
  }

  #skipAll(message: string): ProviderStatus[] {
    return this.#providers.map((p) => ({ name: p.name, status: 'skipped', message }));
  }

  /**
   * Catalog first, then Google Books, then Open Library, merged and de-duplicated by ISBN-13 (or by
   * provider record when a book has no ISBN). Provider failures degrade to a note, never an error.
   */
  async search(query: string, limit: number): Promise<SearchResult> {
    if (looksLikeIsbn(query)) {
      const parsed = parseIsbn(query);
      if (parsed) return this.#searchIsbn(parsed.isbn13, parsed.isbn10);
    }
    const terms = queryTerms(query);
    const local = await this.#books.search(terms, limit);
    const items = local.map(toBook);
    if (terms.length === 0)
      return { items, providers: this.#skipAll('the query has no words to search for') };
    const providerQuery = query.trim().replace(/\s+/g, ' ').toLowerCase();
    if (providerQuery.length < MIN_PROVIDER_QUERY_LENGTH) {
      return {
        items,
        providers: this.#skipAll(`queries shorter than ${MIN_PROVIDER_QUERY_LENGTH} characters stay local`),
      };
    }
    if (local.length >= limit) return { items, providers: this.#skipAll('the catalog filled the page') };

    const answers = await this.#askProviders((provider) => provider.search(providerQuery, limit));
    const found: ProviderBook[] = [];
    for (const answer of answers) {
      for (const book of answer.value ?? []) found.push(book);
    }
    return { items: await this.#merge(local, found, limit), providers: answers.map((a) => a.status) };
  }

  async #searchIsbn(isbn13: string, isbn10: string | null): Promise<SearchResult> {
    const stored = await this.#books.findByIsbn13(isbn13);
    if (stored) return { items: [toBook(stored)], providers: this.#skipAll('the catalog has this ISBN') };
    const answers = await this.#askProviders((provider) => provider.byIsbn(isbn13));
    const found: ProviderBook[] = [];
    for (const answer of answers) {
      if (answer.value) found.push(answer.value);
    }
    const [first, ...others] = found;
    const best = first ? [{ ...fillGaps(first, others[0]), isbn13, isbn10 }] : [];
    return { items: await this.#merge([], best, 1), providers: answers.map((a) => a.status) };
  }

  async #merge(local: BookRow[], found: ProviderBook[], limit: number): Promise<SearchBookView[]> {
    const items: SearchBookView[] = [];
    const seenIsbns = new Set<string>();
    const seenSources = new Set<string>();
    const seenIds = new Set<number>();
    const add = (book: SearchBookView, matchIsbns: string[] = []) => {
      items.push(book);
      if (book.id !== null) seenIds.add(book.id);
      if (book.isbn13) seenIsbns.add(book.isbn13);
      for (const isbn of matchIsbns) seenIsbns.add(isbn);
      if (book.sourceId !== null) seenSources.add(SOURCE_KEY(book.source, book.sourceId));
    };
    for (const row of local) add(toBook(row));

    // Provider results the catalog already holds come back as the stored book, with its id.
    const [byIsbn, bySource] = await Promise.all([
      this.#books.findManyByIsbn13([...new Set(found.flatMap((b) => (b.isbn13 ? [b.isbn13] : [])))]),
      this.#books.findManyBySource(found.map((b) => ({ source: b.source, sourceId: b.sourceId }))),
    ]);
    const storedByIsbn = new Map(byIsbn.map((row) => [row.isbn13, row]));
    const storedBySource = new Map(bySource.map((row) => [SOURCE_KEY(row.source, row.sourceId), row]));

    for (const book of found) {
      if (items.length >= limit) break;
      const sourceKey = SOURCE_KEY(book.source, book.sourceId);
      const isbns = book.isbn13 ? [book.isbn13, ...book.matchIsbn13s] : book.matchIsbn13s;
      if (seenSources.has(sourceKey) || isbns.some((isbn) => seenIsbns.has(isbn))) continue;
      const stored =
        storedBySource.get(sourceKey) ?? (book.isbn13 ? storedByIsbn.get(book.isbn13) : undefined);
      if (stored) {
        if (!seenIds.has(stored.id)) add(toBook(stored), isbns);
        seenSources.add(sourceKey);
        continue;
      }
      add(providerBook(book), isbns);
    }
    return items.slice(0, limit);
  }

  /** `POST /api/books`: a book no provider knows, added by hand. */
  async createManual(userId: number, input: CreateBookInput): Promise<BookView> {
    const details: Record<string, string> = {};
    let isbn13: string | null = null;
    let isbn10: string | null = null;
    if (input.isbn13) {
      const value = normalizeIsbn(input.isbn13);
      if (isValidIsbn13(value)) isbn13 = value;
      else
        details.isbn13 =
          'must be a valid ISBN-13 (13 digits starting 978 or 979 with a matching check digit)';
    }
    if (input.isbn10) {
      const value = normalizeIsbn(input.isbn10);
      if (isValidIsbn10(value)) isbn10 = value;
      else details.isbn10 = 'must be a valid ISBN-10 (9 digits and a check digit 0-9 or X)';
    }
    if (isbn13 && isbn10 && isbn10To13(isbn10) !== isbn13) {
      details.isbn10 = 'is a different book than isbn13';
    }
    if (Object.keys(details).length > 0) {
      throw new ValidationError('The ISBN is not valid.', details, 'invalid_isbn');
    }
    isbn13 ??= isbn10 ? isbn10To13(isbn10) : null;
    isbn10 ??= isbn13 ? isbn13To10(isbn13) : null;

    const title = input.title.trim();
    const authors = [...new Set(input.authors.map((a) => a.trim()).filter((a) => a !== ''))];
    if (title === '') details.title = 'must not be blank';
    if (authors.length === 0) details.authors = 'must name at least one author';
    if (input.publishedDate && isoPartialDate(input.publishedDate) !== input.publishedDate) {
      details.publishedDate = 'must be a real date as YYYY, YYYY-MM or YYYY-MM-DD';
    }
    if (Object.keys(details).length > 0) throw new ValidationError('Some fields are invalid.', details);

    if (isbn13) {
      const existing = await this.#books.findByIsbn13(isbn13);
      if (existing) throw this.#exists(existing);
    }
    const blankToNull = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);
    const fields: BookFields = {
      title,
      subtitle: blankToNull(input.subtitle),
      authors,
      isbn13,
      isbn10,
      pageCount: input.pageCount ?? null,
      publishedDate: input.publishedDate ?? null,
      publisher: blankToNull(input.publisher),
      description: blankToNull(input.description),
      language: blankToNull(input.language)?.toLowerCase() ?? null,
      categories: [...new Set((input.categories ?? []).map((c) => c.trim()).filter((c) => c !== ''))],
      coverUrl: blankToNull(input.coverUrl),
    };
    try {
      return toBook(await this.#books.insert(newRow(fields, 'manual', null, userId)));
    } catch (err) {
      // Someone stored the same ISBN between our check and our insert.
      if (isUniqueViolation(err) && isbn13) {
        const existing = await this.#books.findByIsbn13(isbn13);
        if (existing) throw this.#exists(existing);
      }
      throw err;
    }
  }

  #exists(existing: BookRow): ConflictError {
    return new ConflictError('A book with this ISBN is already in the catalog.', 'book_exists', {
      bookId: existing.id,
      isbn13: existing.isbn13,
    });
  }
}

/** The catalog service with its repository and both providers, each behind its own per-app cache. */
export function createBooksService(
  database: Pick<AppDatabase, 'db' | 'dialect'>,
  config: Config,
): BooksService {
  const timeoutMs = config.providerTimeoutMs;
  return new BooksService(new BooksRepository(database.db, database.dialect), [
    new CachedProvider(
      new GoogleBooksProvider({
        baseUrl: config.googleBooksApiUrl,
        apiKey: config.googleBooksApiKey,
        timeoutMs,
      }),
    ),
    new CachedProvider(new OpenLibraryProvider({ baseUrl: config.openLibraryUrl, timeoutMs })),
  ]);
}
