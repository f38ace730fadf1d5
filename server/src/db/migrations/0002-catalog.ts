import type { Kysely } from 'kysely';
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
      .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('books_source_idx').on('books').columns(['source', 'source_id']).unique().execute();
    // Full-text search over title, authors and ISBN is added here by the catalog feature.
  },

  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async down(db: Kysely<any>) {
    await db.schema.dropTable('books').execute();
  },
};
