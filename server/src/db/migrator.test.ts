import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv, testDialect } from '../../test/helpers.ts';
import { createDatabase } from './database.ts';
import { migrations } from './migrations/index.ts';
import {
  latestMigration,
  migrateToLatest,
  migrationStatus,
  pendingMigrations,
  rollbackLast,
} from './migrator.ts';

const ALL = Object.keys(migrations);
const envs: TestEnv[] = [];
afterEach(async () => {
  for (const e of envs.splice(0)) await e.cleanup();
});
async function fresh(): Promise<TestEnv> {
  const e = await createTestEnv({}, { migrate: false });
  envs.push(e);
  return e;
}

describe('migrator', () => {
  it('applies every migration once, records it, and reports status', async () => {
    const e = await fresh();
    expect(await pendingMigrations(e.database)).toEqual(ALL);
    expect(await migrateToLatest(e.database)).toEqual(ALL);
    expect(await migrateToLatest(e.database)).toEqual([]);
    const status = await migrationStatus(e.database);
    expect(status.map((s) => s.name)).toEqual(ALL);
    expect(status.every((s) => s.appliedAt !== null && !Number.isNaN(Date.parse(s.appliedAt)))).toBe(true);
    expect(latestMigration).toBe(ALL.at(-1));
  });

  it('rolls back the last migration and can apply it again', async () => {
    const e = await fresh();
    await migrateToLatest(e.database);
    expect(await rollbackLast(e.database)).toEqual([ALL.at(-1)]);
    expect(await pendingMigrations(e.database)).toEqual([ALL.at(-1)]);
    expect(await migrateToLatest(e.database)).toEqual([ALL.at(-1)]);
  });

  it('rolls back every migration down to an empty schema', async () => {
    const e = await fresh();
    await migrateToLatest(e.database);
    for (const name of [...ALL].reverse()) expect(await rollbackLast(e.database)).toEqual([name]);
    expect(await rollbackLast(e.database)).toEqual([]);
    expect(await migrateToLatest(e.database)).toEqual(ALL);
  });

  it('keeps a failed migration out entirely, with the ones before it applied', async () => {
    const e = await fresh();
    // A table in the way makes the second migration fail halfway through its statements.
    await sql`create table library_entries (id integer)`.execute(e.database.db);
    const third = ALL.findIndex((n) => n.includes('library'));
    await expect(migrateToLatest(e.database)).rejects.toThrow(/Migration .*library.* failed/);
    expect(await pendingMigrations(e.database)).toEqual(ALL.slice(third));
    // Nothing of the failed migration stayed behind (its other tables are absent).
    await expect(sql`select count(*) from reads`.execute(e.database.db)).rejects.toThrow();
    await sql`drop table library_entries`.execute(e.database.db);
    expect(await migrateToLatest(e.database)).toEqual(ALL.slice(third));
  });

  // Several instances share one database only on PostgreSQL; SQLite is one process.
  it.runIf(testDialect === 'postgres')(
    'lets two instances start together: one migrates, the other finds nothing to do',
    async () => {
      const e = await fresh();
      const other = createDatabase(e.config.database);
      try {
        const results = await Promise.all([migrateToLatest(e.database), migrateToLatest(other)]);
        expect(results.flat().sort()).toEqual([...ALL].sort());
        expect(await pendingMigrations(other)).toEqual([]);
      } finally {
        await other.close();
      }
    },
  );
});
