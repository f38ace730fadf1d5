import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DbExecutor } from '../../db/executor.ts';
import type { Database } from '../../db/schema.ts';
import type { JournalsTable } from '../../db/tables/journals.table.ts';
import type { Visibility } from '../../db/tables/library-entries.table.ts';
import type { PagePosition } from './page-cursor.ts';
import { wordStartPattern } from './words.ts';

export type JournalRow = Selectable<JournalsTable>;

export interface BookRefRow {
  id: number;
  title: string;
  authors: string;
  coverUrl: string | null;
}

export interface JournalListParams {
  userId: number;
  bookId?: number;
  visibilities?: Visibility[];
  after: PagePosition<string> | null;
  take: number;
}

export class JournalsRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Runs `fn` in one transaction with a repository bound to it. */
  transaction<T>(fn: (repo: JournalsRepository) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute((trx) => fn(new JournalsRepository(trx)));
  }

  /** The open transaction (or the database), for another feature's writer to join. */
  get executor(): DbExecutor {
    return this.#db;
  }

  async findBooks(ids: number[]): Promise<BookRefRow[]> {
    if (ids.length === 0) return [];
    return this.#db
      .selectFrom('books')
      .select(['id', 'title', 'authors', 'coverUrl'])
      .where('id', 'in', ids)
      .execute();
  }

  find(id: number): Promise<JournalRow | undefined> {
    return this.#db.selectFrom('journals').selectAll().where('id', '=', id).executeTakeFirst();
  }

  insert(row: Insertable<JournalsTable>): Promise<JournalRow> {
    return this.#db.insertInto('journals').values(row).returningAll().executeTakeFirstOrThrow();
  }

  update(userId: number, id: number, changes: Updateable<JournalsTable>): Promise<JournalRow> {
    return this.#db
      .updateTable('journals')
      .set(changes)
      .where('id', '=', id)
      .where('userId', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async delete(userId: number, id: number): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('journals')
      .where('id', '=', id)
      .where('userId', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Newest first, by (created_at, id) keyset on journals(user_id[, book_id], created_at desc, id desc). */
  list(p: JournalListParams): Promise<JournalRow[]> {
    let q = this.#db.selectFrom('journals').selectAll().where('userId', '=', p.userId);
    if (p.bookId !== undefined) q = q.where('bookId', '=', p.bookId);
    if (p.visibilities) q = q.where('visibility', 'in', p.visibilities);
    const after = p.after;
    if (after) q = q.where((eb) => eb(eb.refTuple('createdAt', 'id'), '<', eb.tuple(after.key, after.id)));
    return q.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(p.take).execute();
  }

  /** The caller's entries containing every term at a word start, newest first. */
  search(userId: number, terms: string[], take: number): Promise<JournalRow[]> {
    let q = this.#db.selectFrom('journals').selectAll().where('userId', '=', userId);
    for (const term of terms) q = q.where('searchText', 'like', wordStartPattern(term));
    return q.orderBy('updatedAt', 'desc').orderBy('id', 'desc').limit(take).execute();
  }

  /** The caller's reviews (with their book ids): few per reader, matched in code. */
  reviews(
    userId: number,
  ): Promise<{ id: number; bookId: number; review: string | null; updatedAt: string }[]> {
    return this.#db
      .selectFrom('libraryEntries')
      .select(['id', 'bookId', 'review', 'updatedAt'])
      .where('userId', '=', userId)
      .where('review', 'is not', null)
      .where('review', '<>', '')
      .execute();
  }
}
