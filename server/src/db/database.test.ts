import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, rowBuilder } from './database.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SQLite transactions', () => {
  it('take the write lock when they begin, so another connection’s commit cannot fail them midway', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bt-db-'));
    dirs.push(dir);
    const file = path.join(dir, 'app.db');
    const database = createDatabase({ dialect: 'sqlite', url: `sqlite:${file}`, path: file });
    // Another connection to the same file, as the import thread's or another process's.
    const other = new SQLite(file);
    try {
      await sql`create table t (x integer)`.execute(database.db);
      other.pragma('busy_timeout = 0');
      await database.db.transaction().execute(async (tx) => {
        // A read first: with a deferred `begin`, the other connection could commit now and this
        // transaction's write below would fail at once with SQLITE_BUSY ("database is locked").
        await sql`select count(*) from t`.execute(tx);
        expect(() => other.prepare('insert into t values (1)').run()).toThrow(/locked|busy/i);
        await sql`insert into t values (2)`.execute(tx);
      });
      // Once it has committed, the other connection writes as usual.
      other.prepare('insert into t values (3)').run();
      const { rows } = await sql<{ x: number }>`select x from t order by x`.execute(database.db);
      expect(rows.map((r) => r.x)).toEqual([2, 3]);
    } finally {
      other.close();
      await database.close();
    }
  });
});

describe('rowBuilder (the direct path names a statement’s rows)', () => {
  it('names each value by its column, whatever the column’s name, and keeps the last of a repeated name', () => {
    const build = rowBuilder(['id', 'displayName', 'a "quoted" name', 'it’s', '0', 'id2', 'x', 'x']);
    const row = build([1, 'Ada', 'q', 'apostrophe', 'zero', null, 'first', 'last']);
    expect(row).toEqual({
      id: 1,
      displayName: 'Ada',
      'a "quoted" name': 'q',
      'it’s': 'apostrophe',
      0: 'zero',
      id2: null,
      x: 'last',
    });
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    // Rows are fresh objects: changing one never changes the next.
    row.id = 99;
    expect(build([2, 'Bo', null, null, null, null, null, null]).id).toBe(2);
  });

  it('refuses a column named __proto__ rather than setting the row’s prototype', () => {
    expect(() => rowBuilder(['id', '__proto__'])).toThrow(/__proto__/);
  });

  it('cannot be made to run code by a column name', () => {
    const build = rowBuilder(['"}; globalThis.pwned = 1; ({"a']);
    expect(build(['v'])).toEqual({ '"}; globalThis.pwned = 1; ({"a': 'v' });
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });
});
