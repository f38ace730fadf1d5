import type { Config } from '../../config.ts';
import type { AppDatabase } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { DbExecutor } from '../../db/executor.ts';
import type { BookSource } from '../../db/tables/books.table.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ServiceUnavailableError,
  ValidationError,
} from '../../errors.ts';
import { RepeatedWarnings } from '../../lib/repeated-warnings.ts';
import { nowIso } from '../../lib/time.ts';
import type { LocalStorage } from '../../storage/local-storage.ts';
import { type BookRow, BooksRepository, type NewBookRow } from './books.repository.ts';
import type {
  BookView,
  CreateBookInput,
  ProviderStatusView,
  SearchBookView,
  SearchResultView,
  UpdateBookInput,
} from './books.schemas.ts';
import { CoverJob, coverKeys, thumbnailOf } from './covers.ts';
import { EnrichmentJob } from './enrichment.ts';
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
    coverThumbnailUrl: thumbnailOf(row.coverUrl),
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
    // Not stored yet, so no copy of ours: clients never load a third-party image.
    coverUrl: null,
    coverThumbnailUrl: null,
    source: book.source,
    sourceId: book.sourceId,
  };
}

/** A book's own fields; `coverUrl` here is the address to fetch the cover from. */
type BookFields = Omit<BookView, 'id' | 'source' | 'sourceId' | 'coverThumbnailUrl'>;

/**
 * A new row. `ownerId` null: a confirmed catalog record (a provider's, or the operator's seed);
 * otherwise the reader's own book, outside the shared catalog until a provider confirms it.
 * The cover URL given becomes the source the cover job fetches from; `coverUrl` is ours once stored.
 */
function newRow(
  fields: BookFields,
  source: BookSource,
  sourceId: string | null,
  ownerId: number | null,
  now = nowIso(),
): NewBookRow {
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
    coverUrl: null,
    coverSourceUrl: fields.coverUrl,
    coverState: fields.coverUrl ? 'pending' : 'none',
    source,
    sourceId,
    searchText: bookSearchText(fields),
    createdBy: ownerId,
    ownerId,
    confirmedAt: ownerId === null ? now : null,
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

  readonly #storage: Pick<LocalStorage, 'remove'>;
  /** Provider failures: the first of a kind at warn, repeats summed up (no network at home fails every search). */
  readonly #providerWarnings: RepeatedWarnings;
  /** Fetches covers in the background; the app starts and stops it. */
  readonly covers: CoverJob;
  /** Completes (and confirms) readers' own books from the providers in the background; the app starts and stops it. */
  readonly enrichment: EnrichmentJob;

  constructor(
    books: BooksRepository,
    providers: CachedProvider[],
    storage: Pick<LocalStorage, 'remove'>,
    covers: CoverJob,
    enrichment: EnrichmentJob,
    log: BooksLog,
  ) {
    this.#books = books;
    this.#providers = providers;
    this.#storage = storage;
    this.covers = covers;
    this.enrichment = enrichment;
    this.#providerWarnings = new RepeatedWarnings(log);
  }

  /**
   * A stored book the viewer may see: a confirmed one, their own, or one an entry they may see uses
   * (the privacy rule). Anything else is 404, as if it did not exist.
   */
  async getVisibleRow(id: number, viewerId: number | null): Promise<BookRow> {
    const row = await this.#books.findById(id);
    if (!row || !(await this.#canSee(row, viewerId))) throw new NotFoundError('Book');
    return row;
  }

  async #canSee(row: BookRow, viewerId: number | null): Promise<boolean> {
    if (row.confirmedAt !== null) return true;
    if (viewerId !== null && row.ownerId === viewerId) return true;
    return this.#books.visibleThroughEntry(row.id, viewerId);
  }

  /** Whether the viewer may edit or delete the book: only their own, unconfirmed one. */
  canEdit(row: BookRow, viewerId: number | null): boolean {
    return viewerId !== null && row.confirmedAt === null && row.ownerId === viewerId;
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
  async resolveBook(input: ResolveBookInput, viewerId: number): Promise<BookRow> {
    if ('bookId' in input) return this.getVisibleRow(input.bookId, viewerId);
    if ('isbn' in input) return this.#resolveIsbn(input.isbn, viewerId);
    return this.#resolveSource(input.source, input.sourceId);
  }

  /**
   * `GET /api/books/isbn/:isbn`: the catalog's book, else the caller's own, else a provider's (then
   * stored in the catalog). Another reader's own book is never the answer.
   */
  async lookupIsbn(raw: string, viewerId: number): Promise<BookView> {
    return toBook(await this.#resolveIsbn(raw, viewerId));
  }

  async #resolveIsbn(raw: string, viewerId: number): Promise<BookRow> {
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
    const stored =
      (await this.#books.findCatalogByIsbn13(parsed.isbn13)) ??
      (await this.#books.findOwnedByIsbn13(viewerId, parsed.isbn13));
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
    const stored = await this.#books.findCatalogBySource(source, sourceId);
    if (stored) return stored;
    const provider = this.#providers.find((p) => p.name === source);
    if (!provider) throw new NotFoundError('Book');
    let book: ProviderBook | null;
    try {
      book = await provider.byId(sourceId);
    } catch (err) {
      if (err instanceof ProviderError) {
        this.#logProviderError(err);
        throw new ServiceUnavailableError(
          `${source === 'google' ? 'Google Books' : 'Open Library'} could not be reached, so the book could not be added. Try again later.`,
          'providers_unavailable',
        );
      }
      throw err;
    }
    if (!book) throw new NotFoundError('Book');
    if (book.isbn13) {
      const sameIsbn = await this.#books.findCatalogByIsbn13(book.isbn13);
      if (sameIsbn) return sameIsbn;
    }
    return this.#store(book);
  }

  /** Stores a provider's book; when another request stored it first, answers with that row. */
  async #store(book: ProviderBook): Promise<BookRow> {
    try {
      const row = await this.#books.insert(newRow(book, book.source, book.sourceId, null));
      if (row.coverState === 'pending') this.covers.kick();
      return row;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const existing =
        (book.isbn13 ? await this.#books.findCatalogByIsbn13(book.isbn13) : undefined) ??
        (await this.#books.findCatalogBySource(book.source, book.sourceId));
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
          this.#providerWarnings.clear(provider.name);
          return { provider, status: { name: provider.name, status: 'ok' as const }, value };
        } catch (err) {
          // Whatever went wrong with one provider stays a note about that provider.
          if (!(err instanceof ProviderError)) {
            this.#providerWarnings.warn(
              `${provider.name}:unusable`,
              { provider: provider.name, err },
              'book provider gave an unusable answer',
            );
            return {
              provider,
              status: {
                name: provider.name,
                status: 'error' as const,
                message: `${provider.name} gave an unusable answer`,
              },
            };
          }
          this.#logProviderError(err);
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

  /** The client gets a summary; the log gets the whole story (at warn). */
  #logProviderError(err: ProviderError): void {
    this.#providerWarnings.warn(
      err.condition,
      {
        provider: err.provider,
        kind: err.kind,
        status: err.status,
        url: err.url,
        code: err.code,
        body: err.bodyExcerpt,
      },
      `book provider failed: ${err.message}`,
    );
  }

  #skipAll(message: string): ProviderStatus[] {
    return this.#providers.map((p) => ({ name: p.name, status: 'skipped', message }));
  }

  /**
   * Catalog first, then Google Books, then Open Library, merged and de-duplicated by ISBN-13 (or by
   * provider record when a book has no ISBN). Provider failures degrade to a note, never an error.
   */
  async search(query: string, limit: number, viewerId: number): Promise<SearchResult> {
    if (looksLikeIsbn(query)) {
      const parsed = parseIsbn(query);
      if (parsed) return this.#searchIsbn(parsed.isbn13, parsed.isbn10, viewerId);
    }
    const terms = queryTerms(query);
    const local = await this.#books.search(terms, limit, viewerId);
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
    return {
      items: await this.#merge(local, found, limit, viewerId),
      providers: answers.map((a) => a.status),
    };
  }

  async #searchIsbn(isbn13: string, isbn10: string | null, viewerId: number): Promise<SearchResult> {
    const stored =
      (await this.#books.findCatalogByIsbn13(isbn13)) ??
      (await this.#books.findOwnedByIsbn13(viewerId, isbn13));
    if (stored) return { items: [toBook(stored)], providers: this.#skipAll('the catalog has this ISBN') };
    const answers = await this.#askProviders((provider) => provider.byIsbn(isbn13));
    const found: ProviderBook[] = [];
    for (const answer of answers) {
      if (answer.value) found.push(answer.value);
    }
    const [first, ...others] = found;
    const best = first ? [{ ...fillGaps(first, others[0]), isbn13, isbn10 }] : [];
    return { items: await this.#merge([], best, 1, viewerId), providers: answers.map((a) => a.status) };
  }

  async #merge(
    local: BookRow[],
    found: ProviderBook[],
    limit: number,
    viewerId: number,
  ): Promise<SearchBookView[]> {
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
      this.#books.findManyByIsbn13For(
        [...new Set(found.flatMap((b) => (b.isbn13 ? [b.isbn13] : [])))],
        viewerId,
      ),
      this.#books.findManyCatalogBySource(found.map((b) => ({ source: b.source, sourceId: b.sourceId }))),
    ]);
    // The catalog's record of an ISBN wins over the reader's own book of it.
    const storedByIsbn = new Map<string | null, BookRow>();
    for (const row of byIsbn) {
      if (row.confirmedAt !== null || !storedByIsbn.has(row.isbn13)) storedByIsbn.set(row.isbn13, row);
    }
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

  /**
   * `POST /api/books`: a book added by hand. It is the reader's own until a provider confirms it:
   * nobody else finds it by ISBN or search. 409 when the catalog or the reader already has the ISBN.
   */
  async createManual(userId: number, input: CreateBookInput): Promise<BookView> {
    const fields = checkBookFields(input);
    if (fields.isbn13) await this.#refuseTakenIsbn(userId, fields.isbn13, null);
    try {
      const row = await this.#books.insert({
        ...newRow(fields, 'manual', null, userId),
        enrichState: 'pending',
      });
      if (row.coverState === 'pending') this.covers.kick();
      this.enrichment.kick();
      return toBook(row);
    } catch (err) {
      // The same ISBN was stored between our check and our insert.
      if (isUniqueViolation(err) && fields.isbn13) await this.#refuseTakenIsbn(userId, fields.isbn13, null);
      throw err;
    }
  }

  /**
   * A catalog book the operator vouches for (`seed demo`): confirmed at once, owned by nobody. Not
   * reachable over HTTP. 409 (`book_exists`, with its id) when the catalog has the ISBN.
   */
  async createCatalogBook(input: CreateBookInput): Promise<BookView> {
    const fields = checkBookFields(input);
    if (fields.isbn13) {
      const existing = await this.#books.findCatalogByIsbn13(fields.isbn13);
      if (existing) throw this.#exists(existing);
    }
    const row = await this.#books.insert(newRow(fields, 'manual', null, null));
    if (row.coverState === 'pending') this.covers.kick();
    return toBook(row);
  }

  /**
   * `PATCH /api/books/:id`: the owner changes their own book (fields left out stay). 404 when the
   * caller may not see it, 403 when it is not theirs or a provider's record (those are refreshed
   * from the provider only), 409 when the new ISBN is taken.
   */
  async updateOwned(userId: number, id: number, changes: UpdateBookInput): Promise<BookView> {
    const row = await this.#editable(userId, id);
    const current = toBook(row);
    const fields = checkBookFields({
      ...current,
      pageCount: current.pageCount ?? undefined,
      coverUrl: row.coverSourceUrl,
      ...changes,
    });
    if (fields.isbn13 && fields.isbn13 !== row.isbn13) await this.#refuseTakenIsbn(userId, fields.isbn13, id);
    const coverChanged = fields.coverUrl !== row.coverSourceUrl;
    const next = newRow(fields, row.source, row.sourceId, userId);
    try {
      const updated = await this.#books.transaction((repo) =>
        repo.update(id, {
          title: next.title,
          subtitle: next.subtitle,
          authors: next.authors,
          sortTitle: next.sortTitle,
          sortAuthor: next.sortAuthor,
          isbn10: next.isbn10,
          isbn13: next.isbn13,
          pageCount: next.pageCount,
          publishedDate: next.publishedDate,
          publisher: next.publisher,
          description: next.description,
          language: next.language,
          categories: next.categories,
          searchText: next.searchText,
          ...(coverChanged
            ? {
                coverSourceUrl: next.coverSourceUrl,
                coverState: next.coverState,
                coverAttempts: 0,
                coverNextAt: null,
                // Taking the address away takes the cover; a new address keeps the old one until
                // the new picture is stored.
                ...(next.coverSourceUrl === null ? { coverUrl: null } : {}),
              }
            : {}),
          updatedAt: nowIso(),
        }),
      );
      if (coverChanged && next.coverSourceUrl === null) {
        for (const key of coverKeys(row.coverUrl)) await this.#storage.remove(key);
      }
      if (updated.coverState === 'pending') this.covers.kick();
      return toBook(updated);
    } catch (err) {
      if (isUniqueViolation(err) && fields.isbn13) await this.#refuseTakenIsbn(userId, fields.isbn13, id);
      throw err;
    }
  }

  /**
   * `DELETE /api/books/:id`: the owner deletes their own book, with their entry and notes of it.
   * 404/403 as for an edit; 409 while another reader's entry or note uses it.
   */
  async deleteOwned(userId: number, id: number): Promise<void> {
    const row = await this.#editable(userId, id);
    const fileKeys = await this.#books.noteFileKeys(id, userId);
    if (!(await this.#books.deleteOwned(id, userId))) {
      if (!(await this.#books.findById(id))) return;
      throw new ConflictError(
        'Other readers have this book in their library or notes, so it cannot be deleted. You can still edit it.',
        'book_in_use',
      );
    }
    // The rows went with the book; their files are removed once that has committed.
    for (const key of [...fileKeys, ...coverKeys(row.coverUrl)]) await this.#storage.remove(key);
  }

  async #editable(userId: number, id: number): Promise<BookRow> {
    const row = await this.getVisibleRow(id, userId);
    if (!this.canEdit(row, userId)) {
      throw new ForbiddenError(
        row.confirmedAt !== null
          ? 'This book is a catalog record; it is refreshed from its provider and readers cannot change it.'
          : 'Only the reader who added this book can change it.',
        'book_not_yours',
      );
    }
    return row;
  }

  /** 409 when the catalog, or this reader's own books (other than `exceptId`), hold the ISBN. */
  async #refuseTakenIsbn(userId: number, isbn13: string, exceptId: number | null): Promise<void> {
    const existing =
      (await this.#books.findCatalogByIsbn13(isbn13)) ??
      (await this.#books.findOwnedByIsbn13(userId, isbn13));
    if (existing && existing.id !== exceptId) throw this.#exists(existing);
  }

  /**
   * For imports: the book each record names, as this reader sees the catalog — the catalog's or
   * their own with that ISBN-13; without an ISBN, one with the same sort title and first author —
   * and for the rest a new book of theirs (`source` import, marked for the background enrichment to
   * ask the providers for what it lacks). Runs in the caller's transaction `tx`; no network.
   * Returns one book id per record, in order; the same new book twice in `books` is created once.
   */
  async resolveOwnedBooks(tx: DbExecutor, ownerId: number, books: OwnedBookInput[]): Promise<number[]> {
    const ids: (number | undefined)[] = new Array(books.length);
    const titleKey = (b: { sortTitle: string; sortAuthor: string }) => `${b.sortTitle}\u0000${b.sortAuthor}`;
    const keyOf = (b: { isbn13?: string | null; sortTitle: string; sortAuthor: string }) =>
      b.isbn13 ? `isbn:${b.isbn13}` : titleKey(b);
    const rows = books.map((b) => newRow(ownedFields(b), 'import', null, ownerId));

    const byIsbn = new Map<string, number>();
    const isbns = [...new Set(rows.flatMap((r) => (r.isbn13 ? [r.isbn13] : [])))];
    for (const part of chunks(isbns)) {
      for (const found of await this.#books.findManyByIsbn13For(part, ownerId, tx)) {
        // The catalog's record wins over the reader's own.
        if (found.isbn13 && (found.confirmedAt !== null || !byIsbn.has(found.isbn13))) {
          byIsbn.set(found.isbn13, found.id);
        }
      }
    }
    const byTitle = new Map<string, number>();
    const titles = [...new Set(rows.filter((r) => !r.isbn13).map((r) => r.sortTitle))];
    for (const part of chunks(titles)) {
      for (const found of await this.#books.findManyByTitleFor(part, ownerId, tx)) {
        if (!byTitle.has(titleKey(found))) byTitle.set(titleKey(found), found.id);
      }
    }

    const toCreate = new Map<string, { row: NewBookRow; indexes: number[] }>();
    rows.forEach((row, i) => {
      const key = keyOf(row);
      const found = row.isbn13 ? byIsbn.get(row.isbn13) : byTitle.get(key);
      if (found !== undefined) {
        ids[i] = found;
        return;
      }
      const pending = toCreate.get(key);
      if (pending) pending.indexes.push(i);
      else toCreate.set(key, { row: { ...row, enrichState: 'pending' }, indexes: [i] });
    });
    for (const part of chunks([...toCreate.values()])) {
      const inserted = await this.#books.insertMany(
        part.map((p) => p.row),
        tx,
      );
      // RETURNING gives no order on SQLite, so the new rows are matched back by their key.
      const created = new Map(inserted.map((row) => [keyOf(row), row.id]));
      for (const pending of part) {
        const id = created.get(keyOf(pending.row));
        for (const i of pending.indexes) ids[i] = id;
      }
    }
    return ids.map((id) => {
      if (id === undefined) throw new Error('A book was not resolved.');
      return id;
    });
  }

  #exists(existing: BookRow): ConflictError {
    return new ConflictError('A book with this ISBN is already in the catalog.', 'book_exists', {
      bookId: existing.id,
      isbn13: existing.isbn13,
    });
  }
}

/** What an import knows of a book (no network): the fields of a manual add, already checked. */
export interface OwnedBookInput {
  title: string;
  subtitle?: string | null;
  authors: string[];
  isbn13?: string | null;
  isbn10?: string | null;
  pageCount?: number | null;
  publishedDate?: string | null;
  publisher?: string | null;
  language?: string | null;
}

function ownedFields(b: OwnedBookInput): BookFields {
  return {
    title: b.title,
    subtitle: b.subtitle ?? null,
    authors: b.authors,
    isbn13: b.isbn13 ?? null,
    isbn10: b.isbn10 ?? null,
    pageCount: b.pageCount ?? null,
    publishedDate: b.publishedDate ?? null,
    publisher: b.publisher ?? null,
    description: null,
    language: b.language ?? null,
    categories: [],
    coverUrl: null,
  };
}

/** Parameters per statement stay well under SQLite's and PostgreSQL's limits. */
function chunks<T>(items: T[], size = 200): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Checks and normalises what a reader gives for their book (a manual add or an edit). */
function checkBookFields(input: CreateBookInput): BookFields {
  const details: Record<string, string> = {};
  let isbn13: string | null = null;
  let isbn10: string | null = null;
  if (input.isbn13) {
    const value = normalizeIsbn(input.isbn13);
    if (isValidIsbn13(value)) isbn13 = value;
    else
      details.isbn13 = 'must be a valid ISBN-13 (13 digits starting 978 or 979 with a matching check digit)';
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

  const blankToNull = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);
  return {
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
}

/** The catalog service with its repository and both providers, each behind its own per-app cache. */
export function createBooksService(
  database: Pick<AppDatabase, 'db' | 'dialect'>,
  config: Config,
  storage: Pick<LocalStorage, 'remove' | 'write'>,
  log: BooksLog = { warn() {} },
): BooksService {
  const timeoutMs = config.providerTimeoutMs;
  const repository = new BooksRepository(database.db, database.dialect);
  const covers = new CoverJob(repository, storage, {
    allowLoopback: config.coverFetchAllowLoopback,
    sweepSeconds: config.coverSweepSeconds,
    log,
  });
  const providers = [
    new CachedProvider(
      new GoogleBooksProvider({
        baseUrl: config.googleBooksApiUrl,
        apiKey: config.googleBooksApiKey,
        timeoutMs,
      }),
    ),
    new CachedProvider(new OpenLibraryProvider({ baseUrl: config.openLibraryUrl, timeoutMs })),
  ];
  const enrichment = new EnrichmentJob(repository, providers, covers, storage, {
    requestsPerSecond: config.enrichRequestsPerSecond,
    sweepSeconds: config.enrichSweepSeconds,
    log,
  });
  return new BooksService(repository, providers, storage, covers, enrichment, log);
}

/** Where the catalog writes what went wrong with providers and covers (the app's logger). */
export interface BooksLog {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}
