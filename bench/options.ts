import { parseArgs } from 'node:util';
import type { BenchDialect } from './stats.ts';

export interface BenchOptions {
  quick: boolean;
  scale: number;
  dialect: BenchDialect;
  /** The database URL the data set lives in (PostgreSQL); SQLite files live in bench/.data/. */
  databaseUrl: string | null;
  connections: number;
  /** Seconds per scenario per round. */
  duration: number;
  /** Seconds of warm-up per scenario before the first round. */
  warmup: number;
  rounds: number;
  /** Scenario names to run (their baselines come along); empty means all. */
  only: string[];
  /** Run the whole benchmark at each of these scales in turn, then compare first-page p99. */
  compareScales: number[];
  /** Build the data set again even when a matching one exists. */
  regenerate: boolean;
  /** Update the committed bench/results/ (full runs only); otherwise results go to bench/.results-local/. */
  writeResults: boolean;
  /** Run the data features' budget (imports, stats; bench/data-features.ts) instead of the load scenarios. */
  data: boolean;
  /** The port of the server the data run starts. */
  port: number;
}

export const USAGE = `Usage: npm run bench -- [options]
  --quick                 small data set (20,000 entries), 3 s × 2 rounds: well under 3 minutes
  --scale <n>             library entries to generate (default 1000000; readers = n/100, books = n/5)
  --dialect <d>           sqlite | postgres (default: from DATABASE_URL; SQLite when unset)
  --connections <n>       concurrent connections (default 32)
  --duration <s>          seconds per scenario per round (default 10, quick 3)
  --warmup <s>            warm-up seconds per scenario (default 5, quick 2)
  --rounds <n>            interleaved rounds; medians are reported (default 3, quick 2)
  --only <a,b>            only these scenarios (their baselines are added)
  --compare-scales <a,b>  run at both scales and compare first-page p99 (e.g. 100000,1000000)
  --regenerate            rebuild the data set even if a matching one exists
  --data                  the import and stats budget instead (bench/data-features.ts): a 10k-row
                          Goodreads import, the library during it, stats at 20k entries
  --port <n>              the port the --data run's server listens on (default 8251)
  --write-results         update the committed bench/results/ (not with --quick); without it a run
                          writes to the ignored bench/.results-local/
PostgreSQL: DATABASE_URL=postgres://user@host:5432/db npm run bench (a schema per data set is created).`;

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--${name} must be a positive whole number (got "${raw}")`);
  return n;
}

export function dialectOf(url: string | undefined): BenchDialect {
  return url?.startsWith('postgres://') || url?.startsWith('postgresql://') ? 'postgres' : 'sqlite';
}

export function parseOptions(argv: string[], env: Record<string, string | undefined>): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      scale: { type: 'string' },
      dialect: { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      only: { type: 'string' },
      'compare-scales': { type: 'string' },
      regenerate: { type: 'boolean', default: false },
      'write-results': { type: 'boolean', default: false },
      data: { type: 'boolean', default: false },
      port: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) throw new UsageRequested();
  const quick = values.quick ?? false;

  const urlDialect = dialectOf(env.DATABASE_URL);
  const dialect = (values.dialect ?? urlDialect) as BenchDialect;
  if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error('--dialect must be sqlite or postgres');
  if (dialect === 'postgres' && urlDialect !== 'postgres') {
    throw new Error('--dialect postgres needs DATABASE_URL=postgres://user@host:port/database');
  }

  const compareScales = values['compare-scales']
    ? values['compare-scales'].split(',').map((s) => positiveInt('compare-scales', s.trim(), 0))
    : [];
  if (values['compare-scales'] !== undefined && compareScales.length !== 2) {
    throw new Error('--compare-scales takes two scales, e.g. 100000,1000000');
  }

  const writeResults = values['write-results'] ?? false;
  if (quick && writeResults) {
    throw new Error('--write-results is for full runs: quick numbers never replace bench/results/');
  }

  const scale = positiveInt('scale', values.scale, quick ? 20_000 : 1_000_000);
  if (scale < 5000) throw new Error('--scale must be at least 5000 entries');
  return {
    quick,
    scale,
    dialect,
    databaseUrl: dialect === 'postgres' ? (env.DATABASE_URL ?? null) : null,
    connections: positiveInt('connections', values.connections, 32),
    duration: positiveInt('duration', values.duration, quick ? 3 : 10),
    warmup: positiveInt('warmup', values.warmup, quick ? 2 : 5),
    rounds: positiveInt('rounds', values.rounds, quick ? 2 : 3),
    only: values.only
      ? values.only
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
    compareScales,
    regenerate: values.regenerate ?? false,
    writeResults,
    data: values.data ?? false,
    port: positiveInt('port', values.port, 8251),
  };
}

export class UsageRequested extends Error {
  constructor() {
    super(USAGE);
  }
}
