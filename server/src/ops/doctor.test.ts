import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, TEST_SECRET, type TestEnv, testDialect } from '../../test/helpers.ts';
import { checkNode, type DoctorReport, formatDoctorReport, runDoctor } from './doctor.ts';

let e: TestEnv;
let providers: Server;
let providersUrl: string;
const seen: string[] = [];

beforeAll(async () => {
  e = await createTestEnv();
  // Answers like Google Books and Open Library do; /denied/… answers like Google with a bad key.
  providers = createServer((req, res) => {
    seen.push(req.url ?? '');
    if (req.url?.startsWith('/denied/')) {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 403, message: 'The request is missing a valid API key.' } }));
    } else if (req.url?.startsWith('/books/v1/volumes')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'books#volumes', totalItems: 0 }));
    } else if (req.url?.startsWith('/search.json')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ numFound: 0, start: 0, docs: [] }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => providers.listen(0, '127.0.0.1', resolve));
  providersUrl = `http://127.0.0.1:${(providers.address() as AddressInfo).port}`;
  await mkdir(path.join(e.dir, 'web-dist'), { recursive: true });
  await writeFile(path.join(e.dir, 'web-dist', 'index.html'), '<!doctype html>');
});

afterAll(async () => {
  await new Promise((resolve) => providers.close(resolve));
  await e.cleanup();
});

function env(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: e.config.database.url,
    DATABASE_POOL_SIZE: '2',
    UPLOAD_DIR: e.config.uploadDir,
    BACKUP_DIR: e.config.backupDir,
    DATA_DIR: e.config.dataDir,
    SECRET_KEY: TEST_SECRET,
    GOOGLE_BOOKS_API_URL: `${providersUrl}/books/v1`,
    GOOGLE_BOOKS_API_KEY: 'secret-api-key',
    OPEN_LIBRARY_URL: providersUrl,
    WEB_DIST_DIR: path.join(e.dir, 'web-dist'),
    ...overrides,
  };
}

function find(report: DoctorReport, what: RegExp) {
  const check = report.checks.find((c) => what.test(c.what));
  if (!check) throw new Error(`no check matching ${what}: ${formatDoctorReport(report)}`);
  return check;
}

describe('doctor', () => {
  it('passes a healthy set-up, one ✓ line per check', async () => {
    const report = await runDoctor({ env: env(), cwd: e.dir });
    expect(report.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(report.ok).toBe(true);
    for (const what of [
      /^Node\.js/,
      /^Configuration is valid/,
      /is reachable$/,
      /schema is up to date/,
      /^Upload folder/,
      /^Backup folder/,
      /web app is built/,
      /^Google Books is reachable/,
      /^Open Library is reachable/,
    ]) {
      expect(find(report, what).status).toBe('ok');
    }
    if (testDialect === 'postgres') expect(find(report, /^pg_dump \d+/).status).toBe('ok');
    // The key is sent to Google but never shown.
    expect(seen.some((u) => u.includes('key=secret-api-key'))).toBe(true);
    expect(formatDoctorReport(report)).not.toContain('secret-api-key');
    expect(formatDoctorReport(report)).toMatch(/^✓ Node\.js/);
  });

  it('reports unreachable or refusing providers as warnings with a fix', async () => {
    // A port that was free a moment ago: connections are refused.
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const closedPort = (gone.address() as AddressInfo).port;
    await new Promise((resolve) => gone.close(resolve));
    const report = await runDoctor({
      env: env({
        GOOGLE_BOOKS_API_URL: `${providersUrl}/denied/v1`,
        OPEN_LIBRARY_URL: `http://127.0.0.1:${closedPort}`,
      }),
      cwd: e.dir,
    });
    expect(report.ok).toBe(true);
    expect(find(report, /^Google Books answered HTTP 403/)).toMatchObject({
      status: 'warn',
      fix: expect.stringContaining('GOOGLE_BOOKS_API_KEY'),
    });
    expect(find(report, /^Open Library is unreachable .*ECONNREFUSED/)).toMatchObject({
      status: 'warn',
      fix: expect.stringContaining('OPEN_LIBRARY_URL'),
    });
    expect(formatDoctorReport(report)).toMatch(/^! Open Library is unreachable.*\n {4}→ Check the network/m);
  });

  it('fails on configuration problems, listing each, and skips the rest', async () => {
    const report = await runDoctor({ env: env({ PORT: 'x', SECRET_KEY: 'short' }), cwd: e.dir });
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.what)).toEqual([
      expect.stringContaining('PORT must be a whole number'),
      expect.stringContaining('SECRET_KEY must be at least 32 characters'),
    ]);
    expect(find(report, /other checks were skipped/).status).toBe('warn');
  });

  it('fails on folders it cannot write, an unreachable Redis and a missing web build in production', async () => {
    await writeFile(path.join(e.dir, 'plain-file'), '');
    const report = await runDoctor({
      env: env({
        BACKUP_DIR: path.join(e.dir, 'plain-file', 'backups'),
        REDIS_URL: 'redis://127.0.0.1:9',
        NODE_ENV: 'production',
        WEB_DIST_DIR: path.join(e.dir, 'nothing-here'),
      }),
      cwd: e.dir,
      timeoutMs: 1000,
    });
    expect(report.ok).toBe(false);
    expect(find(report, /^Backup folder .* is not writable/)).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('BACKUP_DIR'),
    });
    expect(find(report, /^Upload folder/).status).toBe('ok');
    expect(find(report, /^Redis is unreachable/)).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('REDIS_URL'),
    });
    expect(find(report, /web app is not built/)).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('npm run build'),
    });
    expect(formatDoctorReport(report)).toMatch(/✗ Backup folder/);
  });

  it('warns about pending migrations when the server migrates on start, and fails otherwise', async () => {
    const fresh = await createTestEnv({}, { migrate: false });
    try {
      const base = { ...env(), DATABASE_URL: fresh.config.database.url };
      const migrating = await runDoctor({ env: base, cwd: e.dir });
      expect(find(migrating, /migration\(s\) pending/).status).toBe('warn');
      expect(migrating.ok).toBe(true);
      const strict = await runDoctor({ env: { ...base, MIGRATE_ON_START: 'false' }, cwd: e.dir });
      expect(find(strict, /migration\(s\) pending/)).toMatchObject({
        status: 'fail',
        fix: 'Run `npm run db -- migrate`.',
      });
      expect(strict.ok).toBe(false);
    } finally {
      await fresh.cleanup();
    }
  });

  it.runIf(testDialect === 'sqlite')('does not create a missing SQLite file', async () => {
    const file = path.join(e.dir, 'missing', 'book_tracker.db');
    const report = await runDoctor({ env: env({ DATABASE_URL: `sqlite:${file}` }), cwd: e.dir });
    expect(find(report, /does not exist yet/).status).toBe('warn');
    const { existsSync } = await import('node:fs');
    expect(existsSync(file)).toBe(false);
  });

  it.runIf(testDialect === 'postgres')('fails on an unreachable PostgreSQL', async () => {
    const report = await runDoctor({
      env: env({ DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none' }),
      cwd: e.dir,
    });
    expect(find(report, /^PostgreSQL is unreachable/)).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('DATABASE_URL'),
    });
    expect(report.ok).toBe(false);
  });

  it('checks the Node.js version', () => {
    expect(checkNode('24.1.0').status).toBe('ok');
    expect(checkNode('22.12.0')).toMatchObject({ status: 'warn', fix: expect.stringContaining('24') });
    expect(checkNode('22.11.9').status).toBe('fail');
    expect(checkNode('20.18.0')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('Node.js 24'),
    });
  });
});
