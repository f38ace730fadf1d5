import { describe, expect, it } from 'vitest';
import { isValidIsbn13, parseIsbn } from '../server/src/features/books/index.ts';
import { communitySize, SPECIAL_READERS } from './community.ts';
import { isbn13For, readerShelfSizes, seededRandom, ZipfSampler } from './distributions.ts';
import { parseOptions } from './options.ts';
import {
  evaluateBudget,
  formatTable,
  median,
  percentileOfSorted,
  type ResultRow,
  resultsTable,
  SCENARIO,
} from './stats.ts';

const row = (scenario: string, requestsPerSec: number, extra: Partial<ResultRow> = {}): ResultRow => ({
  scenario,
  dialect: 'sqlite',
  scale: 1_000_000,
  connections: 32,
  requestsPerSec,
  p50Ms: 5,
  p99Ms: 20,
  rssMb: 150,
  baselineRequestsPerSec: null,
  ...extra,
});

describe('median and percentiles', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('uses the nearest rank over sorted values', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentileOfSorted(sorted, 50)).toBe(50);
    expect(percentileOfSorted(sorted, 99)).toBe(99);
    expect(percentileOfSorted(sorted, 100)).toBe(100);
    expect(percentileOfSorted([7], 99)).toBe(7);
    expect(percentileOfSorted([], 50)).toBeNaN();
  });
});

describe('tables', () => {
  it('aligns text left and numbers right, as a Markdown table', () => {
    const table = formatTable(
      ['name', 'n'],
      [
        ['a', 1.234],
        ['longer', 1500.4],
        ['none', null],
      ],
    );
    expect(table.split('\n')).toEqual([
      '| name   |    n |',
      '|--------|-----:|',
      '| a      | 1.23 |',
      '| longer | 1500 |',
      '| none   |    — |',
    ]);
  });

  it('shows each scenario against its baseline', () => {
    const table = resultsTable([row('healthz', 850, { baselineRequestsPerSec: 1000 })]);
    expect(table).toContain('85%');
  });
});

describe('the budget', () => {
  const rows = [
    row(SCENARIO.bare, 10_000),
    row(SCENARIO.healthz, 9_000, { baselineRequestsPerSec: 10_000 }),
    row(SCENARIO.floor, 4_000),
    row(SCENARIO.firstPage, 2_000, { p99Ms: 30, rssMb: 300 }),
    row(SCENARIO.signInSerial, 30, { connections: 1, p50Ms: 45 }),
  ];

  it('judges every line from the measured rows', () => {
    const lines = evaluateBudget({ rows, hashMs: 30 });
    const met = Object.fromEntries(lines.map((l) => [l.name.split(' (')[0], l.met]));
    expect(met).toMatchObject({
      'framework overhead': true,
      'library first page vs hand-written floor': false,
      'library first page p99 at 32 connections': false,
      'first page p99 at 1000000 vs 100000 entries': null,
      'server RSS under load': false,
      'sign-in p50': true,
    });
  });

  it('compares the first page across scales when both are known', () => {
    const small = row(SCENARIO.firstPage, 2_000, { scale: 100_000, p99Ms: 10 });
    const large = row(SCENARIO.firstPage, 2_000, { p99Ms: 16 });
    const [line] = evaluateBudget({
      rows: [],
      hashMs: Number.NaN,
      smallScaleFirstPage: small,
      largeScaleFirstPage: large,
    });
    expect(line).toMatchObject({ name: 'first page p99 at 1000000 vs 100000 entries', met: false });
  });

  it('leaves the baselines out of the RSS line', () => {
    const lines = evaluateBudget({
      rows: [row(SCENARIO.floor, 1, { rssMb: 900 }), row('x', 1, { rssMb: 100 })],
      hashMs: 1,
    });
    expect(lines.find((l) => l.name.startsWith('server RSS'))?.met).toBe(true);
  });
});

describe('distributions', () => {
  it('makes valid, unique ISBN-13s, some without an ISBN-10', () => {
    const seen = new Set<string>();
    let withoutIsbn10 = 0;
    for (let n = 1; n <= 5000; n++) {
      const isbn = isbn13For(n);
      expect(isValidIsbn13(isbn)).toBe(true);
      seen.add(isbn);
      if (parseIsbn(isbn)?.isbn10 === null) withoutIsbn10++;
    }
    expect(seen.size).toBe(5000);
    expect(withoutIsbn10).toBe(500);
  });

  it('skews popularity: the top ranks are drawn far more often than the tail', () => {
    const zipf = new ZipfSampler(10_000, 1, 50);
    const random = seededRandom(1);
    const counts = new Map<number, number>();
    for (let i = 0; i < 100_000; i++) {
      const k = zipf.sample(random);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const top10 = Array.from({ length: 10 }, (_, k) => counts.get(k) ?? 0).reduce((a, b) => a + b, 0);
    const last10 = Array.from({ length: 10 }, (_, k) => counts.get(9_990 + k) ?? 0).reduce(
      (a, b) => a + b,
      0,
    );
    expect(top10).toBeGreaterThan(30 * Math.max(1, last10));
    expect(zipf.probability(0)).toBeGreaterThan(zipf.probability(1));
  });

  it('spreads entries over readers exactly, within bounds, with a long tail', () => {
    const sizes = readerShelfSizes(seededRandom(7), 1000, 100_000, 1, 5000);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(5000);
    const sorted = [...sizes].sort((a, b) => a - b);
    expect(sorted[999] as number).toBeGreaterThan(4 * (sorted[500] as number));
  });

  it('is deterministic for a seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});

describe('community and options', () => {
  it('scales 1M entries to 10k readers and 200k books, with floors for quick runs', () => {
    expect(communitySize(1_000_000)).toMatchObject({ readers: 10_000, books: 200_000 });
    const quick = communitySize(20_000);
    expect(quick.readers).toBeGreaterThan(SPECIAL_READERS);
    expect(quick.deepEntries).toBeLessThanOrEqual(quick.books / 4);
  });

  it('infers the dialect from DATABASE_URL and sets quick defaults', () => {
    const quick = parseOptions(['--quick'], {});
    expect(quick).toMatchObject({ dialect: 'sqlite', scale: 20_000, rounds: 2, connections: 32 });
    const pg = parseOptions(['--scale', '100_000'], { DATABASE_URL: 'postgres://u@h:5432/db' });
    expect(pg).toMatchObject({ dialect: 'postgres', scale: 100_000, databaseUrl: 'postgres://u@h:5432/db' });
    expect(() => parseOptions(['--dialect', 'postgres'], {})).toThrow(/DATABASE_URL/);
    expect(() => parseOptions(['--compare-scales', '100000'], {})).toThrow(/two scales/);
    expect(quick.writeResults).toBe(false);
    expect(() => parseOptions(['--quick', '--write-results'], {})).toThrow(/full runs/);
    expect(parseOptions(['--write-results'], {}).writeResults).toBe(true);
  });
});
