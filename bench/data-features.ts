/**
 * `node --experimental-strip-types bench/data-features.ts [--postgres URL] [--port 8251]`: the speed
 * budget of issue 13 on a real server process. (1) A 10,000-row Goodreads file in the current
 * 23-column layout, with the quirks the import handles (BOM, CRLF, ="…" ISBNs and broken ones, HTML
 * reviews with spoilers, multi-line fields, RTL and CJK titles, custom shelves, rereads, bindings),
 * timed from the upload to `done`. (2) `GET /api/stats` for a reader with 20,000 entries (imported
 * the same way), 8 connections, p99. Starts its own server on a fresh database; prints one JSON line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(option('port') ?? 8251);
const postgres = option('postgres');
const base = `http://127.0.0.1:${port}`;

const BINDINGS = ['Paperback', 'Hardcover', 'Kindle Edition', 'Audible Audio', 'Mass Market Paperback', ''];
const SHELVES = ['read', 'read', 'read', 'to-read', 'currently-reading', 'dnf', 'favourites'];
const TITLES = ['The Book of %', 'الخيميائي %', 'ノルウェイの森 %', 'Über %', '%: A Novel'];

/** A Goodreads export with `rows` books; `yearSpan` years of read dates ending in 2025. */
export function goodreadsFile(rows: number, yearSpan: number, salt: string): Buffer {
  const header =
    'Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Publisher,Binding,Number of Pages,Year Published,Original Publication Year,Date Read,Date Added,Bookshelves,Bookshelves with positions,Exclusive Shelf,My Review,Spoiler,Private Notes,Read Count,Owned Copies';
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const title = (TITLES[i % TITLES.length] ?? '%').replace('%', `${salt}${i}`);
    const year = 2025 - (i % yearSpan);
    const month = String((i % 12) + 1).padStart(2, '0');
    const day = String((i % 28) + 1).padStart(2, '0');
    const shelf = SHELVES[i % SHELVES.length] ?? 'read';
    const read = shelf === 'read' || shelf === 'favourites' || shelf === 'dnf';
    const isbn = i % 10 === 0 ? '="978044117271X"' : i % 10 === 1 ? '=""' : '="813,01"';
    const review =
      i % 4 === 0 ? `"Loved it.<br/><br/>Spoiler: <spoiler>the end</spoiler> &amp; more\nsecond line"` : '';
    lines.push(
      [
        i,
        `"${title}"`,
        `Author  ${i % 500}`,
        '',
        i % 3 === 0 ? '"Co Author, Other One"' : '',
        isbn,
        isbn,
        i % 6,
        'Pub',
        BINDINGS[i % BINDINGS.length],
        100 + (i % 700),
        2000 + (i % 25),
        '',
        read ? `${year}/${month}/${day}` : '',
        `${year}/01/01`,
        `"${shelf === 'read' ? '' : `${shelf}, `}tag${i % 20}"`,
        '',
        shelf,
        review,
        '',
        '',
        read ? 1 + (i % 3 === 0 ? 1 : 0) : 0,
        i % 2,
      ].join(','),
    );
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n'))]);
}

async function freshPostgresSchema(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `bench13_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'bt-bench13-'));
  const pgSchema = postgres ? await freshPostgresSchema(postgres) : null;
  const server: ChildProcess = spawn(process.execPath, ['server/src/server.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_DISABLED: '1',
      SECRET_KEY: 'b'.repeat(48),
      DATABASE_URL: pgSchema ? pgSchema.url : `sqlite:${path.join(dir, 'bench.db')}`,
      UPLOAD_DIR: path.join(dir, 'uploads'),
      DATA_DIR: dir,
      WEB_DIST_DIR: path.join(dir, 'no-web'),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/readyz`)).ok) break;
      } catch {
        // not up yet
      }
      if (i > 300) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const signUp = async (name: string) => {
      const res = await fetch(`${base}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ email: `${name}@example.test`, username: name, password: 'long enough pw' }),
      });
      const json = (await res.json()) as { token: { accessToken: string } };
      return { authorization: `Bearer ${json.token.accessToken}`, 'x-forwarded-proto': 'https' };
    };
    const importFile = async (auth: Record<string, string>, file: Buffer) => {
      const form = new FormData();
      form.set('source', 'goodreads');
      form.set('file', new Blob([file], { type: 'text/csv' }), 'goodreads_library_export.csv');
      const started = performance.now();
      const res = await fetch(`${base}/api/imports`, { method: 'POST', headers: auth, body: form });
      if (res.status !== 202) throw new Error(`upload: ${res.status} ${await res.text()}`);
      const { id } = (await res.json()) as { id: number };
      for (;;) {
        const job = (await (await fetch(`${base}/api/imports/${id}`, { headers: auth })).json()) as {
          status: string;
          imported: number;
          failed: number;
        };
        if (job.status === 'done' || job.status === 'failed') {
          return { ms: Math.round(performance.now() - started), ...job };
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    };

    const importer = await signUp('bench_import');
    const imported = await importFile(importer, goodreadsFile(10_000, 5, 'I'));

    const reader = await signUp('bench_stats');
    const setup = [];
    for (let part = 0; part < 2; part++)
      setup.push(await importFile(reader, goodreadsFile(10_000, 10, `S${part}-`)));
    const stats: Record<string, { p50: number; p99: number; requests: number; non2xx: number }> = {};
    for (const [name, url] of [
      ['year', '/api/stats?year=2024'],
      ['allTime', '/api/stats'],
    ] as const) {
      const result = await autocannon({
        url: `${base}${url}`,
        connections: 8,
        duration: 10,
        headers: reader,
      });
      stats[name] = {
        p50: result.latency.p50,
        p99: result.latency.p99,
        requests: result.requests.total,
        non2xx: result.non2xx,
      };
    }
    console.log(
      JSON.stringify({
        dialect: postgres ? 'postgres' : 'sqlite',
        import10k: imported,
        statsSetup: setup.map((s) => s.imported),
        stats,
      }),
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.on('exit', r));
    await pgSchema?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
