/**
 * How much memory hostile avatar uploads take: starts a real server process, sends N uploads of
 * an interlaced PNG at once, and reads the process's peak resident memory (VmHWM) before and
 * after. Interlaced PNGs cannot be decoded row by row, so each decode holds the whole image.
 *
 *   node --experimental-strip-types bench/avatar-memory.ts [--root DIR] [--port 8221] [--parallel 8] [--size 4999]
 *
 * `--root` runs another checkout's server (e.g. an older commit) with this script.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: path.resolve(import.meta.dirname, '..') },
    port: { type: 'string', default: '8221' },
    parallel: { type: 'string', default: '8' },
    size: { type: 'string', default: '4999' },
  },
});
const port = Number(values.port);
const parallel = Number(values.parallel);
const size = Number(values.size);
const base = `http://127.0.0.1:${port}`;

function memory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

async function waitReady(child: ChildProcess) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error('the server exited');
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

const dir = mkdtempSync(path.join(tmpdir(), 'bt-avatar-mem-'));
const child = spawn(process.execPath, ['server/src/server.ts'], {
  cwd: values.root,
  env: {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    SECRET_KEY: 'x'.repeat(40),
    DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`,
    UPLOAD_DIR: path.join(dir, 'uploads'),
    BACKUP_DIR: path.join(dir, 'backups'),
    WEB_DIST_DIR: path.join(dir, 'no-web'),
    RATE_LIMIT_DISABLED: '1',
    LOG_LEVEL: 'warn',
    MAX_FILE_SIZE: String(50 * 1024 * 1024),
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});

try {
  await waitReady(child);
  const pid = child.pid as number;
  const png = await sharp({ create: { width: size, height: size, channels: 3, background: '#7a5c3e' } })
    .png({ progressive: true, compressionLevel: 9 })
    .toBuffer();
  const registered = await fetch(`${base}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'mem@example.test', username: 'memory_probe', password: 'long enough pw' }),
  });
  const token = ((await registered.json()) as { token: { accessToken: string } }).token.accessToken;
  const before = memory(pid);
  const statuses = await Promise.all(
    Array.from({ length: parallel }, async () => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'a.png');
      const res = await fetch(`${base}/api/me/avatar`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      await res.arrayBuffer();
      return res.status;
    }),
  );
  const after = memory(pid);
  console.log(
    JSON.stringify({
      image: `${size}x${size} interlaced PNG, ${Math.round(png.length / 1024)} KB`,
      parallel,
      statuses,
      rssBeforeMb: before.rssMb,
      peakBeforeMb: before.peakMb,
      peakAfterMb: after.peakMb,
      rssAfterMb: after.rssMb,
    }),
  );
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
