import type { Kysely } from 'kysely';
import { type AppMigration, type Dialect, idColumnType } from './migration.ts';

/**
 * Sign-in that people trust: password-reset tokens (only their hashes), where and when a
 * session was last used, and sign-in identities from OpenID Connect providers.
 */
export const migration0008SignIn: AppMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async up(db: Kysely<any>, dialect: Dialect) {
    await db.schema
      .createTable('password_reset_tokens')
      // SHA-256 of the token mailed; the token itself is never stored.
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('password_reset_tokens_user_idx')
      .on('password_reset_tokens')
      .column('user_id')
      .execute();

    await db.schema.alterTable('sessions').addColumn('last_used_at', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('ip', 'text').execute();
    await db.schema.createIndex('sessions_expires_at_idx').on('sessions').column('expires_at').execute();

    await db.schema
      .createTable('identities')
      .addColumn('id', idColumnType(dialect), (c) =>
        dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
      )
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      // The provider's name (`google` for the configured OpenID Connect issuer) and its subject.
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('identities_provider_subject_uq', ['provider', 'subject'])
      .execute();
    await db.schema.createIndex('identities_user_idx').on('identities').column('user_id').execute();
  },

  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async down(db: Kysely<any>) {
    await db.schema.dropTable('identities').execute();
    await db.schema.dropIndex('sessions_expires_at_idx').execute();
    await db.schema.alterTable('sessions').dropColumn('ip').execute();
    await db.schema.alterTable('sessions').dropColumn('last_used_at').execute();
    await db.schema.dropIndex('password_reset_tokens_user_idx').execute();
    await db.schema.dropTable('password_reset_tokens').execute();
  },
};
