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
