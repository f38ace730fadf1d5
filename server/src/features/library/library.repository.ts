import { type Insertable, type Kysely, type RawBuilder, type Selectable, sql, type Updateable } from 'kysely';
import { PreparedQuery } from '../../db/compiled-queries.ts';
import type { DbExecutor } from '../../db/executor.ts';
import { withinRankSql } from '../../db/privacy.ts';
import type { Database } from '../../db/schema.ts';
import type {
  BookFormat,
  LibraryEntriesTable,
  Ownership,
  ReadingStatus,
  Visibility,
} from '../../db/tables/library-entries.table.ts';
import type { ReadsTable } from '../../db/tables/reads.table.ts';
import type { KeysetPosition } from './cursor.ts';
import type { LibrarySort } from './library.schemas.ts';

/** A reader's shelf counts as one viewer may see them (`shelfCountsSql`; its columns in snake case). */
interface ShelfCountsRow {
  want_to_read: number | string;
  currently_reading: number | string;
  read: number | string;
  did_not_finish: number | string;
}

/**
 * A reader's entries counted by status as a viewer may see them, for another feature's
 * statement (the profile's one statement): a one-row `select` over `from` (a relation of the same
 * statement holding the owner's id and the viewer's privacy rank, db/privacy.ts), zeros when the
 * rank is below 0 or there are no entries.
 */
export function shelfCountsSql(owner: {
  from: string;
  id: string;
  rank: string;
}): RawBuilder<ShelfCountsRow> {
  const rank = sql.ref(owner.rank);
  const count = (status: ReadingStatus) => sql`count(case when e.status = ${sql.lit(status)} then 1 end)`;
  return sql<ShelfCountsRow>`select ${count('want_to_read')} as want_to_read,
      ${count('currently_reading')} as currently_reading, ${count('read')} as read,
      ${count('did_not_finish')} as did_not_finish
    from ${sql.table(owner.from)} join library_entries e on e.user_id = ${sql.ref(owner.id)}
    where ${rank} >= 0 and ${withinRankSql(sql.ref('e.visibility'), rank)}`;
}

const ENTRY_COLUMNS = [
  'id',
  'userId',
  'bookId',
  'status',
  'format',
  'ownership',
  'rating',
  'review',
  'reviewHasSpoilers',
  'startedOn',
  'finishedOn',
  'progressPages',
  'progressPercent',
  'visibility',
  'sortTitle',
  'sortAuthor',
  'createdAt',
  'updatedAt',
] as const;

export type EntryRow = Pick<Selectable<LibraryEntriesTable>, (typeof ENTRY_COLUMNS)[number]>;
export type ReadRow = Pick<Selectable<ReadsTable>, 'id' | 'entryId' | 'startedOn' | 'finishedOn'>;

type SortColumn = 'updatedAt' | 'createdAt' | 'sortTitle' | 'sortAuthor' | 'rating' | 'finishedOn';

/** The column each sort walks, whether it may be null, and the type of its keys. */
export const SORT_COLUMNS: Record<
  LibrarySort,
  { column: SortColumn; nullable: boolean; keyType: 'string' | 'integer' }
> = {
  updated: { column: 'updatedAt', nullable: false, keyType: 'string' },
  added: { column: 'createdAt', nullable: false, keyType: 'string' },
  title: { column: 'sortTitle', nullable: false, keyType: 'string' },
  author: { column: 'sortAuthor', nullable: false, keyType: 'string' },
  rating: { column: 'rating', nullable: true, keyType: 'integer' },
  finished: { column: 'finishedOn', nullable: true, keyType: 'string' },
};

export interface ListParams {
  userId: number;
  status?: ReadingStatus;
  format?: BookFormat;
  ownership?: Ownership;
  tagKey?: string;
  /** Folded words that must all appear in the entry's search text. */
  words?: string[];
  /** Only entries with one of these visibilities (another reader's view). */
  visibilities?: Visibility[];
  sort: LibrarySort;
  order: 'asc' | 'desc';
  after: KeysetPosition | null;
  /** Rows to return; callers ask for one more than a page to know whether another follows. */
  take: number;
}

/** The range of one index scan: everything, the non-null values, the nulls, or after a cursor. */
export type PageRange =
  | { kind: 'all' | 'values' | 'nulls' }
  | { kind: 'after'; key: string | number | null; id: number }
  | { kind: 'nulls-after'; id: number };

function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The values a page query binds; which of them are present is part of its cache key. */
type PageValues = {
  userId: number;
  status: ReadingStatus | undefined;
  format: BookFormat | undefined;
  ownership: Ownership | undefined;
  visibilities: Visibility[] | undefined;
  tagKey: string | undefined;
  /** LIKE patterns, one per word. */
  words: string[];
  afterKey: string | number | null | undefined;
  afterId: number | undefined;
  take: number;
};

/**
 * One index range scan of `listEntries`, compiled once per shape (sort, order, range, which
 * filters are present). The builder sees only placeholders for values (see compiled-queries.ts).
 */
const pageQuery = new PreparedQuery<
  { sort: LibrarySort; order: 'asc' | 'desc'; range: PageRange['kind'] },
  PageValues,
  EntryRow
>((db, { sort, order, range }, v) => {
  const { column } = SORT_COLUMNS[sort];
  const cmp = order === 'desc' ? '<' : '>';
  let q = db.selectFrom('libraryEntries').select(ENTRY_COLUMNS).where('userId', '=', v.userId);
  if (v.status !== undefined) q = q.where('status', '=', v.status);
  if (v.format !== undefined) q = q.where('format', '=', v.format);
  if (v.ownership !== undefined) q = q.where('ownership', '=', v.ownership);
  if (v.visibilities !== undefined) q = q.where('visibility', 'in', v.visibilities);
  if (v.tagKey !== undefined) {
    const tagKey = v.tagKey;
    q = q.where('id', 'in', (eb) =>
      eb
        .selectFrom('entryTags')
        .select('entryId')
        .where('userId', '=', v.userId)
        .where('tagKey', '=', tagKey),
    );
  }
  for (const word of v.words) q = q.where(sql<boolean>`${sql.ref('searchText')} like ${word} escape '\\'`);
  if (range === 'after') {
    const [key, id] = [v.afterKey, v.afterId];
    if (key === undefined || id === undefined) throw new Error('an after range needs afterKey and afterId');
    q = q.where((eb) => eb(eb.refTuple(column, 'id'), cmp, eb.tuple(key, id)));
  } else if (range === 'values') {
    q = q.where(column, 'is not', null);
  } else if (range === 'nulls' || range === 'nulls-after') {
    q = q.where(column, 'is', null);
    if (range === 'nulls-after') {
      if (v.afterId === undefined) throw new Error('a nulls-after range needs afterId');
      q = q.where('id', cmp, v.afterId);
    }
  }
  // Ordering by the (all-null) column too lets PostgreSQL follow the index order.
  return q.orderBy(column, order).orderBy('id', order).limit(v.take);
});

const tagsQuery = new PreparedQuery<
  undefined,
  { entryIds: number[] },
  { entryId: number; tag: string; position: number }
>((db, _shape, v) =>
  db.selectFrom('entryTags').select(['entryId', 'tag', 'position']).where('entryId', 'in', v.entryIds),
);

const readsQuery = new PreparedQuery<undefined, { entryIds: number[] }, ReadRow>((db, _shape, v) =>
  db
    .selectFrom('reads')
    .select(['id', 'entryId', 'startedOn', 'finishedOn'])
    .where('entryId', 'in', v.entryIds),
);

export class LibraryRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Runs `fn` in one transaction with a repository bound to it. */
  transaction<T>(fn: (repo: LibraryRepository, tx: DbExecutor) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute((trx) => fn(new LibraryRepository(trx), trx));
  }

  findEntry(userId: number, id: number): Promise<EntryRow | undefined> {
    return this.#db
      .selectFrom('libraryEntries')
      .select(ENTRY_COLUMNS)
      .where('id', '=', id)
      .where('userId', '=', userId)
      .executeTakeFirst();
  }

  findEntryByBook(userId: number, bookId: number): Promise<EntryRow | undefined> {
    return this.#db
      .selectFrom('libraryEntries')
      .select(ENTRY_COLUMNS)
      .where('userId', '=', userId)
      .where('bookId', '=', bookId)
      .executeTakeFirst();
  }

  insertEntry(row: Insertable<LibraryEntriesTable>): Promise<EntryRow> {
    return this.#db
      .insertInto('libraryEntries')
      .values(row)
      .returning(ENTRY_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  updateEntry(userId: number, id: number, changes: Updateable<LibraryEntriesTable>): Promise<EntryRow> {
    return this.#db
      .updateTable('libraryEntries')
      .set(changes)
      .where('id', '=', id)
      .where('userId', '=', userId)
      .returning(ENTRY_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  async deleteEntry(userId: number, id: number): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('libraryEntries')
      .where('id', '=', id)
      .where('userId', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async replaceTags(userId: number, entryId: number, tags: { tag: string; key: string }[]): Promise<void> {
    await this.#db.deleteFrom('entryTags').where('entryId', '=', entryId).execute();
    if (tags.length === 0) return;
    await this.#db
      .insertInto('entryTags')
      .values(tags.map((t, position) => ({ entryId, userId, tag: t.tag, tagKey: t.key, position })))
      .execute();
  }

  /** The tags of some entries, in no particular order (callers order them by position). */
  async tagsFor(entryIds: number[]): Promise<{ entryId: number; tag: string; position: number }[]> {
    if (entryIds.length === 0) return [];
    return tagsQuery.run(this.#db, undefined, { entryIds });
  }

  /** The rereads of some entries, in no particular order (callers order them by date). */
  async readsFor(entryIds: number[]): Promise<ReadRow[]> {
    if (entryIds.length === 0) return [];
    return readsQuery.run(this.#db, undefined, { entryIds });
  }

  findRead(entryId: number, readId: number): Promise<ReadRow | undefined> {
    return this.#db
      .selectFrom('reads')
      .select(['id', 'entryId', 'startedOn', 'finishedOn'])
      .where('id', '=', readId)
      .where('entryId', '=', entryId)
      .executeTakeFirst();
  }

  insertRead(row: Insertable<ReadsTable>): Promise<ReadRow> {
    return this.#db
      .insertInto('reads')
      .values(row)
      .returning(['id', 'entryId', 'startedOn', 'finishedOn'])
      .executeTakeFirstOrThrow();
  }

  updateRead(entryId: number, readId: number, changes: Updateable<ReadsTable>): Promise<ReadRow> {
    return this.#db
      .updateTable('reads')
      .set(changes)
      .where('id', '=', readId)
      .where('entryId', '=', entryId)
      .returning(['id', 'entryId', 'startedOn', 'finishedOn'])
      .executeTakeFirstOrThrow();
  }

  async deleteRead(entryId: number, readId: number): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('reads')
      .where('id', '=', readId)
      .where('entryId', '=', entryId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async touchEntry(userId: number, id: number, updatedAt: string): Promise<void> {
    await this.#db
      .updateTable('libraryEntries')
      .set({ updatedAt })
      .where('id', '=', id)
      .where('userId', '=', userId)
      .execute();
  }

  /**
   * One keyset page of a reader's entries. A nullable sort column is read in two index range
   * scans, its values and then its nulls, so nulls come last in both directions on both dialects.
   */
  async listEntries(p: ListParams): Promise<EntryRow[]> {
    const { nullable } = SORT_COLUMNS[p.sort];
    const rows: EntryRow[] = [];
    const after = p.after;
    if (after === null || after.phase === 'values') {
      // A row comparison with a NULL first member is unknown on both dialects, so the cursor's
      // comparison also leaves the nulls out (and keeps the range one-sided, which the planners
      // like better).
      const range: PageRange =
        after !== null
          ? { kind: 'after', key: after.key, id: after.id }
          : { kind: nullable ? 'values' : 'all' };
      rows.push(...(await this.#page(p, range, p.take)));
    }
    if (nullable && rows.length < p.take) {
      const range: PageRange =
        after?.phase === 'nulls' ? { kind: 'nulls-after', id: after.id } : { kind: 'nulls' };
      rows.push(...(await this.#page(p, range, p.take - rows.length)));
    }
    return rows;
  }

  /** The statement and values one range scan of `listEntries` runs (the plan tests read it). */
  compilePage(p: ListParams, range: PageRange, take: number) {
    return pageQuery.compile(
      this.#db,
      { sort: p.sort, order: p.order, range: range.kind },
      {
        userId: p.userId,
        status: p.status,
        format: p.format,
        ownership: p.ownership,
        visibilities: p.visibilities,
        tagKey: p.tagKey,
        words: (p.words ?? []).map(likePattern),
        afterKey: range.kind === 'after' ? range.key : undefined,
        afterId: range.kind === 'after' || range.kind === 'nulls-after' ? range.id : undefined,
        take,
      },
    );
  }

  async #page(p: ListParams, range: PageRange, take: number): Promise<EntryRow[]> {
    const result = await this.#db.executeQuery(this.compilePage(p, range, take));
    return result.rows;
  }

  async countByStatus(userId: number): Promise<{ status: ReadingStatus; count: number }[]> {
    const rows = await this.#db
      .selectFrom('libraryEntries')
      .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
      .where('userId', '=', userId)
      .groupBy('status')
      .execute();
    return rows.map((r) => ({ status: r.status, count: Number(r.count) }));
  }

  async tagCounts(userId: number): Promise<{ tag: string; count: number }[]> {
    const rows = await this.#db
      .selectFrom('entryTags')
      .select((eb) => [eb.fn.min('tag').as('tag'), eb.fn.countAll<number>().as('count')])
      .where('userId', '=', userId)
      .groupBy('tagKey')
      .orderBy('tagKey')
      .execute();
    return rows.map((r) => ({ tag: r.tag, count: Number(r.count) }));
  }
}
