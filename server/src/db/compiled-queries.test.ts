import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { PreparedQuery } from './compiled-queries.ts';

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
  const { db } = env.database;
  const now = new Date().toISOString();
  for (const name of ['ada', 'bram', 'chen']) {
    await db
      .insertInto('users')
      .values({
        email: `${name}@example.com`,
        emailLower: `${name}@example.com`,
        username: name,
        displayName: name.toUpperCase(),
        bio: '',
        privacy: 'public',
        emailVerified: 0,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
  }
});

afterAll(async () => {
  await env.cleanup();
});

describe('PreparedQuery', () => {
  it('builds a shape once and runs it with each call’s values', async () => {
    const { db } = env.database;
    let builds = 0;
    const query = new PreparedQuery<undefined, { name: string }, { username: string; displayName: string }>(
      (db, _shape, v) => {
        builds++;
        return db.selectFrom('users').select(['username', 'displayName']).where('username', '=', v.name);
      },
    );
    const byName = (name: string) => query.run(db, undefined, { name });
    expect(await byName('ada')).toEqual([{ username: 'ada', displayName: 'ADA' }]);
    expect(await byName('chen')).toEqual([{ username: 'chen', displayName: 'CHEN' }]);
    expect(await byName('nobody')).toEqual([]);
    expect(builds).toBe(1);
  });

  it('keeps values fixed at build time, reuses a value and fills IN lists of any length', async () => {
    const { db } = env.database;
    const query = new PreparedQuery<undefined, { exclude: string; list: string[] }, { username: string }>(
      (db, _shape, v) =>
        db
          .selectFrom('users')
          .select('username')
          .where('username', 'in', v.list)
          .where('username', '!=', v.exclude)
          .where('displayName', '!=', v.exclude)
          .where('privacy', '=', 'public')
          .orderBy('username'),
    );
    const names = (list: string[], exclude: string) => query.run(db, undefined, { exclude, list });
    expect(await names(['ada', 'bram', 'chen'], 'bram')).toEqual([{ username: 'ada' }, { username: 'chen' }]);
    expect(await names(['chen', 'ada', 'zed'], 'ada')).toEqual([{ username: 'chen' }]);
    expect(await names(['bram'], 'ada')).toEqual([{ username: 'bram' }]);
  });

  it('runs inside a transaction on the transaction’s connection', async () => {
    const { db } = env.database;
    const query = new PreparedQuery<undefined, Record<string, never>, { n: number }>((db) =>
      db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')),
    );
    const count = (trxOrDb: typeof db) => query.run(trxOrDb, undefined, {});
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.deleteFrom('users').where('username', '=', 'chen').execute();
        expect(Number((await count(trx))[0]?.n)).toBe(2);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(Number((await count(db))[0]?.n)).toBe(3);
  });

  it('answers what Kysely answers: camelCase rows, and for a write the rows it changed', async () => {
    const { db } = env.database;
    const query = new PreparedQuery<
      undefined,
      { names: string[] },
      { username: string; displayName: string; emailVerified: number; bio: string | null }
    >((db, _shape, v) =>
      db
        .selectFrom('users')
        .select(['username', 'displayName', 'emailVerified', 'bio'])
        .where('username', 'in', v.names)
        .orderBy('username'),
    );
    const names = ['ada', 'bram'];
    const direct = await query.run(db, undefined, { names });
    const viaKysely = (await db.executeQuery(query.compile(db, undefined, { names }))).rows;
    expect(direct).toEqual(viaKysely);
    expect(direct).toEqual([
      { username: 'ada', displayName: 'ADA', emailVerified: 0, bio: '' },
      { username: 'bram', displayName: 'BRAM', emailVerified: 0, bio: '' },
    ]);
    expect(Object.keys(direct[0] ?? {})).toEqual(['username', 'displayName', 'emailVerified', 'bio']);

    const rename = new PreparedQuery<undefined, { name: string; bio: string }, never>((db, _shape, v) =>
      db.updateTable('users').set({ bio: v.bio }).where('username', '=', v.name),
    );
    expect(Number((await rename.execute(db, undefined, { name: 'ada', bio: 'Hi' })).numAffectedRows)).toBe(1);
    expect(Number((await rename.execute(db, undefined, { name: 'zed', bio: 'Hi' })).numAffectedRows)).toBe(0);
    expect((await query.run(db, undefined, { names: ['ada'] }))[0]?.bio).toBe('Hi');
    await rename.execute(db, undefined, { name: 'ada', bio: '' });
  });

  it('answers what Kysely answers for every kind of column: numbers, nulls, repeated names, nested json', async () => {
    const { db, dialect } = env.database;
    // On PostgreSQL a json value arrives parsed, and Kysely's plugin camelCases its keys too.
    const nested =
      dialect === 'postgres'
        ? sql`json_build_object('first_key', 1, 'inner_list', json_build_array(json_build_object('deep_key', 'x')))`
        : sql`'{"first_key":1}'`;
    const query = new PreparedQuery<undefined, { name: string }, Record<string, unknown>>((db, _shape, v) => {
      const text = sql<
        Record<string, unknown>
      >`select u.id as user_id, u.username, count(*) over () as row_count,
        null as empty_value, 1.5 as half, ${nested} as json_value, u.display_name as same, u.username as same
        from users u where u.username = ${v.name}`;
      return { compile: () => text.compile(db) };
    });
    const direct = await query.run(db, undefined, { name: 'bram' });
    const viaKysely = (await db.executeQuery(query.compile(db, undefined, { name: 'bram' }))).rows;
    expect(direct).toEqual(viaKysely);
    expect(direct[0]).toMatchObject({ username: 'bram', rowCount: 1, emptyValue: null, same: 'bram' });
    if (dialect === 'postgres') {
      expect(direct[0]?.jsonValue).toEqual({ firstKey: 1, innerList: [{ deepKey: 'x' }] });
    }
  });

  it('names a new column after a migration changes what `select *` returns (PostgreSQL)', async (context) => {
    const { db, dialect } = env.database;
    // On SQLite a prepared statement keeps the columns `*` had when it was prepared, through
    // Kysely as directly; PostgreSQL answers each query with its fields.
    if (dialect !== 'postgres') context.skip();
    await sql`create table direct_columns (first_value integer)`.execute(db);
    await sql`insert into direct_columns (first_value) values (1)`.execute(db);
    const query = new PreparedQuery<undefined, Record<string, never>, Record<string, unknown>>((db) => {
      const text = sql<Record<string, unknown>>`select * from direct_columns`;
      return { compile: () => text.compile(db) };
    });
    expect(await query.run(db, undefined, {})).toEqual([{ firstValue: 1 }]);
    await sql`alter table direct_columns add column second_value integer`.execute(db);
    expect(await query.run(db, undefined, {})).toEqual([{ firstValue: 1, secondValue: null }]);
    await sql`drop table direct_columns`.execute(db);
  });

  it('never reads another request’s open transaction: it waits for the commit', async () => {
    const { db } = env.database;
    const query = new PreparedQuery<undefined, { name: string }, { bio: string | null }>((db, _shape, v) =>
      db.selectFrom('users').select('bio').where('username', '=', v.name),
    );
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let written: () => void = () => {};
    const wrote = new Promise<void>((resolve) => {
      written = resolve;
    });
    const transaction = db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ bio: 'uncommitted' }).where('username', '=', 'bram').execute();
      written();
      await held;
      await trx.updateTable('users').set({ bio: 'committed' }).where('username', '=', 'bram').execute();
    });
    await wrote;
    // Another request reads while the transaction is open (and still has work to do).
    const read = query.run(db, undefined, { name: 'bram' });
    let settled = false;
    void read.then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (env.database.dialect === 'sqlite') {
      // One connection: the read waits its turn behind the transaction instead of reading inside it.
      expect(settled).toBe(false);
    }
    release();
    await transaction;
    const [row] = await read;
    // PostgreSQL answers from the last commit; SQLite after the transaction's commit. Never the
    // transaction's unfinished state.
    expect(row?.bio).not.toBe('uncommitted');
    expect((await query.run(db, undefined, { name: 'bram' }))[0]?.bio).toBe('committed');
    await db.updateTable('users').set({ bio: '' }).where('username', '=', 'bram').execute();
  });

  it('never reuses a plan across a filter that is present in one call and absent in another', async () => {
    const { db } = env.database;
    const query = new PreparedQuery<
      undefined,
      { privacy: string; name: string | undefined; names: string[] | undefined },
      { username: string }
    >((db, _shape, v) => {
      let q = db.selectFrom('users').select('username').where('privacy', '=', v.privacy);
      if (v.name !== undefined) q = q.where('username', '=', v.name);
      if (v.names !== undefined) q = q.where('username', 'in', v.names);
      return q.orderBy('username');
    });
    const run = (name?: string, names?: string[]) =>
      query.run(db, undefined, { privacy: 'public', name, names });
    expect(await run()).toEqual([{ username: 'ada' }, { username: 'bram' }, { username: 'chen' }]);
    expect(await run('bram')).toEqual([{ username: 'bram' }]);
    expect(await run(undefined, ['ada', 'chen'])).toEqual([{ username: 'ada' }, { username: 'chen' }]);
    expect(await run('chen', ['ada', 'chen'])).toEqual([{ username: 'chen' }]);
    expect(await run()).toHaveLength(3);
    // Each combination compiled its own statement.
    const sqlOf = (name?: string, names?: string[]) =>
      query.compile(db, undefined, { privacy: 'public', name, names }).sql;
    expect(new Set([sqlOf(), sqlOf('x'), sqlOf(undefined, ['x']), sqlOf(undefined, ['x', 'y'])]).size).toBe(
      4,
    );
  });

  it('keys the shape: a different sort builds a different statement', async () => {
    const { db } = env.database;
    const query = new PreparedQuery<{ order: 'asc' | 'desc' }, { privacy: string }, { username: string }>(
      (db, { order }, v) =>
        db.selectFrom('users').select('username').where('privacy', '=', v.privacy).orderBy('username', order),
    );
    expect((await query.run(db, { order: 'asc' }, { privacy: 'public' })).map((r) => r.username)).toEqual([
      'ada',
      'bram',
      'chen',
    ]);
    expect((await query.run(db, { order: 'desc' }, { privacy: 'public' })).map((r) => r.username)).toEqual([
      'chen',
      'bram',
      'ada',
    ]);
  });

  it('shows the builder placeholders, never a call’s values', () => {
    const { db } = env.database;
    const seen: unknown[] = [];
    const query = new PreparedQuery<undefined, { name: string; list: string[] }, { username: string }>(
      (db, _shape, v) => {
        seen.push(v.name, ...v.list);
        return db.selectFrom('users').select('username').where('username', '=', v.name);
      },
    );
    query.compile(db, undefined, { name: 'ada', list: ['bram'] });
    expect(seen).not.toContain('ada');
    expect(seen).not.toContain('bram');
  });
});
