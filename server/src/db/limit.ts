import { type RawBuilder, sql } from 'kysely';

/**
 * A LIMIT written into the SQL as an integer instead of a bound parameter. SQLite (3.54, as
 * bundled with better-sqlite3) plans with the value of a bound LIMIT and then re-plans the
 * statement every time it runs with a fresh binding, so a cached prepared statement would be
 * parsed and planned again on every request (measured: over a third of the library page's SQL
 * time). The handful of page sizes the API allows keeps the number of distinct statements small.
 */
export function literalLimit(n: number): RawBuilder<number> {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`A LIMIT must be a non-negative integer, not ${n}`);
  return sql.lit(n);
}
