import { isUniqueViolation } from '../../db/errors.ts';
import { RepeatedWarnings } from '../../lib/repeated-warnings.ts';
import { SweepLoop } from '../../lib/sweep-loop.ts';
import { nowIso } from '../../lib/time.ts';
import type { LocalStorage } from '../../storage/local-storage.ts';
import type { BookRow, BooksRepository, EnrichmentCandidate } from './books.repository.ts';
import { coverKeys } from './covers.ts';
import { isbn13To10 } from './isbn.ts';
import { type BookProvider, type ProviderBook, ProviderError } from './providers/provider.ts';
import { bookSearchText, foldText, sortAuthor, sortTitle, tokenize } from './search-text.ts';

/** Provider failures are tried again after these waits; after the last, the book ends `failed`. */
const RETRY_AFTER_MS = [60_000, 15 * 60_000, 60 * 60_000, 6 * 60 * 60_000];
/** A `failed` book (providers unreachable through all of RETRY_AFTER_MS) is tried again after a day. */
export const FAILED_RETRY_MS = 24 * 60 * 60_000;
/** A `not_found` book is asked about again after 30 days (providers learn new books). */
export const NOT_FOUND_RETRY_MS = 30 * 24 * 60 * 60_000;
/** How often a sweep puts `failed` and `not_found` books whose wait is over back in the queue. */
const REVIVE_EVERY_MS = 60 * 60_000;
/** A provider's Retry-After is honoured within these bounds. */
const MIN_RATE_LIMIT_MS = 1000;
const MAX_RATE_LIMIT_MS = 24 * 60 * 60_000;
/** How long a claimed book is left alone before another sweep (or process) may take it. */
const LEASE_MS = 5 * 60_000;
const BATCH = 10;
/** How many provider results a title + author search looks through for one that agrees. */
const SEARCH_LIMIT = 5;

export interface EnrichmentJobOptions {
  /** Provider calls per second from this process; 0: the job never starts and `runOnce` does nothing. */
  requestsPerSecond: number;
  sweepSeconds: number;
  log: { warn(obj: object, msg: string): void; info?(obj: object, msg: string): void };
}

/** The main title: without a series note in parentheses ("Dune (Dune, #1)") or a subtitle after a colon. */
function mainTitle(title: string): string {
  return sortTitle(title.replace(/\([^)]*\)/g, ' ').split(/[:;]/)[0] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Two titles name the same book: equal once folded, without articles, series notes and subtitles. */
export function titlesAgree(a: string, b: string): boolean {
  const left = tokenize(mainTitle(a)).join(' ');
  return left !== '' && left === tokenize(mainTitle(b)).join(' ');
}

/**
 * The reader's first author is among the provider's: same family name (the last word) and, when
 * both give one, the same first initial ("J.R.R. Tolkien" = "J. R. R. Tolkien" = "John Ronald Reuel
 * Tolkien"; "Anne Brontë" ≠ "Emily Brontë").
 */
export function authorsAgree(readerAuthors: string[], providerAuthors: string[]): boolean {
  const first = readerAuthors[0];
  if (first === undefined) return false;
  const mine = tokenize(foldText(first));
  const myFamily = mine.at(-1);
  if (myFamily === undefined) return false;
  return providerAuthors.some((author) => {
    const theirs = tokenize(foldText(author));
    if (theirs.at(-1) !== myFamily) return false;
    const myGiven = mine[0] !== myFamily ? mine[0] : undefined;
    const theirGiven = theirs[0] !== myFamily ? theirs[0] : undefined;
    return myGiven === undefined || theirGiven === undefined || myGiven[0] === theirGiven[0];
  });
}

/** What the providers said about one book. */
type Answer =
  | { kind: 'found'; book: ProviderBook; byIsbn: boolean }
  | { kind: 'not_found' }
  | { kind: 'unreachable' }
  /** A provider asked us (429 with Retry-After) to wait until `until` (ms), and no other knew the book. */
  | { kind: 'rate_limited'; until: number };

/** Fills what the first provider left out from another provider's record of the same book. */
function completed(primary: ProviderBook, other: ProviderBook | undefined): ProviderBook {
  if (!other) return primary;
  return {
    ...primary,
    subtitle: primary.subtitle ?? other.subtitle,
    pageCount: primary.pageCount ?? other.pageCount,
    publishedDate: primary.publishedDate ?? other.publishedDate,
    publisher: primary.publisher ?? other.publisher,
    description: primary.description ?? other.description,
    language: primary.language ?? other.language,
    categories: primary.categories.length > 0 ? primary.categories : other.categories,
    coverUrl: primary.coverUrl ?? other.coverUrl,
  };
}

/**
 * Completes readers' own books (imported or added by hand) from the providers, in the background.
 * A book waits with `enrich_state = 'pending'` (persisted, so a restart resumes); a sweep claims
 * due books by a lease (`enrich_next_at`), so processes never take the same one, asks the providers
 * at most `requestsPerSecond` times a second, and settles each book:
 *
 * - the providers know its ISBN-13 and the title and first author agree: a provider **confirms**
 *   it. The book joins the shared catalog as the provider's record — moved into the catalog's
 *   existing record of that ISBN (entries, notes, journals and activities follow it), or, when there
 *   is none, turned into one in place, with the provider's data only (never the reader's);
 * - a provider knows it by title and first author (a book without ISBN) or by ISBN with another
 *   title: the reader's book stays theirs and only gets what it lacks (never an ISBN from a title);
 * - nobody knows it: `not_found`; providers unreachable: tried again later, then `failed`.
 */
export class EnrichmentJob extends SweepLoop {
  readonly #books: BooksRepository;
  readonly #providers: BookProvider[];
  readonly #covers: { kick(): void };
  readonly #storage: Pick<LocalStorage, 'remove'>;
  readonly #options: EnrichmentJobOptions;
  protected readonly jobName = 'enrichment job';
  /** The earliest time the next provider call may start (the throttle). */
  #nextCallAt = 0;
  /** Providers that answered 429 with Retry-After: not asked again before this time (ms). */
  readonly #limitedUntil = new Map<string, number>();
  /** The sweep that runs when a rate limit ends. */
  #wake: NodeJS.Timeout | null = null;
  /** When `failed` and `not_found` books were last put back in the queue (0: not in this process yet). */
  #revivedAt = 0;
  /** Provider failures: the first of a kind at warn, repeats summed up (an offline server fails every sweep). */
  readonly #warnings: RepeatedWarnings;

  constructor(
    books: BooksRepository,
    providers: BookProvider[],
    covers: { kick(): void },
    storage: Pick<LocalStorage, 'remove'>,
    options: EnrichmentJobOptions,
  ) {
    super();
    this.#books = books;
    this.#providers = providers;
    this.#covers = covers;
    this.#storage = storage;
    this.#options = options;
    this.#warnings = new RepeatedWarnings(options.log);
  }

  start(): void {
    if (this.#options.requestsPerSecond <= 0) return;
    this.startSweeping(this.#options.sweepSeconds);
  }

  protected get log() {
    return this.#options.log;
  }

  override async stop(): Promise<void> {
    if (this.#wake) clearTimeout(this.#wake);
    this.#wake = null;
    await super.stop();
  }

  /** A sweep when `at` (ms) comes (a rate limit ends), instead of waiting for the next timed one. */
  #wakeAt(at: number): void {
    if (this.#wake) clearTimeout(this.#wake);
    // A timer may fire a few milliseconds before `at` by the wall clock (Node counts from the event
    // loop's cached time); a sweep then would find the book not yet due and nothing would wake it
    // before the next timed sweep. So it waits out what is left first.
    const fire = () => {
      const left = at - Date.now();
      if (left > 0) {
        this.#wake = setTimeout(fire, left + 1);
        this.#wake.unref();
        return;
      }
      this.#wake = null;
      this.kick();
    };
    this.#wake = setTimeout(fire, Math.max(0, at - Date.now()));
    this.#wake.unref();
  }

  /**
   * Settles every book that is due now, a batch at a time, and returns how many it settled. Stops
   * early when the providers cannot be reached (the rest waits for the next sweep).
   */
  async runOnce(): Promise<number> {
    if (this.#options.requestsPerSecond <= 0) return 0;
    if (Date.now() - this.#revivedAt >= REVIVE_EVERY_MS) {
      // `failed` after a day, `not_found` after 30 days (and those from before these waits existed,
      // which have none): pending again, with their attempts, so a failure ends `failed` at once.
      await this.#books.reviveEnrichments(new Date().toISOString());
      this.#revivedAt = Date.now();
    }
    let settled = 0;
    for (;;) {
      const now = Date.now();
      const lease = new Date(now + LEASE_MS).toISOString();
      const claimed = await this.#books.claimPendingEnrichments(new Date(now).toISOString(), lease, BATCH);
      if (claimed.length === 0) return settled;
      for (const [i, book] of claimed.entries()) {
        const outcome = await this.#enrichOne(book, lease);
        settled += 1;
        if (outcome !== 'settled') {
          const rest = claimed.slice(i + 1).map((b) => b.id);
          await this.#books.releaseEnrichments(rest, lease);
          if (outcome === 'unreachable') {
            this.#warnings.warn(
              'providers:unreachable',
              { bookId: book.id, waiting: rest.length },
              'book providers could not be reached; enrichment pauses until its next sweep',
            );
          } else {
            this.#options.log.warn(
              { bookId: book.id, waiting: rest.length, until: new Date(outcome.until).toISOString() },
              'a book provider is rate limiting requests; enrichment pauses until it may ask again',
            );
            this.#wakeAt(outcome.until);
          }
          return settled;
        }
      }
    }
  }

  /**
   * `settled`, or why the sweep should stop here: no provider could be reached (the book waits by
   * RETRY_AFTER_MS), or one rate-limits us (the book waits, without an attempt counted, until then).
   */
  async #enrichOne(
    candidate: EnrichmentCandidate,
    lease: string,
  ): Promise<'settled' | 'unreachable' | { until: number }> {
    const row = await this.#books.findById(candidate.id);
    if (!row) return 'settled';
    if (row.confirmedAt !== null) {
      // Already a catalog record (its provider's data is what it shows): nothing to complete.
      await this.#books.settleEnrichment(row.id, lease, { enrichState: 'done', enrichNextAt: null });
      return 'settled';
    }
    const answer = await this.#ask(row);
    if (answer.kind === 'rate_limited') {
      await this.#books.settleEnrichment(row.id, lease, {
        enrichState: 'pending',
        enrichNextAt: new Date(answer.until).toISOString(),
      });
      return { until: answer.until };
    }
    if (answer.kind === 'unreachable') {
      const attempts = candidate.enrichAttempts + 1;
      const wait = RETRY_AFTER_MS[attempts - 1];
      await this.#books.settleEnrichment(row.id, lease, {
        enrichState: wait === undefined ? 'failed' : 'pending',
        enrichAttempts: attempts,
        enrichNextAt: new Date(Date.now() + (wait ?? FAILED_RETRY_MS)).toISOString(),
      });
      return 'unreachable';
    }
    if (answer.kind === 'not_found') {
      await this.#books.settleEnrichment(row.id, lease, {
        enrichState: 'not_found',
        enrichNextAt: new Date(Date.now() + NOT_FOUND_RETRY_MS).toISOString(),
      });
      return 'settled';
    }
    try {
      await this.#apply(row.id, lease, answer.book, answer.byIsbn);
    } catch (err) {
      // Another process stored the same provider record meanwhile, or a reader shelved the catalog's
      // record while we moved theirs: the next try sees the new state.
      if (!isUniqueViolation(err)) throw err;
      const attempts = candidate.enrichAttempts + 1;
      const wait = RETRY_AFTER_MS[attempts - 1];
      this.#options.log.warn(
        { bookId: row.id, attempts },
        'a book changed while it was enriched; trying again',
      );
      await this.#books.settleEnrichment(row.id, lease, {
        enrichState: wait === undefined ? 'failed' : 'pending',
        enrichAttempts: attempts,
        enrichNextAt: new Date(Date.now() + (wait === undefined ? FAILED_RETRY_MS : 1000)).toISOString(),
      });
    }
    return 'settled';
  }

  /**
   * Asks each provider in turn (throttled): by ISBN-13, else by title and first author. A provider
   * that answered 429 with Retry-After is not asked before that time.
   */
  async #ask(row: BookRow): Promise<Answer> {
    const found: ProviderBook[] = [];
    let failed = false;
    let limitedUntil = 0;
    const authors = parseJsonList(row.authors);
    for (const provider of this.#providers) {
      const until = this.#limitedUntil.get(provider.name) ?? 0;
      if (until > Date.now()) {
        limitedUntil = Math.max(limitedUntil, until);
        continue;
      }
      this.#limitedUntil.delete(provider.name);
      await this.#throttle();
      try {
        if (row.isbn13) {
          const book = await provider.byIsbn(row.isbn13);
          if (book) found.push({ ...book, isbn13: row.isbn13 });
        } else {
          const family = tokenize(foldText(authors[0] ?? '')).at(-1) ?? '';
          const results = await provider.search(`${mainTitle(row.title)} ${family}`.trim(), SEARCH_LIMIT);
          const match = results.find(
            (b) => titlesAgree(row.title, b.title) && authorsAgree(authors, b.authors),
          );
          if (match) found.push(match);
        }
        this.#warnings.clear(provider.name);
        this.#warnings.clear('providers');
      } catch (err) {
        this.#logFailure(provider.name, row.id, err);
        if (err instanceof ProviderError && err.status === 429 && err.retryAfterSeconds !== null) {
          const wait = Math.min(MAX_RATE_LIMIT_MS, Math.max(MIN_RATE_LIMIT_MS, err.retryAfterSeconds * 1000));
          const until = Date.now() + wait;
          this.#limitedUntil.set(provider.name, until);
          limitedUntil = Math.max(limitedUntil, until);
        } else {
          failed = true;
        }
      }
    }
    // A record that agrees with the reader's title and author wins over one that does not.
    const agreeing = found.filter((b) => titlesAgree(row.title, b.title) && authorsAgree(authors, b.authors));
    const [first, ...others] = agreeing.length > 0 ? agreeing : found;
    if (first) return { kind: 'found', book: completed(first, others[0]), byIsbn: row.isbn13 !== null };
    // A provider that could not be asked yet may know it: the book waits for it, no attempt counted.
    if (limitedUntil > 0) return { kind: 'rate_limited', until: limitedUntil };
    return failed ? { kind: 'unreachable' } : { kind: 'not_found' };
  }

  async #throttle(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.#nextCallAt);
    this.#nextCallAt = at + 1000 / this.#options.requestsPerSecond;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }

  #logFailure(provider: string, bookId: number, err: unknown): void {
    if (err instanceof ProviderError) {
      this.#warnings.warn(
        err.condition,
        {
          provider: err.provider,
          bookId,
          kind: err.kind,
          status: err.status,
          url: err.url,
          code: err.code,
          body: err.bodyExcerpt,
        },
        `book provider failed during enrichment: ${err.message}`,
      );
    } else {
      this.#warnings.warn(
        `${provider}:unusable`,
        { provider, bookId, err },
        'book provider gave an unusable answer during enrichment',
      );
    }
  }

  /**
   * Writes what the providers said, in one transaction that first re-reads the book under the lease
   * (an edit made meanwhile is what gets completed; a lost lease writes nothing).
   */
  async #apply(id: number, lease: string, found: ProviderBook, byIsbn: boolean): Promise<void> {
    const removeAfter: string[] = [];
    let coverPending = false;
    await this.#books.transaction(async (repo) => {
      const row = await repo.lockForEnrichment(id, lease);
      if (!row) return;
      const authors = parseJsonList(row.authors);
      const agrees = titlesAgree(row.title, found.title) && authorsAgree(authors, found.authors);
      if (!agrees) {
        // Same ISBN, another book by title or author: the reader's data may be wrong, and so may the
        // provider's; nothing is taken either way.
        this.#options.log.info?.(
          { bookId: id, source: found.source, sourceId: found.sourceId },
          'a provider knows this ISBN under another title or author; the book is left as it is',
        );
        await repo.settleEnrichment(id, lease, {
          enrichState: 'not_found',
          enrichNextAt: new Date(Date.now() + NOT_FOUND_RETRY_MS).toISOString(),
        });
        return;
      }
      if (byIsbn && row.isbn13 !== null) {
        const shared = await repo.findCatalogByIsbn13(row.isbn13);
        if (shared) {
          if (await repo.mergeInto(row.id, shared.id)) {
            removeAfter.push(...coverKeys(row.coverUrl));
            return;
          }
          // A reader has both on their shelves: two entries are never merged into one, so the book
          // stays theirs and is only completed.
          this.#options.log.info?.(
            { bookId: id, catalogBookId: shared.id },
            'a reader has both this book and the catalog’s record of its ISBN; the book stays theirs',
          );
        } else {
          await this.#confirm(repo, row, found);
          removeAfter.push(...coverKeys(row.coverUrl));
          coverPending = found.coverUrl !== null;
          return;
        }
      }
      coverPending = await this.#fillGaps(repo, row, found, byIsbn);
    });
    for (const key of removeAfter) await this.#storage.remove(key);
    if (coverPending) this.#covers.kick();
  }

  /** The reader's book becomes the provider's catalog record, with the provider's data only. */
  async #confirm(repo: BooksRepository, row: BookRow, found: ProviderBook): Promise<void> {
    const now = nowIso();
    const fields = {
      title: found.title,
      subtitle: found.subtitle,
      authors: found.authors.length > 0 ? found.authors : parseJsonList(row.authors),
      isbn13: row.isbn13,
      isbn10: found.isbn10 ?? (row.isbn13 ? isbn13To10(row.isbn13) : null),
    };
    await repo.update(row.id, {
      ...fields,
      authors: JSON.stringify(fields.authors),
      sortTitle: sortTitle(fields.title),
      sortAuthor: sortAuthor(fields.authors),
      searchText: bookSearchText(fields),
      pageCount: found.pageCount,
      publishedDate: found.publishedDate,
      publisher: found.publisher,
      description: found.description,
      language: found.language,
      categories: JSON.stringify(found.categories),
      source: found.source,
      sourceId: found.sourceId,
      ownerId: null,
      confirmedAt: now,
      coverUrl: null,
      coverSourceUrl: found.coverUrl,
      coverState: found.coverUrl ? 'pending' : 'none',
      coverAttempts: 0,
      coverNextAt: null,
      enrichState: 'done',
      enrichNextAt: null,
      updatedAt: now,
    });
  }

  /** Fills only what the book lacks; whatever the reader or their file gave stays. */
  async #fillGaps(
    repo: BooksRepository,
    row: BookRow,
    found: ProviderBook,
    byIsbn: boolean,
  ): Promise<boolean> {
    const categories = parseJsonList(row.categories);
    const takeCover = row.coverSourceUrl === null && row.coverUrl === null && found.coverUrl !== null;
    const fields = {
      title: row.title,
      subtitle: row.subtitle ?? found.subtitle,
      authors: parseJsonList(row.authors),
      isbn13: row.isbn13,
      // An ISBN-10 only from the book's own ISBN-13 (a title match may be another edition).
      isbn10: row.isbn10 ?? (byIsbn && row.isbn13 ? isbn13To10(row.isbn13) : null),
    };
    await repo.update(row.id, {
      subtitle: fields.subtitle,
      isbn10: fields.isbn10,
      searchText: bookSearchText(fields),
      pageCount: row.pageCount ?? found.pageCount,
      publishedDate: row.publishedDate ?? found.publishedDate,
      publisher: row.publisher ?? found.publisher,
      description: row.description ?? found.description,
      language: row.language ?? found.language,
      categories: JSON.stringify(categories.length > 0 ? categories : found.categories),
      ...(takeCover
        ? { coverSourceUrl: found.coverUrl, coverState: 'pending' as const, coverAttempts: 0 }
        : {}),
      enrichState: 'done',
      enrichNextAt: null,
      updatedAt: nowIso(),
    });
    return takeCover;
  }
}

function parseJsonList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
