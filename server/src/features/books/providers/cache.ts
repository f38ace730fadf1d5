import type { BookProvider, ProviderBook } from './provider.ts';

/** A small in-memory cache: entries expire after `ttlMs`, and the least recently used go first when full. */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: { maxEntries: number; ttlMs: number; now?: () => number }) {
    this.#maxEntries = options.maxEntries;
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    // Map keeps insertion order: re-inserting marks the entry as most recently used.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: this.#now() + this.#ttlMs });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.#entries.clear();
  }
}

/**
 * Wraps a provider with a TTL+LRU cache of its answers (including "not found"). Failures are not
 * cached, and concurrent identical requests share one call, so as-you-type search asks a provider
 * once per distinct query.
 */
export class CachedProvider implements BookProvider {
  readonly name: BookProvider['name'];
  readonly #inner: BookProvider;
  readonly #cache: TtlCache<ProviderBook[] | ProviderBook | null>;
  readonly #inFlight = new Map<string, Promise<ProviderBook[] | ProviderBook | null>>();

  constructor(inner: BookProvider, options: { maxEntries?: number; ttlMs?: number } = {}) {
    this.name = inner.name;
    this.#inner = inner;
    this.#cache = new TtlCache({
      maxEntries: options.maxEntries ?? 500,
      ttlMs: options.ttlMs ?? 10 * 60_000,
    });
  }

  async #cached<T extends ProviderBook[] | ProviderBook | null>(
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    const hit = this.#cache.get(key);
    if (hit !== undefined) return hit as T;
    const pending = this.#inFlight.get(key);
    if (pending) return (await pending) as T;
    const promise = load();
    this.#inFlight.set(key, promise);
    try {
      const value = await promise;
      this.#cache.set(key, value);
      return value;
    } finally {
      this.#inFlight.delete(key);
    }
  }

  search(query: string, limit: number, signal?: AbortSignal): Promise<ProviderBook[]> {
    return this.#cached(`search:${limit}:${query}`, async () => {
      const books = await this.#inner.search(query, limit, signal);
      // Adding a book right after finding it then needs no second request.
      for (const book of books) this.#remember(book);
      return books;
    });
  }

  byIsbn(isbn13: string, signal?: AbortSignal): Promise<ProviderBook | null> {
    return this.#cached(`isbn:${isbn13}`, () => this.#inner.byIsbn(isbn13, signal));
  }

  byId(sourceId: string, signal?: AbortSignal): Promise<ProviderBook | null> {
    return this.#cached(`id:${sourceId}`, () => this.#inner.byId(sourceId, signal));
  }

  #remember(book: ProviderBook): void {
    this.#cache.set(`id:${book.sourceId}`, book);
  }
}
