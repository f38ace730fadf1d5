import { type Kysely, sql } from 'kysely';
import type { AppMigration } from './migration.ts';

/**
 * Each reader's newest activity time (`users.last_activity_at`, null without any), kept by the
 * activity insert in the same transaction (features/activities). The feed reads it from the user
 * rows it already reads for the privacy rule and so picks the followed readers with something
 * recent before it looks at any activity (docs/architecture.md, "The feed"). It only ever moves
 * forward: an activity deleted or folded leaves it as it was, which the feed allows (it is an
 * upper bound, never a promise that an activity that new exists).
 */
export const migration0010UserLastActivity: AppMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async up(db: Kysely<any>) {
    await db.schema.alterTable('users').addColumn('last_activity_at', 'text').execute();
    await sql`update users set last_activity_at =
      (select max(a.created_at) from activities a where a.user_id = users.id)`.execute(db);
  },

  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async down(db: Kysely<any>) {
    await db.schema.alterTable('users').dropColumn('last_activity_at').execute();
  },
};
