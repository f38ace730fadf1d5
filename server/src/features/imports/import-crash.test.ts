import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, TEST_SECRET, type TestEnv } from '../../../test/helpers.ts';

/**
 * A real server process is killed with SIGKILL in the middle of an import; a second process on the
 * same database takes the job over and finishes it. Nothing of a batch is half there.
 */
const root = path.resolve(import.meta.dirname, '../../../..');
const ROWS = 15_000;

let env: TestEnv;
const children: ChildProcess[] = [];
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await env.cleanup();
});

function startServer(port: number) {
  let out = '';
  const child = spawn(process.execPath, ['server/src/server.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_DISABLED: '1',
      PORT: String(port),
      DATABASE_URL: env.config.database.url,
      UPLOAD_DIR: path.join(env.dir, 'uploads'),
      DATA_DIR: path.join(env.dir, 'data'),
      SECRET_KEY: TEST_SECRET,
      WEB_DIST_DIR: path.join(env.dir, 'no-web'),
      IMPORT_STALE_SECONDS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, exited, output: () => out, base: `http://127.0.0.1:${port}` };
}

async function waitReady(base: string, output: () => string) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${output()}`);
}

const port = () => 20_000 + Math.floor(Math.random() * 5000);

describe('an import survives kill -9', () => {
  it('leaves whole batches only, and the next process resumes it to the end', async () => {
    const a = startServer(port());
    await waitReady(a.base, a.output);
    const reg = await fetch(`${a.base}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'crash@example.test',
        username: 'crash_reader',
        password: 'long enough pw',
      }),
    });
    const { user, token } = (await reg.json()) as { user: { id: number }; token: { accessToken: string } };
    const auth = { authorization: `Bearer ${token.accessToken}` };

    const lines = ['Title,Author,Exclusive Shelf,Bookshelves,Read Count,Date Read'];
    for (let i = 0; i < ROWS; i++)
      lines.push(
        `Crash Book ${i},Author ${i % 97},read,"t${i % 5}, x",2,2024/01/${String((i % 28) + 1).padStart(2, '0')}`,
      );
    const form = new FormData();
    form.set('source', 'goodreads');
    form.set('file', new Blob([lines.join('\n')], { type: 'text/csv' }), 'big.csv');
    const created = await fetch(`${a.base}/api/imports`, { method: 'POST', headers: auth, body: form });
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: number };

    // Kill it once some batches are in but not all.
    let killedAt = -1;
    for (let i = 0; i < 2000 && killedAt < 0; i++) {
      const job = (await (await fetch(`${a.base}/api/imports/${id}`, { headers: auth })).json()) as {
        processed: number;
      };
      if (job.processed > 0 && job.processed < ROWS) {
        a.child.kill('SIGKILL');
        killedAt = job.processed;
      } else {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    await a.exited;
    expect(killedAt).toBeGreaterThan(0);

    const db = env.database.db;
    const stuck = await db
      .selectFrom('importJobs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stuck.status).toBe('running');
    expect(stuck.cursor).toBeGreaterThanOrEqual(killedAt);
    expect(stuck.cursor).toBeLessThan(ROWS);
    const count = async (table: 'libraryEntries' | 'reads' | 'entryTags') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('userId', '=', user.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    // Exactly the committed batches: every row before the cursor, with its reread and tags, none after.
    expect(await count('libraryEntries')).toBe(stuck.cursor);
    expect(stuck.imported).toBe(stuck.cursor);
    expect(await count('reads')).toBe(stuck.cursor);
    expect(await count('entryTags')).toBe(stuck.cursor * 2);

    const b = startServer(port());
    await waitReady(b.base, b.output);
    type Progress = { status: string; processed: number; imported: number; skipped: number; failed: number };
    let finished: Progress | null = null;
    for (let i = 0; i < 600 && !finished; i++) {
      const job = (await (await fetch(`${b.base}/api/imports/${id}`, { headers: auth })).json()) as Progress;
      if (job.status === 'done' || job.status === 'failed') finished = job;
      else await new Promise((r) => setTimeout(r, 100));
    }
    if (finished?.status !== 'done') {
      const row = await db
        .selectFrom('importJobs')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      console.log(
        `the resumed import did not finish: ${JSON.stringify(row)}\nfirst server:\n${a.output().slice(-3000)}\nsecond server:\n${b.output().slice(-3000)}`,
      );
    }
    expect(finished).toMatchObject({
      status: 'done',
      processed: ROWS,
      imported: ROWS,
      skipped: 0,
      failed: 0,
    });
    expect(await count('libraryEntries')).toBe(ROWS);
    expect(await count('reads')).toBe(ROWS);
    const done = await db.selectFrom('importJobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(done.attempts).toBe(2);
    expect(done.lockedBy).toBeNull();
    // One feed line for the whole import. The rows before the crash are counted as private (what
    // they were shared as is not kept), so followers are told only of the ones after it.
    const feedLines = await db
      .selectFrom('activities')
      .select(['type', 'visibility', 'data'])
      .where('userId', '=', user.id)
      .execute();
    expect(feedLines).toEqual([
      {
        type: 'books_added',
        visibility: 'public',
        data: JSON.stringify({
          count: ROWS,
          counts: { public: ROWS - stuck.imported, followers: 0, private: stuck.imported },
        }),
      },
    ]);
    b.child.kill('SIGTERM');
    await b.exited;
  }, 120_000);
});
