import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { describeFile, exists } from './backup-files.ts';
import { OpsError } from './ops-error.ts';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'book-tracker-backup';
export const SQLITE_BACKUP_FILE = 'database.sqlite';
export const POSTGRES_BACKUP_FILE = 'database.pgdump';
export const UPLOADS_BACKUP_DIR = 'uploads';

const SafeRelativePath = Type.String({
  pattern: '^(?!/)(?!.*(^|/)\\.\\.?(/|$))[^\\\\]+$',
  minLength: 1,
  maxLength: 4096,
});

export const BackupManifestSchema = Type.Object({
  format: Type.Literal(MANIFEST_FORMAT),
  formatVersion: Type.Literal(1),
  appVersion: Type.String(),
  dialect: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  /** The last applied migration when the backup was taken. */
  schemaVersion: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  /** Why it was taken: null for `db backup` and the schedule, else e.g. `pre-migrate`. */
  label: Type.Union([Type.String(), Type.Null()]),
  database: Type.Object({
    file: SafeRelativePath,
    /** PostgreSQL: the schema that was dumped, its extensions and the server version. */
    pgSchema: Type.Optional(Type.String()),
    pgExtensions: Type.Optional(Type.Array(Type.String())),
    serverVersion: Type.Optional(Type.String()),
  }),
  /** Whether the upload folder is part of the backup (database-only safety copies leave it out). */
  uploads: Type.Boolean(),
  files: Type.Array(
    Type.Object({
      path: SafeRelativePath,
      size: Type.Integer({ minimum: 0 }),
      sha256: Type.String({ pattern: '^[a-f0-9]{64}$' }),
    }),
  ),
});

export type BackupManifest = Static<typeof BackupManifestSchema>;

/** True when `value` is a manifest this program wrote (retention only ever deletes those). */
export function isOurManifest(value: unknown): value is BackupManifest {
  return Value.Check(BackupManifestSchema, value);
}

/** Reads and checks the manifest of a backup folder, without looking at the files. */
export async function readManifest(dir: string): Promise<BackupManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  if (!(await exists(dir))) throw new OpsError(`There is no backup at ${dir}.`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new OpsError(`${dir} is not a Book Tracker backup: ${MANIFEST_FILE} is missing.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new OpsError(`The backup at ${dir} is damaged: ${MANIFEST_FILE} is not valid JSON.`);
  }
  if (!isOurManifest(value)) {
    const first = Value.Errors(BackupManifestSchema, value)[0];
    const where = first ? ` (${first.instancePath || '/'} ${first.message})` : '';
    throw new OpsError(`${dir} does not hold a Book Tracker backup manifest${where}.`);
  }
  if (!value.files.some((f) => f.path === value.database.file)) {
    throw new OpsError(
      `The backup at ${dir} is damaged: its database file is not listed in ${MANIFEST_FILE}.`,
    );
  }
  return value;
}

/** Reads the manifest and checks every file it lists is there with the same size and checksum. */
export async function verifyBackup(dir: string): Promise<BackupManifest> {
  const manifest = await readManifest(dir);
  for (const entry of manifest.files) {
    if (!(await exists(path.join(dir, entry.path)))) {
      throw new OpsError(`The backup at ${dir} is damaged: ${entry.path} is missing.`);
    }
    const actual = await describeFile(dir, entry.path);
    if (actual.size !== entry.size || actual.sha256 !== entry.sha256) {
      throw new OpsError(`The backup at ${dir} is damaged: ${entry.path} does not match its checksum.`);
    }
  }
  return manifest;
}
