import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, TEST_SECRET, type TestEnv, testDialect } from '../../test/helpers.ts';
import { migrations } from '../db/migrations/index.ts';
import { readManifest } from './backup-manifest.ts';

const CLI = path.resolve(import.meta.dirname, '../cli.ts');
const ALL = Object.keys(migrations);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let e: TestEnv;
let baseEnv: Record<string, string>;

/** Runs `node server/src/cli.ts …` in the test's folder with its configuration and nothing else. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: e.dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? e.dir, ...baseEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  e = await createTestEnv({}, { migrate: false });
  baseEnv = {
    NODE_ENV: 'test',
    DATABASE_URL: e.config.database.url,
    DATABASE_POOL_SIZE: '2',
    UPLOAD_DIR: e.config.uploadDir,
    BACKUP_DIR: e.config.backupDir,
    DATA_DIR: e.config.dataDir,
    SECRET_KEY: TEST_SECRET,
    LOG_LEVEL: 'silent',
    GOOGLE_BOOKS_API_URL: 'http://127.0.0.1:9/books/v1',
    OPEN_LIBRARY_URL: 'http://127.0.0.1:9',
    WEB_DIST_DIR: path.join(e.dir, 'no-web-build'),
  };
  // The CLI opens the database itself; this process keeps no connection to it.
  e.database.sqlite?.close();
});

afterAll(async () => {
  await e.cleanup();
});

// Each run starts a Node process; on a busy machine that takes seconds, hence the generous timeout.
describe('book-tracker command line', { timeout: 120_000 }, () => {
  it('has --help on every command', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Usage: book-tracker/);
    for (const name of ['db', 'seed', 'doctor']) expect(top.stdout).toContain(name);
    const db = await cli(['db', '--help']);
    expect(db.code).toBe(0);
    for (const name of ['migrate', 'status', 'rollback', 'check', 'backup', 'restore'])
      expect(db.stdout).toContain(name);
    const commands = [
      ['db', 'migrate'],
      ['db', 'status'],
      ['db', 'rollback'],
      ['db', 'check'],
      ['db', 'backup'],
      ['db', 'restore'],
      ['seed', 'demo'],
      ['doctor'],
    ];
    const helps = await Promise.all(commands.map((c) => cli([...c, '--help'])));
    helps.forEach((h, i) => {
      expect(h.code, commands[i]?.join(' ')).toBe(0);
      expect(h.stdout).toContain(`Usage: book-tracker ${commands[i]?.join(' ')}`);
    });
  });

  it('refuses an unknown command and a bad configuration with exit code 1', async () => {
    const unknown = await cli(['db', 'explode']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command/);
    const bad = await cli(['db', 'status'], { DATABASE_URL: 'mysql://nope', PORT: 'eighty' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Invalid configuration/);
    expect(bad.stderr).toMatch(/DATABASE_URL must start with sqlite: or postgres:\/\//);
    expect(bad.stderr).toMatch(/PORT must be a whole number/);
  });

  it('migrates, reports status and checks the database', async () => {
    const before = await cli(['db', 'check']);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain(`✗ ${ALL.length} migration(s) pending`);

    const migrate = await cli(['db', 'migrate']);
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain(`Applied ${ALL.length} migration(s):`);
    for (const name of ALL) expect(migrate.stdout).toContain(`✓ ${name}`);
    const again = await cli(['db', 'migrate']);
    expect(again.stdout).toContain(`Nothing to apply: the schema is up to date (${ALL.at(-1)}).`);

    const status = await cli(['db', 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`${ALL[0]}\\s+\\d{4}-\\d{2}-\\d{2}T`));
    expect(status.stdout).toContain('Pending (0): none');
    const statusJson = JSON.parse((await cli(['db', 'status', '--json'])).stdout) as {
      applied: { name: string }[];
      pending: string[];
    };
    expect(statusJson.applied.map((m) => m.name)).toEqual(ALL);
    expect(statusJson.pending).toEqual([]);

    const check = await cli(['db', 'check']);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toMatch(/users\s+0/);
    expect(check.stdout).toContain(`Schema version: ${ALL.at(-1)}`);
    expect(check.stdout).toContain('✓ The database is healthy.');
    if (testDialect === 'sqlite') expect(check.stdout).toContain('Integrity check: ok');
  });

  it('seeds, backs up and restores', async () => {
    const seed = await cli(['seed', 'demo']);
    expect(seed.code, seed.stderr).toBe(0);
    expect(seed.stdout).toContain('password "demo-password"');
    expect((await cli(['seed', 'demo'])).stdout).toContain('Already seeded');

    const backup = await cli(['db', 'backup', '--json']);
    expect(backup.code, backup.stderr).toBe(0);
    const made = JSON.parse(backup.stdout) as { path: string; name: string };
    // Three avatars, and the demo note's picture with its thumbnail.
    expect((await readManifest(made.path)).files.filter((f) => f.path.startsWith('uploads/'))).toHaveLength(
      5,
    );

    const restore = await cli(['db', 'restore', made.name]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stderr).toMatch(/^! /);
    expect(restore.stdout).toContain(`Restored the database and the uploads from ${made.path}`);
    expect(restore.stdout).toMatch(/Saved the current state first: .*-pre-restore/);

    const missing = await cli(['db', 'restore', path.join(e.dir, 'no-such-backup')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('✗ There is no backup at');
  });

  it('runs the doctor: unreachable providers and a missing web build are warnings', async () => {
    const human = await cli(['doctor']);
    expect(human.code, human.stdout).toBe(0);
    expect(human.stdout).toMatch(/^✓ Node\.js /m);
    expect(human.stdout).toMatch(/^! Google Books is unreachable/m);
    expect(human.stdout).toMatch(/^! The web app is not built/m);
    const report = JSON.parse((await cli(['doctor', '--json'])).stdout) as {
      ok: boolean;
      checks: { status: string }[];
    };
    expect(report.ok).toBe(true);
    const failing = await cli(['doctor'], { NODE_ENV: 'production' });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/^✗ The web app is not built/m);
  });
});
