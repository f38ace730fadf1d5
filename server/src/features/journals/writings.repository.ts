import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Visibility } from '../../db/tables/library-entries.table.ts';
import type { PagePosition } from './page-cursor.ts';
import { wordStartPattern } from './words.ts';

/** The two tables of a reader's own words: journal entries and notes. */
type WritingTable = 'journals' | 'notes';

/** The columns both tables have, which is all the shared statements below touch. */
interface WritingColumns {
  id: number;
  userId: number;
  bookId: number | null;
  visibility: Visibility;
  searchText: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Kysely cannot check a statement over "one of two tables": this view of the database has one
 * table of the shared columns, and the statements name it by the real table's name.
 */
type WritingsDb = Kysely<{ writing: WritingColumns }>;

/**
 * What journal entries and notes share: find, insert, update and delete by their owner, the
 * newest-first keyset page and the word-start search. Rows come back with the table's own type.
 */
export abstract class WritingsRepository<T extends WritingTable> {
  protected readonly db: Kysely<Database>;
  readonly #table: 'writing';

  constructor(db: Kysely<Database>, table: T) {
    this.db = db;
    this.#table = table as WritingTable as 'writing';
  }

  get #writings(): WritingsDb {
    return this.db as unknown as WritingsDb;
  }

  async find(id: number): Promise<Selectable<Database[T]> | undefined> {
    const row = await this.#writings
      .selectFrom(this.#table)
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row as Selectable<Database[T]> | undefined;
  }

  async insert(row: Insertable<Database[T]>): Promise<Selectable<Database[T]>> {
    const inserted = await this.#writings
      .insertInto(this.#table)
      .values(row as Insertable<WritingColumns>)
      .returningAll()
      .executeTakeFirstOrThrow();
    return inserted as Selectable<Database[T]>;
  }

  async update(
    userId: number,
    id: number,
    changes: Updateable<Database[T]>,
  ): Promise<Selectable<Database[T]>> {
    const updated = await this.#writings
      .updateTable(this.#table)
      .set(changes as Updateable<WritingColumns>)
      .where('id', '=', id)
      .where('userId', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return updated as Selectable<Database[T]>;
  }

  async delete(userId: number, id: number): Promise<boolean> {
    const result = await this.#writings
      .deleteFrom(this.#table)
      .where('id', '=', id)
      .where('userId', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** A reader's rows (of one book, if given) newest first, by the (created_at, id) keyset. */
  protected async newestFirst(p: {
    userId: number;
    visibilities?: Visibility[];
    after: PagePosition<string> | null;
    take: number;
    bookId?: number;
  }): Promise<Selectable<Database[T]>[]> {
    let q = this.#writings.selectFrom(this.#table).selectAll().where('userId', '=', p.userId);
    if (p.bookId !== undefined) q = q.where('bookId', '=', p.bookId);
    if (p.visibilities) q = q.where('visibility', 'in', p.visibilities);
    const after = p.after;
    if (after) q = q.where((eb) => eb(eb.refTuple('createdAt', 'id'), '<', eb.tuple(after.key, after.id)));
    const rows = await q.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(p.take).execute();
    return rows as Selectable<Database[T]>[];
  }

  /** The caller's rows containing every term at a word start, most recently changed first. */
  async search(userId: number, terms: string[], take: number): Promise<Selectable<Database[T]>[]> {
    let q = this.#writings.selectFrom(this.#table).selectAll().where('userId', '=', userId);
    for (const term of terms) q = q.where('searchText', 'like', wordStartPattern(term));
    const rows = await q.orderBy('updatedAt', 'desc').orderBy('id', 'desc').limit(take).execute();
    return rows as Selectable<Database[T]>[];
  }
}
