import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { type AppDatabase, createDatabase } from '../../db/database.ts';
import { ImportsRepository } from './imports.repository.ts';

let env: TestEnv;
let second: AppDatabase;
beforeAll(async () => {
  env = await createTestEnv();
  // A second connection pool stands for a second server process.
  second = createDatabase(env.config.database);
});
afterAll(async () => {
  await second.close();
  await env.cleanup();
});

describe('claiming import jobs', () => {
  it('gives each queued job to exactly one of several runners at once, and a stale one back', async () => {
    const now = new Date().toISOString();
    const userIds: number[] = [];
    for (let i = 0; i < 6; i++) {
      const u = await env.database.db
        .insertInto('users')
        .values({
          email: `c${i}@x.test`,
          emailLower: `c${i}@x.test`,
          username: `claim_${i}`,
          displayName: 'c',
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
      userIds.push(u.id);
    }
    const noBooks = async () => [];
    const a = new ImportsRepository(env.database.db, env.database.dialect, noBooks);
    const b = new ImportsRepository(second.db, second.dialect, noBooks);
    for (const userId of userIds) {
      await a.insertJob({
        userId,
        source: 'goodreads',
        fileName: 'f.csv',
        fileKey: `k${userId}`,
        total: 1,
        now,
      });
    }
    const longAgo = '2000-01-01T00:00:00.000Z';
    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).claimNext(`w${i}`, now, longAgo)),
    );
    const claimed = claims.flatMap((job) => (job ? [job.id] : []));
    expect(claimed).toHaveLength(6);
    expect(new Set(claimed).size).toBe(6);
    // Nothing left while every runner is alive…
    expect(await a.claimNext('late', now, longAgo)).toBeUndefined();
    // …but a job whose runner stopped committing goes to the next runner, with one more attempt.
    const later = new Date(Date.now() + 60_000).toISOString();
    const taken = await b.claimNext('rescuer', later, later);
    expect(taken).toMatchObject({ status: 'running', lockedBy: 'rescuer', attempts: 2 });
  });
});
