import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Config } from '../config.ts';
import type { AppDatabase } from '../db/database.ts';
import { migrationStatus } from '../db/migrator.ts';
import { fsyncDir, writeFileAtomic } from '../lib/atomic-file.ts';
import { appVersion } from './app-version.ts';
import { copyTree, describeFile, exists, listFiles } from './backup-files.ts';
import {
  type BackupManifest,
  isOurManifest,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  POSTGRES_BACKUP_FILE,
  SQLITE_BACKUP_FILE,
  UPLOADS_BACKUP_DIR,
} from './backup-manifest.ts';
import { OpsRepository } from './ops.repository.ts';
import { OpsError } from './ops-error.ts';
import { findPgTools, pgConnection, runTool } from './pg-tools.ts';

export interface BackupOptions {
  /** Appended to the folder name and kept in the manifest, e.g. `pre-migrate`. */
  label?: string;
  /** Copy the upload folder too (default true); safety copies around migrations leave it out. */
  includeUploads?: boolean;
  /** Remove backups older than the retention afterwards (default true). */
  prune?: boolean;
  /** The backup's time (tests use it to make old backups). */
  now?: Date;
  /** SQLite pages copied per event-loop turn (tests make it small to force restarts). */
  sqlitePagesPerStep?: number;
}

export interface BackupResult {
  path: string;
  name: string;
  manifest: BackupManifest;
  /** Folders removed by the retention. */
  pruned: string[];
}

/** `2026-11-24T10-15-00Z`: sortable and valid in every file system. */
export function backupTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(':', '-');
}

/** The last applied migration, or null when none is. */
export async function schemaVersion(database: AppDatabase): Promise<string | null> {
  const applied = (await migrationStatus(database)).filter((m) => m.appliedAt !== null);
  return applied.at(-1)?.name ?? null;
}

/**
 * A consistent online backup of the database and the uploads into BACKUP_DIR/<timestamp>/.
 *
 * The folder is built under a hidden name and renamed when complete, so a crash never leaves
 * something that looks like a backup. The uploads are copied before and after the database
 * snapshot: a file a row points at was written before the row, so it is caught by one of the
 * two passes unless it is also deleted during the copy.
 */
export async function createBackup(
  config: Config,
  database: AppDatabase,
  options: BackupOptions = {},
): Promise<BackupResult> {
  const now = options.now ?? new Date();
  const label = options.label ?? null;
  if (label !== null && !/^[a-z0-9-]+$/.test(label)) throw new Error(`Invalid backup label "${label}".`);
  const includeUploads = options.includeUploads ?? true;
  const baseName = `${backupTimestamp(now)}${label ? `-${label}` : ''}`;

  await mkdir(config.backupDir, { recursive: true });
  const work = path.join(config.backupDir, `.partial-${baseName}-${randomBytes(4).toString('hex')}`);
  await mkdir(work);
  try {
    const uploadsTarget = path.join(work, UPLOADS_BACKUP_DIR);
    if (includeUploads) await copyTree(config.uploadDir, uploadsTarget, ['.tmp']);

    const version = await schemaVersion(database);
    const databaseInfo =
      database.dialect === 'sqlite'
        ? await backupSqlite(database, work, options.sqlitePagesPerStep ?? 2000)
        : await backupPostgres(config, database, work);

    if (includeUploads) await copyTree(config.uploadDir, uploadsTarget, ['.tmp']);

    const files = [];
    for (const rel of await listFiles(work)) files.push(await describeFile(work, rel));
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      formatVersion: 1,
      appVersion: appVersion(),
      dialect: database.dialect,
      schemaVersion: version,
      createdAt: now.toISOString(),
      label,
      database: databaseInfo,
      uploads: includeUploads,
      files,
    };
    await writeFileAtomic(path.join(work, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);

    const name = await claimName(config.backupDir, baseName, work);
    await fsyncDir(config.backupDir);
    const pruned =
      (options.prune ?? true)
        ? await pruneBackups(config.backupDir, config.backupRetentionDays, now, [name])
        : [];
    return { path: path.join(config.backupDir, name), name, manifest, pruned };
  } catch (err) {
    await rm(work, { recursive: true, force: true });
    throw err;
  }
}

/** Renames the finished folder to `base`, or `base-2`, `base-3`… when that second is taken. */
async function claimName(dir: string, base: string, work: string): Promise<string> {
  for (let n = 1; n < 1000; n += 1) {
    const name = n === 1 ? base : `${base}-${n}`;
    const target = path.join(dir, name);
    if (await exists(target)) continue;
    try {
      await rename(work, target);
      return name;
    } catch (err) {
      // Another backup claimed it between the check and the rename.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
    }
  }
  throw new OpsError(`Could not find a free backup folder name for ${base} in ${dir}.`);
}

async function backupSqlite(
  database: AppDatabase,
  work: string,
  pagesPerStep: number,
): Promise<BackupManifest['database']> {
  if (!database.sqlite) throw new Error('The SQLite handle is missing.');
  const target = path.join(work, SQLITE_BACKUP_FILE);
  // SQLite's online backup API, a few thousand pages per step so a server taking its own backup
  // keeps answering in between (its own writes are carried into the copy as it goes). A write
  // from another process restarts the copy; after a restart the rest goes in one step, which
  // in WAL mode reads a snapshot without blocking writers, so steady writes cannot starve it.
  let lastRemaining = Number.POSITIVE_INFINITY;
  let restarted = false;
  await database.sqlite.backup(target, {
    progress: ({ remainingPages }) => {
      if (remainingPages >= lastRemaining) restarted = true;
      lastRemaining = remainingPages;
      return restarted ? 0x7fffffff : pagesPerStep;
    },
  });
  // A self-contained file (no -wal beside it) that is known to be sound.
  const copy = new SQLite(target);
  try {
    copy.pragma('journal_mode = DELETE');
    const result = copy.pragma('quick_check', { simple: true });
    if (result !== 'ok') throw new OpsError(`The backup copy failed its integrity check: ${String(result)}`);
  } finally {
    copy.close();
  }
  return { file: SQLITE_BACKUP_FILE };
}

async function backupPostgres(
  config: Config,
  database: AppDatabase,
  work: string,
): Promise<BackupManifest['database']> {
  const repo = new OpsRepository(database);
  const server = await repo.postgresVersion();
  const schema = database.pgSchema ?? (await repo.postgresCurrentSchema());
  if (!schema) throw new OpsError('The PostgreSQL connection has no current schema to back up.');
  const extensions = await repo.postgresExtensionsIn(schema);
  const tools = await findPgTools(server.major);
  const conn = pgConnection(config.database.url);
  const target = path.join(work, POSTGRES_BACKUP_FILE);
  // pg_dump reads one snapshot, so the dump is consistent while the application keeps writing.
  await runTool(tools.pgDump, ['-Fc', '--no-owner', '-n', `"${schema}"`, '-f', target, '-d', conn.url], {
    env: conn.env,
  });
  return {
    file: POSTGRES_BACKUP_FILE,
    pgSchema: schema,
    pgExtensions: extensions,
    serverVersion: server.version,
  };
}

export interface BackupListing {
  name: string;
  path: string;
  manifest: BackupManifest;
}

/** The backups this program made in `dir`, oldest first. */
export async function listBackups(dir: string): Promise<BackupListing[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: BackupListing[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const folder = path.join(dir, entry.name);
    try {
      const manifest: unknown = JSON.parse(await readFile(path.join(folder, MANIFEST_FILE), 'utf8'));
      if (isOurManifest(manifest)) out.push({ name: entry.name, path: folder, manifest });
    } catch {
      // Not ours (no manifest, or someone else's): never listed, never removed.
    }
  }
  return out.sort((a, b) => a.manifest.createdAt.localeCompare(b.manifest.createdAt));
}

/**
 * Removes backups older than `retentionDays` (0 keeps them all). Only folders holding a manifest
 * written by this program are candidates; `keep` names are never removed.
 */
export async function pruneBackups(
  dir: string,
  retentionDays: number,
  now: Date,
  keep: string[] = [],
): Promise<string[]> {
  if (retentionDays <= 0) return [];
  const cutoff = now.getTime() - retentionDays * 24 * 3600_000;
  const removed: string[] = [];
  for (const backup of await listBackups(dir)) {
    if (keep.includes(backup.name)) continue;
    if (new Date(backup.manifest.createdAt).getTime() >= cutoff) continue;
    await rm(backup.path, { recursive: true, force: true });
    removed.push(backup.name);
  }
  // A crash mid-backup leaves a hidden `.partial-*` folder; one untouched for a day is abandoned.
  const abandonedBefore = now.getTime() - 24 * 3600_000;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory() || !entry.name.startsWith('.partial-')) continue;
    const full = path.join(dir, entry.name);
    if ((await stat(full)).mtimeMs < abandonedBefore) {
      await rm(full, { recursive: true, force: true });
      removed.push(entry.name);
    }
  }
  return removed;
}
