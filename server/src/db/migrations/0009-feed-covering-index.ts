import type { Kysely } from 'kysely';
import type { AppMigration } from './migration.ts';

/**
 * The feed's heads read each followed reader's newest activity the viewer may see: with the
 * visibility in the index the seek answers from the index alone instead of fetching each
 * activity row to check it (one row per followed reader: 2,000 for the heaviest readers). The new
 * index starts with the old one's columns, so it serves everything that used the old one.
 */
export const migration0009FeedCoveringIndex: AppMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex('activities_user_created_visibility_idx')
      .on('activities')
      .columns(['user_id', 'created_at', 'id', 'visibility'])
      .execute();
    await db.schema.dropIndex('activities_user_created_idx').execute();
  },

  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async down(db: Kysely<any>) {
    await db.schema
      .createIndex('activities_user_created_idx')
      .on('activities')
      .columns(['user_id', 'created_at', 'id'])
      .execute();
    await db.schema.dropIndex('activities_user_created_visibility_idx').execute();
  },
};
