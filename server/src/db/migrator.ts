import { type Migration, type MigrationResultSet, Migrator } from 'kysely/migration';
import type { AppDatabase } from './database.ts';
import { migrations } from './migrations/index.ts';

export const MIGRATION_TABLE = 'schema_migrations';
export const MIGRATION_LOCK_TABLE = 'schema_migrations_lock';

export function createMigrator(database: AppDatabase): Migrator {
  const provider = {
    async getMigrations(): Promise<Record<string, Migration>> {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(migrations)) {
        out[name] = {
          up: (db) => m.up(db, database.dialect),
          down: (db) => m.down(db, database.dialect),
        };
      }
      return out;
    },
  };
  return new Migrator({
    db: database.db,
    provider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(database.pgSchema ? { migrationTableSchema: database.pgSchema } : {}),
  });
}

export interface MigrationStatus {
  name: string;
  appliedAt: string | null;
}

export async function migrationStatus(database: AppDatabase): Promise<MigrationStatus[]> {
  const infos = await createMigrator(database).getMigrations();
  return infos.map((i) => ({ name: i.name, appliedAt: i.executedAt ? i.executedAt.toISOString() : null }));
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = result.error instanceof Error ? result.error : new Error(String(result.error));
    err.message = failed ? `Migration ${failed.migrationName} failed: ${err.message}` : err.message;
    throw err;
  }
  return (result.results ?? []).map((r) => r.migrationName);
}

/** Applies every pending migration; each runs in its own transaction and is recorded. */
export async function migrateToLatest(database: AppDatabase): Promise<string[]> {
  return unwrap(await createMigrator(database).migrateToLatest());
}

/** Undoes the most recent migration. */
export async function rollbackLast(database: AppDatabase): Promise<string[]> {
  return unwrap(await createMigrator(database).migrateDown());
}

export const latestMigration = Object.keys(migrations).at(-1) ?? null;

export async function pendingMigrations(database: AppDatabase): Promise<string[]> {
  return (await migrationStatus(database)).filter((m) => m.appliedAt === null).map((m) => m.name);
}
