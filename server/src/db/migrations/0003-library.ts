import { type Kysely, sql } from 'kysely';
import { type AppMigration, type Dialect, idColumnType } from './migration.ts';

/**
 * Columns the library sorts on in keyset order, each indexed per reader with and without the
 * status filter (the shelf tabs), so every list query is an index range scan on both dialects.
 */
const SORT_COLUMNS = [
  'updated_at',
  'created_at',
  'sort_title',
  'sort_author',
  'rating',
  'finished_on',
] as const;

export const migration0003Library: AppMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async up(db: Kysely<any>, dialect: Dialect) {
    // Byte order on PostgreSQL, so text sorts and keyset comparisons match SQLite's BINARY
    // collation whatever the database's locale is.
    const sortText = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
    const id = (name: string) =>
      db.schema
        .createTable(name)
        .addColumn('id', idColumnType(dialect), (c) =>
          dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
        );

    await id('library_entries')
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('book_id', 'integer', (c) => c.notNull().references('books.id').onDelete('cascade'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('format', 'text')
      .addColumn('ownership', 'text')
      // Half-stars 1..10, so 0.5 steps stay exact.
      .addColumn('rating', 'integer')
      .addColumn('review', 'text')
      .addColumn('review_has_spoilers', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('started_on', 'text')
      .addColumn('finished_on', 'text')
      .addColumn('progress_pages', 'integer')
      .addColumn('progress_percent', 'integer')
      .addColumn('visibility', 'text', (c) => c.notNull())
      // Copied from the book so sorting and searching a reader's shelf never joins books.
      .addColumn('sort_title', sortText, (c) => c.notNull())
      .addColumn('sort_author', sortText, (c) => c.notNull())
      .addColumn('search_text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('library_entries_user_book_uq')
      .on('library_entries')
      .columns(['user_id', 'book_id'])
      .unique()
      .execute();
    await db.schema.createIndex('library_entries_book_idx').on('library_entries').column('book_id').execute();
    for (const column of SORT_COLUMNS) {
      await db.schema
        .createIndex(`library_entries_user_${column}_idx`)
        .on('library_entries')
        .columns(['user_id', column, 'id'])
        .execute();
      await db.schema
        .createIndex(`library_entries_user_status_${column}_idx`)
        .on('library_entries')
        .columns(['user_id', 'status', column, 'id'])
        .execute();
    }

    // Format and ownership filters on the default sort; a rare value must not walk the whole shelf.
    for (const column of ['format', 'ownership']) {
      await db.schema
        .createIndex(`library_entries_user_${column}_idx`)
        .on('library_entries')
        .columns(['user_id', column, 'updated_at', 'id'])
        .execute();
    }

    await db.schema
      .createTable('entry_tags')
      .addColumn('entry_id', 'integer', (c) =>
        c.notNull().references('library_entries.id').onDelete('cascade'),
      )
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('tag', 'text', (c) => c.notNull())
      // The tag lower-cased: tags match and de-duplicate regardless of case.
      .addColumn('tag_key', sortText, (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('entry_tags_pk', ['entry_id', 'tag_key'])
      .execute();
    await db.schema
      .createIndex('entry_tags_user_tag_idx')
      .on('entry_tags')
      .columns(['user_id', 'tag_key', 'entry_id'])
      .execute();

    await id('reads')
      .addColumn('entry_id', 'integer', (c) =>
        c.notNull().references('library_entries.id').onDelete('cascade'),
      )
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('started_on', 'text')
      .addColumn('finished_on', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('reads_entry_idx')
      .on('reads')
      .columns(['entry_id', 'started_on', 'id'])
      .execute();
    await db.schema
      .createIndex('reads_user_finished_idx')
      .on('reads')
      .columns(['user_id', 'finished_on'])
      .execute();
  },

  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async down(db: Kysely<any>) {
    await db.schema.dropTable('reads').execute();
    await db.schema.dropTable('entry_tags').execute();
    await db.schema.dropTable('library_entries').execute();
  },
};
