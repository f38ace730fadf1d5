import type { Kysely } from 'kysely';
import { type AppMigration, type Dialect, idColumnType } from './migration.ts';

/**
 * Reading journals, notes and quotes on a book, and files attached to notes. `search_text`
 * holds the folded words of what the reader wrote (" word word …", leading space) so "search my
 * words" is the same LIKE on both dialects.
 */
export const migration0006JournalsNotes: AppMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async up(db: Kysely<any>, dialect: Dialect) {
    const id = (name: string) =>
      db.schema
        .createTable(name)
        .addColumn('id', idColumnType(dialect), (c) =>
          dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
        );

    await id('journals')
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('book_id', 'integer', (c) => c.references('books.id').onDelete('set null'))
      .addColumn('page', 'integer')
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('visibility', 'text', (c) => c.notNull())
      .addColumn('search_text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('journals_user_created_idx')
      .on('journals')
      .columns(['user_id', 'created_at desc', 'id desc'])
      .execute();
    await db.schema
      .createIndex('journals_user_book_created_idx')
      .on('journals')
      .columns(['user_id', 'book_id', 'created_at desc', 'id desc'])
      .execute();
    await db.schema.createIndex('journals_book_idx').on('journals').column('book_id').execute();

    await id('notes')
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('book_id', 'integer', (c) => c.notNull().references('books.id').onDelete('cascade'))
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('quote', 'text')
      .addColumn('page', 'integer')
      .addColumn('location', 'text')
      // The page, or a large number when there is none, so a book's notes list in page order
      // with the unplaced ones last, as one index range on both dialects.
      .addColumn('sort_page', 'integer', (c) => c.notNull())
      .addColumn('visibility', 'text', (c) => c.notNull())
      .addColumn('search_text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('notes_user_book_page_idx')
      .on('notes')
      .columns(['user_id', 'book_id', 'sort_page', 'id'])
      .execute();
    await db.schema
      .createIndex('notes_user_created_idx')
      .on('notes')
      .columns(['user_id', 'created_at desc', 'id desc'])
      .execute();
    await db.schema.createIndex('notes_book_idx').on('notes').column('book_id').execute();

    await id('note_attachments')
      .addColumn('note_id', 'integer', (c) => c.notNull().references('notes.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('mime_type', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('storage_key', 'text', (c) => c.notNull().unique())
      .addColumn('thumbnail_key', 'text')
      .addColumn('thumbnail_size', 'integer')
      .addColumn('width', 'integer')
      .addColumn('height', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('note_attachments_note_idx')
      .on('note_attachments')
      .columns(['note_id', 'id'])
      .execute();
    await db.schema
      .createIndex('note_attachments_user_idx')
      .on('note_attachments')
      .column('user_id')
      .execute();
  },

  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async down(db: Kysely<any>) {
    await db.schema.dropTable('note_attachments').execute();
    await db.schema.dropTable('notes').execute();
    await db.schema.dropTable('journals').execute();
  },
};
