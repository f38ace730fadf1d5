import type { Visibility } from '../../db/tables/library-entries.table.ts';
import { NotFoundError } from '../../errors.ts';
import type { ActivityWriter } from '../activities/index.ts';
import type { GoalRow, GoalsRepository } from './goals.repository.ts';
import type { GoalInput, GoalView } from './goals.schemas.ts';

/** What a goal needs from stats: the year's finished reads and pages. */
export interface YearTotals {
  totalsForYear(
    userId: number,
    year: number,
    visibilities?: readonly Visibility[],
  ): Promise<{ books: number; pages: number }>;
}

const DAY_MS = 86_400_000;

/**
 * How far into `year` we are on `today` (`YYYY-MM-DD`): 0 before it starts, 1 once it is over.
 * A day counts once it has begun, so on 1 January 1/365 of the target is due.
 */
export function yearFraction(year: number, today: string): number {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const day = Date.parse(`${today}T00:00:00Z`);
  if (day < start) return 0;
  if (day >= end) return 1;
  return (day - start + DAY_MS) / (end - start);
}

export function goalProgress(
  row: Pick<GoalRow, 'year' | 'target' | 'pagesTarget'>,
  totals: { books: number; pages: number },
  today: string,
): GoalView {
  const fraction = yearFraction(row.year, today);
  const expectedByToday = Math.floor(row.target * fraction);
  const booksAhead = totals.books - expectedByToday;
  return {
    year: row.year,
    target: row.target,
    pagesTarget: row.pagesTarget,
    booksRead: totals.books,
    pagesRead: totals.pages,
    expectedByToday,
    booksAhead,
    pagesAhead: row.pagesTarget === null ? null : totals.pages - Math.floor(row.pagesTarget * fraction),
    onTrack: booksAhead >= 0,
    percent: Math.min(100, Math.floor((totals.books * 100) / row.target)),
  };
}

export class GoalsService {
  readonly #repo: GoalsRepository;
  readonly #stats: YearTotals;
  readonly #now: () => Date;
  readonly #activities: Pick<ActivityWriter, 'record' | 'removeSubject'> | null;

  constructor(
    repo: GoalsRepository,
    stats: YearTotals,
    activities: Pick<ActivityWriter, 'record' | 'removeSubject'> | null = null,
    now: () => Date = () => new Date(),
  ) {
    this.#repo = repo;
    this.#stats = stats;
    this.#activities = activities;
    this.#now = now;
  }

  async get(userId: number, year: number): Promise<GoalView> {
    const goal = await this.find(userId, year);
    if (!goal) throw new NotFoundError('Goal');
    return goal;
  }

  /** The goal with its progress, or null when the reader set none for that year. */
  async find(userId: number, year: number): Promise<GoalView | null> {
    const row = await this.#repo.find(userId, year);
    return row ? this.#present(row) : null;
  }

  async set(userId: number, year: number, input: GoalInput): Promise<GoalView> {
    const now = this.#now().toISOString();
    const row = await this.#repo.transaction(async (repo, tx) => {
      const existing = await repo.find(userId, year);
      const saved = await repo.upsert({
        userId,
        year,
        target: input.target,
        pagesTarget: input.pagesTarget ?? null,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      });
      // A goal has no visibility of its own: the account's privacy decides who sees it.
      await this.#activities?.record(tx, {
        userId,
        type: 'goal_set',
        subject: { type: 'goal', id: year },
        visibility: 'public',
        data: { year, target: saved.target },
        at: now,
      });
      return saved;
    });
    return this.#present(row);
  }

  async remove(userId: number, year: number): Promise<void> {
    const removed = await this.#repo.transaction(async (repo, tx) => {
      if (!(await repo.remove(userId, year))) return false;
      await this.#activities?.removeSubject(tx, userId, { type: 'goal', id: year });
      return true;
    });
    if (!removed) throw new NotFoundError('Goal');
  }

  /** The current calendar year (UTC) on this service's clock: the goal a profile shows. */
  currentYear(): number {
    return this.#now().getUTCFullYear();
  }

  /**
   * A goal as a profile's viewer sees it (the profile statement read its target): progress over
   * the finished reads of entries shared with `visibilities` only, so it counts what that viewer
   * may see and nothing more (db/privacy.ts).
   */
  async progressAsSeen(
    userId: number,
    goal: { year: number; target: number; pagesTarget: number | null },
    visibilities: readonly Visibility[],
  ): Promise<GoalView> {
    const totals = await this.#stats.totalsForYear(userId, goal.year, visibilities);
    return goalProgress(goal, totals, this.#now().toISOString().slice(0, 10));
  }

  /** Every goal of a reader without progress (exports). */
  async listRaw(userId: number) {
    const rows = await this.#repo.listFor(userId);
    return rows.map((r) => ({ year: r.year, target: r.target, pagesTarget: r.pagesTarget }));
  }

  async #present(row: GoalRow): Promise<GoalView> {
    const totals = await this.#stats.totalsForYear(row.userId, row.year);
    return goalProgress(row, totals, this.#now().toISOString().slice(0, 10));
  }
}
