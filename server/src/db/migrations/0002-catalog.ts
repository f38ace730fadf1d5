import { type Kysely, sql } from 'kysely';
import { type AppMigration, type Dialect, idColumnType } from './migration.ts';

export const migration0002Catalog: AppMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async up(db: Kysely<any>, dialect: Dialect) {
    await db.schema
      .createTable('books')
      .addColumn('id', idColumnType(dialect), (c) =>
        dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
      )
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('subtitle', 'text')
      .addColumn('authors', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('sort_author', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('sort_title', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('isbn10', 'text')
      .addColumn('isbn13', 'text', (c) => c.unique())
      .addColumn('page_count', 'integer')
      .addColumn('published_date', 'text')
      .addColumn('publisher', 'text')
      .addColumn('description', 'text')
      .addColumn('language', 'text')
      .addColumn('categories', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('cover_url', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_id', 'text')
      // Title, subtitle, authors and ISBNs as folded words (no diacritics, lower case), written by
      // the application so both dialects index exactly the same tokens.
      .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('books_source_idx')
      .on('books')
      .columns(['source', 'source_id'])
      .unique()
      .execute();
    await db.schema.createIndex('books_created_by_idx').on('books').column('created_by').execute();

    if (dialect === 'sqlite') {
      // External-content FTS5 index kept in step by triggers; prefix indexes make as-you-type
      // prefix queries cheap for short prefixes.
      await sql`
        create virtual table books_fts using fts5(
          search_text,
          content = 'books',
          content_rowid = 'id',
          tokenize = 'unicode61 remove_diacritics 2',
          prefix = '2 3'
        )`.execute(db);
      await sql`
        create trigger books_fts_after_insert after insert on books begin
          insert into books_fts (rowid, search_text) values (new.id, new.search_text);
        end`.execute(db);
      await sql`
        create trigger books_fts_after_delete after delete on books begin
          insert into books_fts (books_fts, rowid, search_text) values ('delete', old.id, old.search_text);
        end`.execute(db);
      await sql`
        create trigger books_fts_after_update after update of search_text on books begin
          insert into books_fts (books_fts, rowid, search_text) values ('delete', old.id, old.search_text);
          insert into books_fts (rowid, search_text) values (new.id, new.search_text);
        end`.execute(db);
    } else {
      await sql`
        alter table books add column search_vector tsvector
          generated always as (to_tsvector('simple'::regconfig, search_text)) stored`.execute(db);
      await sql`create index books_search_vector_idx on books using gin (search_vector)`.execute(db);
    }
  },

  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async down(db: Kysely<any>, dialect: Dialect) {
    if (dialect === 'sqlite') {
      await sql`drop trigger if exists books_fts_after_update`.execute(db);
      await sql`drop trigger if exists books_fts_after_delete`.execute(db);
      await sql`drop trigger if exists books_fts_after_insert`.execute(db);
      await sql`drop table if exists books_fts`.execute(db);
    }
    await db.schema.dropTable('books').execute();
  },
};
