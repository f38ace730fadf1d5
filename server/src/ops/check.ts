import type { Config } from '../config.ts';
import type { AppDatabase, Dialect } from '../db/database.ts';
import { type MigrationStatus, migrationStatus } from '../db/migrator.ts';
import {
  type AttachmentFilesCheck,
  checkAttachmentFiles,
  NotesRepository,
} from '../features/journals/index.ts';
import { LocalStorage } from '../storage/local-storage.ts';
import { type ForeignKeyViolation, OpsRepository, type TableCount } from './ops.repository.ts';

export interface DatabaseCheck {
  ok: boolean;
  dialect: Dialect;
  reachable: boolean;
  /** PostgreSQL's server version; SQLite's library version. */
  serverVersion: string | null;
  /** The last applied migration. */
  schemaVersion: string | null;
  applied: MigrationStatus[];
  pending: string[];
  tables: TableCount[];
  /** `PRAGMA integrity_check` lines (['ok'] when sound); null on PostgreSQL. */
  integrity: string[] | null;
  foreignKeyViolations: ForeignKeyViolation[] | null;
  /** Everything that is wrong, in words; empty when `ok`. */
  problems: string[];
}

/** Looks the database over: reachability, migrations, row counts and (SQLite) file integrity. */
export async function checkDatabase(database: AppDatabase): Promise<DatabaseCheck> {
  const result: DatabaseCheck = {
    ok: false,
    dialect: database.dialect,
    reachable: false,
    serverVersion: null,
    schemaVersion: null,
    applied: [],
    pending: [],
    tables: [],
    integrity: null,
    foreignKeyViolations: null,
    problems: [],
  };
  const repo = new OpsRepository(database);
  try {
    await database.ping();
    result.reachable = true;
  } catch (err) {
    result.problems.push(`The database is unreachable: ${(err as Error).message || String(err)}`);
    return result;
  }

  if (database.dialect === 'postgres') {
    result.serverVersion = `PostgreSQL ${(await repo.postgresVersion()).version}`;
    if (database.pgSchema && !(await repo.postgresSchemaExists(database.pgSchema))) {
      result.problems.push(`The schema "${database.pgSchema}" named in DATABASE_URL does not exist.`);
      return result;
    }
  } else {
    result.serverVersion = `SQLite ${await repo.sqliteVersion()}`;
  }

  const migrations = await migrationStatus(database);
  result.applied = migrations.filter((m) => m.appliedAt !== null);
  result.pending = migrations.filter((m) => m.appliedAt === null).map((m) => m.name);
  result.schemaVersion = result.applied.at(-1)?.name ?? null;
  if (result.pending.length > 0) {
    result.problems.push(`${result.pending.length} migration(s) pending: ${result.pending.join(', ')}.`);
  }

  result.tables = await repo.countRows(await repo.listTables());

  if (database.dialect === 'sqlite') {
    result.integrity = await repo.sqliteIntegrityCheck();
    if (result.integrity.length !== 1 || result.integrity[0] !== 'ok') {
      result.problems.push(`PRAGMA integrity_check failed: ${result.integrity.slice(0, 5).join('; ')}`);
    }
    result.foreignKeyViolations = await repo.sqliteForeignKeyCheck();
    if (result.foreignKeyViolations.length > 0) {
      const first = result.foreignKeyViolations[0];
      result.problems.push(
        `PRAGMA foreign_key_check found ${result.foreignKeyViolations.length} row(s) pointing at missing rows (first: ${first?.table} row ${first?.rowid} → ${first?.parent}).`,
      );
    }
  }

  result.ok = result.problems.length === 0;
  return result;
}

export interface UploadsCheck extends AttachmentFilesCheck {
  /** Everything that is still wrong after the check (and the fix, when asked), in words. */
  problems: string[];
}

/**
 * Compares note attachment files with their rows: orphan files (row gone) are removed with
 * `fix`; rows whose file is missing are reported (their bytes cannot be brought back).
 */
export async function checkUploads(
  config: Config,
  database: AppDatabase,
  options: { fix: boolean; graceMs?: number },
): Promise<UploadsCheck> {
  const result = await checkAttachmentFiles(
    new NotesRepository(database.db),
    new LocalStorage(config.uploadDir),
    options,
  );
  const problems: string[] = [];
  const left = result.orphans.length - result.removed.length;
  if (left > 0) {
    problems.push(
      `${left} attachment file(s) have no row (left by an interrupted upload or delete); \`db check --fix\` removes them.`,
    );
  }
  if (result.missing.length > 0) {
    problems.push(
      `${result.missing.length} attachment row(s) point at a missing file (first: attachment ${result.missing[0]?.attachmentId}, ${result.missing[0]?.key}); restore the uploads from a backup.`,
    );
  }
  return { ...result, problems };
}
