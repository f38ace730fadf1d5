import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Visibility } from '../../db/tables/library-entries.table.ts';
import type { NoteAttachmentsTable } from '../../db/tables/note-attachments.table.ts';
import type { NotesTable } from '../../db/tables/notes.table.ts';
import type { PagePosition } from './page-cursor.ts';
import { WritingsRepository } from './writings.repository.ts';

export type NoteRow = Selectable<NotesTable>;
export type AttachmentRow = Selectable<NoteAttachmentsTable>;

export interface NoteListParams {
  userId: number;
  visibilities?: Visibility[];
  take: number;
}

export class NotesRepository extends WritingsRepository<'notes'> {
  constructor(db: Kysely<Database>) {
    super(db, 'notes');
  }

  transaction<T>(fn: (repo: NotesRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(new NotesRepository(trx)));
  }

  async bookExists(id: number): Promise<boolean> {
    return (
      (await this.db.selectFrom('books').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
    );
  }

  async deleteForBook(userId: number, bookId: number): Promise<number> {
    const result = await this.db
      .deleteFrom('notes')
      .where('userId', '=', userId)
      .where('bookId', '=', bookId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** A book's notes in page order (unplaced last), keyset on notes(user_id, book_id, sort_page, id). */
  listForBook(
    p: NoteListParams & { bookId: number; after: PagePosition<number> | null },
  ): Promise<NoteRow[]> {
    let q = this.db
      .selectFrom('notes')
      .selectAll()
      .where('userId', '=', p.userId)
      .where('bookId', '=', p.bookId);
    if (p.visibilities) q = q.where('visibility', 'in', p.visibilities);
    const after = p.after;
    if (after) q = q.where((eb) => eb(eb.refTuple('sortPage', 'id'), '>', eb.tuple(after.key, after.id)));
    return q.orderBy('sortPage', 'asc').orderBy('id', 'asc').limit(p.take).execute();
  }

  /** All of a reader's notes, newest first. */
  listRecent(p: NoteListParams & { after: PagePosition<string> | null }): Promise<NoteRow[]> {
    return this.newestFirst(p);
  }

  // Attachments

  attachmentsFor(noteIds: number[]): Promise<AttachmentRow[]> {
    if (noteIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('noteAttachments')
      .selectAll()
      .where('noteId', 'in', noteIds)
      .orderBy('id')
      .execute();
  }

  findAttachment(noteId: number, id: number): Promise<AttachmentRow | undefined> {
    return this.db
      .selectFrom('noteAttachments')
      .selectAll()
      .where('id', '=', id)
      .where('noteId', '=', noteId)
      .executeTakeFirst();
  }

  async countAttachments(noteId: number): Promise<number> {
    const row = await this.db
      .selectFrom('noteAttachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('noteId', '=', noteId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Bytes a reader's attachments take, thumbnails included. */
  async usedBytes(userId: number): Promise<number> {
    const row = await this.db
      .selectFrom('noteAttachments')
      .select((eb) => [
        eb.fn.sum<number | string | null>('size').as('size'),
        eb.fn.sum<number | string | null>('thumbnailSize').as('thumbs'),
      ])
      .where('userId', '=', userId)
      .executeTakeFirstOrThrow();
    return Number(row.size ?? 0) + Number(row.thumbs ?? 0);
  }

  insertAttachment(row: Insertable<NoteAttachmentsTable>): Promise<AttachmentRow> {
    return this.db.insertInto('noteAttachments').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async deleteAttachment(noteId: number, id: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('noteAttachments')
      .where('id', '=', id)
      .where('noteId', '=', noteId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Storage keys (files and thumbnails) of the attachments matching a filter, before rows go. */
  async fileKeys(filter: { userId: number; noteId?: number; bookId?: number }): Promise<string[]> {
    let q = this.db
      .selectFrom('noteAttachments')
      .innerJoin('notes', 'notes.id', 'noteAttachments.noteId')
      .select(['noteAttachments.storageKey', 'noteAttachments.thumbnailKey'])
      .where('noteAttachments.userId', '=', filter.userId);
    if (filter.noteId !== undefined) q = q.where('notes.id', '=', filter.noteId);
    if (filter.bookId !== undefined) q = q.where('notes.bookId', '=', filter.bookId);
    const rows = await q.execute();
    return rows.flatMap((r) => (r.thumbnailKey ? [r.storageKey, r.thumbnailKey] : [r.storageKey]));
  }

  /** Every storage key an attachment row names (file and thumbnail): what the orphan sweep keeps. */
  async attachmentKeys(): Promise<{ id: number; key: string }[]> {
    const rows = await this.db
      .selectFrom('noteAttachments')
      .select(['id', 'storageKey', 'thumbnailKey'])
      .execute();
    return rows.flatMap((r) =>
      r.thumbnailKey
        ? [
            { id: r.id, key: r.storageKey },
            { id: r.id, key: r.thumbnailKey },
          ]
        : [{ id: r.id, key: r.storageKey }],
    );
  }
}
