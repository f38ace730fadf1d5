/**
 * The social side of the generated community, pure so it is tested on its own: how many readers
 * each reader follows, whom, and the activities (what feeds show) a reader's shelf leaves behind.
 */
import { type Random, randomInt, ZipfSampler } from './distributions.ts';

/**
 * Out-degrees follow a Zipf–Mandelbrot law over 1..max, p(d) ∝ 1 / (d + 120)^3: median ~50,
 * mean ~110, and at 10,000 readers about 80 who follow 1,000 or more (up to 2,000).
 */
export const FOLLOW_DEGREE_S = 3;
export const FOLLOW_DEGREE_Q = 120;

/** How many readers each of `readers` readers follows, each in 1..maxDegree. */
export function followDegrees(random: Random, readers: number, maxDegree: number): Int32Array {
  const sampler = new ZipfSampler(Math.max(1, maxDegree), FOLLOW_DEGREE_S, FOLLOW_DEGREE_Q);
  const degrees = new Int32Array(readers);
  for (let i = 0; i < readers; i++) degrees[i] = sampler.sample(random) + 1;
  return degrees;
}

/**
 * `count` distinct readers out of `candidates` (reader indices), drawn by popularity (some readers
 * are followed by many), never `self`; sorted, so follows go in primary-key order.
 */
export function pickFollowees(
  random: Random,
  count: number,
  popularity: ZipfSampler,
  candidates: Int32Array,
  self: number,
): Int32Array {
  const n = candidates.length;
  const want = Math.min(count, n - (candidates.includes(self) ? 1 : 0));
  const taken = new Set<number>();
  let misses = 0;
  while (taken.size < want) {
    // Popular readers first; once a long list has used them up, the tail fills the rest.
    const index = misses < 200 ? popularity.sample(random) : randomInt(random, 0, n - 1);
    const reader = candidates[index] as number;
    if (reader === self || taken.has(reader)) {
      misses++;
      continue;
    }
    taken.add(reader);
  }
  return Int32Array.from(taken).sort();
}

export const ACTIVITY_TYPES = [
  'shelved',
  'started',
  'finished',
  'did_not_finish',
  'reviewed',
  'books_added',
] as const;
export type GeneratedActivityType = (typeof ACTIVITY_TYPES)[number];

export interface EntryFacts {
  status: string;
  /** When the book was shelved, ms. */
  created: number;
  /** Start and finish dates as ms at midnight UTC, or null. */
  started: number | null;
  finished: number | null;
  hasReview: boolean;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The activities one entry left over time, as the app records them (features/activities): the
 * shelving, the start, the finish (or giving up), a review. Not every step was recorded as its
 * own activity (a burst of edits folds into one, older entries predate the feed), so each appears
 * with a probability tuned to about one activity per entry, most of them `finished` or `started`.
 */
export function entryActivities(
  random: Random,
  entry: EntryFacts,
  now: number,
): { type: GeneratedActivityType; at: number }[] {
  const out: { type: GeneratedActivityType; at: number }[] = [];
  // Some time during that day; for today (dates are clamped to today), some time in the last
  // twelve hours, so the newest activities do not all share one timestamp.
  const during = (day: number) => {
    const at = day + 7 * HOUR + Math.floor(random() * 16 * HOUR);
    return at < now ? at : now - 60_000 - Math.floor(random() * 12 * HOUR);
  };
  const add = (type: GeneratedActivityType, at: number, p: number) => {
    if (random() < p) out.push({ type, at: Math.max(entry.created, at) });
  };
  switch (entry.status) {
    case 'want_to_read':
      add('shelved', entry.created, 0.5);
      break;
    case 'currently_reading':
      add('shelved', entry.created, 0.2);
      add('started', during(entry.started ?? entry.created), 0.9);
      break;
    case 'read': {
      add('started', during(entry.started ?? entry.created), 0.4);
      const finished = during(entry.finished ?? entry.created);
      add('finished', finished, 0.9);
      if (entry.hasReview) add('reviewed', Math.min(now - 60_000, finished + HOUR + random() * DAY), 0.5);
      break;
    }
    case 'did_not_finish':
      add('did_not_finish', during(entry.finished ?? entry.started ?? entry.created), 0.8);
      break;
  }
  // Two activities of one entry are never within the app's five-minute folding window.
  out.sort((a, b) => a.at - b.at);
  return out.filter((a, i) => i === 0 || a.at - (out[i - 1] as { at: number }).at >= 5 * 60_000);
}
