import type { Kysely } from 'kysely';
import { type AppMigration, type Dialect, idColumnType } from './migration.ts';

export const migration0005Social: AppMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async up(db: Kysely<any>, dialect: Dialect) {
    await db.schema
      .createTable('follows')
      .addColumn('follower_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('followee_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('follows_pk', ['follower_id', 'followee_id'])
      .execute();
    // Both lists page newest first; the other id makes the keyset unique and the scan index-only.
    await db.schema
      .createIndex('follows_follower_created_idx')
      .on('follows')
      .columns(['follower_id', 'created_at', 'followee_id'])
      .execute();
    await db.schema
      .createIndex('follows_followee_created_idx')
      .on('follows')
      .columns(['followee_id', 'created_at', 'follower_id'])
      .execute();

    await db.schema
      .createTable('blocks')
      .addColumn('blocker_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('blocked_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('blocks_pk', ['blocker_id', 'blocked_id'])
      .execute();
    // A block works both ways, so it is looked up from either side.
    await db.schema
      .createIndex('blocks_blocked_idx')
      .on('blocks')
      .columns(['blocked_id', 'blocker_id'])
      .execute();

    await db.schema
      .createTable('activities')
      .addColumn('id', idColumnType(dialect), (c) =>
        dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
      )
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('book_id', 'integer', (c) => c.references('books.id').onDelete('cascade'))
      // Shelf activities read the entry's current rating and review, and go with the entry.
      .addColumn('entry_id', 'integer', (c) => c.references('library_entries.id').onDelete('cascade'))
      // What the activity is about, for updating or removing it with its subject and for folding
      // a burst of edits into one: ('entry', id), ('journal', id), ('goal', year); null for a batch.
      .addColumn('subject_type', 'text')
      .addColumn('subject_id', 'integer')
      // A copy of the subject's own visibility, kept in step by the activity writer; the account's
      // privacy is read from users at read time, so changing it applies to old activities at once.
      .addColumn('visibility', 'text', (c) => c.notNull())
      .addColumn('data', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // The feed reads each followed reader's newest activities from this index (fan-out on read).
    await db.schema
      .createIndex('activities_user_created_idx')
      .on('activities')
      .columns(['user_id', 'created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('activities_subject_idx')
      .on('activities')
      .columns(['user_id', 'subject_type', 'subject_id', 'created_at'])
      .execute();
    // The cascades from entries and books must not scan every activity.
    await db.schema.createIndex('activities_entry_idx').on('activities').column('entry_id').execute();
    await db.schema.createIndex('activities_book_idx').on('activities').column('book_id').execute();
  },

  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async down(db: Kysely<any>) {
    await db.schema.dropTable('activities').execute();
    await db.schema.dropTable('blocks').execute();
    await db.schema.dropTable('follows').execute();
  },
};
