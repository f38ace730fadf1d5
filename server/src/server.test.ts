import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from './db/database.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'bt-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  let out = '';
  const child = spawn(process.execPath, ['server/src/server.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      RATE_LIMIT_DISABLED: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitReady(url: string, output: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not become ready:\n${output()}`);
}

describe('the server process', () => {
  it('creates and migrates its database on start, and on SIGTERM finishes in-flight requests and exits 0', async () => {
    const port = 18000 + Math.floor(Math.random() * 2000);
    const dbFile = path.join(dir, 'shutdown.db');
    const server = start({
      PORT: String(port),
      DATABASE_URL: `sqlite:${dbFile}`,
      UPLOAD_DIR: path.join(dir, 'uploads'),
      SECRET_KEY: 'x'.repeat(40),
      WEB_DIST_DIR: path.join(dir, 'no-web'),
    });
    const base = `http://127.0.0.1:${port}`;
    await waitReady(`${base}/readyz`, server.output);

    // Sign-ups spend tens of milliseconds hashing, so several are in flight when SIGTERM arrives.
    const inFlight = Array.from({ length: 6 }, (_, i) =>
      fetch(`${base}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: `s${i}@example.test`,
          username: `shutdown_${i}`,
          password: 'long enough pw',
        }),
      }).then(
        (r) => r.status,
        // A connection accepted but not yet read when SIGTERM arrives is closed unanswered.
        () => 0,
      ),
    );
    await new Promise((r) => setTimeout(r, 30));
    server.child.kill('SIGTERM');
    const statuses = await Promise.all(inFlight);
    expect(await server.exited).toBe(0);
    const created = statuses.filter((s) => s === 201).length;
    // One that arrives after shutdown began is refused with 503 (or its connection closed).
    expect(statuses.every((s) => s === 201 || s === 503 || s === 0)).toBe(true);
    expect(created).toBeGreaterThan(0);
    expect(server.output()).toContain('shutting down');

    const database = createDatabase({ dialect: 'sqlite', url: `sqlite:${dbFile}`, path: dbFile });
    try {
      const rows = await database.db.selectFrom('users').select('username').execute();
      expect(rows).toHaveLength(created);
      expect(database.sqlite?.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      await database.close();
    }
  });

  it('refuses to start with invalid configuration, listing every problem', async () => {
    const server = start({ NODE_ENV: 'production', PORT: 'x', DATABASE_URL: 'oracle://nope' });
    expect(await server.exited).toBe(1);
    const out = server.output();
    expect(out).toContain('Invalid configuration');
    expect(out).toContain('PORT');
    expect(out).toContain('DATABASE_URL');
    expect(out).toContain('SECRET_KEY');
  });
});
