import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../../../test/factories.ts';
import { createTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { nowIso } from '../../lib/time.ts';
import { StatsRepository, StatsService } from '../stats/index.ts';
import { GoalsRepository } from './goals.repository.ts';
import { GoalsService, yearFraction } from './goals.service.ts';

let env: TestEnv;
let userId: number;

beforeAll(async () => {
  env = await createTestEnv();
  const now = nowIso();
  const user = await env.database.db
    .insertInto('users')
    .values({
      email: 'goal@example.test',
      emailLower: 'goal@example.test',
      username: 'goal_reader',
      displayName: 'Goal',
      bio: '',
      avatarPath: null,
      privacy: 'public',
      passwordHash: null,
      googleSub: null,
      emailVerified: 0,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  userId = user.id;
  // One book finished on the last day of 2025 and one on the first day of 2026.
  for (const finishedOn of ['2025-12-31', '2026-01-01']) {
    const book = await buildBook(env.database.db, { pageCount: 100 });
    await env.database.db
      .insertInto('libraryEntries')
      .values({
        userId,
        bookId: book.id,
        status: 'read',
        format: null,
        ownership: null,
        rating: null,
        review: null,
        reviewHasSpoilers: 0,
        startedOn: null,
        finishedOn,
        progressPages: null,
        progressPercent: null,
        visibility: 'public',
        sortTitle: 'x',
        sortAuthor: 'x',
        searchText: 'x',
        createdAt: now,
        updatedAt: now,
      })
      .execute();
  }
});
afterAll(async () => {
  await env.cleanup();
});

/** Goals as they look at a given moment. */
function goalsAt(iso: string) {
  const now = () => new Date(iso);
  return new GoalsService(
    new GoalsRepository(env.database.db),
    new StatsService(new StatsRepository(env.database.db, env.database.dialect), now),
    null,
    now,
  );
}

describe('yearFraction', () => {
  it('counts a day once it has begun, leap years included', () => {
    expect(yearFraction(2025, '2024-12-31')).toBe(0);
    expect(yearFraction(2025, '2025-01-01')).toBeCloseTo(1 / 365);
    expect(yearFraction(2025, '2025-12-31')).toBe(1);
    expect(yearFraction(2028, '2028-12-30')).toBeCloseTo(365 / 366);
    expect(yearFraction(2025, '2026-01-01')).toBe(1);
  });
});

describe('goal progress across a year boundary', () => {
  it('on 31 December the whole year is due and the last day’s book counts', async () => {
    const goals = goalsAt('2025-12-31T23:59:00Z');
    await goals.set(userId, 2025, { target: 365 });
    expect(await goals.get(userId, 2025)).toMatchObject({
      booksRead: 1,
      pagesRead: 100,
      expectedByToday: 365,
      booksAhead: -364,
      onTrack: false,
    });
  });

  it('on 1 January the new year starts with one day due and last year’s book stays behind', async () => {
    const goals = goalsAt('2026-01-01T00:00:01Z');
    await goals.set(userId, 2026, { target: 365, pagesTarget: 36500 });
    expect(await goals.get(userId, 2026)).toMatchObject({
      booksRead: 1,
      expectedByToday: 1,
      booksAhead: 0,
      onTrack: true,
      pagesRead: 100,
      pagesAhead: 0,
    });
    expect(await goals.get(userId, 2025)).toMatchObject({ booksRead: 1, expectedByToday: 365 });
  });

  it('a goal for a year not begun is on track with nothing due', async () => {
    const goals = goalsAt('2026-06-15T12:00:00Z');
    await goals.set(userId, 2027, { target: 10 });
    expect(await goals.get(userId, 2027)).toMatchObject({
      booksRead: 0,
      expectedByToday: 0,
      onTrack: true,
      percent: 0,
    });
  });

  it('halfway through a year half the target is due', async () => {
    // 2 July 2026 is day 183 of 365.
    const goals = goalsAt('2026-07-02T08:00:00Z');
    await goals.set(userId, 2026, { target: 10 });
    expect(await goals.get(userId, 2026)).toMatchObject({
      expectedByToday: 5,
      booksAhead: -4,
      onTrack: false,
    });
  });
});
