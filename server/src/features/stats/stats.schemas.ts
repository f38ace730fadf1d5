import { type Static, Type } from 'typebox';

export const StatsQuery = Type.Object({
  year: Type.Optional(
    Type.Integer({ minimum: 1000, maximum: 9999, description: 'A calendar year; leave out for all time' }),
  ),
});

const Count = Type.Integer({ minimum: 0 });
const BookRef = Type.Object({
  bookId: Type.Integer(),
  title: Type.String(),
  pageCount: Type.Integer(),
});

export const Stats = Type.Object(
  {
    year: Type.Union([Type.Integer(), Type.Null()], { description: 'null for all time' }),
    booksRead: Type.Integer({ description: 'Finished reads in the period, rereads included' }),
    pagesRead: Type.Integer({
      description: 'Pages of the finished reads (books without a page count add 0)',
    }),
    byMonth: Type.Array(
      Type.Object({ month: Type.Integer({ minimum: 1, maximum: 12 }), books: Count, pages: Count }),
      {
        description: 'Twelve months of the year (all time: summed over years)',
      },
    ),
    byYear: Type.Array(Type.Object({ year: Type.Integer(), books: Count, pages: Count }), {
      description: 'Each year with finished reads, oldest first (one item for a year)',
    }),
    byFormat: Type.Array(Type.Object({ format: Type.Union([Type.String(), Type.Null()]), books: Count }), {
      description: 'Finished reads per format, most first; null is unknown',
    }),
    byRating: Type.Array(Type.Object({ rating: Type.Number(), books: Count }), {
      description: 'Histogram of the ratings of the books finished, 0.5 to 5 in halves',
    }),
    averageRating: Type.Union([Type.Number(), Type.Null()]),
    didNotFinish: Type.Integer({ description: 'Books abandoned in the period' }),
    rereads: Type.Integer({ description: 'Finished reads that were rereads' }),
    topAuthors: Type.Array(Type.Object({ author: Type.String(), books: Count })),
    topTags: Type.Array(Type.Object({ tag: Type.String(), books: Count })),
    shortestBook: Type.Union([BookRef, Type.Null()]),
    longestBook: Type.Union([BookRef, Type.Null()]),
    averageDaysToFinish: Type.Union([Type.Number(), Type.Null()], {
      description: 'Mean days from start to finish over reads with both dates',
    }),
    pagesPerDay: Type.Number({ description: 'Pages read per day of the period so far' }),
  },
  { description: 'What a reader read in a year or in all time' },
);
export type StatsView = Static<typeof Stats>;
