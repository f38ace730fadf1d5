/** Pure helpers for the report: medians, percentiles, the printed table and the budget. */

export type BenchDialect = 'sqlite' | 'postgres';

/** One line of `bench/results/<dialect>-<scale>.json`. */
export interface ResultRow {
  scenario: string;
  dialect: BenchDialect;
  scale: number;
  connections: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  rssMb: number;
  /** The same run's baseline for this scenario (bare node:http, or the hand-written floor); null when none. */
  baselineRequestsPerSec: number | null;
}

/** Median of the numbers (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >>> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The p-th percentile (0..100) by nearest rank over already sorted values; NaN when empty. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

/** Rounds to `digits` decimals (keeps results files readable). */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A plain-text table with right-aligned numbers, also valid as a Markdown table. */
export function formatTable(headers: string[], rows: (string | number | null)[][]): string {
  const cells = rows.map((row) =>
    row.map((c) => (c === null ? '—' : typeof c === 'number' ? formatNumber(c) : c)),
  );
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map(
    (_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === null),
  );
  const line = (values: string[]) =>
    `| ${values.map((v, i) => (numeric[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(headers), rule, ...cells.map(line)].join('\n');
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (Number.isInteger(n) || Math.abs(n) >= 100) return Math.round(n).toString();
  return n.toFixed(Math.abs(n) >= 10 ? 1 : 2);
}

/**
 * The results table: one row per scenario, with the ratio to its baseline where it has one, and
 * the server's CPU time per request when known (steadier than req/s on a shared machine).
 */
export function resultsTable(rows: ResultRow[], cpuUsPerRequest?: ReadonlyMap<string, number>): string {
  return formatTable(
    [
      'scenario',
      'conn',
      'req/s',
      'p50 ms',
      'p99 ms',
      'RSS MB',
      'baseline req/s',
      'ratio',
      'server CPU µs/req',
    ],
    rows.map((r) => [
      r.scenario,
      r.connections,
      r.requestsPerSec,
      r.p50Ms,
      r.p99Ms,
      r.rssMb,
      r.baselineRequestsPerSec,
      r.baselineRequestsPerSec ? `${Math.round((r.requestsPerSec / r.baselineRequestsPerSec) * 100)}%` : '—',
      cpuUsPerRequest?.has(r.scenario) ? Math.round(cpuUsPerRequest.get(r.scenario) as number) : null,
    ]),
  );
}

export interface BudgetLine {
  name: string;
  target: string;
  measured: string;
  /** null when this run cannot tell (e.g. the scale comparison without both scales). */
  met: boolean | null;
}

export interface BudgetInputs {
  rows: ResultRow[];
  /** Milliseconds for one hashPassword in the same run (median). */
  hashMs: number;
  /** The first-page rows of the 100k and 1M runs of the same dialect, when both are known. */
  smallScaleFirstPage?: ResultRow | undefined;
  largeScaleFirstPage?: ResultRow | undefined;
  /** The feed's first-page rows of the 100k and 1M runs of the same dialect, when both are known. */
  smallScaleFeed?: ResultRow | undefined;
  largeScaleFeed?: ResultRow | undefined;
}

/** Scenario names used by the harness and by the budget. */
export const SCENARIO = {
  bare: 'baseline-bare-node-http',
  healthz: 'healthz',
  floor: 'baseline-floor-library-first-page',
  firstPage: 'library-first-page',
  signInSerial: 'sign-in-1-connection',
} as const;

/** The social scenarios of issue 10 and their floors. */
export const SOCIAL = {
  feedFloor: 'baseline-floor-feed-first-page',
  feed: 'feed-first-page',
  heavyFloor: 'baseline-floor-feed-heavy',
  heavy: 'feed-heavy-first-page',
  followFloor: 'baseline-floor-follow-reader',
  follow: 'follow-reader',
  profileFloor: 'baseline-floor-profile-page',
  profile: 'profile-page',
} as const;

const APP_BASELINES = new Set<string>([
  SCENARIO.bare,
  SCENARIO.floor,
  SOCIAL.feedFloor,
  SOCIAL.heavyFloor,
  SOCIAL.followFloor,
  SOCIAL.profileFloor,
]);

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Checks every line of issue 4's speed budget against the measured rows. */
export function evaluateBudget(input: BudgetInputs): BudgetLine[] {
  const by = new Map(input.rows.map((r) => [r.scenario, r]));
  const lines: BudgetLine[] = [];

  const healthz = by.get(SCENARIO.healthz);
  const bare = by.get(SCENARIO.bare);
  if (healthz && bare) {
    const ratio = healthz.requestsPerSec / bare.requestsPerSec;
    lines.push({
      name: 'framework overhead (GET /healthz vs bare node:http)',
      target: '≥ 85% of bare req/s',
      measured: `${pct(ratio)} (${Math.round(healthz.requestsPerSec)} vs ${Math.round(bare.requestsPerSec)} req/s)`,
      met: ratio >= 0.85,
    });
  }

  const first = by.get(SCENARIO.firstPage);
  const floor = by.get(SCENARIO.floor);
  if (first && floor) {
    const ratio = first.requestsPerSec / floor.requestsPerSec;
    lines.push({
      name: 'library first page vs hand-written floor',
      target: '≥ 60% of floor req/s',
      measured: `${pct(ratio)} (${Math.round(first.requestsPerSec)} vs ${Math.round(floor.requestsPerSec)} req/s)`,
      met: ratio >= 0.6,
    });
  }
  if (first) {
    lines.push({
      name: `library first page p99 at ${first.connections} connections`,
      target: '≤ 25 ms',
      measured: `${round(first.p99Ms, 1)} ms`,
      met: first.p99Ms <= 25,
    });
  }

  const small = input.smallScaleFirstPage;
  const large = input.largeScaleFirstPage;
  lines.push(
    small && large
      ? {
          name: `first page p99 at ${large.scale} vs ${small.scale} entries`,
          target: '≤ 1.5×',
          measured: `${round(large.p99Ms / small.p99Ms, 2)}× (${round(large.p99Ms, 1)} vs ${round(small.p99Ms, 1)} ms)`,
          met: large.p99Ms <= 1.5 * small.p99Ms,
        }
      : {
          name: 'first page p99 at 1000000 vs 100000 entries',
          target: '≤ 1.5×',
          measured: 'needs results at both scales (run both, or --compare-scales 100000,1000000)',
          met: null,
        },
  );

  lines.push(...socialBudget(by));
  const smallFeed = input.smallScaleFeed;
  const largeFeed = input.largeScaleFeed;
  if (smallFeed || largeFeed || by.has(SOCIAL.feed)) {
    lines.push(
      smallFeed && largeFeed
        ? {
            name: `feed first page p99 at ${largeFeed.scale} vs ${smallFeed.scale} activities`,
            target: '≤ 1.5×',
            measured: `${round(largeFeed.p99Ms / smallFeed.p99Ms, 2)}× (${round(largeFeed.p99Ms, 1)} vs ${round(smallFeed.p99Ms, 1)} ms)`,
            met: largeFeed.p99Ms <= 1.5 * smallFeed.p99Ms,
          }
        : {
            name: 'feed first page p99 at 1000000 vs 100000 activities',
            target: '≤ 1.5×',
            measured: 'needs results at both scales (run both, or --compare-scales 100000,1000000)',
            met: null,
          },
    );
  }

  const appRows = input.rows.filter((r) => !APP_BASELINES.has(r.scenario));
  if (appRows.length > 0) {
    const worst = appRows.reduce((a, b) => (b.rssMb > a.rssMb ? b : a));
    lines.push({
      name: 'server RSS under load (max over scenarios)',
      target: '≤ 250 MB',
      measured: `${Math.round(worst.rssMb)} MB (${worst.scenario})`,
      met: worst.rssMb <= 250,
    });
  }

  const signIn = by.get(SCENARIO.signInSerial);
  if (signIn && Number.isFinite(input.hashMs)) {
    const over = signIn.p50Ms - input.hashMs;
    lines.push({
      name: 'sign-in p50 (1 connection) vs one password hash',
      target: '≤ hash + 20 ms',
      measured: `${round(signIn.p50Ms, 1)} ms vs ${round(input.hashMs, 1)} ms hash (+${round(over, 1)} ms)`,
      met: over <= 20,
    });
  }
  return lines;
}

/** Issue 10: each social scenario against its hand-written floor in the same run. */
function socialBudget(by: Map<string, ResultRow>): BudgetLine[] {
  const lines: BudgetLine[] = [];
  const pairs = [
    ['feed first page', SOCIAL.feed, SOCIAL.feedFloor, true],
    ['feed first page, following 2,000', SOCIAL.heavy, SOCIAL.heavyFloor, true],
    ['follow a reader', SOCIAL.follow, SOCIAL.followFloor, false],
    ['profile page', SOCIAL.profile, SOCIAL.profileFloor, false],
  ] as const;
  for (const [label, name, floorName, withP99] of pairs) {
    const row = by.get(name);
    const floor = by.get(floorName);
    if (!row || !floor) continue;
    const ratio = row.requestsPerSec / floor.requestsPerSec;
    lines.push({
      name: `${label} vs hand-written floor`,
      target: '≥ 60% of floor req/s',
      measured: `${pct(ratio)} (${Math.round(row.requestsPerSec)} vs ${Math.round(floor.requestsPerSec)} req/s)`,
      met: ratio >= 0.6,
    });
    if (withP99) {
      lines.push({
        name: `${label} p99 vs floor p99`,
        target: '≤ 1.2× floor p99',
        measured: `${round(row.p99Ms / floor.p99Ms, 2)}× (${round(row.p99Ms, 1)} vs ${round(floor.p99Ms, 1)} ms)`,
        met: row.p99Ms <= 1.2 * floor.p99Ms,
      });
    }
  }
  return lines;
}

export function budgetTable(lines: BudgetLine[]): string {
  return formatTable(
    ['budget', 'target', 'measured', 'met'],
    lines.map((l) => [l.name, l.target, l.measured, l.met === null ? 'n/a' : l.met ? 'yes' : 'NO']),
  );
}
