import type { Kysely } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/**
 * A migration is frozen in time: it never imports today's table types, so it is written
 * against an untyped database and gets the dialect for the few places they differ.
 */
export interface AppMigration {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are deliberately untyped (frozen in time).
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: see above.
  down(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

/** The auto-incrementing integer primary key, spelled per dialect. */
export function idColumnType(dialect: Dialect): 'integer' | 'serial' {
  return dialect === 'postgres' ? 'serial' : 'integer';
}
