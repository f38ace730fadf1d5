import type { Kysely, Selectable } from 'kysely';
import type { DbExecutor } from '../../db/executor.ts';
import type { Database } from '../../db/schema.ts';
import type { JournalsTable } from '../../db/tables/journals.table.ts';
import type { Visibility } from '../../db/tables/library-entries.table.ts';
import type { PagePosition } from './page-cursor.ts';
import { WritingsRepository } from './writings.repository.ts';

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

export class JournalsRepository extends WritingsRepository<'journals'> {
  constructor(db: Kysely<Database>) {
    super(db, 'journals');
  }

  /** Runs `fn` in one transaction with a repository bound to it. */
  transaction<T>(fn: (repo: JournalsRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(new JournalsRepository(trx)));
  }

  /** The open transaction (or the database), for another feature's writer to join. */
  get executor(): DbExecutor {
    return this.db;
  }

  async findBooks(ids: number[]): Promise<BookRefRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('books')
      .select(['id', 'title', 'authors', 'coverUrl'])
      .where('id', 'in', ids)
      .execute();
  }

  /** Newest first, by (created_at, id) keyset on journals(user_id[, book_id], created_at desc, id desc). */
  list(p: JournalListParams): Promise<JournalRow[]> {
    return this.newestFirst(p);
  }

  /** The caller's reviews (with their book ids): few per reader, matched in code. */
  reviews(
    userId: number,
  ): Promise<{ id: number; bookId: number; review: string | null; updatedAt: string }[]> {
    return this.db
      .selectFrom('libraryEntries')
      .select(['id', 'bookId', 'review', 'updatedAt'])
      .where('userId', '=', userId)
      .where('review', 'is not', null)
      .where('review', '<>', '')
      .execute();
  }
}
