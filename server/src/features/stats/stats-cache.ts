/**
 * A speed trick, fenced here: the stats of a reader are kept in memory per (reader, period, day)
 * and given again while the reader's library is unchanged. Building them reads every finished
 * read of the period; for a reader with 20,000 entries that is ~20–60 ms of CPU for all time
 * on SQLite, so 8 readers asking at once queue behind each other on the one connection (p99 of
 * seconds in `npm run bench -- --data`, docs/performance.md). The cache makes the budget (p99 ≤
 * 100 ms at 8 connections) with room to spare.
 *
 * Whether the library changed is asked of the database on every request (one cheap statement,
 * `StatsRepository.version`: the number of entries and their latest `updated_at`; adding,
 * editing or deleting an entry, its tags or its reads changes one of them), so every server
 * process gives current numbers. What the version does not see — a catalog book's page count or
 * authors corrected by someone else — shows after at most `maxAgeMs`.
 */
export class StatsCache<T> {
  readonly #items = new Map<string, { version: string; at: number; value: T }>();
  readonly #maxItems: number;
  readonly #maxAgeMs: number;
  readonly #now: () => number;

  constructor(options: { maxItems?: number; maxAgeMs?: number; now?: () => number } = {}) {
    this.#maxItems = options.maxItems ?? 1000;
    this.#maxAgeMs = options.maxAgeMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** The value kept for `key` at `version`, or a new one from `build` (then kept). */
  async get(key: string, version: string, build: () => Promise<T>): Promise<T> {
    const hit = this.#items.get(key);
    if (hit && hit.version === version && this.#now() - hit.at < this.#maxAgeMs) {
      // Most recently used last, so the oldest is the first one out.
      this.#items.delete(key);
      this.#items.set(key, hit);
      return hit.value;
    }
    const at = this.#now();
    const value = await build();
    this.#items.delete(key);
    if (this.#items.size >= this.#maxItems) {
      const oldest = this.#items.keys().next().value;
      if (oldest !== undefined) this.#items.delete(oldest);
    }
    this.#items.set(key, { version, at, value });
    return value;
  }
}
