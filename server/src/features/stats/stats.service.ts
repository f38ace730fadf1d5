import type { Visibility } from '../../db/tables/library-entries.table.ts';
import type { Period, StatsRepository } from './stats.repository.ts';
import type { StatsView } from './stats.schemas.ts';
import { StatsCache } from './stats-cache.ts';

const TOP = 5;
const DAY_MS = 86_400_000;

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

export function yearPeriod(year: number): NonNullable<Period> {
  const y = String(year).padStart(4, '0');
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}

/** Days from `from` to `to` inclusive, both `YYYY-MM-DD`. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** Days of a period that have begun by `today` (a past year counts whole, a future one as none). */
export function elapsedDays(period: NonNullable<Period>, today: string): number {
  if (today < period.from) return 0;
  return daysBetween(period.from, today < period.to ? today : period.to);
}

export class StatsService {
  readonly #repo: StatsRepository;
  readonly #now: () => Date;

  readonly #cache: StatsCache<StatsView>;

  constructor(
    repo: StatsRepository,
    now: () => Date = () => new Date(),
    cache = new StatsCache<StatsView>(),
  ) {
    this.#repo = repo;
    this.#now = now;
    this.#cache = cache;
  }

  /** Finished reads and pages of a reader in a year (for goals). */
  totalsForYear(userId: number, year: number, visibilities?: readonly Visibility[]) {
    return this.#repo.totals(userId, yearPeriod(year), visibilities);
  }

  /** The stats of a reader for a year or all time (kept while the library is unchanged: stats-cache.ts). */
  async forReader(userId: number, year: number | null): Promise<StatsView> {
    const today = this.#now().toISOString().slice(0, 10);
    const version = await this.#repo.version(userId);
    return this.#cache.get(`${userId}|${year ?? 'all'}|${today}`, version, () => this.build(userId, year));
  }

  /** The stats computed afresh (forReader keeps them). */
  async build(userId: number, year: number | null): Promise<StatsView> {
    const period = year === null ? null : yearPeriod(year);
    const [rows, didNotFinish] = await Promise.all([
      this.#repo.forPeriod(userId, period, TOP),
      this.#repo.didNotFinish(userId, period),
    ]);
    const { months, formats, ratings, topAuthors, topTags, shortestBook, longestBook } = rows;
    const first = period ? null : rows.firstFinish;

    const byMonth = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, books: 0, pages: 0 }));
    const years = new Map<number, { year: number; books: number; pages: number }>();
    let booksRead = 0;
    let pagesRead = 0;
    let rereads = 0;
    let days = 0;
    let timed = 0;
    for (const row of months) {
      booksRead += row.books;
      pagesRead += row.pages;
      rereads += row.rereads;
      days += row.days;
      timed += row.timed;
      if (row.yearMonth === null) continue;
      const month = byMonth[Number(row.yearMonth.slice(5, 7)) - 1];
      if (month) {
        month.books += row.books;
        month.pages += row.pages;
      }
      const y = Number(row.yearMonth.slice(0, 4));
      const bucket = years.get(y) ?? { year: y, books: 0, pages: 0 };
      bucket.books += row.books;
      bucket.pages += row.pages;
      years.set(y, bucket);
    }

    const byRating = Array.from({ length: 10 }, (_, i) => ({ rating: (i + 1) / 2, books: 0 }));
    let ratedBooks = 0;
    let ratingSum = 0;
    for (const row of ratings) {
      const bucket = byRating[row.halfStars - 1];
      if (bucket) bucket.books += row.books;
      ratedBooks += row.books;
      ratingSum += row.halfStars * row.books;
    }

    const today = this.#now().toISOString().slice(0, 10);
    const span = period ? elapsedDays(period, today) : first ? daysBetween(first, today) : 0;

    return {
      year,
      booksRead,
      pagesRead,
      byMonth,
      byYear: [...years.values()].sort((a, b) => a.year - b.year),
      byFormat: formats,
      byRating,
      averageRating: ratedBooks > 0 ? round(ratingSum / ratedBooks / 2, 2) : null,
      didNotFinish,
      rereads,
      topAuthors,
      topTags,
      shortestBook,
      longestBook,
      averageDaysToFinish: timed > 0 ? round(days / timed, 1) : null,
      pagesPerDay: span > 0 ? round(pagesRead / span, 1) : 0,
    };
  }
}
