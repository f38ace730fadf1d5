import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import { PreparedQuery } from '../../db/compiled-queries.ts';
import type { Dialect } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { BookSource, BooksTable } from '../../db/tables/books.table.ts';
import { postgresTsQuery, sqliteMatchQuery } from './search-text.ts';

/**
 * The book columns to select. PostgreSQL also has a generated `search_vector` column, so
 * `selectAll()` would drag it along; `searchText` is an index detail and stays in the database too.
 */
const BOOK_COLUMNS = [
  'id',
  'title',
  'subtitle',
  'authors',
  'sortTitle',
  'sortAuthor',
  'isbn10',
  'isbn13',
  'pageCount',
  'publishedDate',
  'publisher',
  'description',
  'language',
  'categories',
  'coverUrl',
  'source',
  'sourceId',
] as const;

/** A stored book as the presenter (`toBook`) and the library's copies of its keys need it. */
export type BookRow = Pick<Selectable<BooksTable>, (typeof BOOK_COLUMNS)[number]>;
export type NewBookRow = Insertable<BooksTable>;

const booksById = new PreparedQuery<undefined, { ids: number[] }, BookRow>((db, _shape, v) =>
  db.selectFrom('books').select(BOOK_COLUMNS).where('id', 'in', v.ids),
);

export class BooksRepository {
  readonly #db: Kysely<Database>;
  readonly #dialect: Dialect;

  constructor(db: Kysely<Database>, dialect: Dialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  findById(id: number): Promise<BookRow | undefined> {
    return this.#db.selectFrom('books').select(BOOK_COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  /** Runs for every page of a library (one IN list per page), so it is compiled once per list length. */
  async findManyById(ids: number[]): Promise<BookRow[]> {
    if (ids.length === 0) return [];
    return booksById.run(this.#db, undefined, { ids });
  }

  findByIsbn13(isbn13: string): Promise<BookRow | undefined> {
    return this.#db.selectFrom('books').select(BOOK_COLUMNS).where('isbn13', '=', isbn13).executeTakeFirst();
  }

  findBySource(source: BookSource, sourceId: string): Promise<BookRow | undefined> {
    return this.#db
      .selectFrom('books')
      .select(BOOK_COLUMNS)
      .where('source', '=', source)
      .where('sourceId', '=', sourceId)
      .executeTakeFirst();
  }

  async findManyByIsbn13(isbn13s: string[]): Promise<BookRow[]> {
    if (isbn13s.length === 0) return [];
    return this.#db.selectFrom('books').select(BOOK_COLUMNS).where('isbn13', 'in', isbn13s).execute();
  }

  async findManyBySource(refs: { source: BookSource; sourceId: string }[]): Promise<BookRow[]> {
    if (refs.length === 0) return [];
    return this.#db
      .selectFrom('books')
      .select(BOOK_COLUMNS)
      .where((eb) =>
        eb.or(refs.map((ref) => eb.and([eb('source', '=', ref.source), eb('sourceId', '=', ref.sourceId)]))),
      )
      .execute();
  }

  insert(row: NewBookRow): Promise<BookRow> {
    return this.#db.insertInto('books').values(row).returning(BOOK_COLUMNS).executeTakeFirstOrThrow();
  }

  /**
   * Books whose indexed words contain every term as a prefix, best matches first. Both dialects
   * answer from their full-text index (FTS5 / GIN) and stop at `limit`.
   */
  async search(terms: string[], limit: number): Promise<BookRow[]> {
    if (terms.length === 0) return [];
    if (this.#dialect === 'sqlite') {
      // Two statements rather than a join: SQLite re-plans a join with bound values on every run.
      const matches = await this.#db
        .selectFrom(sql<{ rowid: number; rank: number }>`books_fts`.as('f'))
        .select(sql<number>`f.rowid`.as('bookId'))
        .where(sql<boolean>`books_fts match ${sqliteMatchQuery(terms)}`)
        .orderBy(sql`f.rank`)
        .orderBy(sql`f.rowid`)
        .limit(limit)
        .execute();
      if (matches.length === 0) return [];
      const rows = await this.#db
        .selectFrom('books')
        .select(BOOK_COLUMNS)
        .where(
          'books.id',
          'in',
          matches.map((m) => m.bookId),
        )
        .execute();
      const byId = new Map(rows.map((row) => [row.id, row]));
      return matches.flatMap((m) => byId.get(m.bookId) ?? []);
    }
    const query = sql`to_tsquery('simple'::regconfig, ${postgresTsQuery(terms)})`;
    return this.#db
      .selectFrom('books')
      .select(BOOK_COLUMNS)
      .where(sql<boolean>`search_vector @@ ${query}`)
      .orderBy(sql`ts_rank(search_vector, ${query}, 1)`, 'desc')
      .orderBy('books.id')
      .limit(limit)
      .execute();
  }
}
