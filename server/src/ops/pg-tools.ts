import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parsePostgresUrl } from '../db/database.ts';
import { OpsError } from './ops-error.ts';

/** The PostgreSQL client programs of one installation (pg_dump, pg_restore and psql of the same version). */
export interface PgTools {
  dir: string;
  major: number;
  version: string;
  pgDump: string;
  pgRestore: string;
  psql: string;
}

const EXTRA_DIRS_ROOT = '/usr/lib/postgresql';
const EXTRA_DIRS = ['/usr/local/pgsql/bin', '/opt/homebrew/opt/libpq/bin', '/usr/local/opt/libpq/bin'];

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function candidateDirs(): Promise<string[]> {
  const fromPath = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  let versioned: string[] = [];
  try {
    versioned = (await readdir(EXTRA_DIRS_ROOT))
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => path.join(EXTRA_DIRS_ROOT, v, 'bin'));
  } catch {
    // Not a Debian-style installation.
  }
  return [...new Set([...fromPath, ...versioned, ...EXTRA_DIRS])];
}

async function toolVersion(file: string): Promise<{ version: string; major: number } | null> {
  try {
    const { stdout } = await runTool(file, ['--version']);
    const match = /(\d+)(?:\.(\d+))?/.exec(stdout.replace(/^[^)]*\)/, ''));
    if (!match) return null;
    return { version: match[0], major: Number(match[1]) };
  } catch {
    return null;
  }
}

/**
 * Finds pg_dump (with pg_restore and psql beside it) on PATH or in /usr/lib/postgresql/<n>/bin.
 * pg_dump refuses to dump a newer server, so when the server's major version is known the first
 * installation at least that new wins: PATH first (the operator's choice), then the newest.
 */
export async function findPgTools(serverMajor: number | null = null): Promise<PgTools> {
  const found: PgTools[] = [];
  for (const dir of await candidateDirs()) {
    const pgDump = path.join(dir, 'pg_dump');
    if (!(await isExecutable(pgDump))) continue;
    const v = await toolVersion(pgDump);
    if (!v) continue;
    const tools = {
      dir,
      major: v.major,
      version: v.version,
      pgDump,
      pgRestore: path.join(dir, 'pg_restore'),
      psql: path.join(dir, 'psql'),
    };
    if (serverMajor === null || tools.major >= serverMajor) return tools;
    found.push(tools);
  }
  if (found.length === 0) {
    throw new OpsError(
      'pg_dump was not found on PATH or in /usr/lib/postgresql/*/bin.',
      'Install the PostgreSQL client tools of your server version (e.g. `apt install postgresql-client`).',
    );
  }
  const newest = Math.max(...found.map((t) => t.major));
  throw new OpsError(
    `pg_dump ${newest} is older than the PostgreSQL server (${serverMajor}) and cannot dump it.`,
    `Install the PostgreSQL ${serverMajor} client tools (e.g. \`apt install postgresql-client-${serverMajor}\`).`,
  );
}

/** The connection for libpq tools: the URL without `?schema=` and without the password, which goes in PGPASSWORD. */
export function pgConnection(url: string): { url: string; env: NodeJS.ProcessEnv; schema: string | null } {
  const { connectionString, schema } = parsePostgresUrl(url);
  const u = new URL(connectionString);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = '';
  }
  return { url: u.toString(), env, schema };
}

/** Runs a program without a shell; rejects with the end of its standard error when it exits non-zero. */
export function runTool(
  file: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64_000) stderr += chunk.toString();
    });
    child.on('error', (err) => reject(new OpsError(`Could not run ${path.basename(file)}: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout });
      else {
        const detail = stderr.trim().split('\n').slice(-8).join('\n');
        reject(new OpsError(`${path.basename(file)} failed (exit ${code})${detail ? `:\n${detail}` : ''}`));
      }
    });
  });
}
