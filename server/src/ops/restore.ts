import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config } from '../config.ts';
import { createDatabase } from '../db/database.ts';
import { migrations } from '../db/migrations/index.ts';
import { pendingMigrations } from '../db/migrator.ts';
import { copyFileAtomic, fsyncDir } from '../lib/atomic-file.ts';
import { createBackup } from './backup.service.ts';
import { copyTree, exists } from './backup-files.ts';
import { type BackupManifest, UPLOADS_BACKUP_DIR, verifyBackup } from './backup-manifest.ts';
import { OpsRepository } from './ops.repository.ts';
import { OpsError } from './ops-error.ts';
import { findPgTools, pgConnection, runTool } from './pg-tools.ts';

export interface RestoreResult {
  restoredFrom: string;
  manifest: BackupManifest;
  /** The copy of what was there before, or null when there was nothing to keep. */
  safetyBackup: string | null;
  uploadsRestored: boolean;
  /** Migrations newer than the backup; `db migrate` (or the next server start) applies them. */
  pendingMigrations: string[];
}

const DIALECT_NAME = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

/** A backup folder given as a path, or as a folder name inside BACKUP_DIR. */
export async function resolveBackupPath(config: Config, given: string): Promise<string> {
  const direct = path.resolve(given);
  if (await exists(direct)) return direct;
  const inBackupDir = path.join(config.backupDir, given);
  if (!given.includes('/') && (await exists(inBackupDir))) return inBackupDir;
  return direct;
}

/**
 * Restores a backup made by `createBackup`: checks every file against the manifest, keeps a
 * safety backup of the current state, then replaces the database and the upload folder.
 * On SQLite the server must be stopped first; a database still open elsewhere is refused.
 */
export async function restoreBackup(config: Config, backupPath: string): Promise<RestoreResult> {
  const dir = path.resolve(backupPath);
  const manifest = await verifyBackup(dir);
  const current = config.database.dialect;
  if (manifest.dialect !== current) {
    throw new OpsError(
      `This backup holds a ${DIALECT_NAME[manifest.dialect]} database, but DATABASE_URL points at ${DIALECT_NAME[current]}.`,
      'A backup restores only into the same kind of database: set DATABASE_URL accordingly.',
    );
  }
  if (manifest.schemaVersion !== null && !(manifest.schemaVersion in migrations)) {
    throw new OpsError(
      `This backup was made by a newer Book Tracker (schema ${manifest.schemaVersion} is unknown to this version).`,
      'Upgrade Book Tracker first, then restore.',
    );
  }

  const safetyBackup = await takeSafetyBackup(config, manifest);

  if (config.database.dialect === 'sqlite') await restoreSqlite(config.database.path, dir, manifest);
  else await restorePostgres(config.database.url, dir, manifest);

  if (manifest.uploads) await replaceFolder(config.uploadDir, path.join(dir, UPLOADS_BACKUP_DIR));

  const database = createDatabase(config.database);
  try {
    return {
      restoredFrom: dir,
      manifest,
      safetyBackup,
      uploadsRestored: manifest.uploads,
      pendingMigrations: await pendingMigrations(database),
    };
  } finally {
    await database.close();
  }
}

async function takeSafetyBackup(config: Config, manifest: BackupManifest): Promise<string | null> {
  if (config.database.dialect === 'sqlite') {
    if (config.database.path === ':memory:')
      throw new OpsError('An in-memory SQLite database cannot be restored into.');
    if (!(await exists(config.database.path))) return null;
  }
  const database = createDatabase(config.database);
  try {
    if (database.dialect === 'postgres') {
      const repo = new OpsRepository(database);
      const schema = database.pgSchema ?? (await repo.postgresCurrentSchema());
      if (schema !== manifest.database.pgSchema) {
        throw new OpsError(
          `This backup holds the PostgreSQL schema "${manifest.database.pgSchema}", but DATABASE_URL uses "${schema}".`,
          `Restore into a DATABASE_URL that uses that schema (add ?schema=${manifest.database.pgSchema}).`,
        );
      }
      if (!(await repo.postgresSchemaExists(schema))) return null;
    }
    const result = await createBackup(config, database, { label: 'pre-restore', prune: false });
    return result.path;
  } finally {
    await database.close();
  }
}

async function restoreSqlite(file: string, dir: string, manifest: BackupManifest): Promise<void> {
  // Closing the last connection checkpoints and removes the -wal; one left over means another
  // process (a running server) still has the database open and would keep writing to the old file.
  if ((await exists(`${file}-wal`)) || (await exists(`${file}-shm`))) {
    throw new OpsError(
      `The database ${file} is open in another process.`,
      'Stop the Book Tracker server first, then restore again.',
    );
  }
  await mkdir(path.dirname(file), { recursive: true });
  await copyFileAtomic(path.join(dir, manifest.database.file), file, async () => {
    // A stale WAL next to a different database file would be replayed into it.
    await rm(`${file}-wal`, { force: true });
    await rm(`${file}-shm`, { force: true });
  });
}

async function restorePostgres(url: string, dir: string, manifest: BackupManifest): Promise<void> {
  const schema = manifest.database.pgSchema;
  if (!schema) throw new OpsError('The backup manifest does not name the PostgreSQL schema it holds.');
  const database = createDatabase({ dialect: 'postgres', url, poolSize: 1, preparedStatements: false });
  let major: number;
  try {
    major = (await new OpsRepository(database).postgresVersion()).major;
  } finally {
    await database.close();
  }
  const tools = await findPgTools(major);
  const conn = pgConnection(url);
  const dump = path.join(dir, manifest.database.file);
  const work = await mkdtemp(path.join(tmpdir(), 'bt-restore-'));
  try {
    // The schema is dropped and rebuilt in one transaction, so a failure leaves it as it was and
    // tables added by later migrations do not linger. Its own CREATE SCHEMA entry is left out of
    // the dump's table of contents because the schema (with its extensions) is made first here.
    const { stdout: toc } = await runTool(tools.pgRestore, ['-l', dump], { env: conn.env });
    const schemaEntry = new RegExp(
      `^\\d+; \\d+ \\d+ (SCHEMA - ${escapeRegExp(schema)} |COMMENT - SCHEMA ${escapeRegExp(schema)} )`,
    );
    const listFile = path.join(work, 'restore.list');
    await writeFile(
      listFile,
      toc
        .split('\n')
        .filter((line) => !schemaEntry.test(line))
        .join('\n'),
    );
    const sqlFile = path.join(work, 'restore.sql');
    await runTool(tools.pgRestore, ['--no-owner', '--no-privileges', '-L', listFile, '-f', sqlFile, dump], {
      env: conn.env,
    });
    const ident = quoteIdent(schema);
    const prepare = [
      `drop schema if exists ${ident} cascade;`,
      `create schema ${ident};`,
      ...(manifest.database.pgExtensions ?? []).map(
        (e) => `create extension if not exists ${quoteIdent(e)} with schema ${ident};`,
      ),
    ].join('\n');
    await runTool(
      tools.psql,
      [
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '--single-transaction',
        '-d',
        conn.url,
        '-c',
        prepare,
        '-f',
        sqlFile,
      ],
      { env: { ...conn.env, PGOPTIONS: '--client-min-messages=warning' } },
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Replaces `target` with a copy of `source` (missing source = empty folder): the copy is built in
 * a sibling folder, then swapped in with two renames, so the upload folder is never half-restored.
 */
async function replaceFolder(target: string, source: string): Promise<void> {
  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true });
  const suffix = randomBytes(4).toString('hex');
  const staging = `${target}.restore-${suffix}`;
  const old = `${target}.old-${suffix}`;
  await mkdir(staging);
  try {
    await copyTree(source, staging);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  const hadTarget = await isDirectory(target);
  if (hadTarget) await rename(target, old);
  try {
    await rename(staging, target);
  } catch (err) {
    if (hadTarget) await rename(old, target);
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  await fsyncDir(parent);
  if (hadTarget) await rm(old, { recursive: true, force: true });
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
