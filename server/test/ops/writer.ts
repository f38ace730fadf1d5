/**
 * A separate process that keeps writing, like a server under load, while a test takes a backup:
 * `node writer.ts <DATABASE_URL>` inserts users writer_1, writer_2, … each with a session in the
 * same transaction, prints every committed number, and stops when its standard input closes.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { loadConfig } from '../../src/config.ts';
import { createDatabase } from '../../src/db/database.ts';

const url = process.argv[2];
if (!url) throw new Error('usage: node writer.ts <DATABASE_URL>');
const config = loadConfig({
  NODE_ENV: 'test',
  DATABASE_URL: url,
  DATABASE_POOL_SIZE: '2',
  SECRET_KEY: 'writer-secret-key-that-is-long-enough-0123456789',
});
const database = createDatabase(config.database);

let stop = false;
process.stdin.on('data', () => {});
process.stdin.on('end', () => {
  stop = true;
});

for (let n = 1; !stop; n += 1) {
  const now = new Date().toISOString();
  await database.db.transaction().execute(async (trx) => {
    const user = await trx
      .insertInto('users')
      .values({
        email: `writer_${n}@example.test`,
        emailLower: `writer_${n}@example.test`,
        username: `writer_${n}`,
        displayName: `Writer ${n}`,
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
    await trx
      .insertInto('sessions')
      .values({
        id: `writer-${n}`,
        userId: user.id,
        createdAt: now,
        expiresAt: now,
        revokedAt: null,
        userAgent: null,
      })
      .execute();
  });
  process.stdout.write(`${n}\n`);
  // better-sqlite3 is synchronous: give the event loop a turn so the stop signal is seen.
  await nextTurn();
}
await database.close();
process.stdout.write('done\n');
