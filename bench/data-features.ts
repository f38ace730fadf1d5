/**
 * `npm run bench -- --data [--port 8251]` (PostgreSQL: with DATABASE_URL): the speed budget of
 * issue 13 on a real server process started on a fresh database (SQLite file, or a new schema in
 * DATABASE_URL's database), no network.
 *
 * 1. `import-10k`: a 10,000-row Goodreads file in the current 23-column layout with every quirk the
 *    import handles, timed from the upload to `done` (median of `--rounds`, each into a new reader).
 * 2. `library-during-import`: `GET /api/library` (a reader with 100 entries), idle and then while a
 *    10k import runs, p99 of both (the import must not starve requests: ≤ 2× idle).
 * 3. `stats-20k`: `GET /api/stats?year=2024` and all-time for a reader with 20,000 entries, p99 at 8
 *    connections.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { median, round } from './stats.ts';

const root = path.resolve(import.meta.dirname, '..');

const BINDINGS = [
  'Paperback',
  'Hardcover',
  'Kindle Edition',
  'Audible Audio',
  'Mass Market Paperback',
  'Audio CD',
  'ebook',
  '',
];
// Exclusive shelves: the three standard ones and custom ones (DNF by name, or read by date/count).
const SHELVES = [
  'read',
  'read',
  'read',
  'to-read',
  'currently-reading',
  'read',
  'dnf',
  'did-not-finish',
  'favourites',
  'owned-books',
  'read',
];
const TITLES = [
  'The Book of %',
  'الخيميائي %',
  'ノルウェイの森 %',
  'Über das Meer %',
  '%: A Novel',
  'Книга %',
];
const AUTHORS = ['Frank  Herbert', 'باولو كويلو', '村上 春樹', 'Ann  Leckie', 'José Saramago'];

function isbn13Check(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

function isbn10Of(isbn13: string): string {
  const core = isbn13.slice(3, 12);
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(core[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return core + (check === 10 ? 'X' : String(check));
}

/** A valid ISBN-13 unique to (`salt`, `i`). */
function isbnFor(prefix: '978' | '979', salt: number, i: number): string {
  const first12 = `${prefix}${String(salt % 1000).padStart(3, '0')}${String(i).padStart(6, '0')}`;
  return first12 + isbn13Check(first12);
}

function saltNumber(salt: string): number {
  let h = 7;
  for (const c of salt) h = (h * 31 + c.charCodeAt(0)) % 997;
  return h;
}

const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;

/**
 * A Goodreads export (current 23-column layout) with `rows` books, read dates spread over
 * `yearSpan` years ending in 2025, and every quirk the import handles: BOM and CRLF, `="…"` ISBNs,
 * `=""`, an ISBN-10 only, broken ones (13 characters ending in X, 9 digits, `813,01`), HTML
 * reviews with `<br/>`, entities and `<spoiler>`, multi-line quoted fields, right-to-left and CJK
 * titles and authors, doubled spaces in names, additional authors, custom exclusive shelves (DNF
 * by name, read by date), shelves as tags, ratings 0–5, rereads, owned copies, bindings, the
 * Spoiler flag, private notes, the same book twice and a row without a title.
 */
export function goodreadsFile(rows: number, yearSpan: number, salt: string): Buffer {
  const header =
    'Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Publisher,Binding,Number of Pages,Year Published,Original Publication Year,Date Read,Date Added,Bookshelves,Bookshelves with positions,Exclusive Shelf,My Review,Spoiler,Private Notes,Read Count,Owned Copies';
  const lines = [header];
  const s = saltNumber(salt);
  for (let n = 0; n < rows; n++) {
    // Every 200th row repeats the row before it (the same book twice: skipped as a duplicate).
    const i = n % 200 === 199 ? n - 1 : n;
    const title = n === rows - 1 ? '' : (TITLES[i % TITLES.length] ?? '%').replace('%', `${salt}${i}`);
    const year = 2025 - (i % yearSpan);
    const month = String((i % 12) + 1).padStart(2, '0');
    const day = String((i % 28) + 1).padStart(2, '0');
    const shelf = SHELVES[i % SHELVES.length] ?? 'read';
    const read = shelf !== 'to-read' && shelf !== 'currently-reading' && !(shelf === 'owned-books' && i % 2);
    let isbn10 = '=""';
    let isbn13 = '=""';
    switch (i % 10) {
      case 0:
      case 1:
      case 2: {
        const value = isbnFor('978', s, i);
        isbn10 = `="${isbn10Of(value)}"`;
        isbn13 = `="${value}"`;
        break;
      }
      case 3:
        isbn10 = `="${isbn10Of(isbnFor('978', s, i))}"`;
        break;
      case 4:
        isbn13 = `="${isbnFor('979', s, i)}"`;
        break;
      case 5:
        isbn13 = '="978044117271X"';
        break;
      case 6:
        isbn10 = '="044117271"';
        break;
      case 7:
        isbn13 = '"813,01"';
        break;
    }
    const review =
      i % 4 === 0
        ? quote(`Loved it.<br/><br/>Spoiler: <spoiler>the end</spoiler> &amp; <b>more</b>\nsecond line ${i}`)
        : i % 4 === 1
          ? quote(`A plain review of ${i}, with a comma`)
          : '';
    const shelves = [
      ...(shelf === 'read' || shelf === 'to-read' || shelf === 'currently-reading' ? [] : [shelf]),
      `tag${i % 20}`,
      ...(i % 7 === 0 ? ['日本', 'ספרים'] : []),
    ];
    lines.push(
      [
        i,
        quote(title),
        `${AUTHORS[i % AUTHORS.length] ?? ''}${i % 500}`,
        '',
        i % 3 === 0 ? quote('Co  Author, Other One') : '',
        isbn10,
        isbn13,
        i % 6,
        'Pub',
        BINDINGS[i % BINDINGS.length],
        i % 13 === 0 ? '' : 100 + (i % 700),
        2000 + (i % 25),
        i % 5 === 0 ? 1960 + (i % 60) : '',
        read && i % 17 !== 0 ? `${year}/${month}/${day}` : '',
        `${year}/01/0${1 + (i % 9)}`,
        quote(shelves.join(', ')),
        '',
        shelf,
        review,
        i % 8 === 0 ? 'true' : '',
        i % 9 === 0 ? quote(`My private note on ${i}\nwith a second line`) : '',
        read ? 1 + (i % 3 === 0 ? 1 : 0) + (i % 11 === 0 ? 1 : 0) : 0,
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

/** User + system CPU seconds of a process so far (Linux), or NaN. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

interface ImportTiming {
  ms: number;
  /** Server CPU over the import (steadier than wall time on a shared machine). */
  cpuMs: number;
  status: string;
  imported: number;
  skipped: number;
  failed: number;
}

export interface DataFeaturesOptions {
  /** PostgreSQL database to create a schema in; SQLite when null. */
  databaseUrl: string | null;
  port: number;
  rounds: number;
  /** Seconds of load per stats run and for the idle library run. */
  duration: number;
  log: (line: string) => void;
}

export interface DataFeaturesResult {
  dialect: 'sqlite' | 'postgres';
  importMs: number[];
  importMedianMs: number;
  importCpuMs: number[];
  libraryIdle: { p50: number; p99: number; requests: number };
  libraryDuringImport: { p50: number; p99: number; requests: number; importMs: number };
  stats: Record<'year' | 'allTime', { p50: number; p99: number; requests: number; non2xx: number }>;
}

export async function runDataFeatures(options: DataFeaturesOptions): Promise<DataFeaturesResult> {
  const { port, log } = options;
  const base = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'bt-bench13-'));
  const pgSchema = options.databaseUrl ? await freshPostgresSchema(options.databaseUrl) : null;
  // BENCH_CPU_PROF_DIR=dir writes a V8 CPU profile of the server there (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF_DIR;
  const nodeArgs = profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [];
  const server: ChildProcess = spawn(process.execPath, [...nodeArgs, 'server/src/server.ts'], {
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
      // Nothing leaves the machine: the providers point at a closed port.
      GOOGLE_BOOKS_API_URL: 'http://127.0.0.1:9/books/v1',
      OPEN_LIBRARY_URL: 'http://127.0.0.1:9',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => server.on('exit', resolve));
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
    const importFile = async (auth: Record<string, string>, file: Buffer): Promise<ImportTiming> => {
      const form = new FormData();
      form.set('source', 'goodreads');
      form.set(
        'file',
        new Blob([new Uint8Array(file)], { type: 'text/csv' }),
        'goodreads_library_export.csv',
      );
      const started = performance.now();
      const cpuBefore = cpuMs(server.pid);
      const res = await fetch(`${base}/api/imports`, { method: 'POST', headers: auth, body: form });
      if (res.status !== 202) throw new Error(`upload: ${res.status} ${await res.text()}`);
      const { id } = (await res.json()) as { id: number };
      for (;;) {
        const job = (await (
          await fetch(`${base}/api/imports/${id}`, { headers: auth })
        ).json()) as ImportTiming;
        if (job.status === 'done' || job.status === 'failed') {
          if (job.status === 'failed') throw new Error(`import failed: ${JSON.stringify(job)}`);
          return {
            ...job,
            ms: Math.round(performance.now() - started),
            cpuMs: Math.round(cpuMs(server.pid) - cpuBefore),
          };
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const load = (url: string, auth: Record<string, string>, connections: number, duration: number) =>
      autocannon({ url: `${base}${url}`, connections, duration, headers: auth });

    // 1. Import speed, nothing else running.
    const importMs: number[] = [];
    const importCpuMs: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const t = await importFile(
        await signUp(`bench_import_${round}`),
        goodreadsFile(10_000, 5, `I${round}-`),
      );
      log(
        `import-10k round ${round + 1}: ${t.ms} ms, server CPU ${t.cpuMs} ms (${t.imported} imported, ${t.skipped} skipped, ${t.failed} failed)`,
      );
      importMs.push(t.ms);
      importCpuMs.push(t.cpuMs);
    }

    // 2. The library's first page, idle and during an import.
    const librarian = await signUp('bench_library');
    await importFile(librarian, goodreadsFile(100, 3, 'L-'));
    await load('/api/library', librarian, 8, 1); // warm-up
    const idle = await load('/api/library', librarian, 8, options.duration);
    const importer = await signUp('bench_import_loaded');
    const during = autocannon({
      url: `${base}/api/library`,
      connections: 8,
      duration: 120,
      headers: librarian,
    });
    const loadedImport = await importFile(importer, goodreadsFile(10_000, 5, 'D-'));
    during.stop();
    const duringResult = await during;
    log(
      `library first page: idle p99 ${idle.latency.p99} ms; during a ${loadedImport.ms} ms import p99 ${duringResult.latency.p99} ms`,
    );

    // 3. Stats for a reader with 20,000 entries.
    const reader = await signUp('bench_stats');
    for (let part = 0; part < 2; part++) await importFile(reader, goodreadsFile(10_000, 10, `S${part}-`));
    const stats = {} as DataFeaturesResult['stats'];
    for (const [name, url] of [
      ['year', '/api/stats?year=2024'],
      ['allTime', '/api/stats'],
    ] as const) {
      await load(url, reader, 8, 1); // warm-up
      const result = await load(url, reader, 8, options.duration);
      stats[name] = {
        p50: result.latency.p50,
        p99: result.latency.p99,
        requests: result.requests.total,
        non2xx: result.non2xx,
      };
      log(`stats ${name}: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
    }
    return {
      dialect: pgSchema ? 'postgres' : 'sqlite',
      importMs,
      importMedianMs: round(median(importMs), 0),
      importCpuMs,
      libraryIdle: { p50: idle.latency.p50, p99: idle.latency.p99, requests: idle.requests.total },
      libraryDuringImport: {
        p50: duringResult.latency.p50,
        p99: duringResult.latency.p99,
        requests: duringResult.requests.total,
        importMs: loadedImport.ms,
      },
      stats,
    };
  } finally {
    server.kill('SIGTERM');
    await exited;
    await pgSchema?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
