import { type Kysely, sql } from 'kysely';
import type { AppDatabase } from './database.ts';
import { migrations } from './migrations/index.ts';
import type { AppMigration } from './migrations/migration.ts';

/**
 * A small migrator over the static migration index. It reads only its own table (never the
 * whole catalog, which on a shared PostgreSQL server is slow and races with schemas being
 * dropped), holds a per-schema advisory lock on PostgreSQL so two instances starting together
 * don't both migrate, and runs each migration in its own transaction together with its record.
 */
export const MIGRATION_TABLE = 'schema_migrations';

export interface MigrationStatus {
  name: string;
  appliedAt: string | null;
}

// biome-ignore lint/suspicious/noExplicitAny: the migrator works below the typed schema.
type AnyDb = Kysely<any>;

const NAMES = Object.keys(migrations).sort();

export const latestMigration = NAMES.at(-1) ?? null;

function isMissingTable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === '42P01' || /no such table/i.test(e.message ?? '');
}

async function readApplied(db: AnyDb): Promise<Map<string, string>> {
  try {
    const rows = await db.selectFrom(MIGRATION_TABLE).select(['name', 'appliedAt']).execute();
    return new Map(rows.map((r) => [String(r.name), String(r.appliedAt)]));
  } catch (err) {
    if (isMissingTable(err)) return new Map();
    throw err;
  }
}

export async function migrationStatus(database: AppDatabase): Promise<MigrationStatus[]> {
  const applied = await readApplied(database.db as AnyDb);
  const known = NAMES.map((name) => ({ name, appliedAt: applied.get(name) ?? null }));
  // A migration recorded by a newer version of the app is listed too, so `db status` shows it.
  const unknown = [...applied.keys()].filter((n) => !NAMES.includes(n)).sort();
  return [...known, ...unknown.map((name) => ({ name, appliedAt: applied.get(name) ?? null }))];
}

export async function pendingMigrations(database: AppDatabase): Promise<string[]> {
  const applied = await readApplied(database.db as AnyDb);
  return NAMES.filter((n) => !applied.has(n));
}

/** Runs `work` on one connection while holding the migration lock. */
async function withMigrationLock<T>(database: AppDatabase, work: (db: AnyDb) => Promise<T>): Promise<T> {
  const db = database.db as AnyDb;
  return db.connection().execute(async (conn) => {
    const ensureTable = () =>
      sql`create table if not exists ${sql.table(MIGRATION_TABLE)} (name text primary key, applied_at text not null)`.execute(
        conn,
      );
    if (database.dialect !== 'postgres') {
      await ensureTable();
      return work(conn);
    }
    // Even `create table if not exists` races on PostgreSQL, so it too runs under the lock.
    const key = sql`hashtext('book-tracker-migrations:' || current_schema())`;
    await sql`select pg_advisory_lock(${key})`.execute(conn);
    try {
      await ensureTable();
      return await work(conn);
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(conn);
    }
  });
}

function migrationNamed(name: string): AppMigration {
  const m = migrations[name];
  if (!m)
    throw new Error(`Migration ${name} is recorded in the database but unknown to this version of the app.`);
  return m;
}

/** Applies every pending migration, in order; each runs in its own transaction with its record. */
export async function migrateToLatest(database: AppDatabase): Promise<string[]> {
  return withMigrationLock(database, async (conn) => {
    const applied = await readApplied(conn);
    const done: string[] = [];
    for (const name of NAMES) {
      if (applied.has(name)) continue;
      try {
        await conn.transaction().execute(async (trx) => {
          await migrationNamed(name).up(trx, database.dialect);
          await trx
            .insertInto(MIGRATION_TABLE)
            .values({ name, appliedAt: new Date().toISOString() })
            .execute();
        });
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        e.message = `Migration ${name} failed (nothing of it was applied): ${e.message}`;
        throw e;
      }
      done.push(name);
    }
    return done;
  });
}

/** Undoes the most recently applied migration. */
export async function rollbackLast(database: AppDatabase): Promise<string[]> {
  return withMigrationLock(database, async (conn) => {
    const applied = [...(await readApplied(conn)).keys()].sort();
    const last = applied.at(-1);
    if (!last) return [];
    await conn.transaction().execute(async (trx) => {
      await migrationNamed(last).down(trx, database.dialect);
      await trx.deleteFrom(MIGRATION_TABLE).where('name', '=', last).execute();
    });
    return [last];
  });
}
