import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Dialect } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

/** Inclusive calendar-date bounds, or null for all time. */
export type Period = { from: string; to: string } | null;

const n = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/**
 * Every statistic is an aggregate over one set of "finished reads": an entry's own read (status
 * `read`, dated by `finished_on`) plus each reread in `reads`, each counted in the year it was
 * finished. All time also counts undated finished reads (imports often have no dates).
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
    return sql`ev as (
      select e.id as entry_id, e.book_id, e.format, e.rating, e.started_on as s, e.finished_on as f, 0 as reread
        from library_entries e
        where e.user_id = ${userId} and e.status = 'read' ${entryDates}
      union all
      select e.id, e.book_id, e.format, e.rating, r.started_on, r.finished_on, 1
        from reads r join library_entries e on e.id = r.entry_id
        where r.user_id = ${userId} ${readDates}
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

  #firstAuthor(): RawBuilder<string> {
    return this.#dialect === 'sqlite'
      ? sql<string>`json_extract(b.authors, '$[0]')`
      : sql<string>`(b.authors::jsonb ->> 0)`;
  }

  /** Reads, pages, rereads and days to finish per year-month (`null` month for undated reads). */
  async byMonth(userId: number, period: Period) {
    const { rows } = await sql<{
      ym: string | null;
      books: unknown;
      pages: unknown;
      rereads: unknown;
      days: unknown;
      timed: unknown;
    }>`with ${this.#events(userId, period)}
      select substr(ev.f, 1, 7) as ym, count(*) as books, coalesce(sum(b.page_count), 0) as pages,
        sum(ev.reread) as rereads,
        sum(case when ev.s is not null and ev.f >= ev.s then ${this.#days()} end) as days,
        count(case when ev.s is not null and ev.f >= ev.s then 1 end) as timed
      from ev join books b on b.id = ev.book_id
      group by substr(ev.f, 1, 7)`.execute(this.#db);
    return rows.map((r) => ({
      yearMonth: r.ym,
      books: n(r.books),
      pages: n(r.pages),
      rereads: n(r.rereads),
      days: n(r.days),
      timed: n(r.timed),
    }));
  }

  async byFormat(userId: number, period: Period) {
    const { rows } = await sql<{ format: string | null; books: unknown }>`with ${this.#events(userId, period)}
      select ev.format as format, count(*) as books from ev group by ev.format
      order by count(*) desc, case when ev.format is null then 1 else 0 end, ev.format`.execute(this.#db);
    return rows.map((r) => ({ format: r.format, books: n(r.books) }));
  }

  /** Ratings of the distinct books finished (a reread does not rate a book twice), in half-stars. */
  async byRating(userId: number, period: Period) {
    const { rows } = await sql<{ rating: unknown; books: unknown }>`with ${this.#events(userId, period)}
      select d.rating as rating, count(*) as books
      from (select distinct ev.entry_id, ev.rating from ev where ev.rating is not null) d
      group by d.rating`.execute(this.#db);
    return rows.map((r) => ({ halfStars: n(r.rating), books: n(r.books) }));
  }

  async topAuthors(userId: number, period: Period, limit: number) {
    const author = this.#firstAuthor();
    const { rows } = await sql<{ author: string | null; books: unknown }>`with ${this.#events(userId, period)}
      select ${author} as author, count(*) as books
      from ev join books b on b.id = ev.book_id
      where ${author} is not null
      group by ${author}
      order by count(*) desc, ${this.#binary(author)}
      limit ${limit}`.execute(this.#db);
    return rows.flatMap((r) => (r.author ? [{ author: r.author, books: n(r.books) }] : []));
  }

  async topTags(userId: number, period: Period, limit: number) {
    const { rows } = await sql<{ tag: string; books: unknown }>`with ${this.#events(userId, period)}
      select min(${this.#binary(sql`t.tag`)}) as tag, count(*) as books
      from ev join entry_tags t on t.entry_id = ev.entry_id
      group by t.tag_key
      order by count(*) desc, t.tag_key
      limit ${limit}`.execute(this.#db);
    return rows.map((r) => ({ tag: r.tag, books: n(r.books) }));
  }

  /** The shortest or longest book finished in the period (ties: the title first in order). */
  async extremeBook(userId: number, period: Period, which: 'shortest' | 'longest') {
    const direction = which === 'shortest' ? sql`asc` : sql`desc`;
    const { rows } = await sql<{
      bookId: unknown;
      title: string;
      pageCount: unknown;
    }>`with ${this.#events(userId, period)}
      select b.id as book_id, b.title as title, b.page_count as page_count
      from ev join books b on b.id = ev.book_id
      where b.page_count is not null and b.page_count > 0
      order by b.page_count ${direction}, ${this.#binary(sql`b.title`)} asc, b.id asc
      limit 1`.execute(this.#db);
    const row = rows[0];
    return row ? { bookId: n(row.bookId), title: row.title, pageCount: n(row.pageCount) } : null;
  }

  /** Books abandoned in the period, dated by when they were given up (else started, else last edited). */
  async didNotFinish(userId: number, period: Period): Promise<number> {
    const when = sql`coalesce(finished_on, started_on, substr(updated_at, 1, 10))`;
    const dates = period ? sql`and ${when} >= ${period.from} and ${when} <= ${period.to}` : sql``;
    const { rows } = await sql<{ count: unknown }>`select count(*) as count from library_entries
      where user_id = ${userId} and status = 'did_not_finish' ${dates}`.execute(this.#db);
    return n(rows[0]?.count);
  }

  /** The earliest finish date, for the length of "all time". */
  async firstFinish(userId: number): Promise<string | null> {
    const { rows } = await sql<{ first: string | null }>`with ${this.#events(userId, null)}
      select min(ev.f) as first from ev`.execute(this.#db);
    return rows[0]?.first ?? null;
  }

  /** Finished reads and their pages in a period: the numbers a goal compares with. */
  async totals(userId: number, period: Period): Promise<{ books: number; pages: number }> {
    const { rows } = await sql<{ books: unknown; pages: unknown }>`with ${this.#events(userId, period)}
      select count(*) as books, coalesce(sum(b.page_count), 0) as pages
      from ev join books b on b.id = ev.book_id`.execute(this.#db);
    return { books: n(rows[0]?.books), pages: n(rows[0]?.pages) };
  }
}
