/**
 * Where a generated data set lives and whether it can be reused: a SQLite file in bench/.data/,
 * or a PostgreSQL schema in the database of DATABASE_URL, named by scale and by a hash of
 * everything that shapes the data (migrations and migrator, generator, search folding). Changing
 * any of those builds a fresh data set; old ones for the same scale are removed.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { parsePostgresUrl } from '../server/src/db/database.ts';
import { DATASET_MARKER_TABLE } from './community.ts';
import type { BenchDialect } from './stats.ts';

export const BENCH_DIR = import.meta.dirname;
export const ROOT_DIR = path.resolve(BENCH_DIR, '..');
export const DATA_DIR = path.join(BENCH_DIR, '.data');

const SHAPING_FILES = [
  'server/src/db/migrator.ts',
  'bench/generate.ts',
  'bench/community.ts',
  'bench/distributions.ts',
  'bench/social-data.ts',
  'bench/words.ts',
  'server/src/features/books/search-text.ts',
];

export interface Dataset {
  dialect: BenchDialect;
  scale: number;
  key: string;
  /** The DATABASE_URL the server, the floor and the generator use. */
  databaseUrl: string;
  /** Human-readable location for messages. */
  location: string;
}

/** A short hash of the migrations and the generator's sources. */
export function schemaVersion(): string {
  const hash = createHash('sha256');
  const migrations = path.join(ROOT_DIR, 'server/src/db/migrations');
  const files = [
    ...readdirSync(migrations)
      .filter((f) => f.endsWith('.ts'))
      .sort()
      .map((f) => path.join(migrations, f)),
    ...SHAPING_FILES.map((f) => path.join(ROOT_DIR, f)),
  ];
  for (const file of files) {
    hash.update(path.relative(ROOT_DIR, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 10);
}

export function locateDataset(dialect: BenchDialect, scale: number, baseUrl: string | null): Dataset {
  const version = schemaVersion();
  const key = `${dialect}-${scale}-${version}`;
  if (dialect === 'sqlite') {
    const file = path.join(DATA_DIR, `${key}.db`);
    return { dialect, scale, key, databaseUrl: `sqlite:${file}`, location: path.relative(ROOT_DIR, file) };
  }
  if (!baseUrl) throw new Error('PostgreSQL needs DATABASE_URL');
  const u = new URL(baseUrl);
  const prefix = u.searchParams.get('schema') ?? 'bench';
  const schema = `${prefix}_${scale}_${version}`;
  u.searchParams.set('schema', schema);
  return {
    dialect,
    scale,
    key,
    databaseUrl: u.toString(),
    location: `${u.pathname.slice(1)}, schema ${schema}`,
  };
}

/** True when the data set was generated to the end (the generator writes its marker last). */
export async function datasetReady(dataset: Dataset): Promise<boolean> {
  if (dataset.dialect === 'sqlite') {
    const file = dataset.databaseUrl.slice('sqlite:'.length);
    if (!existsSync(file)) return false;
    const handle = new SQLite(file, { readonly: true });
    try {
      return (
        handle.prepare(`select key from ${DATASET_MARKER_TABLE} where key = ?`).get(dataset.key) !== undefined
      );
    } catch {
      return false;
    } finally {
      handle.close();
    }
  }
  const { connectionString, schema } = parsePostgresUrl(dataset.databaseUrl);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const exists = await client.query(
      'select 1 from information_schema.tables where table_schema = $1 and table_name = $2',
      [schema, DATASET_MARKER_TABLE],
    );
    if (exists.rowCount === 0) return false;
    const marker = await client.query(`select 1 from ${schema}.${DATASET_MARKER_TABLE} where key = $1`, [
      dataset.key,
    ]);
    return marker.rowCount === 1;
  } finally {
    await client.end();
  }
}

/** Removes this data set and older versions of it (same dialect and scale), leaving others alone. */
export async function removeDatasets(dataset: Dataset): Promise<void> {
  if (dataset.dialect === 'sqlite') {
    if (!existsSync(DATA_DIR)) return;
    const pattern = new RegExp(`^sqlite-${dataset.scale}-[0-9a-f]{10}\\.db(-wal|-shm)?$`);
    for (const file of readdirSync(DATA_DIR))
      if (pattern.test(file)) rmSync(path.join(DATA_DIR, file), { force: true });
    return;
  }
  const { connectionString, schema } = parsePostgresUrl(dataset.databaseUrl);
  const prefix = (schema ?? '').replace(/_\d+_[0-9a-f]{10}$/, '');
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      'select schema_name as name from information_schema.schemata where schema_name ~ $1',
      [`^${prefix}_${dataset.scale}_[0-9a-f]{10}$`],
    );
    for (const { name } of rows) await client.query(`drop schema ${name} cascade`);
  } finally {
    await client.end();
  }
}

/** Generates the data set in a child process (it needs memory the harness should not keep). */
export async function generateDataset(dataset: Dataset): Promise<void> {
  await removeDatasets(dataset);
  mkdirSync(DATA_DIR, { recursive: true });
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(BENCH_DIR, 'generate.ts'), '--scale', String(dataset.scale), '--key', dataset.key],
      { stdio: 'inherit', env: { ...process.env, DATABASE_URL: dataset.databaseUrl } },
    );
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the generator exited with ${code}`)),
    );
  });
}
