import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { CompiledQueries } from './compiled-queries.ts';

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

describe('CompiledQueries', () => {
  it('builds a shape once and runs it with each call’s values', async () => {
    const queries = new CompiledQueries();
    const { db } = env.database;
    let builds = 0;
    const byName = (name: string) =>
      queries.run(db, 'users.byName', [name], (arg) => {
        builds++;
        return db.selectFrom('users').select(['username', 'displayName']).where('username', '=', arg(0));
      });
    expect(await byName('ada')).toEqual([{ username: 'ada', displayName: 'ADA' }]);
    expect(await byName('chen')).toEqual([{ username: 'chen', displayName: 'CHEN' }]);
    expect(await byName('nobody')).toEqual([]);
    expect(builds).toBe(1);
  });

  it('keeps values fixed at build time, reuses an argument and fills IN lists', async () => {
    const queries = new CompiledQueries();
    const { db } = env.database;
    const names = (list: string[], exclude: string) =>
      queries.run(db, `users.in:${list.length}`, [exclude, ...list], (arg) =>
        db
          .selectFrom('users')
          .select('username')
          .where(
            'username',
            'in',
            list.map((_, i) => arg(i + 1)),
          )
          .where('username', '!=', arg(0))
          .where('privacy', '=', 'public')
          .orderBy('username'),
      );
    expect(await names(['ada', 'bram', 'chen'], 'bram')).toEqual([{ username: 'ada' }, { username: 'chen' }]);
    expect(await names(['chen', 'ada', 'zed'], 'ada')).toEqual([{ username: 'chen' }]);
    expect(await names(['bram'], 'ada')).toEqual([{ username: 'bram' }]);
  });

  it('runs inside a transaction on the transaction’s connection', async () => {
    const queries = new CompiledQueries();
    const { db } = env.database;
    const count = (trxOrDb: typeof db) =>
      queries.run(trxOrDb, 'users.count', [], () =>
        trxOrDb.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')),
      );
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.deleteFrom('users').where('username', '=', 'chen').execute();
        expect(Number((await count(trx))[0]?.n)).toBe(2);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(Number((await count(db))[0]?.n)).toBe(3);
  });
});
