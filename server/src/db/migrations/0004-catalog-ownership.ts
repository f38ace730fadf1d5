import { type Kysely, sql } from 'kysely';
import type { AppMigration, Dialect } from './migration.ts';

/**
 * A catalog nobody can poison, and covers served from our own origin.
 *
 * Ownership: a book a reader creates (by hand or by an import) belongs to them (`owner_id`) until a
 * provider confirms it (`confirmed_at`); only confirmed books are the shared catalog that ISBN
 * lookups and search return to everyone. So the ISBN-13 is unique among confirmed books, and per
 * owner among the others, no longer across the table: a reader's book never shadows a provider's
 * record of the same ISBN.
 *
 * Covers: `cover_url` now holds only our own `/media/covers/…` URL (or null); the third-party address
 * moves to `cover_source_url`, and a background job fetches it (`cover_state` pending → ready or
 * failed). `enrich_state` marks books (imported ones) that should ask the providers for what they lack.
 *
 * This number was reserved while 0005–0007 landed, so on existing databases it runs after them and on
 * new ones before: it touches only the books table, which 0002 created.
 */
export const migration0004CatalogOwnership: AppMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async up(db: Kysely<any>, dialect: Dialect) {
    if (dialect === 'sqlite') {
      // SQLite cannot drop a column's UNIQUE constraint (nor the column) without rebuilding a table
      // that four others reference; the old column is renamed, emptied and left unused instead.
      await sql`alter table books rename column isbn13 to isbn13_retired`.execute(db);
      await sql`alter table books add column isbn13 text`.execute(db);
      await sql`update books set isbn13 = isbn13_retired, isbn13_retired = null`.execute(db);
    } else {
      await sql`alter table books drop constraint books_isbn13_key`.execute(db);
    }
    await db.schema
      .alterTable('books')
      .addColumn('owner_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .execute();
    await db.schema.alterTable('books').addColumn('confirmed_at', 'text').execute();
    await db.schema.alterTable('books').addColumn('cover_source_url', 'text').execute();
    await db.schema
      .alterTable('books')
      .addColumn('cover_state', 'text', (c) => c.notNull().defaultTo('none'))
      .execute();
    await db.schema
      .alterTable('books')
      .addColumn('cover_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('books').addColumn('cover_next_at', 'text').execute();
    await db.schema
      .alterTable('books')
      .addColumn('enrich_state', 'text', (c) => c.notNull().defaultTo('none'))
      .execute();
    await db.schema
      .alterTable('books')
      .addColumn('enrich_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('books').addColumn('enrich_next_at', 'text').execute();

    // Provider records are confirmed; what readers made belongs to whoever made it (nobody, if that
    // account is gone: then only the entries that use it show it).
    await sql`update books set confirmed_at = created_at where source in ('google', 'openlibrary')`.execute(
      db,
    );
    await sql`update books set owner_id = created_by where source not in ('google', 'openlibrary')`.execute(
      db,
    );
    await sql`update books set cover_source_url = cover_url, cover_url = null,
      cover_state = case when cover_url is null then 'none' else 'pending' end`.execute(db);
    await sql`update books set enrich_state = 'pending'
      where source = 'import' and (cover_source_url is null or description is null)`.execute(db);

    await sql`create unique index books_catalog_isbn13_uq on books (isbn13)
      where confirmed_at is not null and isbn13 is not null`.execute(db);
    await sql`create unique index books_owner_isbn13_uq on books (owner_id, isbn13)
      where confirmed_at is null and isbn13 is not null`.execute(db);
    await sql`create index books_isbn13_idx on books (isbn13)`.execute(db);
    await db.schema.createIndex('books_owner_idx').on('books').column('owner_id').execute();
    await sql`create index books_cover_pending_idx on books (cover_next_at, id)
      where cover_state = 'pending'`.execute(db);
    await sql`create index books_enrich_pending_idx on books (enrich_next_at, id)
      where enrich_state = 'pending'`.execute(db);
  },

  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async down(db: Kysely<any>, dialect: Dialect) {
    for (const index of [
      'books_enrich_pending_idx',
      'books_cover_pending_idx',
      'books_owner_idx',
      'books_isbn13_idx',
      'books_owner_isbn13_uq',
      'books_catalog_isbn13_uq',
    ]) {
      await db.schema.dropIndex(index).execute();
    }
    // Covers go back to their third-party address; of two books with one ISBN the reader's loses it.
    await sql`update books set cover_url = cover_source_url`.execute(db);
    await sql`update books set isbn13 = null where confirmed_at is null and isbn13 in
      (select isbn13 from books where confirmed_at is not null and isbn13 is not null)`.execute(db);
    await sql`update books set isbn13 = null where confirmed_at is null and id not in
      (select min(id) from books where isbn13 is not null group by isbn13)`.execute(db);
    for (const column of [
      'enrich_next_at',
      'enrich_attempts',
      'enrich_state',
      'cover_next_at',
      'cover_attempts',
      'cover_state',
      'cover_source_url',
      'confirmed_at',
      'owner_id',
    ]) {
      await db.schema.alterTable('books').dropColumn(column).execute();
    }
    if (dialect === 'sqlite') {
      await sql`update books set isbn13_retired = isbn13`.execute(db);
      await sql`alter table books drop column isbn13`.execute(db);
      await sql`alter table books rename column isbn13_retired to isbn13`.execute(db);
    } else {
      await sql`alter table books add constraint books_isbn13_key unique (isbn13)`.execute(db);
    }
  },
};
