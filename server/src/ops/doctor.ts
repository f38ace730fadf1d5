import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import { type Config, ConfigError, loadConfig, readEnvironment } from '../config.ts';
import { createDatabase } from '../db/database.ts';
import { pendingMigrations } from '../db/migrator.ts';
import { exists } from './backup-files.ts';
import { OpsRepository } from './ops.repository.ts';
import { findPgTools } from './pg-tools.ts';

export type DoctorStatus = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  status: DoctorStatus;
  /** What was checked and what was found. */
  what: string;
  /** How to fix it, for warnings and failures. */
  fix?: string;
}

export interface DoctorReport {
  ok: boolean;
  checks: DoctorCheck[];
}

export interface DoctorOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  nodeVersion?: string;
  /** How long each outside service gets to answer (3 s). */
  timeoutMs?: number;
}

const MIN_NODE: [number, number] = [22, 12];
const RECOMMENDED_NODE = 24;

/** Checks the set-up, one line per finding, each with how to fix it. */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const cwd = options.cwd ?? process.cwd();
  const timeoutMs = options.timeoutMs ?? 3000;
  const checks: DoctorCheck[] = [checkNode(options.nodeVersion ?? process.versions.node)];

  let config: Config;
  try {
    config = loadConfig(options.env ?? readEnvironment(cwd), cwd);
    checks.push({ status: 'ok', what: `Configuration is valid (${config.nodeEnv})` });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) {
      checks.push({
        status: 'fail',
        what: `Configuration: ${problem}`,
        fix: 'Fix it in .env or the environment (see .env.example).',
      });
    }
    checks.push({
      status: 'warn',
      what: 'The other checks were skipped',
      fix: 'Fix the configuration, then run doctor again.',
    });
    return report(checks);
  }

  checks.push(...(await checkDatabase(config)));
  checks.push(await checkWritable('Upload folder', config.uploadDir, 'UPLOAD_DIR'));
  checks.push(await checkWritable('Backup folder', config.backupDir, 'BACKUP_DIR'));
  checks.push(await checkWebApp(config));
  const googleUrl = `${config.googleBooksApiUrl}/volumes?q=isbn:0${config.googleBooksApiKey ? `&key=${encodeURIComponent(config.googleBooksApiKey)}` : ''}`;
  checks.push(
    await checkProvider(
      'Google Books',
      googleUrl,
      config.googleBooksApiUrl,
      'GOOGLE_BOOKS_API_URL',
      timeoutMs,
    ),
    await checkProvider(
      'Open Library',
      `${config.openLibraryUrl}/search.json?q=isbn:0&limit=1`,
      config.openLibraryUrl,
      'OPEN_LIBRARY_URL',
      timeoutMs,
    ),
  );
  if (config.redisUrl) checks.push(await checkRedis(config.redisUrl, timeoutMs));
  return report(checks);
}

function report(checks: DoctorCheck[]): DoctorReport {
  return { ok: checks.every((c) => c.status !== 'fail'), checks };
}

export function checkNode(version: string): DoctorCheck {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) {
    return {
      status: 'fail',
      what: `Node.js ${version} is too old (${MIN_NODE.join('.')} or newer is needed)`,
      fix: `Install Node.js ${RECOMMENDED_NODE} LTS (https://nodejs.org or your version manager).`,
    };
  }
  if (major < RECOMMENDED_NODE) {
    return {
      status: 'warn',
      what: `Node.js ${version} works; ${RECOMMENDED_NODE} LTS is recommended`,
      fix: `Upgrade to Node.js ${RECOMMENDED_NODE} LTS when you can.`,
    };
  }
  return { status: 'ok', what: `Node.js ${version}` };
}

async function checkDatabase(config: Config): Promise<DoctorCheck[]> {
  const db = config.database;
  const where = db.dialect === 'sqlite' ? `SQLite at ${db.path}` : 'PostgreSQL';
  const migrateFix = 'Run `npm run db -- migrate`.';
  // Opening a missing SQLite file would create it; the doctor only looks.
  if (db.dialect === 'sqlite' && db.path !== ':memory:' && !(await exists(db.path))) {
    return [
      config.migrateOnStart
        ? {
            status: 'warn',
            what: `${where} does not exist yet`,
            fix: `The server creates it on start, or run \`npm run db -- migrate\`.`,
          }
        : { status: 'fail', what: `${where} does not exist`, fix: migrateFix },
    ];
  }
  const database = createDatabase(db);
  const checks: DoctorCheck[] = [];
  try {
    try {
      await database.ping();
    } catch (err) {
      return [
        {
          status: 'fail',
          what: `${where} is unreachable: ${(err as Error).message}`,
          fix:
            db.dialect === 'postgres'
              ? 'Check that PostgreSQL is running and that DATABASE_URL (host, port, user, password, database) is right.'
              : 'Check that the data folder exists and is readable and writable by this user.',
        },
      ];
    }
    const repo = new OpsRepository(database);
    let serverMajor: number | null = null;
    if (database.dialect === 'postgres') {
      const version = await repo.postgresVersion();
      serverMajor = version.major;
      checks.push({ status: 'ok', what: `PostgreSQL ${version.version} is reachable` });
    } else {
      checks.push({ status: 'ok', what: `${where} is reachable` });
    }
    const pending = await pendingMigrations(database);
    if (pending.length === 0) checks.push({ status: 'ok', what: 'The database schema is up to date' });
    else {
      checks.push({
        status: config.migrateOnStart ? 'warn' : 'fail',
        what: `${pending.length} migration(s) pending: ${pending.join(', ')}`,
        fix: config.migrateOnStart
          ? `The server applies them on start, or ${migrateFix.toLowerCase()}`
          : migrateFix,
      });
    }
    if (database.dialect === 'postgres') checks.push(await checkPgDump(config, serverMajor));
  } finally {
    await database.close();
  }
  return checks;
}

async function checkPgDump(config: Config, serverMajor: number | null): Promise<DoctorCheck> {
  try {
    const tools = await findPgTools(serverMajor);
    return { status: 'ok', what: `pg_dump ${tools.version} found in ${tools.dir}` };
  } catch (err) {
    return {
      // Without pg_dump, scheduled backups fail; otherwise only `db backup` is affected.
      status: config.backupIntervalHours ? 'fail' : 'warn',
      what: `Backups need pg_dump: ${(err as Error).message}`,
      fix: 'Install the PostgreSQL client tools of your server version (e.g. `apt install postgresql-client`).',
    };
  }
}

async function checkWritable(label: string, dir: string, variable: string): Promise<DoctorCheck> {
  const probe = path.join(dir, `.doctor-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
    return { status: 'ok', what: `${label} ${dir} is writable` };
  } catch (err) {
    return {
      status: 'fail',
      what: `${label} ${dir} is not writable: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      fix: `Create it and give this user write access, or point ${variable} elsewhere.`,
    };
  }
}

async function checkWebApp(config: Config): Promise<DoctorCheck> {
  const index = path.join(config.webDistDir, 'index.html');
  if (await exists(index)) return { status: 'ok', what: `The web app is built (${config.webDistDir})` };
  return {
    status: config.isProduction ? 'fail' : 'warn',
    what: `The web app is not built (${index} is missing)`,
    fix: config.isProduction
      ? 'Run `npm run build` before starting in production.'
      : 'Run `npm run build`, or use `npm run dev`, where Vite serves it.',
  };
}

/** Any answer below 500 means the service is there; an unreachable provider is a warning, since search degrades. */
async function checkProvider(
  name: string,
  url: string,
  shownUrl: string,
  variable: string,
  timeoutMs: number,
): Promise<DoctorCheck> {
  try {
    const res = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
    });
    await res.body?.cancel();
    if (res.ok) return { status: 'ok', what: `${name} is reachable (${shownUrl})` };
    return {
      status: 'warn',
      what: `${name} answered HTTP ${res.status} (${shownUrl})`,
      fix:
        res.status === 400 || res.status === 403 || res.status === 429
          ? `Check the API key and quota${name === 'Google Books' ? ' (GOOGLE_BOOKS_API_KEY)' : ''}.`
          : `Check ${variable}; search uses the other provider meanwhile.`,
    };
  } catch (err) {
    const reason =
      (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : networkReason(err);
    return {
      status: 'warn',
      what: `${name} is unreachable (${shownUrl}): ${reason}`,
      fix: `Check the network or ${variable}; book search works with what is reachable.`,
    };
  }
}

/** fetch says only "fetch failed"; the cause names the real trouble (ECONNREFUSED, ENOTFOUND, …). */
function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

async function checkRedis(url: string, timeoutMs: number): Promise<DoctorCheck> {
  const shown = url.replace(/\/\/[^@/]*@/, '//***@');
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return { status: 'ok', what: `Redis is reachable (${shown})` };
  } catch (err) {
    return {
      status: 'fail',
      what: `Redis is unreachable (${shown}): ${(err as Error).message}`,
      fix: 'Start Redis or fix REDIS_URL; unset REDIS_URL to run a single instance without it.',
    };
  } finally {
    redis.disconnect();
  }
}

const SYMBOL: Record<DoctorStatus, string> = { ok: '✓', warn: '!', fail: '✗' };

export function formatDoctorReport(result: DoctorReport): string {
  const lines = result.checks.map((c) => `${SYMBOL[c.status]} ${c.what}${c.fix ? `\n    → ${c.fix}` : ''}`);
  const fails = result.checks.filter((c) => c.status === 'fail').length;
  const warns = result.checks.filter((c) => c.status === 'warn').length;
  lines.push(
    '',
    fails > 0
      ? `${fails} problem(s) to fix, ${warns} warning(s).`
      : `All good${warns ? ` (${warns} warning(s))` : ''}.`,
  );
  return lines.join('\n');
}
