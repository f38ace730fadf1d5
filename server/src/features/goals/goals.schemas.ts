import { type Static, Type } from 'typebox';

export const GoalParams = Type.Object({
  year: Type.Integer({ minimum: 1000, maximum: 9999, description: 'The calendar year' }),
});

export const GoalBody = Type.Object(
  {
    target: Type.Integer({ minimum: 1, maximum: 10_000, description: 'Books to finish in the year' }),
    pagesTarget: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 10_000_000 }), Type.Null()], {
        description: 'Pages to read in the year (optional)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type GoalInput = Static<typeof GoalBody>;

export const Goal = Type.Object(
  {
    year: Type.Integer(),
    target: Type.Integer(),
    pagesTarget: Type.Union([Type.Integer(), Type.Null()]),
    booksRead: Type.Integer({ description: 'Finished reads in the year, rereads included' }),
    pagesRead: Type.Integer(),
    expectedByToday: Type.Integer({
      description: 'Books a steady pace would have finished by today (the whole target for a past year)',
    }),
    booksAhead: Type.Integer({ description: 'booksRead − expectedByToday: negative when behind' }),
    pagesAhead: Type.Union([Type.Integer(), Type.Null()], {
      description: 'pagesRead minus the pages a steady pace would have by today; null without a pages target',
    }),
    onTrack: Type.Boolean({ description: 'At or ahead of today’s pace (books)' }),
    percent: Type.Integer({ description: 'booksRead as a percentage of the target, capped at 100' }),
  },
  { description: 'A yearly goal with its progress' },
);
export type GoalView = Static<typeof Goal>;

export const GoalList = Type.Object({ items: Type.Array(Goal) });
