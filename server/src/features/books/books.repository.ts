import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import { PreparedQuery } from '../../db/compiled-queries.ts';
import type { Dialect } from '../../db/database.ts';
import type { DbExecutor } from '../../db/executor.ts';
import { visibleSql } from '../../db/privacy.ts';
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
  'ownerId',
  'confirmedAt',
  'coverSourceUrl',
  'coverState',
] as const;

/** A stored book as the presenter (`toBook`) and the library's copies of its keys need it. */
export type BookRow = Pick<Selectable<BooksTable>, (typeof BOOK_COLUMNS)[number]>;
export type NewBookRow = Insertable<BooksTable>;
export type BookChanges = Updateable<BooksTable>;
export type PendingCover = Pick<
  Selectable<BooksTable>,
  'id' | 'coverSourceUrl' | 'coverUrl' | 'coverAttempts' | 'ownerId' | 'confirmedAt'
>;

/** A book the enrichment job claimed. */
export type EnrichmentCandidate = Pick<Selectable<BooksTable>, 'id' | 'enrichAttempts'>;

/** Only confirmed books are the shared catalog; a reader's own books are theirs until confirmed. */
const CONFIRMED = sql<boolean>`confirmed_at is not null`;

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

  /** The shared catalog's book with this ISBN-13 (there is at most one). */
  findCatalogByIsbn13(isbn13: string): Promise<BookRow | undefined> {
    return this.#db
      .selectFrom('books')
      .select(BOOK_COLUMNS)
      .where('isbn13', '=', isbn13)
      .where(CONFIRMED)
      .executeTakeFirst();
  }

  /** A reader's own (not yet confirmed) book with this ISBN-13 (at most one per reader). */
  findOwnedByIsbn13(ownerId: number, isbn13: string): Promise<BookRow | undefined> {
    return this.#db
      .selectFrom('books')
      .select(BOOK_COLUMNS)
      .where('ownerId', '=', ownerId)
      .where('isbn13', '=', isbn13)
      .where('confirmedAt', 'is', null)
      .executeTakeFirst();
  }

  /** The catalog's books among these ISBN-13s and, when `ownerId` is given, that reader's own. */
  async findManyByIsbn13For(
    isbn13s: string[],
    ownerId: number | null,
    executor: DbExecutor = this.#db,
  ): Promise<BookRow[]> {
    if (isbn13s.length === 0) return [];
    return executor
      .selectFrom('books')
      .select(BOOK_COLUMNS)
      .where('isbn13', 'in', isbn13s)
      .where((eb) =>
        ownerId === null
          ? eb('confirmedAt', 'is not', null)
          : eb.or([eb('confirmedAt', 'is not', null), eb('ownerId', '=', ownerId)]),
      )
      .execute();
  }

  /** Books with no ISBN matched by sort title and first author, among the catalog's and the reader's own. */
  async findManyByTitleFor(sortTitles: string[], ownerId: number, executor: DbExecutor = this.#db) {
    if (sortTitles.length === 0) return [];
    return executor
      .selectFrom('books')
      .select(['id', 'sortTitle', 'sortAuthor'])
      .where('sortTitle', 'in', sortTitles)
      .where((eb) => eb.or([eb('confirmedAt', 'is not', null), eb('ownerId', '=', ownerId)]))
      .orderBy('id')
      .execute();
  }

  findCatalogBySource(source: BookSource, sourceId: string): Promise<BookRow | undefined> {
    return this.#db
      .selectFrom('books')
      .select(BOOK_COLUMNS)
      .where('source', '=', source)
      .where('sourceId', '=', sourceId)
      .where(CONFIRMED)
      .executeTakeFirst();
  }

  async findManyCatalogBySource(refs: { source: BookSource; sourceId: string }[]): Promise<BookRow[]> {
    if (refs.length === 0) return [];
    return this.#db
      .selectFrom('books')
      .select(BOOK_COLUMNS)
      .where((eb) =>
        eb.or(refs.map((ref) => eb.and([eb('source', '=', ref.source), eb('sourceId', '=', ref.sourceId)]))),
      )
      .where(CONFIRMED)
      .execute();
  }

  /**
   * Whether the viewer may see some library entry that uses the book, by the one privacy rule. A
   * reader's own book is visible to others only this way. (The catalog reads the entries table here
   * rather than asking the library: the library is built on the catalog, not the other way round.)
   */
  async visibleThroughEntry(bookId: number, viewerId: number | null): Promise<boolean> {
    const row = await this.#db
      .selectFrom('libraryEntries as e')
      .innerJoin('users as u', 'u.id', 'e.userId')
      .select('e.id')
      .where('e.bookId', '=', bookId)
      .where(
        visibleSql(
          viewerId,
          { id: sql.ref('e.user_id'), privacy: sql.ref('u.privacy') },
          sql.ref('e.visibility'),
        ),
      )
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Takes up to `limit` books whose cover waits to be fetched, leasing each until `leaseUntil` so
   * another instance (or a later sweep) leaves it alone meanwhile; a lease that runs out (a crash)
   * frees the book again.
   */
  async claimPendingCovers(now: string, leaseUntil: string, limit: number): Promise<PendingCover[]> {
    const candidates = await this.#db
      .selectFrom('books')
      .select(['id', 'coverSourceUrl', 'coverUrl', 'coverAttempts', 'ownerId', 'confirmedAt'])
      .where('coverState', '=', 'pending')
      .where((eb) => eb.or([eb('coverNextAt', 'is', null), eb('coverNextAt', '<=', now)]))
      .orderBy('coverNextAt')
      .orderBy('id')
      .limit(limit)
      .execute();
    const claimed: PendingCover[] = [];
    for (const book of candidates) {
      const result = await this.#db
        .updateTable('books')
        .set({ coverNextAt: leaseUntil })
        .where('id', '=', book.id)
        .where('coverState', '=', 'pending')
        .where((eb) => eb.or([eb('coverNextAt', 'is', null), eb('coverNextAt', '<=', now)]))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) claimed.push(book);
    }
    return claimed;
  }

  /** Records how fetching a cover went, unless the book's cover address changed meanwhile. */
  async settleCover(
    id: number,
    sourceUrl: string | null,
    changes: Pick<BookChanges, 'coverUrl' | 'coverState' | 'coverAttempts' | 'coverNextAt'>,
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('books')
      .set(changes)
      .where('id', '=', id)
      .where((eb) =>
        sourceUrl === null ? eb('coverSourceUrl', 'is', null) : eb('coverSourceUrl', '=', sourceUrl),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Takes up to `limit` books waiting for the enrichment job, leasing each until `leaseUntil` (a
   * conditional update, so two processes never both take one; a lease that runs out frees it).
   */
  async claimPendingEnrichments(
    now: string,
    leaseUntil: string,
    limit: number,
  ): Promise<EnrichmentCandidate[]> {
    const candidates = await this.#db
      .selectFrom('books')
      .select(['id', 'enrichAttempts'])
      .where('enrichState', '=', 'pending')
      .where((eb) => eb.or([eb('enrichNextAt', 'is', null), eb('enrichNextAt', '<=', now)]))
      .orderBy('enrichNextAt')
      .orderBy('id')
      .limit(limit)
      .execute();
    const claimed: EnrichmentCandidate[] = [];
    for (const book of candidates) {
      const result = await this.#db
        .updateTable('books')
        .set({ enrichNextAt: leaseUntil })
        .where('id', '=', book.id)
        .where('enrichState', '=', 'pending')
        .where((eb) => eb.or([eb('enrichNextAt', 'is', null), eb('enrichNextAt', '<=', now)]))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) claimed.push(book);
    }
    return claimed;
  }

  /**
   * Puts `failed` and `not_found` books whose wait (`enrich_next_at`) is over back in the queue
   * (`pending`, due now); one from before those waits were kept (none recorded) is due too.
   */
  async reviveEnrichments(now: string): Promise<number> {
    const result = await this.#db
      .updateTable('books')
      .set({ enrichState: 'pending', enrichNextAt: null })
      .where('enrichState', 'in', ['failed', 'not_found'])
      .where((eb) => eb.or([eb('enrichNextAt', 'is', null), eb('enrichNextAt', '<=', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Gives claimed books back untouched (due again at once), if the lease is still ours. */
  async releaseEnrichments(ids: number[], lease: string): Promise<void> {
    if (ids.length === 0) return;
    await this.#db
      .updateTable('books')
      .set({ enrichNextAt: null })
      .where('id', 'in', ids)
      .where('enrichState', '=', 'pending')
      .where('enrichNextAt', '=', lease)
      .execute();
  }

  /** Records how enriching a book went, if the lease is still ours. */
  async settleEnrichment(
    id: number,
    lease: string,
    changes: Pick<BookChanges, 'enrichState' | 'enrichAttempts' | 'enrichNextAt'>,
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('books')
      .set(changes)
      .where('id', '=', id)
      .where('enrichState', '=', 'pending')
      .where('enrichNextAt', '=', lease)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * The book, if it still waits under this lease, locked for the rest of the transaction on
   * PostgreSQL (SQLite runs one writing transaction at a time).
   */
  lockForEnrichment(id: number, lease: string): Promise<BookRow | undefined> {
    return this.#db
      .selectFrom('books')
      .select(BOOK_COLUMNS)
      .where('id', '=', id)
      .where('enrichState', '=', 'pending')
      .where('enrichNextAt', '=', lease)
      .where('confirmedAt', 'is', null)
      .$if(this.#dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
  }

  /**
   * Moves everything that uses a reader's book `fromId` — library entries (with their reads, tags and
   * review), notes (with attachments), journal entries and activities — to the catalog's book
   * `intoId`, then deletes the emptied book, in the caller's transaction. Refuses (false, nothing
   * changed) when a reader has entries for both: two entries are never merged into one.
   */
  async mergeInto(fromId: number, intoId: number): Promise<boolean> {
    const both = await this.#db
      .selectFrom('libraryEntries as a')
      .innerJoin('libraryEntries as b', 'b.userId', 'a.userId')
      .select('a.id')
      .where('a.bookId', '=', fromId)
      .where('b.bookId', '=', intoId)
      .limit(1)
      .executeTakeFirst();
    if (both) return false;
    const into = await this.#db
      .selectFrom('books')
      .select(['sortTitle', 'sortAuthor', 'searchText'])
      .where('id', '=', intoId)
      .$if(this.#dialect === 'postgres', (q) => q.forShare())
      .executeTakeFirstOrThrow();
    await this.#db
      .updateTable('libraryEntries')
      .set({
        bookId: intoId,
        sortTitle: into.sortTitle,
        sortAuthor: into.sortAuthor,
        searchText: into.searchText,
      })
      .where('bookId', '=', fromId)
      .execute();
    await this.#db.updateTable('notes').set({ bookId: intoId }).where('bookId', '=', fromId).execute();
    await this.#db.updateTable('journals').set({ bookId: intoId }).where('bookId', '=', fromId).execute();
    await this.#db.updateTable('activities').set({ bookId: intoId }).where('bookId', '=', fromId).execute();
    await this.#db.deleteFrom('books').where('id', '=', fromId).execute();
    return true;
  }

  /** Runs `fn` in one transaction with a repository bound to it. */
  transaction<T>(fn: (repo: BooksRepository, tx: DbExecutor) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute((trx) => fn(new BooksRepository(trx, this.#dialect), trx));
  }

  /**
   * Changes a book and the copies of its keys every library entry keeps (title and author sort keys,
   * search words), in the caller's transaction.
   */
  async update(id: number, changes: BookChanges): Promise<BookRow> {
    const row = await this.#db
      .updateTable('books')
      .set(changes)
      .where('id', '=', id)
      .returning([...BOOK_COLUMNS, 'searchText'])
      .executeTakeFirstOrThrow();
    const { searchText, ...book } = row;
    if (
      changes.sortTitle !== undefined ||
      changes.sortAuthor !== undefined ||
      changes.searchText !== undefined
    ) {
      await this.#db
        .updateTable('libraryEntries')
        .set({ sortTitle: book.sortTitle, sortAuthor: book.sortAuthor, searchText })
        .where('bookId', '=', id)
        .execute();
    }
    return book;
  }

  /** Storage keys of the attachments of the owner's notes on a book (their files outlive the rows). */
  async noteFileKeys(bookId: number, userId: number): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('noteAttachments as a')
      .innerJoin('notes as n', 'n.id', 'a.noteId')
      .select(['a.storageKey', 'a.thumbnailKey'])
      .where('n.bookId', '=', bookId)
      .where('n.userId', '=', userId)
      .execute();
    return rows.flatMap((r) => (r.thumbnailKey ? [r.storageKey, r.thumbnailKey] : [r.storageKey]));
  }

  /**
   * Deletes an owner's book unless another reader's entry or note uses it, checked in the same
   * statement so nobody adds one in between. Whatever of the owner's uses it goes by cascade.
   */
  async deleteOwned(id: number, ownerId: number): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('books')
      .where('id', '=', id)
      .where('ownerId', '=', ownerId)
      .where('confirmedAt', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('libraryEntries as e')
              .select('e.id')
              .whereRef('e.bookId', '=', 'books.id')
              .where('e.userId', '<>', ownerId),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('notes as n')
              .select('n.id')
              .whereRef('n.bookId', '=', 'books.id')
              .where('n.userId', '<>', ownerId),
          ),
        ),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  insert(row: NewBookRow): Promise<BookRow> {
    return this.#db.insertInto('books').values(row).returning(BOOK_COLUMNS).executeTakeFirstOrThrow();
  }

  async insertMany(rows: NewBookRow[], executor: DbExecutor = this.#db): Promise<BookRow[]> {
    if (rows.length === 0) return [];
    return executor.insertInto('books').values(rows).returning(BOOK_COLUMNS).execute();
  }

  /**
   * Books whose indexed words contain every term as a prefix, best matches first. Both dialects
   * answer from their full-text index (FTS5 / GIN) and stop at `limit`.
   */
  async search(terms: string[], limit: number, viewerId: number): Promise<BookRow[]> {
    if (terms.length === 0) return [];
    if (this.#dialect === 'sqlite') {
      // Two statements rather than one that also selects the columns: SQLite re-plans a join with
      // bound values on every run. The first joins books only to keep others' own books out.
      const matches = await this.#db
        .selectFrom(sql<{ rowid: number; rank: number }>`books_fts`.as('f'))
        .innerJoin('books as b', (join) => join.on(sql<boolean>`b.id = f.rowid`))
        .select(sql<number>`f.rowid`.as('bookId'))
        .where(sql<boolean>`books_fts match ${sqliteMatchQuery(terms)}`)
        .where(sql<boolean>`(b.confirmed_at is not null or b.owner_id = ${viewerId})`)
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
      .where(sql<boolean>`(confirmed_at is not null or owner_id = ${viewerId})`)
      .orderBy(sql`ts_rank(search_vector, ${query}, 1)`, 'desc')
      .orderBy('books.id')
      .limit(limit)
      .execute();
  }
}
