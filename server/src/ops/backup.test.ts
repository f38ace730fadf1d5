import { cp, mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  createTestEnv,
  multipartFile,
  registerUser,
  type TestEnv,
  testDialect,
} from '../../test/helpers.ts';
import { startWriter } from '../../test/ops/ops-helpers.ts';
import { buildApp } from '../app.ts';
import { createDatabase } from '../db/database.ts';
import { backupTimestamp, createBackup, listBackups, pruneBackups } from './backup.service.ts';
import { exists } from './backup-files.ts';
import { MANIFEST_FILE, readManifest } from './backup-manifest.ts';
import { startBackupScheduler } from './backup-scheduler.ts';
import { checkDatabase } from './check.ts';
import { OpsRepository } from './ops.repository.ts';
import { findPgTools } from './pg-tools.ts';
import { restoreBackup } from './restore.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function env(overrides: Record<string, string> = {}): Promise<TestEnv> {
  const e = await createTestEnv(overrides);
  cleanups.push(() => e.cleanup());
  return e;
}

async function pngImage(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
}

async function userCount(e: TestEnv): Promise<number> {
  const row = await e.database.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// pg_dump, pg_restore, psql and the writer are separate processes; on a busy machine they take
// seconds each, hence the generous timeouts.
describe('backup and restore', { timeout: 120_000 }, () => {
  it('round-trips readers and their avatar files byte for byte', async () => {
    const t = await buildTestApp();
    cleanups.push(() => t.close());
    const reader = await registerUser(t.app, { displayName: 'Kept Reader' });
    const upload = multipartFile(await pngImage(), 'me.png', 'image/png');
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/me/avatar',
      headers: { ...reader.auth, ...upload.headers },
      payload: upload.payload,
    });
    expect(put.statusCode).toBe(200);
    const avatarUrl: string = put.json().avatarUrl;
    const avatarFile = path.join(t.config.uploadDir, avatarUrl.replace('/media/', ''));
    const avatarBytes = await readFile(avatarFile);

    const backup = await createBackup(t.config, t.database);
    expect(path.dirname(backup.path)).toBe(t.config.backupDir);
    expect(backup.name).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/);
    const manifest = await readManifest(backup.path);
    expect(manifest).toMatchObject({
      dialect: testDialect,
      uploads: true,
      label: null,
      appVersion: expect.any(String),
    });
    expect(manifest.schemaVersion).toBe((await checkDatabase(t.database)).schemaVersion);
    expect(manifest.files.map((f) => f.path)).toContain(`uploads/${avatarUrl.replace('/media/', '')}`);
    expect(manifest.files.every((f) => /^[a-f0-9]{64}$/.test(f.sha256) && f.size > 0)).toBe(true);

    // Afterwards the reader leaves (taking the avatar along) and someone else signs up.
    const del = await t.app.inject({
      method: 'DELETE',
      url: '/api/me',
      headers: reader.auth,
      payload: { password: reader.password },
    });
    expect(del.statusCode).toBe(204);
    expect(await exists(avatarFile)).toBe(false);
    const intruder = await registerUser(t.app);

    // The server is stopped before a SQLite restore; a PostgreSQL restore works under it.
    if (testDialect === 'sqlite') await t.database.close();
    const result = await restoreBackup(t.config, backup.path);
    expect(result.uploadsRestored).toBe(true);
    expect(result.pendingMigrations).toEqual([]);
    expect(result.safetyBackup).not.toBeNull();
    expect((await readManifest(result.safetyBackup ?? '')).label).toBe('pre-restore');

    const database = createDatabase(t.config.database);
    const app = await buildApp(t.config, { context: { database }, serveWebApp: false });
    cleanups.push(async () => {
      await app.close();
      await database.close();
    });
    const profile = await app.inject({ method: 'GET', url: `/api/users/${reader.username}` });
    expect(profile.statusCode).toBe(200);
    expect(profile.json()).toMatchObject({ displayName: 'Kept Reader', avatarUrl });
    const image = await app.inject({ method: 'GET', url: avatarUrl });
    expect(image.statusCode).toBe(200);
    expect(Buffer.compare(image.rawPayload, avatarBytes)).toBe(0);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: reader.username, password: reader.password },
    });
    expect(login.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/users/${intruder.username}` })).statusCode).toBe(
      404,
    );
    expect((await checkDatabase(database)).ok).toBe(true);
  });

  it('takes a consistent backup while another process keeps writing', async () => {
    const e = await env();
    const writer = startWriter(e.config.database.url);
    let stopped = false;
    cleanups.push(async () => {
      if (!stopped) await writer.stop();
    });
    await writer.waitFor(25);
    const before = writer.committed();
    // One page per step: the writer's commits restart the SQLite copy, which must still finish.
    const backup = await createBackup(e.config, e.database, { sqlitePagesPerStep: 1 });
    await writer.waitFor(writer.committed() + 5);
    const final = await writer.stop();
    stopped = true;

    if (testDialect === 'sqlite') await e.database.close();
    await restoreBackup(e.config, backup.path);
    const database = createDatabase(e.config.database);
    cleanups.push(() => database.close());
    const check = await checkDatabase(database);
    expect(check.problems).toEqual([]);
    if (testDialect === 'sqlite') expect(check.integrity).toEqual(['ok']);

    const users = await database.db
      .selectFrom('users')
      .leftJoin('sessions', 'sessions.userId', 'users.id')
      .select(['users.username', 'sessions.id as sessionId'])
      .where('users.username', 'like', 'writer_%')
      .execute();
    const numbers = users.map((u) => Number(u.username.slice('writer_'.length))).sort((a, b) => a - b);
    const k = numbers.length;
    // Every write committed before the backup began is in it, and what is in it is a prefix
    // 1..k of the writes, each user with the session written in the same transaction.
    expect(k).toBeGreaterThanOrEqual(before);
    expect(k).toBeLessThanOrEqual(final);
    expect(numbers).toEqual(Array.from({ length: k }, (_, i) => i + 1));
    expect(users.every((u) => u.sessionId === `writer-${u.username.slice('writer_'.length)}`)).toBe(true);
  });

  it('leaves nothing behind when a backup fails midway', async () => {
    const e = await env();
    await mkdir(path.join(e.config.uploadDir, 'avatars'), { recursive: true });
    await writeFile(path.join(e.config.uploadDir, 'avatars', 'a.webp'), 'x');
    const closed = createDatabase(e.config.database);
    // Kysely only closes a connection it has used.
    await closed.db.selectFrom('users').select('id').execute();
    await closed.close();
    await expect(createBackup(e.config, closed)).rejects.toThrow();
    expect(await readdir(e.config.backupDir)).toEqual([]);
  });

  it('names two backups in the same second apart and never copies the uploads temp folder', async () => {
    const e = await env();
    await mkdir(path.join(e.config.uploadDir, '.tmp'), { recursive: true });
    await writeFile(path.join(e.config.uploadDir, '.tmp', 'half.part'), 'partial upload');
    const now = new Date('2026-03-01T12:00:00Z');
    const a = await createBackup(e.config, e.database, { now });
    const b = await createBackup(e.config, e.database, { now });
    expect([a.name, b.name]).toEqual(['2026-03-01T12-00-00Z', '2026-03-01T12-00-00Z-2']);
    expect(a.manifest.files.some((f) => f.path.includes('.tmp'))).toBe(false);
    expect(await exists(path.join(a.path, 'uploads', '.tmp'))).toBe(false);
  });
});

describe('restore refuses what it cannot trust', () => {
  let e: TestEnv;
  let good: string;
  beforeAll(async () => {
    e = await createTestEnv();
    good = (await createBackup(e.config, e.database, { now: new Date('2026-01-01T00:00:00Z') })).path;
  });
  afterAll(async () => {
    await e.cleanup();
  });

  async function variant(name: string, change: (dir: string) => Promise<void>): Promise<string> {
    const dir = path.join(e.dir, 'variants', name);
    await cp(good, dir, { recursive: true });
    await change(dir);
    return dir;
  }

  async function editManifest(dir: string, edit: (m: Record<string, unknown>) => void) {
    const file = path.join(dir, MANIFEST_FILE);
    const m = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    edit(m);
    await writeFile(file, JSON.stringify(m));
  }

  async function expectRefused(dir: string, message: RegExp) {
    const users = await userCount(e);
    const backups = (await readdir(e.config.backupDir)).length;
    await expect(restoreBackup(e.config, dir)).rejects.toThrow(message);
    expect(await userCount(e)).toBe(users);
    // Refused before the safety backup: nothing was written.
    expect((await readdir(e.config.backupDir)).length).toBe(backups);
  }

  it('a folder without a manifest, or nothing at all', async () => {
    await expectRefused(
      await variant('no-manifest', (d) => rm(path.join(d, MANIFEST_FILE))),
      /manifest\.json is missing/,
    );
    await expectRefused(path.join(e.dir, 'nowhere'), /There is no backup/);
  });

  it('a manifest that is not JSON or not ours', async () => {
    await expectRefused(
      await variant('broken', (d) => writeFile(path.join(d, MANIFEST_FILE), '{"format": "book-')),
      /not valid JSON/,
    );
    await expectRefused(
      await variant('foreign', (d) =>
        writeFile(path.join(d, MANIFEST_FILE), '{"name": "another tool", "files": []}'),
      ),
      /does not hold a Book Tracker backup manifest/,
    );
    await expectRefused(
      await variant('escape', (d) =>
        editManifest(d, (m) => {
          (m.files as { path: string }[]).push({
            path: '../../etc/passwd',
            size: 1,
            sha256: 'a'.repeat(64),
          } as never);
        }),
      ),
      /does not hold a Book Tracker backup manifest/,
    );
  });

  it('a damaged or missing file', async () => {
    const m = await readManifest(good);
    await expectRefused(
      await variant('tampered', (d) => writeFile(path.join(d, m.database.file), 'garbage', { flag: 'a' })),
      /damaged: database\.\w+ does not match its checksum/,
    );
    await expectRefused(
      await variant('missing', (d) => rm(path.join(d, m.database.file))),
      /damaged: database\.\w+ is missing/,
    );
  });

  it('a backup of the other dialect, or of a newer version', async () => {
    const other = testDialect === 'sqlite' ? 'postgres' : 'sqlite';
    await expectRefused(
      await variant('other-dialect', (d) => editManifest(d, (m) => (m.dialect = other))),
      testDialect === 'sqlite'
        ? /holds a PostgreSQL database, but DATABASE_URL points at SQLite/
        : /holds a SQLite database, but DATABASE_URL points at PostgreSQL/,
    );
    await expectRefused(
      await variant('future', (d) => editManifest(d, (m) => (m.schemaVersion = '9999-from-the-future'))),
      /newer Book Tracker/,
    );
  });

  it.runIf(testDialect === 'sqlite')('a SQLite database still open in another process', async () => {
    await expect(restoreBackup(e.config, good)).rejects.toThrow(/open in another process[\s\S]*/);
    expect(await userCount(e)).toBeGreaterThanOrEqual(0);
  });

  it.runIf(testDialect === 'postgres')('a PostgreSQL backup of another schema', async () => {
    await expectRefused(
      await variant('other-schema', (d) =>
        editManifest(d, (m) => ((m.database as Record<string, unknown>).pgSchema = 'someone_else')),
      ),
      /holds the PostgreSQL schema "someone_else"/,
    );
  });
});

describe('retention', { timeout: 120_000 }, () => {
  it('removes only our backups older than BACKUP_RETENTION_DAYS', async () => {
    const e = await env({ BACKUP_RETENTION_DAYS: '7' });
    const now = new Date('2026-06-15T12:00:00Z');
    const daysAgo = (n: number) => new Date(now.getTime() - n * 24 * 3600_000);
    const old = await createBackup(e.config, e.database, { now: daysAgo(10), prune: false });
    const oldLabelled = await createBackup(e.config, e.database, {
      now: daysAgo(8),
      label: 'pre-migrate',
      prune: false,
    });
    const recent = await createBackup(e.config, e.database, { now: daysAgo(6), prune: false });
    // Folders we did not make: no manifest, someone else's manifest, an unfinished one.
    const dir = e.config.backupDir;
    await mkdir(path.join(dir, '2020-01-01T00-00-00Z'));
    await writeFile(path.join(dir, '2020-01-01T00-00-00Z', 'notes.txt'), 'keep me');
    await mkdir(path.join(dir, 'other-tool'));
    await writeFile(
      path.join(dir, 'other-tool', MANIFEST_FILE),
      JSON.stringify({ createdAt: '2000-01-01T00:00:00Z' }),
    );
    await mkdir(path.join(dir, `.partial-${backupTimestamp(daysAgo(30))}-abcd`));

    const fresh = await createBackup(e.config, e.database, { now });
    expect(fresh.pruned.sort()).toEqual([old.name, oldLabelled.name].sort());
    expect((await readdir(dir)).sort()).toEqual(
      [
        '2020-01-01T00-00-00Z',
        'other-tool',
        `.partial-${backupTimestamp(daysAgo(30))}-abcd`,
        recent.name,
        fresh.name,
      ].sort(),
    );
    expect((await listBackups(dir)).map((b) => b.name)).toEqual([recent.name, fresh.name]);
  });

  it('removes unfinished backup folders a crash left behind, once a day old', async () => {
    const e = await env({ BACKUP_RETENTION_DAYS: '7' });
    const dir = e.config.backupDir;
    await mkdir(path.join(dir, '.partial-abandoned'), { recursive: true });
    await mkdir(path.join(dir, '.partial-in-progress'), { recursive: true });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600_000);
    await utimes(path.join(dir, '.partial-abandoned'), twoDaysAgo, twoDaysAgo);
    const removed = await pruneBackups(dir, 7, new Date());
    expect(removed).toEqual(['.partial-abandoned']);
    expect(await readdir(dir)).toEqual(['.partial-in-progress']);
  });

  it('keeps everything when the retention is 0', async () => {
    const e = await env();
    await createBackup(e.config, e.database, { now: new Date('2020-01-01T00:00:00Z'), prune: false });
    expect(await pruneBackups(e.config.backupDir, 0, new Date())).toEqual([]);
    expect(await listBackups(e.config.backupDir)).toHaveLength(1);
  });
});

describe('scheduled backups', { timeout: 120_000 }, () => {
  it('writes backups on the interval and stops cleanly', async () => {
    const e = await env();
    const logged: string[] = [];
    let done = 0;
    let resolveTwo: () => void = () => {};
    const two = new Promise<void>((resolve) => {
      resolveTwo = resolve;
    });
    const scheduler = startBackupScheduler(
      e.config,
      e.database,
      { info: (_obj, msg) => logged.push(msg), error: (_obj, msg) => logged.push(msg) },
      {
        intervalMs: 5,
        onBackup: () => {
          done += 1;
          if (done === 2) resolveTwo();
        },
      },
    );
    await two;
    await scheduler.stop();
    const count = (await listBackups(e.config.backupDir)).length;
    expect(count).toBeGreaterThanOrEqual(2);
    expect(logged).toContain('scheduled backup written');
  });

  it('logs a failed backup and keeps going', async () => {
    const e = await env();
    await writeFile(path.join(e.dir, 'a-file'), '');
    const broken = { ...e.config, backupDir: path.join(e.dir, 'a-file', 'backups') };
    const errors: unknown[] = [];
    let resolveOne: () => void = () => {};
    const one = new Promise<void>((resolve) => {
      resolveOne = resolve;
    });
    const scheduler = startBackupScheduler(
      broken,
      e.database,
      { info: () => {}, error: (obj) => errors.push(obj) },
      {
        intervalMs: 5,
        onBackup: (r) => {
          if (r instanceof Error) resolveOne();
        },
      },
    );
    await one;
    await scheduler.stop();
    expect(errors.length).toBeGreaterThanOrEqual(1);
  });
});

describe.runIf(testDialect === 'postgres')('PostgreSQL specifics', { timeout: 120_000 }, () => {
  it('recreates extensions installed in the schema, which a schema dump leaves out', async () => {
    const e = await env();
    const schema = e.database.pgSchema ?? '';
    await sql`create extension if not exists citext with schema ${sql.id(schema)}`.execute(e.database.db);
    await sql`create table ${sql.id(schema, 'extra_labels')} (name ${sql.id(schema, 'citext')})`.execute(
      e.database.db,
    );
    await sql`insert into ${sql.id(schema, 'extra_labels')} values ('Classic')`.execute(e.database.db);
    const backup = await createBackup(e.config, e.database);
    expect(backup.manifest.database).toMatchObject({ pgSchema: schema, pgExtensions: ['citext'] });
    await sql`drop schema ${sql.id(schema)} cascade`.execute(e.database.db);
    await sql`create schema ${sql.id(schema)}`.execute(e.database.db);

    await restoreBackup(e.config, backup.path);
    const { rows } = await sql<{
      n: number;
    }>`select count(*) as n from ${sql.id(schema, 'extra_labels')} where name = 'CLASSIC'`.execute(
      e.database.db,
    );
    expect(Number(rows[0]?.n)).toBe(1);
    expect((await checkDatabase(e.database)).ok).toBe(true);
  });

  it('finds a pg_dump at least as new as the server', async () => {
    const e = await env();
    const serverMajor = (await new OpsRepository(e.database).postgresVersion()).major;
    expect(serverMajor).toBeGreaterThanOrEqual(10);
    const tools = await findPgTools(serverMajor);
    expect(tools.major).toBeGreaterThanOrEqual(serverMajor);
    expect(await exists(tools.pgRestore)).toBe(true);
    expect(await exists(tools.psql)).toBe(true);
  });
});
