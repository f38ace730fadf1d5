import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as dotenvParse } from 'dotenv';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type DatabaseConfig =
  | { dialect: 'sqlite'; url: string; path: string }
  | {
      dialect: 'postgres';
      url: string;
      poolSize: number;
      /** Whether the hot queries run as named prepared statements (off behind PgBouncer < 1.21's transaction pooling). */
      preparedStatements: boolean;
    };

export interface Config {
  nodeEnv: NodeEnv;
  isProduction: boolean;
  port: number;
  host: string;
  publicUrl: string;
  secretKey: string;
  /** Where the generated development secret lives; null when SECRET_KEY was given. */
  secretKeyFile: string | null;
  accessTokenExpireMinutes: number;
  database: DatabaseConfig;
  dataDir: string;
  corsOrigins: string[];
  googleBooksApiKey: string | null;
  googleBooksApiUrl: string;
  openLibraryUrl: string;
  providerTimeoutMs: number;
  /**
   * Tests and development only: the cover fetcher may reach loopback addresses (and plain http to
   * them), so a local HTTP server can serve covers. Refused in production.
   */
  coverFetchAllowLoopback: boolean;
  /** How often the cover job looks for covers to fetch (it also runs at start and after an add). */
  coverSweepSeconds: number;
  /**
   * Provider calls per second the background enrichment may make from this process; 0 turns the
   * enrichment off (books wait, `pending`, until it is on again).
   */
  enrichRequestsPerSecond: number;
  /** How often the enrichment job looks for books to ask the providers about (it also runs at start). */
  enrichSweepSeconds: number;
  google: { clientId: string; clientSecret: string; issuerUrl: string } | null;
  oidcIssuerUrl: string;
  uploadDir: string;
  maxFileSize: number;
  /** The largest import upload (a CSV, a JSON export or an archive with its attachments). */
  maxImportSize: number;
  /** How many uploads may be streaming in at once; more are answered 503 with Retry-After. */
  maxConcurrentUploads: number;
  /** The longest a client may take to send a whole request (headers and body). */
  requestTimeoutMs: number;
  /** The longest a client may take to send the request headers. */
  headersTimeoutMs: number;
  /** A bearer token that opens GET /metrics on the main port; null keeps it closed there. */
  metricsToken: string | null;
  /** A separate port on 127.0.0.1 that serves /metrics without a token; null for none. */
  metricsPort: number | null;
  /** Seconds without a committed batch after which a running import counts as abandoned. */
  importStaleSeconds: number;
  /** Bytes of note attachments (thumbnails included) one reader may keep. */
  userStorageQuotaBytes: number;
  redisUrl: string | null;
  backupDir: string;
  backupRetentionDays: number;
  backupIntervalHours: number | null;
  smtpUrl: string | null;
  mailFrom: string;
  logLevel: LogLevel;
  trustProxy: boolean | string;
  migrateOnStart: boolean;
  rateLimitEnabled: boolean;
  webDistDir: string;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

const ROOT_DIR = path.resolve(import.meta.dirname, '../..');
const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
export const MIN_SECRET_LENGTH = 32;

/** Reads `.env` (when present) into a copy of the environment; real variables win over the file. */
export function readEnvironment(cwd = process.cwd(), env: Env = process.env): Env {
  const file = path.join(cwd, '.env');
  if (!existsSync(file)) return { ...env };
  const parsed = dotenvParse(readFileSync(file, 'utf8'));
  return { ...parsed, ...env };
}

interface Reader {
  problems: string[];
  env: Env;
}

function str(r: Reader, name: string, fallback: string): string {
  const v = r.env[name];
  return v === undefined || v.trim() === '' ? fallback : v.trim();
}

function optional(r: Reader, name: string): string | null {
  const v = r.env[name];
  return v === undefined || v.trim() === '' ? null : v.trim();
}

function int(r: Reader, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(r, name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    r.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
    return fallback;
  }
  return n;
}

function bool(r: Reader, name: string, fallback: boolean): boolean {
  const raw = optional(r, name);
  if (raw === null) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  r.problems.push(`${name} must be true or false (got "${raw}").`);
  return fallback;
}

function url(r: Reader, name: string, fallback: string | null, protocols: string[]): string | null {
  const raw = optional(r, name) ?? fallback;
  if (raw === null) return null;
  try {
    const u = new URL(raw);
    if (!protocols.includes(u.protocol)) {
      r.problems.push(`${name} must use ${protocols.join(' or ')} (got "${raw}").`);
    }
  } catch {
    r.problems.push(`${name} must be a URL (got "${raw}").`);
  }
  return raw.replace(/\/+$/, '');
}

function parseDatabase(r: Reader, cwd: string, poolSize: number): DatabaseConfig {
  const raw = str(r, 'DATABASE_URL', 'sqlite:./data/book_tracker.db');
  if (raw.startsWith('sqlite:')) {
    const rest = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (rest === '') {
      r.problems.push('DATABASE_URL sqlite: needs a file path, e.g. sqlite:./data/book_tracker.db.');
    }
    const file = rest === ':memory:' ? ':memory:' : path.resolve(cwd, rest || 'data/book_tracker.db');
    return { dialect: 'sqlite', url: raw, path: file };
  }
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    try {
      new URL(raw);
    } catch {
      r.problems.push('DATABASE_URL is not a valid postgres:// URL.');
    }
    return {
      dialect: 'postgres',
      url: raw,
      poolSize,
      preparedStatements: bool(r, 'DATABASE_PREPARED_STATEMENTS', true),
    };
  }
  r.problems.push(`DATABASE_URL must start with sqlite: or postgres:// (got "${raw}").`);
  return { dialect: 'sqlite', url: raw, path: path.resolve(cwd, 'data/book_tracker.db') };
}

/**
 * Environment → one checked Config. Collects every problem before failing, so an operator
 * fixes them all in one go. `cwd` anchors relative paths (the data folder, uploads, backups).
 */
export function loadConfig(env: Env = readEnvironment(), cwd = process.cwd()): Config {
  const r: Reader = { problems: [], env };
  const nodeEnvRaw = str(r, 'NODE_ENV', 'development');
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    r.problems.push(`NODE_ENV must be development, production or test (got "${nodeEnvRaw}").`);
  }
  const nodeEnv = (
    ['development', 'production', 'test'].includes(nodeEnvRaw) ? nodeEnvRaw : 'development'
  ) as NodeEnv;
  const isProduction = nodeEnv === 'production';

  const port = int(r, 'PORT', 8000, 0, 65535);
  const host = str(r, 'HOST', isProduction ? '0.0.0.0' : '127.0.0.1');
  const publicUrl = url(r, 'PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:']) as string;
  const poolSize = int(r, 'DATABASE_POOL_SIZE', 10, 1, 500);
  const database = parseDatabase(r, cwd, poolSize);
  const dataDir = path.resolve(
    cwd,
    optional(r, 'DATA_DIR') ??
      (database.dialect === 'sqlite' && database.path !== ':memory:' ? path.dirname(database.path) : 'data'),
  );

  const logLevelRaw = str(r, 'LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevelRaw as LogLevel)) {
    r.problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevelRaw}").`);
  }

  const clientId = optional(r, 'GOOGLE_CLIENT_ID');
  const clientSecret = optional(r, 'GOOGLE_CLIENT_SECRET');
  if ((clientId === null) !== (clientSecret === null)) {
    r.problems.push('GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET must be set together.');
  }
  const oidcIssuerUrl = url(r, 'OIDC_ISSUER_URL', 'https://accounts.google.com', [
    'http:',
    'https:',
  ]) as string;
  // A plain-HTTP issuer only for a provider on this machine (development, tests), never in production.
  if (oidcIssuerUrl.startsWith('http:')) {
    let host = '';
    try {
      host = new URL(oidcIssuerUrl).hostname;
    } catch {}
    if (isProduction) r.problems.push('OIDC_ISSUER_URL must use https in production.');
    else if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) {
      r.problems.push(`OIDC_ISSUER_URL may use http only on a loopback address (got "${oidcIssuerUrl}").`);
    }
  }

  const trustProxyRaw = optional(r, 'TRUST_PROXY');
  let trustProxy: boolean | string = false;
  if (trustProxyRaw !== null) {
    const lower = trustProxyRaw.toLowerCase();
    trustProxy = ['1', 'true', 'yes'].includes(lower)
      ? true
      : ['0', 'false', 'no'].includes(lower)
        ? false
        : trustProxyRaw;
  }

  const backupInterval = optional(r, 'BACKUP_INTERVAL_HOURS');
  let backupIntervalHours: number | null = null;
  if (backupInterval !== null && backupInterval !== '0' && backupInterval.toLowerCase() !== 'off') {
    const n = Number(backupInterval);
    if (!Number.isFinite(n) || n <= 0 || n > 24 * 365) {
      r.problems.push(
        `BACKUP_INTERVAL_HOURS must be a positive number of hours or off (got "${backupInterval}").`,
      );
    } else {
      backupIntervalHours = n;
    }
  }

  const corsOrigins = (optional(r, 'CORS_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (origin === '*') continue;
    try {
      new URL(origin);
    } catch {
      r.problems.push(`CORS_ORIGINS has an invalid origin "${origin}".`);
    }
  }

  const redisUrl = url(r, 'REDIS_URL', null, ['redis:', 'rediss:']);
  const metricsToken = optional(r, 'METRICS_TOKEN');
  if (metricsToken !== null && metricsToken.length < 16) {
    r.problems.push(`METRICS_TOKEN must be at least 16 characters (it has ${metricsToken.length}).`);
  }
  const metricsPortRaw = optional(r, 'METRICS_PORT');
  const metricsPort = metricsPortRaw === null ? null : int(r, 'METRICS_PORT', 0, 0, 65535);
  const requestTimeoutSeconds = int(r, 'REQUEST_TIMEOUT_SECONDS', 60, 1, 3600);
  const smtpUrl = url(r, 'SMTP_URL', null, ['smtp:', 'smtps:']);

  let secretKey = optional(r, 'SECRET_KEY');
  let secretKeyFile: string | null = null;
  if (secretKey !== null && secretKey.length < MIN_SECRET_LENGTH) {
    r.problems.push(
      `SECRET_KEY must be at least ${MIN_SECRET_LENGTH} characters (it has ${secretKey.length}).`,
    );
  }
  if (secretKey === null && isProduction) {
    r.problems.push(
      `SECRET_KEY is required in production: set it to a random string of at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 48\`).`,
    );
  }

  const coverFetchAllowLoopback = bool(r, 'COVER_FETCH_ALLOW_LOOPBACK', false);
  if (coverFetchAllowLoopback && isProduction) {
    r.problems.push('COVER_FETCH_ALLOW_LOOPBACK is for tests and development; production must not set it.');
  }

  const config: Config = {
    nodeEnv,
    isProduction,
    port,
    host,
    publicUrl,
    secretKey: secretKey ?? '',
    secretKeyFile,
    accessTokenExpireMinutes: int(r, 'ACCESS_TOKEN_EXPIRE_MINUTES', 43200, 1, 525600),
    database,
    dataDir,
    corsOrigins,
    googleBooksApiKey: optional(r, 'GOOGLE_BOOKS_API_KEY'),
    googleBooksApiUrl: url(r, 'GOOGLE_BOOKS_API_URL', 'https://www.googleapis.com/books/v1', [
      'http:',
      'https:',
    ]) as string,
    openLibraryUrl: url(r, 'OPEN_LIBRARY_URL', 'https://openlibrary.org', ['http:', 'https:']) as string,
    providerTimeoutMs: int(r, 'PROVIDER_TIMEOUT_MS', 4000, 100, 60000),
    coverFetchAllowLoopback,
    coverSweepSeconds: int(r, 'COVER_SWEEP_SECONDS', 60, 1, 86400),
    enrichRequestsPerSecond: int(r, 'ENRICH_REQUESTS_PER_SECOND', 1, 0, 20),
    enrichSweepSeconds: int(r, 'ENRICH_SWEEP_SECONDS', 60, 1, 86400),
    google:
      clientId !== null && clientSecret !== null
        ? { clientId, clientSecret, issuerUrl: oidcIssuerUrl }
        : null,
    oidcIssuerUrl,
    uploadDir: path.resolve(cwd, str(r, 'UPLOAD_DIR', './uploads')),
    maxFileSize: int(r, 'MAX_FILE_SIZE', 10485760, 1024, 1024 * 1024 * 1024),
    maxImportSize: int(r, 'MAX_IMPORT_SIZE', 1024 * 1024 * 1024, 1024, 1024 * 1024 * 1024 * 1024),
    maxConcurrentUploads: int(r, 'MAX_CONCURRENT_UPLOADS', 16, 1, 10000),
    requestTimeoutMs: requestTimeoutSeconds * 1000,
    headersTimeoutMs: Math.min(15, requestTimeoutSeconds) * 1000,
    metricsToken,
    metricsPort,
    importStaleSeconds: int(r, 'IMPORT_STALE_SECONDS', 30, 1, 86400),
    userStorageQuotaBytes: int(r, 'USER_STORAGE_QUOTA_MB', 1024, 1, 10 * 1024 * 1024) * 1024 * 1024,
    redisUrl,
    backupDir: path.resolve(cwd, str(r, 'BACKUP_DIR', './backups')),
    backupRetentionDays: int(r, 'BACKUP_RETENTION_DAYS', 7, 0, 3650),
    backupIntervalHours,
    smtpUrl,
    mailFrom: str(r, 'MAIL_FROM', 'Book Tracker <no-reply@localhost>'),
    logLevel: (LOG_LEVELS.includes(logLevelRaw as LogLevel) ? logLevelRaw : 'info') as LogLevel,
    trustProxy,
    migrateOnStart: bool(r, 'MIGRATE_ON_START', true),
    rateLimitEnabled: !bool(r, 'RATE_LIMIT_DISABLED', false),
    webDistDir: path.resolve(cwd, str(r, 'WEB_DIST_DIR', path.join(ROOT_DIR, 'web/dist'))),
  };

  if (r.problems.length > 0) throw new ConfigError(r.problems);

  if (secretKey === null) {
    // Outside production a development key is generated once and kept beside the data.
    secretKeyFile = path.join(dataDir, 'secret_key');
    secretKey = loadOrCreateDevSecret(secretKeyFile);
    config.secretKey = secretKey;
    config.secretKeyFile = secretKeyFile;
  }
  return config;
}

function loadOrCreateDevSecret(file: string): string {
  if (existsSync(file)) {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= MIN_SECRET_LENGTH) return existing;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
