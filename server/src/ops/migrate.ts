import type { Config } from '../config.ts';
import type { AppDatabase } from '../db/database.ts';
import { migrateToLatest, migrationStatus, rollbackLast } from '../db/migrator.ts';
import { createBackup } from './backup.service.ts';
import { OpsRepository } from './ops.repository.ts';

export interface MigrateResult {
  applied: string[];
  /** The safety backup written first, or null. */
  backup: string | null;
}

/**
 * Applies pending migrations. On SQLite, a database that already holds tables is backed up
 * first (database only, not the uploads, which migrations never touch).
 */
export async function migrateDatabase(
  config: Config,
  database: AppDatabase,
  options: { backup?: boolean } = {},
): Promise<MigrateResult> {
  const status = await migrationStatus(database);
  const pending = status.filter((m) => m.appliedAt === null);
  let backup: string | null = null;
  if (
    (options.backup ?? true) &&
    database.dialect === 'sqlite' &&
    pending.length > 0 &&
    (await new OpsRepository(database).listTables()).length > 0
  ) {
    backup = (
      await createBackup(config, database, { label: 'pre-migrate', includeUploads: false, prune: false })
    ).path;
  }
  return { applied: await migrateToLatest(database), backup };
}

export interface RollbackResult {
  rolledBack: string[];
  backup: string | null;
}

/** Undoes the last applied migration, after a database backup (on both dialects). */
export async function rollbackDatabase(
  config: Config,
  database: AppDatabase,
  options: { backup?: boolean } = {},
): Promise<RollbackResult> {
  const applied = (await migrationStatus(database)).filter((m) => m.appliedAt !== null);
  if (applied.length === 0) return { rolledBack: [], backup: null };
  const backup =
    (options.backup ?? true)
      ? (await createBackup(config, database, { label: 'pre-rollback', includeUploads: false, prune: false }))
          .path
      : null;
  return { rolledBack: await rollbackLast(database), backup };
}
