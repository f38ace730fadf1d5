import { describe, expect, it } from 'vitest';
import { openSqlite } from './database.ts';
import { withStablePlans } from './stable-plans.ts';

/**
 * The rewriting answers a behaviour of one SQLite version (docs/performance.md measured 3.54.1,
 * bundled with better-sqlite3 13.2). When an upgrade changes the version, this fails on purpose:
 * run `npm run bench -- --quick` with and without `withStablePlans` (and `npm run test --
 * library-plans`), record the numbers in docs/performance.md, then update the version here.
 */
const MEASURED_SQLITE_VERSION = '3.54.1';

describe('withStablePlans', () => {
  it('was measured on the SQLite version that is bundled', () => {
    const db = openSqlite(':memory:');
    const { version } = db.prepare('select sqlite_version() as version').get() as { version: string };
    db.close();
    expect(version, 'SQLite changed: measure stable-plans again (see the comment above)').toBe(
      MEASURED_SQLITE_VERSION,
    );
  });

  it('writes parameters in comparisons, IN lists, tuples and VALUES as +?', () => {
    expect(withStablePlans('select * from "t" where "a" = ? and "b" > ? and "c" <= ? and "d" <> ?')).toBe(
      'select * from "t" where "a" = +? and "b" > +? and "c" <= +? and "d" <> +?',
    );
    expect(withStablePlans('select 1 from "t" where "id" in (?, ?,?)')).toBe(
      'select 1 from "t" where "id" in (+?, +?,+?)',
    );
    expect(withStablePlans('select 1 from "t" where ("k", "id") < (?, ?)')).toBe(
      'select 1 from "t" where ("k", "id") < (+?, +?)',
    );
    expect(withStablePlans('insert into "t" ("a", "b") values (?, ?)')).toBe(
      'insert into "t" ("a", "b") values (+?, +?)',
    );
    expect(withStablePlans('select 1 from "t" limit ? offset ?')).toBe(
      'select 1 from "t" limit +? offset +?',
    );
  });

  it('leaves other parameters, quoted text and identifiers alone', () => {
    const unchanged = [
      'select "limit" - ? from "t"',
      `select 1 from "t" where "s" like ? escape '\\'`,
      `select '=?', 'it''s (?' from "a=?" where "x" = '?'`,
      'select "x" - ? from "t"',
      'select [a=?] from "t"',
    ];
    for (const sql of unchanged) expect(withStablePlans(sql)).toBe(sql);
  });

  it('gives the same answers as the bare parameters', () => {
    const db = openSqlite(':memory:');
    db.exec(`create table t (id integer primary key, n integer, s text, r real, b blob);
      insert into t values (1, 10, 'ten', 1.5, x'00ff'), (2, 20, '20', 2.5, null), (3, null, 'x', null, x'01')`);
    const cases: [string, unknown[]][] = [
      ['select id from t where n = ? order by id', [10]],
      ['select id from t where n = ? order by id', ['10']],
      ['select id from t where s = ? order by id', [20]],
      ['select id from t where r > ? order by id', [2]],
      ['select id from t where b = ? order by id', [Buffer.from([0, 255])]],
      ['select id from t where coalesce(n, ?) = ? order by id', [0, 0]],
      ['select id from t where id in (?, ?) order by id', [1, 3]],
      ['select id from t where (n, id) < (?, ?) order by id', [20, 2]],
      ['select id from t order by id limit ? offset ?', [1, 1]],
      ['select typeof(?) a, typeof(?) b, typeof(?) c, typeof(?) d', [1, 1.5, 'a', Buffer.from([1])]],
    ];
    for (const [sql, params] of cases) {
      const rewritten = withStablePlans(sql);
      expect(rewritten).not.toBe(sql);
      expect(db.prepare(rewritten).all(...params)).toEqual(db.prepare(sql).all(...params));
    }
    db.close();
  });
});
