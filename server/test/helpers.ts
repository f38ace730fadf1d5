import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { type BuildAppOptions, buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { type AppDatabase, createDatabase, parsePostgresUrl } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';

export const TEST_SECRET = 'test-secret-key-that-is-long-enough-0123456789';

/** The dialect under test: PostgreSQL when TEST_DATABASE_URL is set, SQLite otherwise. */
export const testDialect: 'sqlite' | 'postgres' = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';

export interface TestEnv {
  config: Config;
  database: AppDatabase;
  dir: string;
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a SQLite file in a temporary folder, or a new
 * schema in the PostgreSQL database named by TEST_DATABASE_URL.
 */
export async function createTestEnv(
  env: Record<string, string> = {},
  options: { migrate?: boolean } = {},
): Promise<TestEnv> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bt-test-'));
  let databaseUrl = `sqlite:${path.join(dir, 'test.db')}`;
  let dropSchema: (() => Promise<void>) | null = null;
  if (process.env.TEST_DATABASE_URL) {
    const base = process.env.TEST_DATABASE_URL;
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: parsePostgresUrl(base).connectionString });
    await client.connect();
    await client.query(`create schema ${schema}`);
    await client.end();
    const u = new URL(base);
    u.searchParams.set('schema', schema);
    databaseUrl = u.toString();
    dropSchema = async () => {
      const c = new pg.Client({ connectionString: parsePostgresUrl(base).connectionString });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    };
  }
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '4',
      UPLOAD_DIR: path.join(dir, 'uploads'),
      BACKUP_DIR: path.join(dir, 'backups'),
      DATA_DIR: path.join(dir, 'data'),
      SECRET_KEY: TEST_SECRET,
      RATE_LIMIT_DISABLED: '1',
      LOG_LEVEL: 'silent',
      GOOGLE_BOOKS_API_URL: 'http://127.0.0.1:9/books/v1',
      OPEN_LIBRARY_URL: 'http://127.0.0.1:9',
      PROVIDER_TIMEOUT_MS: '500',
      // The background enrichment changes books on its own schedule: tests that want it turn it on.
      ENRICH_REQUESTS_PER_SECOND: '0',
      ...env,
    },
    dir,
  );
  const database = createDatabase(config.database);
  if (options.migrate ?? true) await migrateToLatest(database);
  return {
    config,
    database,
    dir,
    async cleanup() {
      await database.close();
      if (dropSchema) await dropSchema();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface TestApp extends TestEnv {
  app: FastifyInstance;
}

export interface TestAppOptions extends Pick<BuildAppOptions, 'logStream' | 'serveWebApp'> {
  /** Leave the database empty (no migrations), e.g. to test readiness. */
  migrate?: boolean;
  /** Adjusts the loaded config (e.g. a web app folder made by the test). */
  config?: (config: Config) => Config;
  /** The app's clock (a test moves it forward instead of waiting). */
  clock?: () => Date;
}

/**
 * The real app on a fresh database (the one helper every API test builds its app with); call
 * `close()` in afterAll. Sign readers in with `registerUser(t.app)` and send their requests
 * with `injectAs(t.app, reader, …)` (or `headers: reader.auth`).
 */
export async function buildTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp & { close(): Promise<void> }> {
  const testEnv = await createTestEnv(env, { migrate: options.migrate });
  const config = options.config ? options.config(testEnv.config) : testEnv.config;
  const app = await buildApp(config, {
    context: { database: testEnv.database, ...(options.clock ? { clock: options.clock } : {}) },
    serveWebApp: options.serveWebApp ?? false,
    logStream: options.logStream,
  });
  await app.ready();
  return {
    ...testEnv,
    config,
    app,
    async close() {
      await app.close();
      await testEnv.cleanup();
    },
  };
}

/** Sends a request as `reader` (a bearer token), or anonymously when `reader` is null. */
export function injectAs(
  app: FastifyInstance,
  reader: Pick<TestUser, 'auth'> | null,
  options: InjectOptions,
): Promise<LightMyRequestResponse> {
  return app.inject({ ...options, headers: { ...options.headers, ...reader?.auth } });
}

let counter = 0;

export interface TestUser {
  id: number;
  username: string;
  email: string;
  password: string;
  token: string;
  /** Headers that authenticate as this user. */
  auth: { authorization: string };
}

/** Registers a reader through the API (the factory for users). */
export async function registerUser(
  app: FastifyInstance,
  overrides: Partial<{ username: string; email: string; password: string; displayName: string }> = {},
): Promise<TestUser> {
  counter += 1;
  const tag = `${process.pid.toString(36)}${counter}${randomBytes(2).toString('hex')}`;
  const body = {
    username: overrides.username ?? `reader_${tag}`,
    email: overrides.email ?? `reader_${tag}@example.test`,
    password: overrides.password ?? 'correct horse battery',
    ...(overrides.displayName ? { displayName: overrides.displayName } : {}),
  };
  const res = await app.inject({ method: 'POST', url: '/api/auth/register', payload: body });
  if (res.statusCode !== 201) throw new Error(`registerUser failed: ${res.statusCode} ${res.body}`);
  const json = res.json() as { user: { id: number; username: string }; token: { accessToken: string } };
  return {
    id: json.user.id,
    username: json.user.username,
    email: body.email,
    password: body.password,
    token: json.token.accessToken,
    auth: { authorization: `Bearer ${json.token.accessToken}` },
  };
}

/** Builds a multipart/form-data body with one `file` field. */
export function multipartFile(
  content: Buffer,
  fileName: string,
  contentType: string,
  field = 'file',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----bt${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
