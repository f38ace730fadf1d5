import { afterEach, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv, testDialect } from '../../test/helpers.ts';
import { createDatabase } from '../db/database.ts';
import { migrations } from '../db/migrations/index.ts';
import { listBackups } from './backup.service.ts';
import { readManifest } from './backup-manifest.ts';
import { checkDatabase } from './check.ts';
import { migrateDatabase, rollbackDatabase } from './migrate.ts';

const ALL = Object.keys(migrations);
const LATEST = ALL.at(-1);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function env(options: { migrate?: boolean } = {}): Promise<TestEnv> {
  const e = await createTestEnv({}, options);
  cleanups.push(() => e.cleanup());
  return e;
}

async function addUser(e: TestEnv, username: string): Promise<number> {
  const now = new Date().toISOString();
  const row = await e.database.db
    .insertInto('users')
    .values({
      email: `${username}@example.test`,
      emailLower: `${username}@example.test`,
      username,
      displayName: username,
      bio: '',
      avatarPath: null,
      privacy: 'public',
      passwordHash: null,
      googleSub: null,
      emailVerified: 0,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('db check', () => {
  it('reports every table with its row count, the schema version and a clean bill of health', async () => {
    const e = await env();
    await addUser(e, 'counted_one');
    await addUser(e, 'counted_two');
    const result = await checkDatabase(e.database);
    expect(result).toMatchObject({
      ok: true,
      reachable: true,
      dialect: testDialect,
      pending: [],
      problems: [],
    });
    expect(result.schemaVersion).toBe(LATEST);
    expect(result.applied.map((m) => m.name)).toEqual(ALL);
    expect(result.applied.every((m) => m.appliedAt !== null && !Number.isNaN(Date.parse(m.appliedAt)))).toBe(
      true,
    );
    const counts = Object.fromEntries(result.tables.map((t) => [t.name, t.rows]));
    expect(counts).toMatchObject({ users: 2, sessions: 0, schema_migrations: ALL.length });
    expect(result.serverVersion).toMatch(testDialect === 'sqlite' ? /^SQLite 3\./ : /^PostgreSQL \d+/);
    if (testDialect === 'sqlite') {
      expect(result.integrity).toEqual(['ok']);
      expect(result.foreignKeyViolations).toEqual([]);
    } else {
      expect(result.integrity).toBeNull();
    }
  });

  it('fails on pending migrations', async () => {
    const e = await env({ migrate: false });
    const result = await checkDatabase(e.database);
    expect(result.ok).toBe(false);
    expect(result.reachable).toBe(true);
    expect(result.schemaVersion).toBeNull();
    expect(result.pending).toEqual(ALL);
    expect(result.problems).toEqual([`${ALL.length} migration(s) pending: ${ALL.join(', ')}.`]);
  });

  it('fails when the database is unreachable', async () => {
    const database = createDatabase({
      dialect: 'postgres',
      url: 'postgres://nobody@127.0.0.1:9/none',
      poolSize: 1,
      preparedStatements: true,
    });
    cleanups.push(() => database.close());
    const result = await checkDatabase(database);
    expect(result).toMatchObject({ ok: false, reachable: false });
    expect(result.problems[0]).toMatch(/^The database is unreachable: /);
  });

  it.runIf(testDialect === 'sqlite')('fails on rows that point at missing rows', async () => {
    const e = await env();
    const handle = e.database.sqlite;
    if (!handle) throw new Error('no SQLite handle');
    handle.pragma('foreign_keys = OFF');
    handle
      .prepare("insert into sessions (id, user_id, created_at, expires_at) values ('orphan', 4242, 'x', 'x')")
      .run();
    handle.pragma('foreign_keys = ON');
    const result = await checkDatabase(e.database);
    expect(result.ok).toBe(false);
    expect(result.foreignKeyViolations).toEqual([
      { table: 'sessions', rowid: expect.any(Number), parent: 'users' },
    ]);
    expect(result.problems[0]).toMatch(/foreign_key_check found 1 row/);
  });
});

describe('db migrate and rollback', () => {
  it('backs up first, then rolls back the last migration, and migrates again', async () => {
    const e = await env();
    await addUser(e, 'survivor');
    const rolled = await rollbackDatabase(e.config, e.database);
    expect(rolled.rolledBack).toEqual([LATEST]);
    expect(rolled.backup).not.toBeNull();
    const rollbackManifest = await readManifest(rolled.backup ?? '');
    expect(rollbackManifest).toMatchObject({ label: 'pre-rollback', schemaVersion: LATEST, uploads: false });
    expect((await checkDatabase(e.database)).pending).toEqual([LATEST]);

    const migrated = await migrateDatabase(e.config, e.database);
    expect(migrated.applied).toEqual([LATEST]);
    if (testDialect === 'sqlite') {
      // SQLite keeps a copy of the database as it was before the migration.
      expect(migrated.backup).toMatch(/-pre-migrate$/);
      expect(await readManifest(migrated.backup ?? '')).toMatchObject({
        label: 'pre-migrate',
        schemaVersion: ALL.at(-2),
      });
    } else {
      expect(migrated.backup).toBeNull();
    }
    const check = await checkDatabase(e.database);
    expect(check.ok).toBe(true);
    expect(check.tables.find((t) => t.name === 'users')?.rows).toBe(1);
  });

  it('skips the backup when there is nothing to protect or nothing to do', async () => {
    const e = await env({ migrate: false });
    const first = await migrateDatabase(e.config, e.database);
    expect(first).toEqual({ applied: ALL, backup: null });
    const second = await migrateDatabase(e.config, e.database);
    expect(second).toEqual({ applied: [], backup: null });
    expect(await listBackups(e.config.backupDir)).toEqual([]);
  });

  it('does nothing on rollback when no migration is applied', async () => {
    const e = await env({ migrate: false });
    expect(await rollbackDatabase(e.config, e.database)).toEqual({ rolledBack: [], backup: null });
  });
});
