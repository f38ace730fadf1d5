import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface ExportRow {
  id: number;
  bookId: number;
  status: 'want_to_read' | 'currently_reading' | 'read' | 'did_not_finish';
  format: 'paperback' | 'hardcover' | 'ebook' | 'audiobook' | 'other' | null;
  ownership: 'owned' | 'borrowed' | 'library' | 'wishlist' | 'not_owned' | null;
  rating: number | null;
  review: string | null;
  reviewHasSpoilers: number;
  startedOn: string | null;
  finishedOn: string | null;
  progressPages: number | null;
  progressPercent: number | null;
  visibility: 'public' | 'followers' | 'private';
  createdAt: string;
  updatedAt: string;
  title: string;
  subtitle: string | null;
  authors: string;
  isbn13: string | null;
  isbn10: string | null;
  pageCount: number | null;
  publishedDate: string | null;
  publisher: string | null;
  language: string | null;
}

/** Reads everything of one reader's shelves for an export, in a few whole-shelf statements. */
export class ExportsRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  profile(userId: number) {
    return this.#db
      .selectFrom('users')
      .select(['username', 'displayName', 'bio', 'privacy', 'email', 'createdAt'])
      .where('id', '=', userId)
      .executeTakeFirst();
  }

  entries(userId: number): Promise<ExportRow[]> {
    return this.#db
      .selectFrom('libraryEntries as e')
      .innerJoin('books as b', 'b.id', 'e.bookId')
      .select([
        'e.id',
        'e.bookId',
        'e.status',
        'e.format',
        'e.ownership',
        'e.rating',
        'e.review',
        'e.reviewHasSpoilers',
        'e.startedOn',
        'e.finishedOn',
        'e.progressPages',
        'e.progressPercent',
        'e.visibility',
        'e.createdAt',
        'e.updatedAt',
        'b.title',
        'b.subtitle',
        'b.authors',
        'b.isbn13',
        'b.isbn10',
        'b.pageCount',
        'b.publishedDate',
        'b.publisher',
        'b.language',
      ])
      .where('e.userId', '=', userId)
      .orderBy('e.id')
      .execute();
  }

  tags(userId: number) {
    return this.#db
      .selectFrom('entryTags')
      .select(['entryId', 'tag', 'position'])
      .where('userId', '=', userId)
      .orderBy('entryId')
      .orderBy('position')
      .execute();
  }

  reads(userId: number) {
    return this.#db
      .selectFrom('reads')
      .select(['entryId', 'startedOn', 'finishedOn', 'id'])
      .where('userId', '=', userId)
      .orderBy('entryId')
      .orderBy('id')
      .execute();
  }

  /** The catalog fields an export writes for a book, for the books of notes and journals. */
  books(ids: number[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.#db
      .selectFrom('books')
      .select([
        'id',
        'title',
        'subtitle',
        'authors',
        'isbn13',
        'isbn10',
        'pageCount',
        'publishedDate',
        'publisher',
        'language',
      ])
      .where('id', 'in', ids)
      .execute();
  }

  journals(userId: number) {
    return this.#db
      .selectFrom('journals')
      .select(['bookId', 'page', 'content', 'visibility', 'createdAt', 'updatedAt'])
      .where('userId', '=', userId)
      .orderBy('id')
      .execute();
  }

  notes(userId: number) {
    return this.#db
      .selectFrom('notes')
      .select([
        'id',
        'bookId',
        'content',
        'quote',
        'page',
        'location',
        'visibility',
        'createdAt',
        'updatedAt',
      ])
      .where('userId', '=', userId)
      .orderBy('id')
      .execute();
  }

  attachments(userId: number) {
    return this.#db
      .selectFrom('noteAttachments')
      .select(['id', 'noteId', 'fileName', 'mimeType', 'size', 'sha256', 'storageKey', 'createdAt'])
      .where('userId', '=', userId)
      .orderBy('id')
      .execute();
  }

  /** Whom the reader follows. */
  follows(userId: number) {
    return this.#db
      .selectFrom('follows as f')
      .innerJoin('users as u', 'u.id', 'f.followeeId')
      .select(['u.username', 'f.createdAt'])
      .where('f.followerId', '=', userId)
      .orderBy('f.createdAt')
      .execute();
  }

  /** Whom the reader blocks. */
  blocks(userId: number) {
    return this.#db
      .selectFrom('blocks as b')
      .innerJoin('users as u', 'u.id', 'b.blockedId')
      .select(['u.username', 'b.createdAt'])
      .where('b.blockerId', '=', userId)
      .orderBy('b.createdAt')
      .execute();
  }
}
