import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Dialect } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { Visibility } from '../../db/tables/library-entries.table.ts';

/** Inclusive calendar-date bounds, or null for all time. */
export type Period = { from: string; to: string } | null;

const byteOrder = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const n = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

export interface StatsRows {
  months: {
    yearMonth: string | null;
    books: number;
    pages: number;
    rereads: number;
    days: number;
    timed: number;
  }[];
  formats: { format: string | null; books: number }[];
  ratings: { halfStars: number; books: number }[];
  topAuthors: { author: string; books: number }[];
  topTags: { tag: string; books: number }[];
  shortestBook: { bookId: number; title: string; pageCount: number } | null;
  longestBook: { bookId: number; title: string; pageCount: number } | null;
  /** The earliest finish date of the period. */
  firstFinish: string | null;
}

interface Row {
  kind: 'm' | 'f' | 'r' | 'a' | 't' | 's' | 'l';
  k: string | null;
  label: string | null;
  a: unknown;
  b: unknown;
  c: unknown;
  d: unknown;
  e: unknown;
}

/**
 * Every statistic is an aggregate over one set of "finished reads": an entry's own read (status
 * `read`, dated by `finished_on`) plus each reread in `reads`, each counted in the year it was
 * finished. All time also counts undated finished reads (imports often have no dates).
 *
 * The set is built once per request and every statistic read from it in the same statement
 * (a materialised CTE): nine statements each building it cost ~350 ms for a reader with 20,000
 * entries on SQLite (bench/data-features.ts, docs/performance.md), one costs a few tens.
 */
export class StatsRepository {
  readonly #db: Kysely<Database>;
  readonly #dialect: Dialect;

  constructor(db: Kysely<Database>, dialect: Dialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  #events(userId: number, period: Period): RawBuilder<unknown> {
    const entryDates = period
      ? sql`and e.finished_on >= ${period.from} and e.finished_on <= ${period.to}`
      : sql``;
    const readDates = period
      ? sql`and r.finished_on >= ${period.from} and r.finished_on <= ${period.to}`
      : sql`and (r.finished_on is not null or r.started_on is null)`;
    return sql`ev as materialized (
      select x.entry_id, x.book_id, x.format, x.rating, x.s, x.f, x.reread, x.ak,
        b.page_count as pages, b.authors as authors
      from (
        select e.id as entry_id, e.book_id, e.format, e.rating, e.started_on as s, e.finished_on as f,
          0 as reread, e.sort_author as ak
          from library_entries e
          where e.user_id = ${userId} and e.status = 'read' ${entryDates}
        union all
        select e.id, e.book_id, e.format, e.rating, r.started_on, r.finished_on, 1, e.sort_author
          from reads r join library_entries e on e.id = r.entry_id
          where r.user_id = ${userId} ${readDates}
      ) x join books b on b.id = x.book_id
    )`;
  }

  #days(): RawBuilder<number> {
    return this.#dialect === 'sqlite'
      ? sql<number>`(julianday(ev.f) - julianday(ev.s))`
      : sql<number>`(ev.f::date - ev.s::date)`;
  }

  /** Byte order on both dialects (PostgreSQL would otherwise follow the database's locale). */
  #binary(expr: RawBuilder<unknown>): RawBuilder<unknown> {
    return this.#dialect === 'sqlite' ? expr : sql`(${expr} collate "C")`;
  }

  #firstAuthorOf(authorsJson: RawBuilder<unknown>): RawBuilder<string> {
    return this.#dialect === 'sqlite'
      ? sql<string>`json_extract(${authorsJson}, '$[0]')`
      : sql<string>`((${authorsJson})::jsonb ->> 0)`;
  }

  /**
   * One statement, one row kind per statistic: `m` reads, pages, rereads, days to finish and the
   * first finish per year-month (`null` month for undated reads); `f` reads per format; `r` the
   * ratings of the distinct entries finished (a reread does not rate a book twice), in half-stars;
   * `a` and `t` the top authors (by folded first author) and tags; `s` and `l` the shortest and
   * longest book (ties: the title first in byte order).
   */
  async forPeriod(userId: number, period: Period, top: number): Promise<StatsRows> {
    const text = (expr: RawBuilder<unknown>) => sql`cast(${expr} as text)`;
    const extreme = (kind: 's' | 'l') => {
      const pick = kind === 's' ? sql`min` : sql`max`;
      return sql`select * from (
        select ${kind} as kind, ${text(sql`b.id`)} as k, b.title as label, b.page_count as a,
          0 as b, 0 as c, 0 as d, 0 as e
        from books b
        where b.id in (select ev.book_id from ev where ev.pages = (
          select ${pick}(ev.pages) from ev where ev.pages > 0))
        order by ${this.#binary(sql`b.title`)}, b.id
        limit 1) ${sql.raw(kind)}x`;
    };
    const { rows } = await sql<Row>`with ${this.#events(userId, period)}
      select 'm' as kind, substr(ev.f, 1, 7) as k, min(ev.f) as label, count(*) as a,
        coalesce(sum(ev.pages), 0) as b, sum(ev.reread) as c,
        coalesce(sum(case when ev.s is not null and ev.f >= ev.s then ${this.#days()} end), 0) as d,
        count(case when ev.s is not null and ev.f >= ev.s then 1 end) as e
      from ev group by substr(ev.f, 1, 7)
      union all
      select 'f', ev.format, null, count(*), 0, 0, 0, 0 from ev group by ev.format
      union all
      select 'r', ${text(sql`d.rating`)}, null, count(*), 0, 0, 0, 0
      from (select distinct ev.entry_id, ev.rating from ev where ev.rating is not null) d
      group by d.rating
      union all
      select * from (
        select 'a' as kind, ev.ak as k, ${this.#firstAuthorOf(sql`min(ev.authors)`)} as label,
          count(*) as a, 0 as b, 0 as c, 0 as d, 0 as e
        from ev where ev.ak is not null and ev.ak <> ''
        group by ev.ak
        order by count(*) desc, ${this.#binary(sql`ev.ak`)}
        limit ${top}) ax
      union all
      select * from (
        select 't' as kind, t.tag_key as k, min(${this.#binary(sql`t.tag`)}) as label,
          count(*) as a, 0 as b, 0 as c, 0 as d, 0 as e
        from ev join entry_tags t on t.entry_id = ev.entry_id
        group by t.tag_key
        order by count(*) desc, ${this.#binary(sql`t.tag_key`)}
        limit ${top}) tx
      union all
      ${extreme('s')}
      union all
      ${extreme('l')}`.execute(this.#db);

    const out: StatsRows = {
      months: [],
      formats: [],
      ratings: [],
      topAuthors: [],
      topTags: [],
      shortestBook: null,
      longestBook: null,
      firstFinish: null,
    };
    const authors: { key: string; author: string; books: number }[] = [];
    const tags: { key: string; tag: string; books: number }[] = [];
    for (const r of rows) {
      switch (r.kind) {
        case 'm':
          out.months.push({
            yearMonth: r.k,
            books: n(r.a),
            pages: n(r.b),
            rereads: n(r.c),
            days: n(r.d),
            timed: n(r.e),
          });
          if (r.label !== null && (out.firstFinish === null || r.label < out.firstFinish))
            out.firstFinish = r.label;
          break;
        case 'f':
          out.formats.push({ format: r.k, books: n(r.a) });
          break;
        case 'r':
          out.ratings.push({ halfStars: n(r.k), books: n(r.a) });
          break;
        case 'a':
          if (r.label) authors.push({ key: r.k ?? '', author: r.label, books: n(r.a) });
          break;
        case 't':
          tags.push({ key: r.k ?? '', tag: r.label ?? r.k ?? '', books: n(r.a) });
          break;
        case 's':
        case 'l': {
          const book = { bookId: n(r.k), title: r.label ?? '', pageCount: n(r.a) };
          if (r.kind === 's') out.shortestBook = book;
          else out.longestBook = book;
          break;
        }
      }
    }
    // Most first; at a tie an unknown format after known ones, then by key in byte order.
    out.formats.sort(
      (x, y) =>
        y.books - x.books ||
        (x.format === null ? 1 : 0) - (y.format === null ? 1 : 0) ||
        byteOrder(x.format ?? '', y.format ?? ''),
    );
    const byCount = (x: { key: string; books: number }, y: { key: string; books: number }) =>
      y.books - x.books || byteOrder(x.key, y.key);
    out.topAuthors = authors.sort(byCount).map(({ author, books }) => ({ author, books }));
    out.topTags = tags.sort(byCount).map(({ tag, books }) => ({ tag, books }));
    return out;
  }

  /**
   * What changes whenever anything the stats read of a reader changes: the number of entries and
   * their latest `updated_at` (the library touches an entry when its tags or reads change, and a
   * deleted entry takes its reads and tags with it). Two index lookups.
   */
  async version(userId: number): Promise<string> {
    const { rows } = await sql<{ entries: unknown; latest: string | null }>`select
      (select count(*) from library_entries where user_id = ${userId}) as entries,
      (select max(updated_at) from library_entries where user_id = ${userId}) as latest`.execute(this.#db);
    const row = rows[0];
    return `${n(row?.entries)}|${row?.latest ?? ''}`;
  }

  /** Books abandoned in the period, dated by when they were given up (else started, else last edited). */
  async didNotFinish(userId: number, period: Period): Promise<number> {
    const when = sql`coalesce(finished_on, started_on, substr(updated_at, 1, 10))`;
    const dates = period ? sql`and ${when} >= ${period.from} and ${when} <= ${period.to}` : sql``;
    const { rows } = await sql<{ count: unknown }>`select count(*) as count from library_entries
      where user_id = ${userId} and status = 'did_not_finish' ${dates}`.execute(this.#db);
    return n(rows[0]?.count);
  }

  /**
   * Finished reads and their pages in a period: the numbers a goal compares with. With
   * `visibilities`, only entries shared that widely count (a goal on a profile, as its viewer may
   * see it; db/privacy.ts `visibilitiesUpTo`).
   */
  async totals(
    userId: number,
    period: Period,
    visibilities?: readonly Visibility[],
  ): Promise<{ books: number; pages: number }> {
    if (visibilities?.length === 0) return { books: 0, pages: 0 };
    const shared =
      visibilities && visibilities.length < 3 ? sql`and e.visibility in (${sql.join(visibilities)})` : sql``;
    const entryDates = period
      ? sql`and e.finished_on >= ${period.from} and e.finished_on <= ${period.to}`
      : sql``;
    const readDates = period
      ? sql`and r.finished_on >= ${period.from} and r.finished_on <= ${period.to}`
      : sql`and (r.finished_on is not null or r.started_on is null)`;
    const { rows } = await sql<{ books: unknown; pages: unknown }>`
      select count(*) as books, coalesce(sum(b.page_count), 0) as pages
      from (
        select e.book_id from library_entries e
          where e.user_id = ${userId} and e.status = 'read' ${entryDates} ${shared}
        union all
        select e.book_id from reads r join library_entries e on e.id = r.entry_id
          where r.user_id = ${userId} ${readDates} ${shared}
      ) x join books b on b.id = x.book_id`.execute(this.#db);
    return { books: n(rows[0]?.books), pages: n(rows[0]?.pages) };
  }
}
