import { describe, expect, it } from 'vitest';
import { seededRandom, ZipfSampler } from './distributions.ts';
import { entryActivities, followDegrees, pickFollowees } from './social-data.ts';
import { evaluateBudget, type ResultRow, SOCIAL } from './stats.ts';

const DAY = 86_400_000;

describe('follows', () => {
  it('gives readers a Zipf-skewed number of follows: median ~50, a few near 2,000', () => {
    const degrees = followDegrees(seededRandom(7), 10_000, 2000);
    const sorted = Int32Array.from(degrees).sort();
    const median = sorted[sorted.length >>> 1] as number;
    expect(median).toBeGreaterThanOrEqual(40);
    expect(median).toBeLessThanOrEqual(60);
    expect(sorted[0]).toBeGreaterThanOrEqual(1);
    expect(sorted.at(-1)).toBeLessThanOrEqual(2000);
    const heavy = sorted.filter((d) => d >= 1000).length;
    expect(heavy).toBeGreaterThan(20);
    expect(heavy).toBeLessThan(300);
    // Skewed: the mean sits well above the median.
    const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
    expect(mean).toBeGreaterThan(1.5 * median);
  });

  it('never goes above the cap at small scales', () => {
    const degrees = followDegrees(seededRandom(1), 500, 120);
    expect(Math.max(...degrees)).toBeLessThanOrEqual(120);
  });

  it('picks distinct followees in key order, never the reader, popular readers more often', () => {
    const candidates = Int32Array.from({ length: 1000 }, (_, i) => 100 + i);
    const popularity = new ZipfSampler(candidates.length, 1.0, 10);
    const random = seededRandom(3);
    const picked = pickFollowees(random, 50, popularity, candidates, 100);
    expect(picked).toHaveLength(50);
    expect(new Set(picked).size).toBe(50);
    expect(picked).not.toContain(100);
    expect([...picked]).toEqual([...picked].sort((a, b) => a - b));
    // Asking for everyone gets everyone but the reader.
    expect(pickFollowees(random, 5000, popularity, candidates, 100)).toHaveLength(999);
    // The most popular reader is followed far more often than one from the tail.
    let top = 0;
    let tail = 0;
    for (let r = 0; r < 300; r++) {
      const list = pickFollowees(random, 20, popularity, candidates, -1);
      if (list.includes(candidates[0] as number)) top++;
      if (list.includes(candidates[900] as number)) tail++;
    }
    expect(top).toBeGreaterThan(5 * Math.max(1, tail));
  });
});

describe('activities', () => {
  const now = Date.UTC(2026, 10, 1);
  const random = seededRandom(11);
  const entry = (status: string) => {
    const created = now - (1 + Math.floor(random() * 400)) * DAY;
    const started = created + 5 * DAY;
    return {
      status,
      created,
      started: status === 'want_to_read' ? null : started,
      finished: status === 'read' || status === 'did_not_finish' ? started + 10 * DAY : null,
      hasReview: random() < 0.15,
    };
  };

  it('leaves about one activity per entry, mostly finished and started, in time order', () => {
    const counts: Record<string, number> = {};
    let total = 0;
    const entries = 20_000;
    for (let i = 0; i < entries; i++) {
      const status = ['read', 'read', 'read', 'want_to_read', 'currently_reading', 'did_not_finish'][
        i % 6
      ] as string;
      const facts = entry(status);
      const activities = entryActivities(random, facts, now);
      for (const [k, a] of activities.entries()) {
        expect(a.at).toBeGreaterThanOrEqual(facts.created);
        expect(a.at).toBeLessThan(now);
        // Never two within the app's five-minute folding window.
        if (k > 0) expect(a.at - (activities[k - 1] as { at: number }).at).toBeGreaterThanOrEqual(300_000);
        counts[a.type] = (counts[a.type] ?? 0) + 1;
        total++;
      }
    }
    expect(total / entries).toBeGreaterThan(0.8);
    expect(total / entries).toBeLessThan(1.3);
    expect(((counts.finished ?? 0) + (counts.started ?? 0)) / total).toBeGreaterThan(0.6);
  });

  it('spreads the activities of entries dated today over the last hours, not one instant', () => {
    const stamps = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const facts = { status: 'read', created: now - 2 * DAY, started: now, finished: now, hasReview: false };
      for (const a of entryActivities(random, facts, now)) {
        expect(a.at).toBeLessThan(now);
        stamps.add(a.at);
      }
    }
    expect(stamps.size).toBeGreaterThan(150);
  });
});

describe('the social budget', () => {
  const row = (scenario: string, requestsPerSec: number, extra: Partial<ResultRow> = {}): ResultRow => ({
    scenario,
    dialect: 'postgres',
    scale: 1_000_000,
    connections: 32,
    requestsPerSec,
    p50Ms: 5,
    p99Ms: 20,
    rssMb: 150,
    baselineRequestsPerSec: null,
    ...extra,
  });

  it('judges each social scenario against its floor, and the feed p99 across scales', () => {
    const lines = evaluateBudget({
      rows: [
        row(SOCIAL.feedFloor, 1000, { p99Ms: 50 }),
        row(SOCIAL.feed, 700, { p99Ms: 55 }),
        row(SOCIAL.heavyFloor, 100, { p99Ms: 300 }),
        row(SOCIAL.heavy, 50, { p99Ms: 400 }),
        row(SOCIAL.followFloor, 1000),
        row(SOCIAL.follow, 650),
        row(SOCIAL.profileFloor, 1000),
        row(SOCIAL.profile, 500),
      ],
      hashMs: Number.NaN,
      smallScaleFeed: row(SOCIAL.feed, 700, { scale: 100_000, p99Ms: 40 }),
      largeScaleFeed: row(SOCIAL.feed, 700, { p99Ms: 55 }),
    });
    const met = Object.fromEntries(lines.map((l) => [l.name, l.met]));
    expect(met).toMatchObject({
      'feed first page vs hand-written floor': true,
      'feed first page p99 vs floor p99': true,
      'feed first page, following 2,000 vs hand-written floor': false,
      'feed first page, following 2,000 p99 vs floor p99': false,
      'follow a reader vs hand-written floor': true,
      'profile page vs hand-written floor': false,
      'feed first page p99 at 1000000 vs 100000 activities': true,
    });
    // The floors are baselines, not app scenarios: the RSS line ignores them.
    expect(lines.find((l) => l.name.startsWith('server RSS'))?.measured).not.toMatch(/baseline/);
  });
});
