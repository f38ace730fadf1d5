/**
 * `npm run bench`: builds (or reuses) a generated community, starts the production server, two
 * baselines and a provider stub, runs every load scenario in a separate autocannon process —
 * warm-up first, then interleaved rounds — and reports medians, the baselines' ratios and the
 * speed budget of issue 4. Writes <dialect>-<scale>.json (+ .budget.json) to the ignored
 * bench/.results-local/, or with --write-results (full runs only) to the committed bench/results/.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { hashPassword, verifyPassword } from '../server/src/lib/passwords.ts';
import { BENCH_PASSWORD, communitySize, FIRST_PAGE_READER } from './community.ts';
import { runDataFeatures } from './data-features.ts';
import {
  BENCH_DIR,
  DATA_DIR,
  type Dataset,
  datasetReady,
  generateDataset,
  locateDataset,
} from './dataset.ts';
import type { LoadResult } from './load.ts';
import { type BenchOptions, parseOptions, UsageRequested } from './options.ts';
import {
  cpuSeconds,
  type RunningServer,
  rssMb,
  runLoadProcess,
  sampleRss,
  startAppServer,
  startScriptServer,
} from './processes.ts';
import { startProviderStub } from './provider-stub.ts';
import {
  buildScenarios,
  firstRequest,
  floorReaders,
  openDirectDb,
  type Scenario,
  signIn,
  signInSocialReaders,
} from './scenarios.ts';
import {
  type BenchDialect,
  type BudgetLine,
  budgetTable,
  evaluateBudget,
  median,
  type ResultRow,
  resultsTable,
  round,
  SCENARIO,
  SOCIAL,
} from './stats.ts';

/** The committed results: only a full run with --write-results replaces them. */
const RESULTS_DIR = path.join(BENCH_DIR, 'results');
/** Every other run's results (git-ignored), so a quick or local run never overwrites the committed ones. */
const LOCAL_RESULTS_DIR = path.join(BENCH_DIR, '.results-local');

const resultsDir = (options: Pick<BenchOptions, 'writeResults'>) =>
  options.writeResults ? RESULTS_DIR : LOCAL_RESULTS_DIR;
/** More non-2xx answers than this share of a scenario's requests fails the run. */
const MAX_NON_2XX_SHARE = 0.01;

interface Measured {
  scenario: Scenario;
  runs: LoadResult[];
  rss: number[];
  /** Server CPU time per answered request, µs. */
  cpuUs: number[];
}

const log = (message: string) => console.log(message);

/** Median time of `fn`, after a few untimed calls (argon2's first hashes pay for fresh memory). */
async function timeMs(fn: () => Promise<unknown>, times: number): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function check(scenario: Scenario, baseUrl: string): Promise<void> {
  const request = firstRequest(scenario.plan);
  const response = await fetch(baseUrl + request.path, {
    method: request.method,
    headers: request.headers ?? {},
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  const body = await response.text();
  if (response.status < 200 || response.status > 299) {
    throw new Error(
      `${scenario.name}: ${request.method} ${request.path} answered ${response.status}: ${body.slice(0, 500)}`,
    );
  }
}

/** Whether the floor answers the same JSON as the app for a scenario and its floor. */
async function matchesFloor(
  app: RunningServer,
  floor: RunningServer,
  appScenario: Scenario,
  floorScenario: Scenario,
) {
  const fetchJson = async (baseUrl: string, scenario: Scenario) => {
    const request = firstRequest(scenario.plan);
    return fetch(baseUrl + request.path, { headers: request.headers ?? {} }).then((r) => r.json());
  };
  const [a, f] = await Promise.all([
    fetchJson(app.baseUrl, appScenario),
    fetchJson(floor.baseUrl, floorScenario),
  ]);
  return isDeepStrictEqual(a, f);
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

function readResults(dir: string, dialect: BenchDialect, scale: number): ResultRow[] | null {
  const file = path.join(dir, `${dialect}-${scale}.json`);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ResultRow[];
  } catch {
    return null;
  }
}

function writeAtomically(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, file);
}

async function runAtScale(options: BenchOptions, scale: number): Promise<ResultRow[]> {
  const dataset: Dataset = locateDataset(options.dialect, scale, options.databaseUrl);
  const size = communitySize(scale);
  log(`\n== ${options.dialect}, ${scale.toLocaleString('en')} entries (${dataset.location})`);
  if (options.regenerate || !(await datasetReady(dataset))) {
    await generateDataset(dataset);
  } else {
    log('Reusing the generated data set.');
  }

  const stub = await startProviderStub();
  const serverDir = path.join(DATA_DIR, 'server');
  mkdirSync(serverDir, { recursive: true });
  const servers: RunningServer[] = [];
  const db = await openDirectDb(dataset);
  try {
    // Sign-in scenarios leave sessions behind; start every run from the generated state.
    await db.run('delete from sessions');
    if (dataset.dialect === 'postgres') {
      // The write scenarios (follow, add a book, progress, sign-in) leave dead rows behind, and
      // autovacuum may be off (it is on the CI machine): without a vacuum they pile up run after
      // run, the planner scales its estimates by the tables' grown size, and a plan flips (the
      // feed fell from ~900 to ~150 req/s, floor and app, when `follows` had grown by half).
      const tables = await db.query<{ name: string }>(
        'select quote_ident(tablename) as name from pg_tables where schemaname = current_schema()',
      );
      await db.run(`vacuum ${tables.map((t) => t.name).join(', ')}`);
    }
    // A clean environment and working folder, so a developer's .env never leaks into the numbers.
    const app = await startAppServer(
      {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? serverDir,
        NODE_ENV: 'production',
        SECRET_KEY: randomBytes(48).toString('base64url'),
        DATABASE_URL: dataset.databaseUrl,
        RATE_LIMIT_DISABLED: '1',
        // BENCH_APP_LOG_LEVEL=info measures the request log production writes by default.
        LOG_LEVEL: process.env.BENCH_APP_LOG_LEVEL ?? 'warn',
        // BENCH_APP_PREPARED_STATEMENTS=false measures the app's PostgreSQL queries unnamed (the
        // floor's stay named).
        DATABASE_PREPARED_STATEMENTS: process.env.BENCH_APP_PREPARED_STATEMENTS ?? 'true',
        MIGRATE_ON_START: 'true',
        TRUST_PROXY: 'true',
        BACKUP_INTERVAL_HOURS: 'off',
        GOOGLE_BOOKS_API_URL: `${stub.url}/books/v1`,
        OPEN_LIBRARY_URL: stub.url,
        DATA_DIR: path.join(serverDir, 'data'),
        UPLOAD_DIR: path.join(serverDir, 'uploads'),
        BACKUP_DIR: path.join(serverDir, 'backups'),
      },
      serverDir,
    );
    servers.push(app);
    const idleRss = rssMb(app.pid);
    log(`Server ready at ${app.baseUrl} (pid ${app.pid}, RSS ${Math.round(idleRss)} MB idle).`);

    const hash = await hashPassword(BENCH_PASSWORD);
    const hashMs = await timeMs(() => hashPassword(BENCH_PASSWORD), 9);
    const verifyMs = await timeMs(() => verifyPassword(hash, BENCH_PASSWORD), 9);
    log(
      `One hashPassword: ${round(hashMs, 1)} ms, one verifyPassword: ${round(verifyMs, 1)} ms (median of 9).`,
    );

    const first = await signIn(app.baseUrl, FIRST_PAGE_READER);
    const social = await signInSocialReaders(app.baseUrl);
    const bare = await startScriptServer('bare-server.ts', {});
    servers.push(bare);
    const floor = await startScriptServer('floor-server.ts', {
      databaseUrl: dataset.databaseUrl,
      sessionId: first.sessionId,
      userId: first.userId,
      readers: floorReaders(social).map(({ userId, sessionId }) => ({ userId, sessionId })),
    });
    servers.push(floor);
    const byTarget = { app, bare, floor };

    let scenarios = await buildScenarios({
      social,
      appUrl: app.baseUrl,
      connections: options.connections,
      readers: size.readers,
      db,
      first,
    });
    if (options.only.length > 0) {
      const unknown = options.only.filter((name) => !scenarios.some((s) => s.name === name));
      if (unknown.length > 0) {
        throw new Error(
          `Unknown scenario ${unknown.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}`,
        );
      }
      const wanted = new Set(options.only);
      for (const s of scenarios) if (wanted.has(s.name) && s.baseline) wanted.add(s.baseline);
      scenarios = scenarios.filter((s) => wanted.has(s.name));
    }

    for (const scenario of scenarios) {
      await scenario.before?.();
      await check(scenario, byTarget[scenario.target].baseUrl);
    }
    // Every read floor must answer what the app answers, or its ratio means nothing.
    const mismatched: string[] = [];
    for (const app_ of scenarios) {
      const floorScenario = scenarios.find((s) => s.name === app_.baseline && s.target === 'floor');
      if (!floorScenario || firstRequest(app_.plan).method !== 'GET') continue;
      if (!(await matchesFloor(app, floor, app_, floorScenario))) mismatched.push(app_.name);
    }
    const floorMatches = mismatched.length === 0;
    if (!floorMatches) {
      console.error(
        `\n!! The floor server no longer answers the same JSON as the app for ${mismatched.join(', ')}: ` +
          'update bench/floor-server.ts or bench/floor-social.ts.\n',
      );
    }

    const measured: Measured[] = scenarios.map((scenario) => ({ scenario, runs: [], rss: [], cpuUs: [] }));
    const load = async (m: Measured, seconds: number, record: boolean) => {
      const target = byTarget[m.scenario.target];
      await m.scenario.before?.();
      const rss = sampleRss(target.pid);
      const cpuBefore = cpuSeconds(target.pid);
      const result = await runLoadProcess({
        baseUrl: target.baseUrl,
        connections: m.scenario.connections,
        durationSec: seconds,
        plan: m.scenario.plan,
      });
      const maxRss = rss.stop();
      const ended = target.exit();
      if (ended !== null) {
        throw new Error(
          `The ${m.scenario.target} server died during ${m.scenario.name} (${ended}):\n${target.output()}`,
        );
      }
      const cpuUs = ((cpuSeconds(target.pid) - cpuBefore) * 1e6) / Math.max(1, result.requests);
      if (record) {
        m.runs.push(result);
        m.rss.push(maxRss);
        m.cpuUs.push(cpuUs);
      }
      const bad = result.non2xx + result.errors + result.timeouts;
      log(
        `  ${record ? '' : '(warm-up) '}${m.scenario.name}: ${Math.round(result.requestsPerSec)} req/s, ` +
          `p50 ${round(result.p50Ms, 2)} ms, p99 ${round(result.p99Ms, 2)} ms, RSS ${Math.round(maxRss)} MB, ` +
          `${Math.round(cpuUs)} µs CPU/req` +
          (bad > 0 ? `, ${bad} failed (${JSON.stringify(result.statusCodes)})` : ''),
      );
      return result;
    };

    log(`\nWarm-up: ${options.warmup} s per scenario.`);
    for (const m of measured) await load(m, options.warmup, false);
    for (let round = 1; round <= options.rounds; round++) {
      log(
        `\nRound ${round} of ${options.rounds}: ${options.duration} s per scenario, ${options.connections} connections.`,
      );
      for (const m of measured) await load(m, options.duration, true);
    }

    const failures = measured.filter((m) => {
      const total = m.runs.reduce((a, r) => a + r.requests + r.errors, 0);
      const bad = m.runs.reduce((a, r) => a + r.non2xx + r.errors + r.timeouts, 0);
      return total === 0 || bad / total > MAX_NON_2XX_SHARE;
    });

    const rps = new Map(measured.map((m) => [m.scenario.name, median(m.runs.map((r) => r.requestsPerSec))]));
    const rows: ResultRow[] = measured.map((m) => ({
      scenario: m.scenario.name,
      dialect: options.dialect,
      scale,
      connections: m.scenario.connections,
      requestsPerSec: round(median(m.runs.map((r) => r.requestsPerSec)), 1),
      p50Ms: round(median(m.runs.map((r) => r.p50Ms)), 2),
      p99Ms: round(median(m.runs.map((r) => r.p99Ms)), 2),
      rssMb: round(Math.max(...m.rss), 1),
      baselineRequestsPerSec: m.scenario.baseline
        ? round(rps.get(m.scenario.baseline) ?? Number.NaN, 1)
        : null,
    }));

    log(
      `\nResults: ${options.dialect}, ${scale.toLocaleString('en')} entries, medians of ${options.rounds} rounds\n`,
    );
    const cpuUs = new Map(measured.map((m) => [m.scenario.name, median(m.cpuUs)]));
    log(resultsTable(rows, cpuUs));
    log(
      `\nRequests that reached the provider stub: ${stub.requests()} (none when the catalog fills a page).`,
    );

    if (failures.length > 0) {
      for (const m of failures) {
        const codes: Record<string, number> = {};
        for (const r of m.runs)
          for (const [c, n] of Object.entries(r.statusCodes)) codes[c] = (codes[c] ?? 0) + n;
        console.error(
          `!! ${m.scenario.name}: more than ${MAX_NON_2XX_SHARE * 100}% of requests failed: ` +
            `${JSON.stringify(codes)}, errors ${m.runs.reduce((a, r) => a + r.errors, 0)}, ` +
            `timeouts ${m.runs.reduce((a, r) => a + r.timeouts, 0)}`,
        );
      }
      throw new Error('Some scenarios failed; results not written.');
    }

    const resultsFile = path.join(resultsDir(options), `${options.dialect}-${scale}.json`);
    if (options.only.length === 0) writeAtomically(resultsFile, rows);
    const budget = evaluateBudget({
      rows,
      hashMs,
      ...scaleComparison(resultsDir(options), options.dialect, scale, rows),
    });
    log(`\nBudget (issues 4 and 10)\n\n${budgetTable(budget)}`);
    if (!floorMatches)
      log(
        `\n!! The floor answered different JSON than the app for ${mismatched.join(', ')}; those ratios are not meaningful.`,
      );
    if (options.only.length === 0) {
      writeAtomically(path.join(resultsDir(options), `${options.dialect}-${scale}.budget.json`), {
        date: new Date().toISOString(),
        machine: machine(),
        options: { ...options, databaseUrl: undefined, scale },
        dataset: { key: dataset.key, readers: size.readers, books: size.books, entries: size.entries },
        hashPasswordMs: round(hashMs, 2),
        verifyPasswordMs: round(verifyMs, 2),
        floorMatchesApp: floorMatches,
        floorMismatches: mismatched,
        serverCpuUsPerRequest: Object.fromEntries([...cpuUs].map(([k, v]) => [k, round(v, 1)])),
        idleRssMb: round(idleRss, 1),
        budget,
      });
      log(`\nWrote ${path.relative(process.cwd(), resultsFile)} and its .budget.json.`);
    } else {
      log('\n(--only: results files not written.)');
    }
    return rows;
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await db.close();
    await stub.close();
  }
}

/**
 * The first-page rows at 100k and 1M entries (this run's, or saved in the folder this run writes
 * to, falling back to the committed ones), for the growth budget line.
 */
function scaleComparison(
  dir: string,
  dialect: BenchDialect,
  scale: number,
  rows: ResultRow[],
  small = 100_000,
  large = 1_000_000,
) {
  const pick = (r: ResultRow[] | null, name: string) => r?.find((row) => row.scenario === name);
  const at = (s: number) =>
    s === scale ? rows : (readResults(dir, dialect, s) ?? readResults(RESULTS_DIR, dialect, s));
  return {
    smallScaleFirstPage: pick(at(small), SCENARIO.firstPage),
    largeScaleFirstPage: pick(at(large), SCENARIO.firstPage),
    smallScaleFeed: pick(at(small), SOCIAL.feed),
    largeScaleFeed: pick(at(large), SOCIAL.feed),
  };
}

async function main() {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (err) {
    console.error(err instanceof UsageRequested ? err.message : `${(err as Error).message}\n`);
    process.exit(err instanceof UsageRequested ? 0 : 2);
  }
  const started = performance.now();
  if (options.data) {
    const result = await runDataFeatures({
      databaseUrl: options.databaseUrl,
      port: options.port,
      rounds: options.rounds,
      duration: options.duration,
      log,
    });
    log(JSON.stringify(result));
  } else if (options.compareScales.length === 2) {
    const [small, large] = options.compareScales as [number, number];
    const smallRows = await runAtScale(options, small);
    const largeRows = await runAtScale(options, large);
    const pick = (r: ResultRow[], name: string) => r.find((row) => row.scenario === name);
    const line: BudgetLine[] = evaluateBudget({
      rows: [],
      hashMs: Number.NaN,
      smallScaleFirstPage: pick(smallRows, SCENARIO.firstPage),
      largeScaleFirstPage: pick(largeRows, SCENARIO.firstPage),
      smallScaleFeed: pick(smallRows, SOCIAL.feed),
      largeScaleFeed: pick(largeRows, SOCIAL.feed),
    });
    log(`\nScale comparison (${small} → ${large} entries)\n\n${budgetTable(line)}`);
  } else {
    await runAtScale(options, options.scale);
  }
  log(`\nDone in ${Math.round((performance.now() - started) / 1000)} s.`);
}

main().catch((err: unknown) => {
  console.error(`\n${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
